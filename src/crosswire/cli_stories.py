"""`crosswire stories` and `crosswire story ID`: stories with their verdict counts, one story side by side.

Contradictions come first, each with the reason the comparison gave.
"""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from .errors import redact
from .model import Verdict

DB_OPTION = click.option("--db", default="crosswire.db", show_default=True,
                         help="SQLite file or postgresql:// URL of the store.")
VERDICT_STYLE = {Verdict.CONTRADICT: "bold red", Verdict.DIVERGE: "yellow", Verdict.UPDATE: "blue",
                 Verdict.AGREE: "green", Verdict.SINGLE_SOURCE: "dim"}


def _console():
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160)


@click.command("stories")
@DB_OPTION
def stories_cmd(db) -> None:
    """List stories: date, title, outlets, languages and agree/update/diverge/contradict counts."""
    from rich.table import Table

    from . import api

    with api.open_store(db, create=False) as cw:
        listed = cw.story_table()
    table = Table(title=f"{len(listed['stories'])} stories, {listed['threads']} threads")
    for col in ("id", "date", "title", "outlets", "lang", "thread", "agree", "update", "diverge", "contradict"):
        table.add_column(col, overflow="fold")
    for row in listed["stories"]:
        s, votes = row["story"], row["votes"]
        table.add_row(s.id, s.date or "", escape(s.title or "(untitled)"), escape(", ".join(s.outlets) or "?"),
                      ",".join(s.languages), s.thread or "", str(votes[Verdict.AGREE]), str(votes[Verdict.UPDATE]),
                      str(votes[Verdict.DIVERGE]), f"[bold red]{votes[Verdict.CONTRADICT]}[/]"
                      if votes[Verdict.CONTRADICT] else "0")
    _console().print(table)


@click.command("story")
@click.argument("story_id")
@DB_OPTION
@click.option("--why", is_flag=True, help="Show why each article joined: the member it matched, score and parts.")
def story_cmd(story_id, db, why) -> None:
    """Show one story (id, id prefix or one of its article ids; a retired id follows its redirect): sources side
    by side, then verdicts."""
    from rich.table import Table

    from . import api

    with api.open_store(db, create=False) as cw:
        sides = cw.story_sides(story_id)
    if sides is None:
        raise click.ClickException(f"no single story matches {story_id!r} in {redact(db)}")
    story, thread = sides["story"], sides["thread"]
    console = _console()
    if why:
        _print_why(console, story, {a.id: a for a, _ in sides["sources"]})
        return
    console.print(f"[bold]{escape(story.title or '(untitled)')}[/]  {story.id}  {story.date or 'undated'}  "
                  f"{story.event_kind or ''}")
    if thread:
        console.print(f"thread {thread.id}: {escape(thread.title)} ({len(thread.stories)} stories)")
    sources = Table(title="sources")
    for col in ("article", "outlet", "lang", "published", "title", "claims"):
        sources.add_column(col, overflow="fold")
    for a, n_claims in sides["sources"]:
        sources.add_row(a.id, escape(a.outlet or "?"), a.language, a.published or (
            f"~{a.published_window[0]}…" if a.published_window else "?"), escape(a.title or ""), str(n_claims))
    console.print(sources)
    _print_provenance(console, sides["provenance"])
    groups = sides["groups"]
    verdicts = Table(title="claim groups (contradictions first)")
    for col in ("verdict", "kind", "scope", "measure", "articles", "reason"):
        verdicts.add_column(col, overflow="fold")
    for g in groups:
        style = VERDICT_STYLE[g.verdict]
        verdicts.add_row(f"[{style}]{g.verdict.value}[/]", g.kind, "story" if g.scope == story.id else "thread",
                         escape(g.measure), ", ".join(g.articles),
                         escape(g.reason + (" [aligned on: " + " · ".join(f"{k} {v}" for k, v in g.basis.items()) + "]"
                                           if g.basis else "")))
    console.print(verdicts)
    _print_quote_groups(console, sides.get("quote_groups") or [])
    only = sides["only"]
    if only:
        console.print(escape("only one side reports: " + "; ".join(f"{c['fact']} ({c['only']})" for c in only)))


def _print_quote_groups(console, rows: list[dict]) -> None:
    """One speaker's renderings of one utterance across the story's articles, altered first, the words that
    differ from the reference rendering in bold."""
    if not rows:
        return
    console.print(f"[bold]quote groups[/] ({len(rows)}, altered first)")
    for g in rows:
        style = "bold red" if g["verdict"] == "altered" else "yellow" if g["verdict"] != "same" else "green"
        console.print(f"  [{style}]{g['verdict']}[/] {escape(g['speaker'] or '?')}: {escape(g['reason'])}")
        for r in g["renderings"]:
            words = "".join(f"[bold]{escape(s['text'])}[/]" if s["changed"] else escape(s["text"])
                            for s in r["segments"])
            console.print(f"    {r['verdict']} {escape(r['outlet'])} {r['language']}"
                          f"{'' if r['direct'] else ' (reported)'}: «{words}»")


def _print_provenance(console, p: dict) -> None:
    """ "N articles, K independent sources", then each source with what derives from it."""
    from .api import sources_line

    console.print(f"[bold]{sources_line(p)}[/]")
    labels = p["labels"]
    for e in p["edges"]:
        console.print(escape(f"  {labels.get(e['to'], e['to'])} [{e['to']}] <- {labels.get(e['from'], e['from'])}"
                             f"{'' if e['in_story'] or e['from'].startswith('agency:') else ' (outside this story)'}: "
                             f"{e['kind']} {e['score']:.2f}; {'; '.join(e['evidence'])}"))


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
        parts = ", ".join(f"{k} {v:.2f}" if k in ("cosine", "entities") else f"{k} {v:+.2f}"
                          for k, v in m.parts.items())
        table.add_row(m.article, escape((a.title if a else "")[:60]), m.matched or "",
                      "" if m.score is None else f"{m.score:.3f}", "" if m.threshold is None else f"{m.threshold:.2f}",
                      parts, "" if m.fit is None else f"{m.fit:+.3f}", escape(m.corrected or ""))
    console.print(table)
    console.print("score: cosine and entity overlap weighed together, plus the kind, place, date and figure parts; "
                  "fit: the mean margin over every other member, which average linkage kept at or above 0")


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
