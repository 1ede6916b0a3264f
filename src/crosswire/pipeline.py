"""The per-article pipeline: stages that declare what they need and what they add, run in order.

``read_article(article)`` parses the text once with the language's analyzer and runs every stage over it.
A failing stage is named in the error; the article keeps what earlier stages found.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import StageError
from .model import Article, ArticleFacts, Claim, Entity, Event, Framing, Mention, Quote, TimeRef
from .nlp import get_analyzer
from .nlp.base import ParsedText, bound_sentences

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ReadContext:
    """What the stages of one article share; each stage fills the fields it assigns."""

    article: Article
    parsed: ParsedText
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    timerefs: list[TimeRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    fn: Callable[[ReadContext], None]
    requires: frozenset[str] = frozenset()
    assigns: frozenset[str] = frozenset()


def _entities(ctx: ReadContext) -> None:
    from .read.entities import read_entities

    ctx.entities, ctx.mentions = read_entities(ctx.article, ctx.parsed)


def _time(ctx: ReadContext) -> None:
    from .read.time import read_timerefs

    ctx.article, ctx.timerefs = read_timerefs(ctx.article, ctx.parsed)


def _claims(ctx: ReadContext) -> None:
    from .read.claims import read_claims

    ctx.claims = read_claims(ctx.article, ctx.parsed, ctx.mentions, ctx.entities, ctx.timerefs, ctx.quotes)


def _quotes(ctx: ReadContext) -> None:
    from .read.quotes import read_quotes_and_speakers

    ctx.quotes, speakers, named = read_quotes_and_speakers(ctx.article, ctx.parsed, ctx.mentions, ctx.entities)
    # speakers the NER missed ("передает The Guardian") become entities, so a quote never points at nothing
    known = {e.id for e in ctx.entities}
    ctx.entities += [e for e in speakers if e.id not in known]
    ctx.mentions = sorted([*ctx.mentions, *named], key=lambda m: (m.start, m.end))


def _events(ctx: ReadContext) -> None:
    from .read.events import read_events

    ctx.events = read_events(ctx.article, ctx.parsed, ctx.mentions, ctx.entities, ctx.timerefs)


def _framing(ctx: ReadContext) -> None:
    from .read.framing import read_framing

    ctx.framing = read_framing(ctx.article, ctx.parsed)


def _quality(ctx: ReadContext) -> None:
    from .read.quality import read_quality

    ctx.flags = list(read_quality(ctx.article, ctx.parsed, ctx.mentions))


STAGES: tuple[Stage, ...] = (
    Stage("entities", _entities, frozenset(), frozenset({"entities", "mentions"})),
    Stage("time", _time, frozenset(), frozenset({"timerefs", "article"})),
    Stage("quotes", _quotes, frozenset({"mentions"}), frozenset({"quotes", "entities", "mentions"})),
    Stage("claims", _claims, frozenset({"mentions", "timerefs", "quotes"}), frozenset({"claims"})),
    Stage("events", _events, frozenset({"mentions", "timerefs"}), frozenset({"events"})),
    Stage("framing", _framing, frozenset(), frozenset({"framing"})),
    Stage("quality", _quality, frozenset({"mentions"}), frozenset({"flags"})),
)


def check_stages(stages: tuple[Stage, ...]) -> None:
    """Every stage's requirements are assigned by an earlier stage."""
    have: set[str] = {"article", "parsed"}
    for stage in stages:
        missing = stage.requires - have
        if missing:
            raise StageError(f"stage {stage.name!r} requires {sorted(missing)} which no earlier stage assigns")
        have |= stage.assigns


check_stages(STAGES)

# cumulative seconds per stage in this process (benchmarks read it)
TIMINGS: dict[str, float] = {}

# Per-stage limits: a stage (or the parse) past either is a failure like an exception: its facts are dropped, the
# article is flagged stage-failed:<name> and keeps what the other stages found. Bounded input (ingest.build's
# MAX_TEXT, nlp.base.MAX_SENTENCE) keeps a 60,000-character article's stages to seconds; these catch the rest.
STAGE_SECONDS = 60.0  # defaults of the stage_seconds and stage_mb settings
STAGE_MEGABYTES = 1024


class StageLimit(Exception):
    """A stage ran past its time or memory limit."""


def limits() -> tuple[float, float]:
    """(seconds, megabytes) per stage: the ``stage_seconds`` and ``stage_mb`` settings ($CROSSWIRE_STAGE_SECONDS,
    $CROSSWIRE_STAGE_MB); a value of 0 or less means the default."""
    from .settings import current

    settings = current()
    return (settings.stage_seconds if settings.stage_seconds > 0 else STAGE_SECONDS,
            settings.stage_mb if settings.stage_mb > 0 else STAGE_MEGABYTES)


