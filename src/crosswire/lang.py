"""Language identification with lingua, restricted to the configured languages, loaded once per process.

Texts that are too short, or where the top two languages are too close, get ``und`` and a flag.
"""

from __future__ import annotations

import functools
import re
import threading

DEFAULT_LANGUAGES = ("ru", "uk", "en", "be", "bg", "pl", "de", "fr")
MIN_LETTERS = 20  # fewer letters than this: not enough evidence
MIN_MARGIN = 0.15  # top confidence must beat the runner-up by this much
_SAMPLE = 4000  # characters looked at: enough for a stable answer, bounded cost on huge texts
_LOCK = threading.Lock()


@functools.lru_cache(maxsize=4)
def _detector(languages: tuple[str, ...]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


class LinguaDetector:
    """The default ``LanguageDetector``."""

    def __init__(self, languages: tuple[str, ...] = DEFAULT_LANGUAGES):
        self.languages = tuple(languages)

    def detect(self, text: str) -> tuple[str, float]:
        sample = text[:_SAMPLE]
        if len(re.findall(r"[^\W\d_]", sample)) < MIN_LETTERS:
            return "und", 0.0
        with _LOCK:
            detector = _detector(self.languages)
            values = detector.compute_language_confidence_values(sample)
        if not values:
            return "und", 0.0
        top = values[0]
        runner = values[1].value if len(values) > 1 else 0.0
        if top.value - runner < MIN_MARGIN:
            return "und", top.value
        return top.language.iso_code_639_1.name.lower(), top.value


def detect_language(text: str, detector: LinguaDetector | None = None) -> tuple[str, float]:
    return (detector or LinguaDetector()).detect(text)
