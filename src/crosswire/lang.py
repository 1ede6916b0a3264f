"""Language identification with lingua, among the configured languages plus look-alike guard languages.

Texts that are too short, mixed (two scripts), close between the top two, or in a language that is not
configured (a guard language won, or the script is one lingua was not asked about) get ``und`` and a reason.
"""

from __future__ import annotations

import functools
import re
import threading

DEFAULT_LANGUAGES = ("ru", "uk", "en", "be", "bg", "pl", "de", "fr")
# Languages never reported but detected, so that a Serbian or Kazakh text is not called Russian and a Spanish
# one not English: without them lingua must pick the nearest configured language, however poor the match.
# Kept to a short list: every lingua model costs memory (all ~30 European ones took ~780 MB, these ~220 MB).
GUARD_LANGUAGES = ("sr", "mk", "es", "it", "pt", "nl", "cs", "sk", "tr", "ro", "hr", "sv")
MIN_LETTERS = 20  # fewer letters than this: not enough evidence
MIN_MARGIN = 0.15  # top confidence must beat the runner-up by this much
MIXED_SCRIPT = 0.35  # both Cyrillic and Latin above this share of the letters: a mixed text (names in Latin
# script inside a Russian sentence reach 25-30%, so the bar sits higher)
# Letters of Cyrillic languages we do not handle (Kazakh, Mongolian, Serbian, Macedonian, Tatar, Bashkir ...).
# Lingua's Kazakh model is no guard: it claimed short Ukrainian sentences with confidence 1.0, so those
# languages are told apart by their own letters instead.
FOREIGN_CYRILLIC = re.compile(r"[әғқңөұүһђјљњћџѓќѕӣӯҳҷҗҙҫ]", re.IGNORECASE)
FOREIGN_SHARE = 0.01
_SAMPLE = 1500  # characters looked at: a stable answer on ru/uk news (benchmarks/langid), bounded cost
_LOCK = threading.Lock()
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "mn"})


@functools.lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...], low: bool = False):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    return (builder.with_low_accuracy_mode() if low else builder).build()


def _confidences(text: str, languages: tuple[str, ...], cyrillic: bool):
    """lingua's confidence values among the ``languages`` of the text's script. A Latin-script text is tried
    with the trigram models first (about 20 MB for the 14 Latin languages instead of about 340 MB) and read
    with the full models only when those are unsure: English news is told at once (1113 WMT22 English texts:
    whole 0.990 vs 0.994, first sentences 0.969 vs 0.972 with the full models only). Cyrillic texts always
    get the full models: telling Russian from Ukrainian is what matters most."""
    pool = tuple(code for code in languages if (code in CYRILLIC_LANGUAGES) == cyrillic)
    if not pool:
        return []
    if not cyrillic:
        values = _detector(pool, low=True).compute_language_confidence_values(text)
        if values and values[0].value - (values[1].value if len(values) > 1 else 0.0) >= MIN_MARGIN:
            return values
    return _detector(pool).compute_language_confidence_values(text)


def script_shares(text: str) -> tuple[int, float, float]:
    """(letters, Cyrillic share, Latin share) of ``text``."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0, 0.0, 0.0
    return letters, len(_CYRILLIC.findall(text)) / letters, len(_LATIN.findall(text)) / letters


class LinguaDetector:
    """The default ``LanguageDetector``; ``why`` holds the reason of the last ``und`` answer."""

    def __init__(self, languages: tuple[str, ...] = DEFAULT_LANGUAGES, guards: tuple[str, ...] = GUARD_LANGUAGES):
        self.languages = tuple(languages)
        self.guards = tuple(g for g in guards if g not in self.languages)
        self.why: str | None = None

    def detect(self, text: str) -> tuple[str, float]:
        """(ISO 639-1 code or ``und``, confidence) of ``text``."""
        code, confidence, self.why = self.explain(text)
        return code, confidence

    def explain(self, text: str) -> tuple[str, float, str | None]:
        """(code, confidence, reason for ``und`` or None)."""
        sample = text[:_SAMPLE]
        letters, cyr, lat = script_shares(sample)
        if letters < MIN_LETTERS:
            return "und", 0.0, "too-short"
        if cyr + lat < 0.5:
            return "und", 0.0, "unsupported-script"  # Greek, Chinese, Arabic ...: not ours to guess
        if min(cyr, lat) >= MIXED_SCRIPT:
            return "und", 0.0, "mixed-language"
        if len(FOREIGN_CYRILLIC.findall(sample)) >= max(2, FOREIGN_SHARE * letters):
            return "und", 0.0, "unsupported-language"
        with _LOCK:
            values = _confidences(sample, self.languages + self.guards, cyrillic=cyr >= lat)
        if not values:
            return "und", 0.0, "unsupported-script"
        top = values[0]
        runner = values[1].value if len(values) > 1 else 0.0
        code = top.language.iso_code_639_1.name.lower()
        if code not in self.languages:
            return "und", top.value, "unsupported-language"
        if top.value - runner < MIN_MARGIN:
            return "und", top.value, "ambiguous-language"
        return code, top.value, None


def detect_language(text: str, detector: LinguaDetector | None = None) -> tuple[str, float]:
    """(code, confidence) of ``text`` with the default detector."""
    return (detector or LinguaDetector()).detect(text)
