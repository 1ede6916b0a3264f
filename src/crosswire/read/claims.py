"""Quantitative claims: every stated quantity with its hedge, unit, canonical measure, source and the time the
estimate refers to, read sentence by sentence from numbers (numbers.py), counted words (counted.py), measures,
what the figure states (statement.py) and who says it (claimsource.py).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from ..model import Article, Claim, Entity, Mention, Qualifier, Quote, TimeRef
from ..nlp.base import ParsedText, Sentence
from .attribution import name_source, sentence_sources
from .claimsource import Carry, ClaimSentence, Sources
from .counted import (
    Frame,
    ago,
    bare_frame,
    clock_time,
    lines,
    merge_apostrophes,
    ordinal_agreement,
    read_frame,
)
from .enforms import modifier, threshold
from .measures import (
    Place,
    concept_of,
    duration_measure,
    event_class,
    find_places,
    is_trivial,
    measures_lexicon,
    unit_concept,
)
from .notcounts import coarse
from .numbers import NumberSpan, find_numbers
from .quotes import read_quotes
from .statement import (
    Statement,
    complement,
    is_age,
    part_follows,
    predicate,
    running,
    same_statement,
    segment,
    subset,
    time_before,
    vagueness,
    whole_of,
    word_class,
)

__all__ = ["lines", "read_claims"]
log = logging.getLogger(__name__)
AGE_NAME_CHARS = 60  # "44-летнего Доминика Рааба", "50-летней христианки Асии Биби": the name an age qualifies

_CURRENCIES = ("USD", "EUR", "RUB", "UAH", "GBP", "KRW", "KZT", "CNY", "JPY", "PLN")
_PART_OF = ("из", "із", "з", "of")
_LOCATIVE = ("in", "в", "во", "у")  # "12 people in London", "38 человек заболели ... в Шотландии"
_LOCATIVE_CASE = {"loct", "loc2", "Case=Loc"}


class _Reader(Sources):
    """Reads the claims of one article; keeps the carry-over state between sentences."""

    def __init__(
        self,
        article: Article,
        parsed: ParsedText,
        mentions: list[Mention],
        entities: list[Entity],
        timerefs: list[TimeRef],
        quotes: list[Quote] | None = None,
    ):
        self.article = article
        self.text = parsed.text or article.text
        self.mentions = mentions
        self.ents = {e.id: e for e in entities}
        self.timerefs = timerefs
        self.lang = parsed.language if parsed.language != "und" else article.language
        self.fallback = article.outlet or "article"
        self.sents = [merge_apostrophes(s, self.lang) for s in lines(parsed.sentences, self.text)]
        # a number inside a direct quote is the speaker's claim; the pipeline passes the quotes stage's
        # output, a direct caller gets them read here
        if quotes is None:
            try:
                quotes = read_quotes(article, parsed, mentions, entities)
            except Exception:  # noqa: BLE001 - the quotes stage reports its own failures
                log.warning("quotes unavailable for claims of %s", article.id, exc_info=True)
                quotes = []
        self.quoted: list[Quote] = [q for q in quotes if q.direct and q.speaker]
        self.quotes = quotes
        self.carry = Carry()
        self.out: list[Claim] = []
        self.last: tuple[str, str | None, Place | None, object] = ("", None, None, None)  # base, event, owner, concept

    def read(self) -> list[Claim]:
        for si, sent in enumerate(self.sents):
            phrases = sentence_sources(self.text, sent)
            named = {}
            for p in phrases:
                if p.kind in ("prep", "verb", "post"):
                    name, eid = name_source(self.text, p.start, p.end, self.lang, self.mentions, self.ents)
                    if name:
                        named[p] = (name, eid)
            s = ClaimSentence(si, sent, phrases, named)
            for n in find_numbers(self.text, sent.tokens, self.lang):
                claim = self._claim(s, n)
                if claim is not None:
                    self.out.append(claim)
            # remember the sentence's named source for pronouns and hedges in the sentences after it
            for p, (name, eid) in named.items():
                self.carry.source = (name, eid, si)
                person = self.ents.get(eid or "")
                if (
                    person is not None
                    and person.type == "PER"
                    or (eid is None and p.kind == "prep" and " " in name and name.istitle())
                ):
                    self.carry.person = (name, eid, si)
        # a plural with no figure ("тысячи военных строителей") stated no quantity: it shaped the reading of
        # the figures after it (carried counted thing, source) but is no quantitative claim of its own
        stated = [c for c in self.out if c.value is not None]
        return [replace(c, id=f"{self.article.id}:c{k}") for k, c in enumerate(stated, 1)]

    def _frame(self, s: ClaimSentence, n: NumberSpan) -> Frame | None:
        """What the number counts, or None when it is no claim."""
        toks = s.sent.tokens
        same_sentence = bool(self.out) and self.out[-1].start == s.sent.start and self.carry.base is not None
        frame = read_frame(self.text, toks, n, self.lang) or bare_frame(
            self.text, toks, n, same_sentence, self.lang
        )
        if frame is None:
            return None
        if frame.elliptic and same_sentence:
            frame.partitive = True  # "погибли 12 человек, ещё 30 ранены": the same things
        elif frame.elliptic:
            frame.concept = unit_concept("people")  # "о 13 убитых": people
        counted = toks[frame.counted] if frame.counted is not None else None
        if (
            toks[n.i].text[:1].isalpha()
            and not n.compound
            and not n.vague
            and (n.value or 0) <= 3
            and (counted is None or is_trivial(counted))
        ):
            return None  # "два лидера", "обе стороны": no claim
        if n.vague and counted is None:
            return None
        if clock_time(toks, n, frame) or ago(toks, frame) or ordinal_agreement(toks, n, frame):
            return None
        if threshold(toks, n.i):
            return None  # "An AQI above 500 falls in the 'severe plus' category": a scale's band
        if n.i > 0 and toks[n.i - 1].text.lower() == "без" and frame.concept is not None and frame.concept.duration:
            return None  # "два года без пяти дней": what a duration falls short by
        return frame

    def _claim(self, s: ClaimSentence, n: NumberSpan) -> Claim | None:
        frame = self._frame(s, n)
        if frame is None:
            return None
        sent, toks = s.sent, s.sent.tokens
        # the source phrase whose clause holds the number
        holding = [p for p in s.phrases if p.clause_start <= n.start < p.clause_end and p.kind != "hedge"]
        phrase = max(holding, key=lambda p: p.start) if holding else None
        if phrase is None:  # "..., что, по мнению разведки, может ...": a source anywhere in the sentence
            phrase = next((p for p in s.phrases if p.kind == "prep" and p in s.named), None)
        clause = (phrase.clause_start, phrase.clause_end) if phrase in holding else (sent.start, sent.end)
        measure, unit = self._measure(s, n, frame, clause)
        source, source_eid = self._source(s, n, frame, phrase)
        counted = toks[frame.counted] if frame.counted is not None else None
        qs = n.qual_start if n.qual_start is not None else n.start
        mend = counted.end if counted is not None and counted.start >= n.end else n.end
        if frame.of_word is not None:
            mend = max(mend, toks[frame.of_word].end)
        if frame.partitive and not frame.elliptic:
            # the number may end the sentence ("… поранені 2 тис."): nothing follows it then
            of = n.j < len(toks) and toks[n.j].text.lower() in _PART_OF
            mend = toks[min(n.j + of, len(toks) - 1)].end
        value = None if n.vague or n.value is None else float(f"{n.value:.12g}")
        when = time_before(self.timerefs, sent, n)
        refers_to = when.value if when else None
        st = self._statement(s, n, frame)
        counted_as, predicate_as, unit = same_statement(st.counted, st.predicate, unit)
        # a time read against an inferred window is as wide as the window: not sharp enough for a series
        as_of, as_of_from = refers_to, ("window" if when and when.anchor == "inferred" else "text") if when else ""
        if as_of is None and st.present:  # "Христиане составляют 2 %": true as of the publication
            if self.article.published:
                as_of, as_of_from = self.article.published[:10], "published"
            elif self.article.published_window:
                as_of, as_of_from = "/".join(self.article.published_window), "window"
        return Claim(
            id=f"{self.article.id}:c{len(self.out) + 1}",
            article=self.article.id,
            measure=measure,
            value=value,
            qualifier=n.qualifier if not n.vague else Qualifier.APPROX,
            unit=unit,
            start=sent.start,
            end=sent.end,
            text=sent.text,
            source=source or self.fallback,
            source_entity=source_eid if source else None,
            refers_to=refers_to,
            value_max=float(f"{n.value_max:.12g}") if n.value_max is not None else None,
            measure_text=self.text[qs:mend].rstrip(" .,;:"),
            counted=counted_as,
            predicate=predicate_as,
            place=self._place(s, n),
            subset=st.subset,
            as_of=as_of,
            as_of_from=as_of_from,
            vague=st.vague,
            running=st.running,
        )

    def _statement(self, s: ClaimSentence, n: NumberSpan, frame: Frame) -> Statement:
        """The slots of the figure just measured (``self.last``): counted thing, predicate, subset, vagueness."""
        toks = s.sent.tokens
        base, ev, _, concept = self.last
        counted_at = frame.counted if frame.counted is not None and not frame.elliptic else None
        extra = (complement(toks, counted_at) or (whole_of(toks, n) if counted_at is not None else "")
                 or modifier(toks, n.j, counted_at))
        if extra and getattr(measures_lexicon()["by_word"].get(extra), "name", None) == base:
            extra = ""  # "случаев заражения": the complement only names the counted thing again
        counted = f"{base} ({extra})" if extra and base != extra else base
        if base.endswith(" total"):
            counted, sub = base[: -len(" total")], "total"
        else:
            sub = "more" if frame.partitive and self.carry.base is not None and n.i > 0 \
                and toks[n.i - 1].text.lower() in measures_lexicon()["more_words"] else subset(toks, n, counted_at, ev)
        pred, present = predicate(toks, n, frame.counted, ev, prefer_verb=bool(concept and concept.duration))
        own = word_class(toks[frame.counted]) if frame.counted is not None and base != "age" else None
        if own:  # "о 13 погибших и 50 пострадавших": a participle counted says what happened to its people
            pred = own
        event_noun = base not in ("duration", "age") and bool(concept and concept.duration)
        if event_noun:
            pred = "lasted"  # "переговоры длились", "разговор занял": the event noun says what lasted
        if base == "age":
            pred = "age"
        vague = vagueness(toks, n, concept, counted, pred, event_noun)
        if base == "age":
            vague = "" if self._place(s, n) else "an age of no one named"
        return Statement(counted, pred, sub, vague, present, running(toks, n))

    def _place(self, s: ClaimSentence, n: NumberSpan) -> str:
        """Whose the figure is: the owner country of the measure, or for an age or a prison term the person the
        sentence names."""
        base, _, owner, _ = self.last
        if owner is not None:
            return owner.name
        if base == "age" or base in measures_lexicon()["person_durations"]:
            people = [m for m in self.mentions if s.sent.start <= m.start < s.sent.end and m.type == "PER"]
            # "Мэй назначила … 44-летнего Доминика Рааба": the age is of the name it qualifies, the next one; a
            # prison term is of the person named before it ("Асия Биби, … томящаяся уже 9 лет в тюрьме")
            after = [m for m in people if n.end <= m.start <= n.end + AGE_NAME_CHARS]
            before = [m for m in people if m.end <= n.start]
            if people:
                who = (after[0] if after else people[0]) if base == "age" else (before[-1] if before else people[0])
                e = self.ents.get(who.entity)
                return e.name if e else who.normal or who.text
        return ""

    def _measure(
        self, s: ClaimSentence, n: NumberSpan, frame: Frame, clause: tuple[int, int]
    ) -> tuple[str, str | None]:
        """(measure, unit): concept + event + owner country, or "<event> duration"."""
        sent, toks = s.sent, s.sent.tokens
        counted = toks[frame.counted] if frame.counted is not None else None
        ctoks = [t for t in toks if clause[0] <= t.start < clause[1]]
        anchor = next((k for k, t in enumerate(ctoks) if t.start >= n.start), 0)
        ev, ev_at = event_class(ctoks, anchor)
        if frame.elliptic or counted is not None and word_class(counted):
            # "40 госпитализированных", "50 пострадавших": the participle is the event, not a verb nearby
            ev = event_class([counted], 0)[0] if counted is not None else None
        verb_at = toks.index(ctoks[ev_at]) if ev_at is not None else None
        concept = frame.concept or (concept_of(counted) if counted is not None else None)
        unit = (
            concept.unit
            if concept
            else (counted.lemma if counted is not None and not frame.elliptic else None)
        )
        duration = concept is not None and concept.duration
        owner = None
        if frame.partitive and self.carry.base is not None:
            base, owner, unit = self.carry.base
        elif duration and is_age(toks, n, frame):
            base, ev = "age", None
        elif duration:
            at = None
            if n.compound and counted is not None:
                at = next((k for k, t in enumerate(ctoks) if t.start == counted.start), None)
            base, ev = duration_measure(ctoks, anchor, at), None
        elif concept is not None and concept.name == "percent":
            of_tok = toks[frame.of_word] if frame.of_word is not None else None
            of_concept = concept_of(of_tok) if of_tok is not None else None
            of = of_concept.name if of_concept else (of_tok.lemma if of_tok is not None else "")
            substantive = frame.of_word is not None and (
                frame.of_word + 1 >= len(toks) or coarse(toks[frame.of_word + 1]) != "NOUN"
            )
            if (
                of_tok is not None
                and of_concept is None
                and coarse(of_tok) in ("VERB", "ADJ")
                and substantive
            ):
                # "половины погибших": a participle counts people, and it is the event
                of, ev = "people", event_class([of_tok], 0)[0] or ev
            base = f"share of {of}" if of else "share"
            owner = self._owner(sent, clause, n, frame, verb_at, share=True)
        else:
            head = toks[frame.head_before].lemma if frame.head_before is not None else "amount"
            base = concept.name if concept else (counted.lemma if counted is not None else head)
            if concept is not None and concept.unit in _CURRENCIES:
                base = "money"
            owner = self._owner(sent, clause, n, frame, verb_at, share=False)
        if owner is None and not duration and s.starts_with_pronoun:
            owner = self.carry.owner
        if concept is not None and concept.unit in ("troops", "people"):
            ev = measures_lexicon()["people_events"].get(ev, ev)
        if n.i >= 1 and toks[n.i - 1].text.lower() in _PART_OF and (
            n.i >= 2 and toks[n.i - 2].text[:1].isdigit() or part_follows(self.text, toks, n)
        ):
            # "45 из 60 дронов", "из 1224 км проложено … 400 км": the whole, not what was shot down or laid
            base, ev = f"{base} total", None
        measure = base + (f" {ev}" if ev and ev not in base else "")
        if owner is not None:
            measure += f" | {owner.name}"
            self.carry.owner = owner
        if not duration and not frame.partitive:
            self.carry.base = (base, owner, unit)
        self.last = (base, ev, owner, concept)
        return measure, unit

    def _owner(
        self,
        sent: Sentence,
        clause: tuple[int, int],
        n: NumberSpan,
        frame: Frame,
        verb_at: int | None,
        share: bool,
    ) -> Place | None:
        """The country the counted things belong to: an adjective by the noun, else the actor before the verb."""
        toks = sent.tokens
        end = toks[frame.counted].end if frame.counted is not None else n.end
        if frame.counted is not None and not share and frame.counted + 1 < len(toks):
            end = toks[frame.counted + 1].end  # "военных КНДР"
        near = find_places(self.text, n.start, end, self.text, self.mentions, self.ents)
        if near:
            return near[0]
        lo = clause[0]
        # the actor before the verb ("Россия отправила 10 000"); a participle names no actor ("число заболевших
        # ... в Великобритании достигло 3137": the place after it is still the figure's)
        participle = verb_at is not None and (toks[verb_at].pos == "PRTF" or "VerbForm=Part" in toks[verb_at].feats)
        stop = toks[verb_at].start if verb_at is not None and lo <= toks[verb_at].start < n.start \
            and not participle else n.start
        before = find_places(self.text, lo, stop, self.text, self.mentions, self.ents)
        seg_lo, seg_hi = segment(toks, n.i, n.j)
        if before and before[-1].start >= toks[seg_lo].start:
            return before[-1]  # named in the figure's own comma segment, before it
        # a place in the figure's segment after it ("38 человек заболели ... в Шотландии", "arrested 12 people in
        # London") is the figure's, before one of an earlier segment ("1196 ... в Англии, 38 ...")
        after = self._place_after(toks, frame.counted + 1 if frame.counted is not None else n.j, seg_hi)
        return after or (before[-1] if before else None)

    def _place_after(self, toks: list, k: int, hi: int) -> Place | None:
        """The first place named after a locative preposition in toks[k:hi]: "in (the) X", "в/у X" with X in the
        locative case (not "в Сирию", a direction)."""
        for x in range(k, hi - 1):
            if toks[x].text.lower() not in _LOCATIVE:
                continue
            y = x + 1 + (toks[x + 1].text.lower() == "the" and x + 2 < hi)
            if toks[y].feats and not _LOCATIVE_CASE & toks[y].feats:
                continue
            near = find_places(self.text, toks[y].start, toks[min(y + 2, hi - 1)].end, self.text, self.mentions,
                               self.ents)
            if near and near[0].start == toks[y].start:
                return near[0]
        return None

def read_claims(
    article: Article,
    parsed: ParsedText,
    mentions: list[Mention],
    entities: list[Entity],
    timerefs: list[TimeRef],
    quotes: list[Quote] | None = None,
) -> list[Claim]:
    """Every stated quantity with qualifier, unit, measure, attribution and evidence span."""
    return _Reader(article, parsed, mentions, entities, timerefs, quotes).read()
