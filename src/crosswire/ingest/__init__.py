"""Ingest: turn files, directories, globs and URLs into clean ``Article`` records.

Each input is read by the reader of its format (text, HTML, JSONL, RSS/Atom, WARC), cleaned, given a
language, an outlet, a title and a stable id. A bad input yields an ``InputError`` and the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from ..errors import BadInput
from ..model import Article, InputError
from .base import RawDoc
from .build import build_article
from .sources import expand_inputs, iter_sources, read_source

log = logging.getLogger(__name__)

__all__ = ["RawDoc", "build_article", "ingest", "iter_sources", "read_source", "expand_inputs"]


def _one_line(reason: str) -> str:
    """An error reason on one line (parser messages can span several), at most 300 characters."""
    line = " ".join(reason.split())
    return line if len(line) <= 300 else line[:297] + "..."


def ingest(inputs: list[str], *, detector=None, timeout: float | None = None) -> Iterator[Article | InputError]:
    """Articles (or errors) for every input, one input at a time, in input order.

    ``timeout`` (seconds per URL fetch) defaults to the ``fetch_timeout`` setting ($CROSSWIRE_FETCH_TIMEOUT, 20).
    """
    if timeout is None:
        from ..settings import current

        timeout = current().fetch_timeout
    for source in expand_inputs(inputs):
        # an input error is yielded, not logged: the caller reports it once (the CLI prints it, the web app shows it)
        try:
            docs = read_source(source, timeout=timeout)
        except BadInput as exc:
            log.debug("%s", exc)
            yield InputError(source, _one_line(exc.reason))
            continue
        except Exception as exc:  # noqa: BLE001 - one broken input never stops the batch
            log.debug("unexpected error reading %s", source, exc_info=True)
            yield InputError(source, _one_line(f"{type(exc).__name__}: {exc}"))
            continue
        if not docs:
            yield InputError(source, "no article found")
            continue
        for doc in docs:
            if isinstance(doc, BadInput):  # one broken part of an input (a JSON Lines line); the rest goes on
                yield InputError(doc.source, _one_line(doc.reason))
                continue
            try:
                yield build_article(doc, detector=detector)
            except BadInput as exc:
                log.debug("%s", exc)
                yield InputError(exc.source, _one_line(exc.reason))
