"""Readable terminal output (rich tables) for the CLI; plain text when not on a tty."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from .model import AnalysisResult, Article, ArticleFacts

console = Console()


def _short(s: str | None, n: int = 70) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def print_articles(articles: Sequence[Article]) -> None:
    table = Table(title=f"{len(articles)} articles")
    for col in ("id", "lang", "published", "outlet", "title", "flags"):
        table.add_column(col)
    for a in articles:
        table.add_row(a.id[:12], a.language, a.published or "—", _short(a.outlet, 24) or "—", _short(a.title),
                      ", ".join(a.flags))
    console.print(table)


def print_summary(result: AnalysisResult) -> None:
    print_articles(result.articles)
    console.print(
        f"entities {len(result.entities)} · mentions {len(result.mentions)} · dates {len(result.timerefs)} · "
        f"events {len(result.events)} · claims {len(result.claims)} · quotes {len(result.quotes)} · "
        f"framing {len(result.framing)} · stories {len(result.stories)} · claim groups {len(result.claim_groups)} · "
        f"quote groups {len(result.quote_groups)}"
    )


def failure_lines(failed: Sequence[tuple[str, str, str]], limit: int = 10) -> list[str]:
    """One stderr line per stage failure of a run, (article id, source, failure) each (at most ``limit``, then how
    many more)."""
    lines = [f"stage failure: {a} ({source}): {f}" for a, source, f in failed[:limit]]
    if len(failed) > limit:
        lines.append(f"stage failure: … {len(failed) - limit} more")
    return lines


def print_article(facts: ArticleFacts) -> None:
    a = facts.article
    console.rule(a.title or "(no title)")
    console.print(f"id {a.id} · {a.language} · {a.published or 'undated'} ({a.published_from or '—'}) · "
                  f"outlet {a.outlet or 'unknown'} · source {a.source}")
    if a.flags:
        console.print(f"flags: {', '.join(a.flags)}")
    for failure in a.failures:
        console.print(f"stage failed: {failure}", markup=False, highlight=False)
    for d in a.derived_from:
        source = d.article or f"agency {d.agency}"
        console.print(f"derived from {source}: {d.kind} {d.score:.2f}; {'; '.join(d.evidence)}", markup=False,
                      highlight=False)
    console.print(a.text, markup=False, highlight=False)
    if a.noise:
        console.print("[dim]removed:[/dim]")
        for line in a.noise:
            console.print(f"  - {_short(line, 100)}", markup=False, highlight=False)
    for kind in ("mentions", "timerefs", "events", "claims", "quotes", "framing"):
        items = getattr(facts, kind)
        if items:
            console.print(f"[bold]{kind}[/bold] ({len(items)})")
            for x in items[:50]:
                console.print(f"  {_short(x.text, 60)!r} → {_fact_summary(kind, x)}", markup=False, highlight=False)


def _fact_summary(kind: str, x) -> str:
    if kind == "mentions":
        return x.entity
    if kind == "timerefs":
        return f"{x.value} ({x.grain}, {x.anchor})"
    if kind == "events":
        return f"{x.kind} {list(x.participants)} {x.date or ''}"
    if kind == "claims":
        return f"{x.qualifier.value}{x.value} {x.unit or ''} [{x.measure}] by {x.source}"
    if kind == "quotes":
        return f"speaker {x.speaker or x.speaker_text}"
    return f"{x.leaning}"
