"""Language back-ends behind the ``LanguageAnalyzer`` protocol, loaded once and on demand."""

from __future__ import annotations

import importlib
import logging
import threading

from ..protocols import LanguageAnalyzer

log = logging.getLogger(__name__)

# language -> "module:factory"; users may register stronger analyzers with ``register``.
_FACTORIES: dict[str, str] = {
    "ru": "crosswire.nlp.ru:RussianAnalyzer",
    "uk": "crosswire.nlp.uk:UkrainianAnalyzer",
    "en": "crosswire.nlp.en:EnglishAnalyzer",
}
_LOADED: dict[str, LanguageAnalyzer] = {}
_LOCK = threading.Lock()


def register(language: str, factory: str) -> None:
    """Use ``factory`` ("package.module:callable") for ``language`` from now on."""
    with _LOCK:
        _FACTORIES[language] = factory
        _LOADED.pop(language, None)


def get_analyzer(language: str) -> LanguageAnalyzer:
    """The analyzer for ``language`` (built once per process); a generic one for unknown languages."""
    with _LOCK:
        if language not in _LOADED:
            spec = _FACTORIES.get(language, "crosswire.nlp.base:GenericAnalyzer")
            module, _, name = spec.partition(":")
            factory = getattr(importlib.import_module(module), name)
            _LOADED[language] = factory()
            log.debug("loaded %s analyzer %s", language, spec)
        return _LOADED[language]
