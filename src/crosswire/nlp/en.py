"""English analyzer (placeholder): segmentation only."""

from __future__ import annotations

from .base import GenericAnalyzer


class EnglishAnalyzer(GenericAnalyzer):
    def __init__(self) -> None:
        super().__init__("en")
