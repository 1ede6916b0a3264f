"""The per-article pipeline: stages that declare what they need and what they add, run in order.

``read_article(article)`` parses the text once with the language's analyzer and runs every stage over it.
A failing stage is named in the error; the article keeps what earlier stages found.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import StageError
from .model import Article, ArticleFacts, Claim, Entity, Event, Framing, Mention, Quote, TimeRef
from .nlp import get_analyzer
from .nlp.base import ParsedText

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
    from .read.quotes import read_quotes

    ctx.quotes = read_quotes(ctx.article, ctx.parsed, ctx.mentions, ctx.entities)


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
    Stage("quotes", _quotes, frozenset({"mentions"}), frozenset({"quotes"})),
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


def read_article(article: Article, stages: tuple[Stage, ...] = STAGES) -> ArticleFacts:
    """All facts of one article; a failing stage is logged by name and the article keeps the rest."""
    t0 = time.perf_counter()
    try:
        parsed = get_analyzer(article.language).parse(article.text)
    except Exception as exc:  # noqa: BLE001 - the article is kept, unread, with the failure named
        log.exception("parsing failed on article %s (%s)", article.id, article.source)
        flags = tuple(dict.fromkeys([*article.flags, "stage-failed:parse"]))
        return ArticleFacts(article=dataclasses.replace(article, flags=flags,
                                                        failures=(describe_failure("parse", exc),)))
    finally:
        TIMINGS["parse"] = TIMINGS.get("parse", 0.0) + time.perf_counter() - t0
    ctx = ReadContext(article, parsed)
    failed: list[str] = []
    failures: list[str] = []
    for stage in stages:
        t0 = time.perf_counter()
        try:
            stage.fn(ctx)
        except Exception as exc:  # noqa: BLE001 - one stage's bug must not lose the article
            log.exception("stage %r failed on article %s (%s)", stage.name, article.id, article.source)
            failed.append(stage.name)
            failures.append(describe_failure(stage.name, exc))
        TIMINGS[stage.name] = TIMINGS.get(stage.name, 0.0) + time.perf_counter() - t0
    flags = tuple(dict.fromkeys([*ctx.article.flags, *ctx.flags, *(f"stage-failed:{s}" for s in failed)]))
    return ArticleFacts(
        article=dataclasses.replace(ctx.article, flags=flags, failures=tuple(failures)),
        entities=tuple(ctx.entities), mentions=tuple(ctx.mentions), timerefs=tuple(ctx.timerefs),
        events=tuple(ctx.events), claims=tuple(ctx.claims), quotes=tuple(ctx.quotes),
        framing=tuple(ctx.framing),
    )
