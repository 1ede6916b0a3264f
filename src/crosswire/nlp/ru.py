"""Russian analyzer (placeholder until natasha NER lands): segmentation and pymorphy3 lemmas."""

from __future__ import annotations

from .base import GenericAnalyzer


class RussianAnalyzer(GenericAnalyzer):
    def __init__(self) -> None:
        super().__init__("ru")
