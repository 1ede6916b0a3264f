"""Who says a figure: the source phrase of its sentence, a quote's speaker, or what the sentences around it say
(a pronoun's person, a hedge's last source, "..., - передает агентство" after it). The claims reader
(``claims._Reader``) keeps the carry-over state between sentences and takes these methods from ``Sources``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Claim, Entity, Mention, Quote
from ..nlp.base import Sentence
from .attribution import SourcePhrase, backward_source, name_source
from .counted import Frame
from .measures import Place
from .numbers import NumberSpan
from .quotes import quote_at

PRONOUNS = ("он", "она", "они", "оно", "він", "вона", "вони", "воно", "it", "they", "he", "she")


@dataclass(slots=True)
class Carry:
    """What later sentences inherit: the last named source and person, the last owner and counted thing."""

    source: tuple[str | None, str | None, int] = (None, None, -9)
    person: tuple[str | None, str | None, int] = (None, None, -9)
    owner: Place | None = None
    base: tuple[str, Place | None, str | None] | None = None  # (measure base, owner, unit)


@dataclass(slots=True)
class ClaimSentence:
    """One sentence with its source phrases and the names they resolve to."""

    index: int
    sent: Sentence
    phrases: list[SourcePhrase]
    named: dict[SourcePhrase, tuple[str, str | None]]

    @property
    def starts_with_pronoun(self) -> bool:
        return self.sent.text.split()[0].lower() in PRONOUNS


class Sources:
    """The source-finding half of the claims reader (the state it reads is set by the reader)."""

    text: str
    lang: str
    fallback: str
    mentions: list[Mention]
    ents: dict[str, Entity]
    sents: list[Sentence]
    quotes: list[Quote]
    quoted: list[Quote]
    carry: Carry
    out: list[Claim]

    def _person_before(self, s: ClaimSentence) -> tuple[str | None, str | None]:
        """Who "он"/"його" is: the nearer of the last named person and the last quote's speaker, else the last
        source."""
        carry = self.carry
        cands = []
        if carry.person[0] and s.index - carry.person[2] <= 3:
            cands.append((self.sents[carry.person[2]].start, carry.person[0], carry.person[1]))
        quoted = [q for q in self.quoted if q.end <= s.sent.start and s.sent.start - q.end < 600]
        if quoted:
            q = quoted[-1]
            e = self.ents.get(q.speaker or "")
            cands.append((q.start, e.name if e else q.speaker_text, q.speaker))
        if cands:
            _, name, eid = max(cands, key=lambda c: c[0])
            return name, eid
        return carry.source[0], carry.source[1]

    def _source(
        self, s: ClaimSentence, n: NumberSpan, frame: Frame, phrase: SourcePhrase | None
    ) -> tuple[str | None, str | None]:
        """(source name, entity id): the sentence's cue, a quote's speaker, or what the sentences around say."""
        si, carry = s.index, self.carry
        source: str | None = None
        eid: str | None = None
        if phrase is not None and phrase.kind == "pronoun":
            source, eid = self._person_before(s)
        elif phrase is not None and phrase in s.named:
            source, eid = s.named[phrase]
        elif any(p.kind == "hedge" for p in s.phrases) and si - carry.source[2] <= 2:
            source, eid = carry.source[0], carry.source[1]
        if source is None and (m := re.match(r"\s*[\w.'’ -]{2,50}?:\s", s.sent.text)):
            # headline style: "Путин: 700 тысяч военных участвуют в СВО"
            people = [
                x
                for x in self.mentions
                if s.sent.start <= x.start < s.sent.start + m.end() and x.type == "PER"
            ]
            if people:
                e = self.ents.get(people[0].entity)
                source, eid = (e.name if e else people[0].normal or people[0].text), people[0].entity
        q = quote_at(self.quotes, n.start, n.end)  # direct or reported speech, with its speaker resolved
        if q is not None and (source is None or eid is None and source.islower()):  # "пишет издание"
            e = self.ents.get(q.speaker or "")
            source, eid = (e.name if e else q.speaker_text), q.speaker
        if source is None and si - carry.source[2] <= 1 and s.starts_with_pronoun:
            source, eid = carry.source[0], carry.source[1]  # "Он оценивается в 6 тысяч ..."
        if source is None and si + 1 < len(self.sents) and (span := backward_source(self.sents[si + 1])):
            source, eid = name_source(self.text, span[0], span[1], self.lang, self.mentions, self.ents)
        if source is None and frame.partitive and self.out:
            source, eid = self.out[-1].source, self.out[-1].source_entity
            if source == self.fallback:
                source, eid = None, None
        return source, eid
