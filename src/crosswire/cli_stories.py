"""`crosswire stories` and `crosswire story ID`: stories with their verdict counts, one story side by side.

Contradictions come first, each with the reason the comparison gave.
"""

from __future__ import annotations

import sys
from collections import Counter

import click
from rich.markup import escape

from .model import AnalysisResult, Verdict

DB_OPTION = click.option("--db", default="crosswire.db", show_default=True,
                         help="SQLite file or postgresql:// URL of the store.")
VERDICT_STYLE = {Verdict.CONTRADICT: "bold red", Verdict.DIVERGE: "yellow", Verdict.AGREE: "green",
                 Verdict.SINGLE_SOURCE: "dim"}


def _console():
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160)


def _groups_touching(result: AnalysisResult, story) -> list:
    """The story's own groups, then thread groups that include one of its articles."""
    mine = set(story.articles)
    return [g for g in result.claim_groups
            if g.scope == story.id or (g.scope == story.thread and mine & set(g.articles))]


def _find_story(result: AnalysisResult, story_id: str):
    found = [s for s in result.stories if s.id == story_id] or \
        [s for s in result.stories if s.id.startswith(story_id) or any(a.startswith(story_id) for a in s.articles)]
    return found[0] if len(found) == 1 else None


@click.command("stories")
@DB_OPTION
def stories_cmd(db) -> None:
    """List stories: date, title, outlets, languages and agree/diverge/contradict counts."""
    from rich.table import Table

    from . import api

    result = api.load(db)
    table = Table(title=f"{len(result.stories)} stories, {len(result.threads)} threads")
    for col in ("id", "date", "title", "outlets", "lang", "thread", "agree", "diverge", "contradict"):
        table.add_column(col, overflow="fold")
    for s in sorted(result.stories, key=lambda s: (s.date or "9999", s.id)):
        votes = Counter(g.verdict for g in _groups_touching(result, s))
        table.add_row(s.id, s.date or "", escape(s.title or "(untitled)"), escape(", ".join(s.outlets) or "?"),
                      ",".join(s.languages), s.thread or "", str(votes[Verdict.AGREE]),
                      str(votes[Verdict.DIVERGE]), f"[bold red]{votes[Verdict.CONTRADICT]}[/]"
                      if votes[Verdict.CONTRADICT] else "0")
    _console().print(table)


@click.command("story")
@click.argument("story_id")
@DB_OPTION
def story_cmd(story_id, db) -> None:
    """Show one story (id, id prefix or one of its article ids): sources side by side, then verdicts."""
    from rich.table import Table

    from . import api

    result = api.load(db)
    story = _find_story(result, story_id)
    if story is None:
        raise click.ClickException(f"no single story matches {story_id!r} in {db}")
    console = _console()
    thread = next((t for t in result.threads if t.id == story.thread), None)
    console.print(f"[bold]{escape(story.title or '(untitled)')}[/]  {story.id}  {story.date or 'undated'}  "
                  f"{story.event_kind or ''}")
    if thread:
        console.print(f"thread {thread.id}: {escape(thread.title)} ({len(thread.stories)} stories)")
    arts = {a.id: a for a in result.articles}
    claims_of = Counter(c.article for c in result.claims)
    sources = Table(title="sources")
    for col in ("article", "outlet", "lang", "published", "title", "claims"):
        sources.add_column(col, overflow="fold")
    for aid in story.articles:
        a = arts.get(aid)
        if a is None:
            continue
        sources.add_row(aid, escape(a.outlet or "?"), a.language, a.published or (
            f"~{a.published_window[0]}…" if a.published_window else "?"), escape(a.title or ""), str(claims_of[aid]))
    console.print(sources)
    groups = sorted(_groups_touching(result, story), key=lambda g: (
        [Verdict.CONTRADICT, Verdict.DIVERGE, Verdict.AGREE, Verdict.SINGLE_SOURCE].index(g.verdict), g.measure))
    verdicts = Table(title="claim groups (contradictions first)")
    for col in ("verdict", "kind", "scope", "measure", "articles", "reason"):
        verdicts.add_column(col, overflow="fold")
    for g in groups:
        style = VERDICT_STYLE[g.verdict]
        verdicts.add_row(f"[{style}]{g.verdict.value}[/]", g.kind, "story" if g.scope == story.id else "thread",
                         escape(g.measure), ", ".join(g.articles), escape(g.reason))
    console.print(verdicts)
    only = [c for c in result.coverage if c.get("scope") == story.id and c.get("only")]
    if only:
        console.print(escape("only one side reports: " + "; ".join(f"{c['fact']} ({c['only']})" for c in only)))
