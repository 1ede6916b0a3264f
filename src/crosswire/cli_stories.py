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


def _find_story(result: AnalysisResult, story_id: str, db: str | None = None):
    if db is not None:  # a retired id (an earlier article joined, two stories merged) follows its redirect
        from . import api

        story_id = api.resolve_story(db, story_id) or story_id
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
@click.option("--why", is_flag=True, help="Show why each article joined: the member it matched, score and parts.")
def story_cmd(story_id, db, why) -> None:
    """Show one story (id, id prefix or one of its article ids): sources side by side, then verdicts."""
    from rich.table import Table

    from . import api

    result = api.load(db)
    story = _find_story(result, story_id, db)
    if story is None:
        raise click.ClickException(f"no single story matches {story_id!r} in {db}")
    console = _console()
    if why:
        _print_why(console, story, {a.id: a for a in result.articles})
        return
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


def _print_why(console, story, arts) -> None:
    """One row per member: the member it matched best, that pair's score against its bar, and the parts."""
    from rich.table import Table

    console.print(f"[bold]{escape(story.title or '(untitled)')}[/]  {story.id}  {len(story.articles)} articles")
    if not story.members:
        console.print("one article: nothing was merged")
        return
    table = Table(title="why each article is in this story")
    for col in ("article", "title", "matched", "score", "bar", "parts", "fit", "note"):
        table.add_column(col, overflow="fold")
    for m in story.members:
        a = arts.get(m.article)
        parts = ", ".join(f"{k} {v:+.2f}" if k not in ("cosine", "entities") else f"{k} {v:.2f}"
                          for k, v in m.parts.items())
        table.add_row(m.article, escape((a.title if a else "")[:60]), m.matched or "",
                      "" if m.score is None else f"{m.score:.3f}", "" if m.threshold is None else f"{m.threshold:.2f}",
                      parts, "" if m.fit is None else f"{m.fit:+.3f}", escape(m.corrected or ""))
    console.print(table)
    console.print("score = weighted cosine and entity overlap, plus kind, place, date and figure parts; a member "
                  "stays when its mean margin over all members (fit, with the whole story) keeps the story together")


@click.command("split")
@click.argument("article_id")
@DB_OPTION
def split_cmd(article_id, db) -> None:
    """Take a wrongly grouped article out of its story (kept at every regroup; exported with the data)."""
    from . import api
    from .errors import CrosswireError

    try:
        done = api.split_article(db, article_id)
    except CrosswireError as exc:
        raise click.ClickException(str(exc)) from None
    for st in done:
        click.echo(f"{st.id}\t{len(st.articles)} articles\t{st.title}")


@click.command("merge")
@click.argument("first")
@click.argument("second")
@DB_OPTION
def merge_cmd(first, second, db) -> None:
    """Merge two stories that report one event (kept at every regroup; exported with the data)."""
    from . import api
    from .errors import CrosswireError

    try:
        done = api.merge_stories(db, first, second)
    except CrosswireError as exc:
        raise click.ClickException(str(exc)) from None
    for st in done:
        click.echo(f"{st.id}\t{len(st.articles)} articles\t{st.title}")
