"""English analyzer: razdel segmentation, lower-case lemmas and rule NER (capitalised runs + gazetteer).

No English model ships offline here (spaCy models download at run time); rules cover news names well enough
for linking, which is what the other stages need.
"""

from __future__ import annotations

from .base import GenericAnalyzer, ParsedText
from .rulener import RuleNer
from .spans import dedupe


class EnglishAnalyzer(GenericAnalyzer):
    """Segmentation + capitalisation/gazetteer NER."""

    def __init__(self) -> None:
        super().__init__("en")
        self.ner = RuleNer("en")

    def parse(self, text: str) -> ParsedText:
        parsed = super().parse(text)
        parsed.ner = dedupe(self.ner.spans(text, parsed.sentences))
        return parsed