_STATM: tuple[int, int] | None = None  # (pid, descriptor of its /proc/self/statm), opened once per process


def _rss_mb() -> float:
    """Resident memory of this process now (Linux /proc; elsewhere the peak so far). Read twice a stage: the
    file stays open (a forked child opens its own), which makes a read a tenth of opening it each time."""
    global _STATM
    try:
        if _STATM is None or _STATM[0] != os.getpid():
            _STATM = (os.getpid(), os.open("/proc/self/statm", os.O_RDONLY))
        return int(os.pread(_STATM[1], 128, 0).split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError, AttributeError):  # no /proc, no os.pread
        return _peak_mb()


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@contextlib.contextmanager
def _limited(name: str, seconds: float, megabytes: float):
    """Run a stage under the limits. In the main thread (CLI, Ray workers) SIGALRM interrupts it when time is up;
    in other threads (the web app's worker) it runs to its end and is judged by its time afterwards. Memory is
    judged afterwards by the new peak it set above what was resident when it began."""
    hard = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if hard:
        def alarm(signum, frame):
            raise StageLimit(f"time limit {seconds:g} s")

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    rss, peak, t0 = _rss_mb(), _peak_mb(), time.perf_counter()
    try:
        yield
    finally:
        if hard:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        TIMINGS[name] = TIMINGS.get(name, 0.0) + time.perf_counter() - t0
    if time.perf_counter() - t0 > seconds:
        raise StageLimit(f"time limit {seconds:g} s ({time.perf_counter() - t0:.0f} s)")
    new_peak = _peak_mb()
    if new_peak > peak and new_peak - rss > megabytes:
        raise StageLimit(f"memory limit {megabytes:g} MB ({new_peak - rss:.0f} MB)")


def read_article(article: Article, stages: tuple[Stage, ...] = STAGES) -> ArticleFacts:
    """All facts of one article; a failing stage (an error, or past its time or memory limit) is logged by name
    and the article keeps the rest."""
    seconds, megabytes = limits()
    failed: list[str] = []
    failures: list[str] = []
    try:
        with _limited("parse", seconds, megabytes):
            parsed = get_analyzer(article.language).parse(article.text)
            parsed.settle(bound_sentences(parsed.text, parsed.sentences))  # no stage sees an unbounded sentence
    except Exception as exc:  # noqa: BLE001 - the article is kept, with no facts, and the batch goes on
        _failed("parse", article, exc)
        failed.append("parse")
        failures.append(describe_failure("parse", exc))
        parsed = ParsedText(article.language, article.text)
        parsed.settle([])
    ctx = ReadContext(article, parsed)
    for stage in stages:
        try:
            with _limited(stage.name, seconds, megabytes):
                stage.fn(ctx)
        except Exception as exc:  # noqa: BLE001 - one stage's bug must not lose the article
            _failed(stage.name, article, exc)
            failed.append(stage.name)
            failures.append(describe_failure(stage.name, exc))
            for name in stage.assigns:  # what it assigned is dropped: a failure gives the same facts anywhere
                setattr(ctx, name, article if name == "article" else [])
    flags = tuple(dict.fromkeys([*ctx.article.flags, *ctx.flags, *(f"stage-failed:{s}" for s in failed)]))
    return ArticleFacts(
        article=dataclasses.replace(ctx.article, flags=flags, failures=tuple(failures)),
        entities=tuple(ctx.entities), mentions=tuple(ctx.mentions), timerefs=tuple(ctx.timerefs),
        events=tuple(ctx.events), claims=tuple(ctx.claims), quotes=tuple(ctx.quotes),
        framing=tuple(ctx.framing),
    )


def describe_failure(stage: str, exc: BaseException) -> str:
    """``stage: ExceptionType: message (module.py:line)``: where in crosswire the stage raised, on one line."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "crosswire" in f.filename.replace("\\", "/").split("/")] or frames
    where = ""
    if ours:
        parts = ours[-1].filename.replace("\\", "/").split("/")
        tail = parts[parts.index("crosswire") + 1:] if "crosswire" in parts else parts[-1:]
        where = f" ({'/'.join(tail)}:{ours[-1].lineno})"
    message = " ".join(str(exc).split())[:200]
    return f"{stage}: {type(exc).__name__}: {message}{where}"


def _failed(stage: str, article: Article, exc: Exception) -> None:
    if isinstance(exc, StageLimit):
        log.error("stage %r stopped on article %s (%s): %s", stage, article.id, article.source, exc)
    else:
        log.error("stage %r failed on article %s (%s)", stage, article.id, article.source,
                  exc_info=(type(exc), exc, exc.__traceback__))
