"""crosswire: cross-check the news across outlets and languages.

``crosswire.analyze(paths)`` ingests, reads, groups and compares articles and returns an ``AnalysisResult``.
"""

from __future__ import annotations

import logging

from .model import (
    AnalysisResult,
    Article,
    ArticleFacts,
    Claim,
    ClaimGroup,
    Entity,
    Event,
    Framing,
    InputError,
    Mention,
    Qualifier,
    Quote,
    QuoteGroup,
    Span,
    Story,
    Thread,
    TimeRef,
    Verdict,
)

__version__ = "0.1.0"
__all__ = [
    "AnalysisResult", "Article", "ArticleFacts", "Claim", "ClaimGroup", "Entity", "Event", "Framing",
    "InputError", "Mention", "Qualifier", "Quote", "QuoteGroup", "Span", "Story", "Thread", "TimeRef", "Verdict",
    "analyze", "load", "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def analyze(inputs, **kwargs) -> AnalysisResult:
    """Ingest, read, group and compare ``inputs`` (paths, directories, globs, URLs); see ``api.analyze``."""
    from .api import analyze as _analyze

    return _analyze(inputs, **kwargs)


def load(db: str = "crosswire.db") -> AnalysisResult:
    """Everything stored in ``db`` as one ``AnalysisResult``."""
    from .api import load as _load

    return _load(db)
