"""Ukrainian analyzer: razdel segmentation, pymorphy3-uk lemmas (optional GPL dictionary) and rule-based NER.

Without the ``uk`` extra (pymorphy3-dicts-uk) lemmas fall back to lower case and NER to capitalisation, the
gazetteer and natasha's organisation spans.
"""

from __future__ import annotations

import functools

from .base import GenericAnalyzer, NerSpan, ParsedText, Token, morph_analyzer
from .places import place_nominative
from .rulener import RuleNer, join_words, mid_sentence_caps
from .spans import dedupe, is_credit, wordset
from .uk_context import (
    descriptive_places,
    drop_opening_common_words,
    opening_people,
    places_by_context,
    possessive_people,
    split_town_of_region,
    streets,
)
from .uk_lists import listed_regions
from .uk_orgs import (
    companies,
    cut_orgs,
    descriptive_orgs,
    named_after,
    org_in_region,
    quoted_orgs,
    with_names,
    without_opening_description,
)
from .uk_types import (
    bare_forms,
    fix_types,
    joined_places,
    merge_org_of_place,
    places_after_prepositions,
    trim_sentence_start,
)


def _gazetteer_type(name: str) -> str | None:
    from .gazetteer import gazetteer

    entry = gazetteer().lookup(name)
    return entry.type if entry is not None else None


