"""The ports crosswire's stages talk to; each has a default back-end and room for a stronger one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .nlp.base import ParsedText


@runtime_checkable
class LanguageDetector(Protocol):
    def detect(self, text: str) -> tuple[str, float]:
        """ISO 639-1 code (or ``und``) and a confidence in [0, 1]."""
        ...


@runtime_checkable
class LanguageAnalyzer(Protocol):
    """Segmentation, morphology and NER for one language."""

    language: str

    def parse(self, text: str) -> ParsedText:
        """Sentences, tokens with lemmas and grammemes, and named-entity spans of ``text``."""
        ...


@runtime_checkable
class Embedder(Protocol):
    """Dense multilingual text vectors (L2-normalised)."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        ...
