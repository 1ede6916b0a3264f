"""Organisations a speaker phrase refers back to without naming them: a press office or corporation named earlier
("у прес-службі банку"), a body named again by its own words in another case ("в обласній клінічній лікарні"), a bare
"фірма" / "компания", and the outlet that reports "з посиланням на" a piece of work.

A mixin of ``speakers.Speakers``, which holds the state these methods read (text, mentions, the organisations
named, the last organisation that spoke, the lexicon); kept apart from ``orgspeakers`` (organisations named in
the phrase itself) so that each stays a module of one concern.
"""

from __future__ import annotations

import re

from .coref import _gender
from .orgspeakers import _PREPS, _QUOTED_NAME, Speaker, _stem_in

# a firm or company named by its common noun alone ("Фірма пояснила, що", "компания сообщила")
_COMPANY_NOUN = re.compile(r"(?:фірм|фирм|компані|компани|забудовник|застройщик|(?:ген)?підрядник|(?:ген)?подрядчик|"
                           r"перевізник|перевозчик)\w*$")
_PRESS_OFFICE = re.compile(r"(?:пресс?-служб|корпораці|корпораци|концерн|холдинг|холдінг|сюжет)\w*")
# what a report cites when it is a piece of work, not a speaker ("з посиланням на сюжет", "на опубліковану угоду")
_CITED_WORK = re.compile(r"(?:сюжет|публікац|публикац|матеріал|материал|стат|дан|угод|договор|документ|розслідуван|"
                         r"расследовани|звіт|отчет|опубліков|опубликов|інформац|информац|запис|відео|видео)")
# a procurement's justification ("йдеться в обґрунтуванні", "Згідно обґрунтування закупівлі"): the buyer's document
_JUSTIFICATION = re.compile(r"(?<!\w)(?:обґрунтуванн|обосновани)\w*")
_CITING = re.compile(r"(?:со\s+ссылкой\s+на|з\s+посиланням(?:\s+на)?|посилаючись\s+на|ссылаясь\s+на|citing)\s+")


