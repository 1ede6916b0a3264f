"""Shared text between two articles of one language: word 4-gram containment, shared sentences, the lead.

Why own code and not ``datasketch`` (used by dedup): derivation needs which sentences are shared and whether
they are the article's own narration or quotations, not an estimated Jaccard over the whole text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..ingest.base import normalise_for_hash

K = 4  # words per shingle
SHARED_SENTENCE = 0.5  # a sentence is shared when this share of its shingles occur in the other text
QUOTED = 0.5  # a sentence is a quotation when this share of its characters sits inside quotation marks
LEAD = 1  # sentences of the lead: the first (a background block shared by other news starts later)

_SENT_END = re.compile(r"(?<=[.!?…])[»\"”]?\s+(?=[«\"“„(]?[A-ZА-ЯЁІЇЄҐ0-9])|\n+")
_QUOTE = re.compile(r"«[^«»]{3,}»|“[^“”]{3,}”|„[^„“”]{3,}[“”]|\"[^\"]{3,}\"")


def stable_hash(text: str) -> int:
    """A signed 64-bit hash of ``text``, the same in every process (shingles are kept in the store)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def shingles(text: str, k: int = K) -> frozenset[int]:
    """Stable hashes of the word ``k``-grams of the normalised text."""
    words = normalise_for_hash(text).split()
    if len(words) < k:
        return frozenset({stable_hash(" ".join(words))}) if words else frozenset()
    return frozenset(stable_hash(" ".join(words[i:i + k])) for i in range(len(words) - k + 1))


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    shingles: frozenset[int]
    quoted: bool  # mostly a quotation: two outlets may render one statement alike without copying each other


@dataclass(frozen=True, slots=True)
class TextProfile:
    """What overlap needs of one article, computed once."""

    words: int
    shingles: frozenset[int]
    sentences: tuple[Sentence, ...]


def text_profile(title: str, text: str) -> TextProfile:
    """The shingles and sentences of an article's text (the title is left out: rewrites retitle)."""
    sents = []
    for raw in _SENT_END.split(text):
        s = raw.strip()
        if len(s.split()) < 4:
            continue
        inside = sum(len(m.group(0)) for m in _QUOTE.finditer(s))
        sents.append(Sentence(s, shingles(s), inside / max(1, len(s)) >= QUOTED))
    return TextProfile(len(text.split()), shingles(text), tuple(sents))


@dataclass(frozen=True, slots=True)
class Overlap:
    """Shared text of two articles, measured on the shorter one."""

    containment: float  # share of the shorter text's shingles found in the longer one
    narrative: float  # share of the shorter text's own (unquoted) sentences found in the other
    shared: int  # unquoted sentences of the shorter text found in the other
    lead: bool  # a lead sentence of either text is found in the other
    length_ratio: float  # shorter / longer, in words
    evidence: tuple[str, ...]  # the longest shared sentences, verbatim


def _shared(sent: Sentence, other: frozenset[int]) -> bool:
    return bool(sent.shingles) and len(sent.shingles & other) / len(sent.shingles) >= SHARED_SENTENCE


def overlap(a: TextProfile, b: TextProfile) -> Overlap:
    """How much text ``a`` and ``b`` share."""
    short, long_ = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    if not short.shingles:
        return Overlap(0.0, 0.0, 0, False, 0.0, ())
    containment = len(short.shingles & long_.shingles) / len(short.shingles)
    own = [s for s in short.sentences if not s.quoted]
    shared = [s for s in own if _shared(s, long_.shingles)]
    lead = any(_shared(s, b.shingles) for s in a.sentences[:LEAD] if not s.quoted) or \
        any(_shared(s, a.shingles) for s in b.sentences[:LEAD] if not s.quoted)
    evidence = tuple(s.text[:200] for s in sorted(shared, key=lambda s: -len(s.text))[:2])
    return Overlap(containment, len(shared) / len(own) if own else 0.0, len(shared), lead,
                   min(a.words, b.words) / max(1, a.words, b.words), evidence)