def shape(word: str, like: str) -> str:
    """``word`` with the capitalisation of ``like``."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class SlavicRuleNer(RuleNer):
    """RuleNer whose normal forms come from pymorphy3 inflection (uk, or ru as a fallback)."""

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 - one per analyzer
    def _nomn(self, word: str, person: bool) -> str:
        morph = morph_analyzer(self.language)
        if morph is None or word.isupper():
            return word
        parses = morph.parse(word)
        plain = [p for p in parses if p.is_known and not {"Name", "Surn", "Patr"} & p.tag.grammemes]
        if not person and not any(p.tag.POS == "NOUN" and "nomn" in p.tag.grammemes for p in plain) \
                and (place := place_nominative(word)):
            return place  # a town the dictionary knows at most as an adjective: "Ірпіні" is Ірпінь, "Шахтарська"
            # Шахтарськ (nlp/places.py)
        if person:
            named = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
            parses = named or parses
        else:  # heads of names are singular ("Ради" is рада, not рад) and not people ("Києві" is Київ, not Кий)
            parses = [p for p in parses if "plur" not in p.tag.grammemes] or parses  # uk tags mark plural only
            parses = [p for p in parses if not {"Name", "Surn", "Patr"} & p.tag.grammemes] or parses
        p = parses[0]
        if any("nomn" in q.tag.grammemes and "plur" not in q.tag.grammemes for q in parses if q.tag.POS == p.tag.POS):
            return word  # already a nominative ("Рада", not рад in the genitive plural)
        form = p.inflect({"nomn"}) if "plur" not in p.tag.grammemes else p.inflect({"nomn", "plur"})
        return shape(form.word, word) if form is not None else word

    def normal(self, toks: list[Token], person: bool = False) -> str:
        words: list[str] = []
        head_seen = False
        for i, t in enumerate(toks):
            if head_seen and not person:
                words.append(t.text)
                continue
            word = self._nomn(t.text, person)
            if not person and t.pos in ("ADJF", "ADJ"):  # agree with the head: "Андріївський узвіз"
                head = next((x for x in toks[i + 1:] if x.pos == "NOUN"), None)
                word = self._agreeing(t.text, head.text) if head is not None else word
            elif not person and t.pos == "NOUN" and i + 1 < len(toks) \
                    and (agreed := self._agreement(t.text, toks[i + 1].text)) is not None:
                words.append(agreed)  # an adjective read first as a noun: "Високому Замку" (Високе)
                continue
            words.append(word)
            if t.pos == "NOUN" or not t.pos:
                head_seen = True
        return join_words(toks, words)

    def _agreeing(self, adjective: str, head: str) -> str:
        """``adjective`` in the nominative, in the gender and number of ``head``, the noun it agrees with in the
        text (readings paired by case, gender and number: "Верховна Рада" is рада, not рад)."""
        return self._agreement(adjective, head) or self._nomn(adjective, False)

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 - one per analyzer
    def _agreement(self, adjective: str, head: str) -> str | None:
        """``adjective`` as :meth:`_agreeing` gives it, or None when no adjective reading agrees with ``head``."""
        morph = morph_analyzer(self.language)
        if morph is None:
            return None
        cases = {"nomn", "gent", "datv", "accs", "ablt", "loct", "voct"}

        def case(p) -> str:
            return next(iter(cases & p.tag.grammemes), "nomn")

        for adj in (p for p in morph.parse(adjective) if p.tag.POS == "ADJF"):
            for noun in (p for p in morph.parse(head) if p.tag.POS == "NOUN"):
                plural = "plur" in noun.tag.grammemes
                if case(adj) != case(noun) or plural != ("plur" in adj.tag.grammemes) \
                        or not plural and adj.tag.gender != noun.tag.gender:
                    continue
                if case(adj) == "nomn":
                    return adjective
                form = adj.inflect({"nomn", "plur"} if plural else {"nomn", noun.tag.gender})
                if form is not None:
                    return shape(form.word, adjective)
        return None

    def spans(self, text, sentences):
        out = []
        for s in super().spans(text, sentences):
            if s.type == "PER":
                toks = [t for sent in sentences for t in sent.tokens if s.start <= t.start and t.end <= s.end]
                s = type(s)(s.start, s.end, s.type, s.text, self.normal(toks, person=True))
            out.append(s)
        return out


# ru and uk share most letters; folding the rest one-to-one keeps offsets and lets natasha's Russian NER read
# Ukrainian well enough to find organisation names, where capitalisation rules are weakest
_UK_TO_RU = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "І": "И", "Ї": "И", "Є": "Е", "Ґ": "Г"})


class UkrainianAnalyzer(GenericAnalyzer):
    """Segmentation + pymorphy3-uk morphology + capitalisation/gazetteer NER, with natasha (on letter-folded
    text) for organisation names unless CROSSWIRE_UK_NATASHA=0."""

    def __init__(self) -> None:
        super().__init__("uk")
        self.ner = SlavicRuleNer("uk")
        from ..settings import current

        settings = current()
        self.use_natasha = settings.uk_natasha
        self.fix_types = settings.uk_typefix
        self.crf = None
        model = settings.uk_crf
        if model:  # trained by scripts/train_ner_crf.py on data the package cannot ship
            from .crf import CrfTagger

            self.crf = CrfTagger(model, "uk")
        tagger = settings.uk_tagger
        if tagger:  # a contextual tagger from scripts/train_ner_e5.py (nlp/e5tagger.py), same hook as the CRF
            from .e5tagger import load

            self.crf = load(tagger)

    def parse(self, text: str) -> ParsedText:
        parsed = super().parse(text)
        spans = self.ner.spans(text, parsed.sentences)
        if self.use_natasha:
            spans = self._with_natasha_orgs(text, parsed, spans)
        tokens = parsed.tokens  # flattened once: the property builds a new list on every access
        if self.fix_types:
            spans = self._fix(text, parsed, tokens, spans)
        parsed.ner = dedupe(spans)
        if self.crf is not None:  # a user-trained model over the rule spans (nlp/crf.py)
            rules = {(r.start, r.end, r.type): r for r in parsed.ner}  # a span the rules found keeps their normal form
            parsed.ner = [rules.get((c.start, c.end, c.type)) or
                          NerSpan(c.start, c.end, c.type, c.text,
                                  self.ner.normal([t for t in tokens if c.start <= t.start and t.end <= c.end],
                                                  person=c.type == "PER") or c.text)
                          for c in self.crf.spans(parsed)]
        return parsed

    def _fix(self, text: str, parsed: ParsedText, tokens: list[Token], spans: list[NerSpan]) -> list[NerSpan]:
        """The type, place and organisation fixes (nlp/uk_types.py, uk_context.py, uk_orgs.py), in order."""
        spans = fix_types(spans, tokens, _gazetteer_type)
        spans = places_after_prepositions(text, tokens, spans)
        spans, parts = split_town_of_region(text, tokens, spans)
        spans = places_by_context(text, tokens, streets(text, tokens, spans + self._normalised(parts, tokens)),
                                  _gazetteer_type)
        spans = cut_orgs(text, tokens, with_names(spans, self._normalised(descriptive_orgs(text, tokens), tokens)))
        spans = with_names(spans, self._normalised(descriptive_places(text, tokens), tokens))
        forms, quoted = quoted_orgs(text, tokens, spans)
        spans = with_names(with_names(spans, forms, force=True), quoted)
        spans = companies(text, drop_opening_common_words(spans, parsed.sentences, mid_sentence_caps(parsed.sentences)))
        spans = possessive_people(text, tokens, opening_people(spans, parsed.sentences, lambda w: self.ner._nomn(w, True)))
        spans = listed_regions(text, tokens, spans)
        spans = named_after(text, merge_org_of_place(text, joined_places(text, tokens, spans)))
        return self._normalised(org_in_region(text, spans),
                                tokens, missing_only=True)

    def _normalised(self, spans: list[NerSpan], tokens: list[Token], missing_only: bool = False) -> list[NerSpan]:
        """``spans`` with their nominative normal form ("Хмельницької обласної ради" → "Хмельницька обласна
        рада"), which linking keys on and by which merge_org_of_place tells a genitive name. ``missing_only``: only
        for the spans the fixes made or retyped (no normal form, or a place's written form), as a person's normal
        form of a word that turned out to be a place ("Луцька") is not the place's (Луцьк)."""
        out = []
        for s in spans:
            if not missing_only or not s.normal or s.type == "LOC" and s.normal == s.text:
                toks = [t for t in tokens if s.start <= t.start and t.end <= s.end]
                s = NerSpan(s.start, s.end, s.type, s.text,
                            (self.ner.normal(toks, person=s.type == "PER") if toks else "") or s.text)
            out.append(s)
        return out

    def _with_natasha_orgs(self, text: str, parsed: ParsedText, spans: list[NerSpan]) -> list[NerSpan]:
        """Organisation spans from natasha replace the rule spans they overlap (+8 to +17 points ORG F1 on
        NER-UK/SlavicNER uk, see docs/benchmarks/ner_uk.md)."""
        from natasha import Doc

        from .ru import _LOCK, segment, tag_ner

        doc = Doc(text.translate(_UK_TO_RU))
        with _LOCK:
            segment(doc)
            tag_ner(doc)
        tokens = parsed.tokens
        starts = {sent.tokens[0].start for sent in parsed.sentences if sent.tokens}
        orgs = []
        for s in doc.spans:
            if s.type != "ORG":
                continue
            span = NerSpan(s.start, s.stop, "ORG", text[s.start:s.stop])
            if is_credit(text, span) or span.text.lower() in wordset("not_entities"):
                continue
            toks = [t for t in tokens if s.start <= t.start and t.end <= s.stop]
            if self.fix_types:
                span = trim_sentence_start(span, toks, s.start in starts)
                if span is None:
                    continue
                if s.start in starts:
                    span = without_opening_description(span, [t for t in toks if t.start >= span.start])
                    if span is None:
                        continue
                toks = [t for t in toks if t.start >= span.start]
                if span.text.lower() in bare_forms():
                    continue  # "Договір уклали ФОП" trimmed to a legal form alone: no organisation
            orgs.append(NerSpan(span.start, span.end, "ORG", span.text,
                                self.ner.normal(toks) if toks else span.text))
        # a rule ORG that covers natasha's pieces ("Ради безпеки" + "ООН") is the better span
        wide = [x for x in spans if x.type == "ORG"]
        orgs = [o for o in orgs if not any(w.start <= o.start and o.end <= w.end for w in wide)]
        kept = [x for x in spans if not any(x.start < o.end and o.start < x.end for o in orgs)]
        return kept + orgs