class OrgReferences:
    """Back-references to organisations (see the module docstring)."""

    def _press_office(self, noun: str, pos: int, window: int = 1500) -> Speaker | None:
        """The organisation named right after the last use of ``noun``'s stem before ``pos`` ("Прес-служба
        української корпорації Януковича «МАКО Холдінг»" for a later "у прес-службі" or "у корпорації"), a quoted
        name first, if any on the same line."""
        lo = max(0, pos - window)
        low = self.text[lo:pos].lower()
        stem = noun[: max(5, len(noun) - 2)]
        at = low.rfind(stem)
        if at < 0 or at + len(noun) >= len(low) - 40:
            return None  # not named before, or only in the speaker phrase itself
        at += lo
        line_end = self.text.find("\n", at)
        orgs = [m for m in self.mentions if at <= m.start <= at + 90 and self._type(m) in ("ORG", "PRO")
                and (line_end < 0 or m.start < line_end)]
        orgs.sort(key=lambda m: self.text[m.start - 1 : m.start] != "«" and not m.text.startswith("«"))
        return (orgs[0].entity, orgs[0].text) if orgs else None

    def _org_by_words(self, words: list[str], pos: int, window: int = 2500) -> Speaker | None:
        """An organisation the article named before ``pos``, referred to again by its own common words in another
        case ("Обласна клінічна лікарня …" … "в обласній клінічній лікарні", "в лікарні"): two words of the phrase
        share a stem with words of its name, or the phrase is one noun after a preposition that does."""
        content = [w for w in words if w not in _PREPS and len(w) >= 4]
        if not content or (len(content) == 1 and (len(words) < 2 or words[0] not in _PREPS)):
            return None
        best, key = None, (0, 0, 0, -len(self.orgs))
        counts: dict[str, int] = {}
        for m in self.orgs:
            counts[m.entity] = counts.get(m.entity, 0) + 1
        for k, m in enumerate(self.orgs):
            if m.end > pos or pos - m.end > window or not self._outside_quotes(m):
                continue
            name = [w for w in re.findall(r"[\w'’-]+", m.text.lower()) if len(w) >= 4]
            if re.search(r"[«\"„“]\s*$", self.text[max(0, m.start - 3) : m.start]):
                # a quoted name's descriptor is its name too: "Міжнародний аеропорт «Бориспіль»" … "аеропорту"
                head = re.search(r"([\w'’-]+)\s+[«\"„“]\s*$", self.text[max(0, m.start - 40) : m.start])
                name += [head.group(1).lower()] if head and len(head.group(1)) >= 4 else []
            hits = sum(any(_same_stem(w, n) for n in name) for w in content)
            # the most words shared, then the one that spoke last, then the one the article names most, then the
            # first named (the article's own subject)
            spoke = int(bool(self.last_org) and self.last_org[1] == m.entity)
            if hits >= min(2, len(content)) and (hits, spoke, counts[m.entity], -k) > key:
                best, key = m, (hits, spoke, counts[m.entity], -k)
        return (best.entity, best.text) if best else None

    def _last_company(self, pos: int, window: int = 1000) -> Speaker | None:
        """The organisation a bare "фірма" / "компанія" at the head of a speaker phrase refers back to: the last
        one named before ``pos`` (outside quotes) that is no institution ("суд", "міністерство") by its words."""
        heads = self.lex["org_head_stems"]
        for m in reversed(self.orgs):
            if m.end > pos or pos - m.end > window or not self._outside_quotes(m):
                continue
            if not any(_stem_in(w, heads) for w in re.findall(r"[\w'’-]+", m.text.lower())):
                return m.entity, m.text
        return None

    def lead_subject(self) -> Speaker | None:
        """The organisation opening the article's first sentence ("Головне управління капітального будівництва …
        уклало угоду", "ДП «Енергоринок» взяло кредит"): whose a procurement's justification is."""
        lead = len(self.text) - len(self.text.lstrip())
        first = next((m for m in self.orgs if m.start <= lead + 3), None)
        return (first.entity, first.text) if first else None

    def body_as_pronoun(self, at: int, gender: str | None) -> Speaker | None:
        """The institution a subject pronoun at ``at`` refers back to ("Та суд у задоволенні позову відмовив. Він
        вказав, що …"): the previous sentence's subject, a head noun of an institution in the nominative of the
        pronoun's gender, with no person named in that sentence."""
        if gender is None:
            return None
        cur = max(self.text.rfind(". ", 0, at), self.text.rfind("\n", 0, at))
        prev = max(self.text.rfind(". ", 0, max(0, cur)), self.text.rfind("\n", 0, max(0, cur - 1))) + 1
        if cur <= 0 or any(prev <= m.start < cur for m in self.people):
            return None
        heads = self.lex["org_heads"]
        for k in range(prev, cur):
            t = self.tokens.get(k)
            if t is None:
                continue
            if t.pos in ("VERB", "AUX") or "VERB" in t.feats:
                return None  # the subject comes before the verb
            if t.pos == "NOUN" and {"nomn", "Case=Nom"} & set(t.feats) and _gender(t.feats) == gender:
                if t.text.lower() in heads or t.lemma in heads:  # with its adjectives ("Та апеляційний суд")
                    return self._institution(prev, k + len(t.text), at)
                return None
        return None

    def _named_reporter(self, start: int, end: int) -> Speaker | None:
        """The outlet or organisation named (an organisation mention or a quoted name) before "з посиланням на" /
        "со ссылкой на" in text[start:end], if any: it is the one that reports; a bare "ЗМІ" or "издание" names
        nobody, and then the one cited speaks."""
        orgs = [m for m in self.mentions if start <= m.start < end and self._type(m) in ("ORG", "PRO")
                and m.text.lower() not in self.lex["stop_names"]]
        if orgs:
            return orgs[-1].entity, orgs[-1].text
        if _QUOTED_NAME.search(self.text[start:end]):
            return self._unlinked(start, end)
        return None


def _same_stem(a: str, b: str) -> bool:
    """Two words of one lemma in different cases ("лікарні", "лікарня"; "обласній", "обласна"): a common prefix of
    all but their last three letters, at least five."""
    n = max(5, min(len(a), len(b)) - 3)
    return len(a) >= n and len(b) >= n and a[:n] == b[:n]
