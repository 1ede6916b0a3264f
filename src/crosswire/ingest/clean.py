"""Remove what is not the article (ads, credits, share buttons, related links, author blurbs, comment forms).

Rules are data: ``data/clean/*.yaml`` (one file per language plus ``common``), loaded once. Every removed
line is returned as noise so nothing is silently lost.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..datafiles import load_yaml

# caption/credit/ad rules only apply to short lines: a long paragraph is body text whatever it ends with
_SHORT_LINE = 300
# a trailer marker only cuts the rest when it sits in the last part of the text (not in a lead)
_TRAILER_FROM = 0.5


# a sentence boundary inside a paragraph: furniture is cut out sentence by sentence
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[«\"“„(]?[A-ZА-ЯЁІЇЄҐ0-9])")


@dataclass(frozen=True, slots=True)
class Rules:
    line: tuple[tuple[str, re.Pattern[str]], ...]
    trailer: tuple[re.Pattern[str], ...]
    # page furniture ("Комментариев: 0", "We use cookies…"): also cut out of a paragraph, sentence by sentence
    sentence: tuple[re.Pattern[str], ...] = ()
    # a page counter ("Комментариев: 0") is cut out wherever it stands
    counter: tuple[re.Pattern[str], ...] = ()


@functools.lru_cache(maxsize=8)
def load_rules(language: str | None = None) -> Rules:
    """Patterns of ``common.yaml`` plus the language's own file, if any (all languages' files when None)."""
    folder = resources.files("crosswire") / "data" / "clean"
    names = ["common.yaml"]
    if language is None:
        # only per-language files (xx.yaml): other data files in the folder are not line rules
        names += sorted(p.name for p in folder.iterdir() if re.fullmatch(r"[a-z]{2}\.yaml", p.name))
    elif (folder / f"{language}.yaml").is_file():
        names.append(f"{language}.yaml")
    line: list[tuple[str, re.Pattern[str]]] = []
    trailer: list[re.Pattern[str]] = []
    sentence: list[re.Pattern[str]] = []
    counter: list[re.Pattern[str]] = []
    for name in names:
        spec = load_yaml((folder / name).read_text(encoding="utf-8")) or {}
        for category, patterns in spec.items():
            compiled = [re.compile(p, re.IGNORECASE) for p in patterns or []]
            if category == "trailer":
                trailer.extend(compiled)
            elif category == "furniture":
                sentence.extend(compiled)
            elif category == "counter":
                counter.extend(compiled)
            else:
                line.extend((category, c) for c in compiled)
    return Rules(tuple(line), tuple(trailer), tuple(sentence), tuple(counter))


def classify_line(line: str, rules: Rules) -> str | None:
    """The noise category of one stripped line, or None for article text."""
    return _classify(line, rules)[0]


def _classify(line: str, rules: Rules) -> tuple[str | None, tuple[str, list[str]] | None]:
    """(the noise category of one stripped line or None, ``cut_furniture`` of the line when it was tried)."""
    if len(line) > _SHORT_LINE:
        return None, None
    for category, pattern in rules.line:
        if pattern.search(line):
            return category, None
    kept, cut = cut_furniture(line, rules)
    return ("furniture" if cut and not kept else None), (kept, cut)


def clean_text(text: str, title: str | None = None, language: str | None = None) -> tuple[str, list[str], list[str]]:
    """(clean text, removed lines, noise categories found). A repeat of the title line is removed too."""
    rules = load_rules(language)
    lines = text.split("\n")
    keep: list[str] = []
    noise: list[str] = []
    found: list[str] = []
    title_norm = _norm(title) if title else None
    n_chars = max(1, len(text))
    pos = 0
    repeat: tuple[int, str] | None = None  # (position, line) of the removed repeat of the title
    for i, raw in enumerate(lines):
        line = raw.strip()
        offset, pos = pos, pos + len(raw) + 1
        if not line:
            keep.append("")
            continue
        if offset / n_chars >= _TRAILER_FROM and any(p.search(line) for p in rules.trailer):
            rest = [x.strip() for x in lines[i:] if x.strip()]
            noise.extend(rest)
            found.append("trailer")
            break
        if title_norm is not None and _norm(line) == title_norm:
            repeat = repeat or (len(keep), line)
            noise.append(line)
            found.append("duplicate-title")
            continue
        category, furniture = _classify(line, rules)
        if category:
            noise.append(line)
            found.append(category)
            continue
        line, cut = furniture or cut_furniture(line, rules)  # a short line's furniture is cut once, when classified
        if cut:
            noise.extend(cut)
            found.extend("furniture" for _ in cut)
            if not line:
                continue
        keep.append(line)
    if repeat is not None and not any(keep_line for keep_line in keep):
        # a brief whose whole body is its headline: the repeat is the text, not noise
        keep.insert(repeat[0], repeat[1])
        noise.remove(repeat[1])
        found.remove("duplicate-title")
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(keep)).strip()
    return cleaned, noise, found


def cut_furniture(line: str, rules: Rules) -> tuple[str, list[str]]:
    """(the line without its furniture sentences, the sentences cut); lines without any are returned as they are."""
    cut: list[str] = []
    for pattern in rules.counter:
        if pattern.search(line):
            cut.extend(m.group(0) for m in pattern.finditer(line))
            line = re.sub(r"\s{2,}", " ", pattern.sub(" ", line)).strip()
    if not rules.sentence:
        return line, cut
    kept: list[str] = []
    for sentence in _SENTENCE.split(line):
        s = sentence.strip()
        if s and len(s) <= _SHORT_LINE and any(p.search(s) for p in rules.sentence):
            cut.append(s)
        else:
            kept.append(sentence)
    return " ".join(kept).strip(), cut


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s.lower()).strip()
