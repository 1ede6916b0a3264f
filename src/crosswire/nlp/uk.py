"""Ukrainian analyzer (placeholder until the uk NER lands): segmentation and pymorphy3-uk lemmas."""

from __future__ import annotations

from .base import GenericAnalyzer


class UkrainianAnalyzer(GenericAnalyzer):
    def __init__(self) -> None:
        super().__init__("uk")
