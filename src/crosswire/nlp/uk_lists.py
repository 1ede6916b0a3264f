"""Regions listed together in Ukrainian text share one region noun, and each name in the list is a place.

Found by error analysis on NER-UK 2.0's *train* split: "у Дніпропетровській, Кіровоградській та Сумській
областях", "Херсонської та Запорізької областей", "областей України: Одеську, Херсонську і Полтавську". The
capitalised-run rules see only the last adjective next to the noun; the others, alone, are dropped as adjectives
or typed people by their surname readings ("Полтавській"). NER-UK tags the last adjective with the noun and
each other one alone.
"""

from __future__ import annotations

from .base import NerSpan, Token, morph_analyzer
from .uk_orgs import known_parses

# region nouns and their gender; the normal form of a listed name is the region in the singular ("Херсонська
# область" for "Херсонської" in "Херсонської та Запорізької областей")
_REGION_LEMMAS = {"область": "femn", "район": "masc", "округ": "masc", "губернія": "femn", "повіт": "masc"}
_JOINERS = {",", "і", "й", "та", "чи", "або"}


def _region_noun(word: str, plural: bool) -> bool:
    """A region noun ("областях", "районів"; with ``plural`` only a plural reading counts); "обл." as well."""
    if word.lower() == "обл":
        return True
    return any(pos == "NOUN" and lemma in _REGION_LEMMAS and (not plural or "plur" in g)
               for pos, lemma, g in known_parses(word))


def _region_lemma(word: str) -> str:
    if word.lower() == "обл":
        return "область"
    return next(lemma for pos, lemma, _ in known_parses(word) if pos == "NOUN" and lemma in _REGION_LEMMAS)


def _named(adjective: str, region: str) -> str:
    """The region's name in the nominative singular: "Сумській" + область → "Сумська область"."""
    morph = morph_analyzer("uk")
    for p in morph.parse(adjective) if morph is not None else []:
        if p.tag.POS == "ADJF" and (form := p.inflect({"nomn", _REGION_LEMMAS[region]})) is not None:
            parts = zip(form.word.split("-"), adjective.split("-"), strict=False)  # "Івано-Франківська"
            return "-".join(w[:1].upper() + w[1:] if a[:1].isupper() else w for w, a in parts) + f" {region}"
    return f"{adjective} {region}"


def _region_adjective(tok: Token) -> bool:
    """A capitalised adjective such as a region's name ("Сумській", "Івано-Франківська")."""
    w = tok.text
    return w[:1].isupper() and not w.isupper() and w.replace("-", "").isalpha() \
        and any(pos == "ADJF" for pos, _, _ in known_parses(w))


def _members(tokens: list[Token], k: int, step: int) -> list[int]:
    """Indices of the capitalised adjectives listed from ``k`` on, going by ``step`` (-1 back, 1 on) over
    joiners ("," "і" "та", and a preposition repeated after them: "та в Сумській")."""
    out: list[int] = []
    n = len(tokens)
    while 0 <= k < n and _region_adjective(tokens[k]):
        out.append(k)
        j, gap = k + step, []
        while 0 <= j < n and tokens[j].text.lower() in _JOINERS | {"в", "у"}:
            gap.append(tokens[j].text.lower())
            j += step
        if not _JOINERS & set(gap):
            break
        k = j
    return out


def listed_regions(text: str, tokens: list[Token], spans: list[NerSpan]) -> list[NerSpan]:
    """Places for a list of region adjectives before a plural region noun (the last with the noun) or after one
    and a colon ("областей України: Одеську, Херсонську"); what the rules made of the listed words goes."""
    found: list[NerSpan] = []
    n = len(tokens)
    for k, tok in enumerate(tokens):
        if k and _region_adjective(tokens[k - 1]) and _region_noun(tok.text, plural=True):
            before = _members(tokens, k - 1, -1)
            if len(before) < 2 and not (tok.text.lower() == "обл" and before):
                continue
            region, last = _region_lemma(tok.text), tokens[before[0]]
            found.append(NerSpan(last.start, tok.end, "LOC", text[last.start:tok.end], _named(last.text, region)))
            found += [NerSpan(tokens[i].start, tokens[i].end, "LOC", tokens[i].text, _named(tokens[i].text, region))
                      for i in before[1:]]
        elif _region_noun(tok.text, plural=True) and tok.text.lower() != "обл":
            j = k + 1
            while j < n and tokens[j].text[:1].isupper() and not _region_adjective(tokens[j]):
                j += 1  # "областей України:"
            if j >= n or tokens[j].text not in (":", "("):
                continue
            after = _members(tokens, j + 1, 1)
            if len(after) >= 2 and not (after[-1] + 1 < n and _region_noun(tokens[after[-1] + 1].text, False)):
                region = _region_lemma(tok.text)
                found += [NerSpan(tokens[i].start, tokens[i].end, "LOC", tokens[i].text, _named(tokens[i].text, region))
                          for i in after]
    if not found:
        return spans
    kept = [s for s in spans if not any(f.start < s.end and s.start < f.end and not (
        s.start <= f.start and f.end <= s.end and s.end - s.start > f.end - f.start) for f in found)]
    return sorted(kept + found, key=lambda x: (x.start, -x.end))
