"""`crosswire entity ID`: what a person or organisation is quoted as saying across outlets and languages, by date,
renderings of one utterance grouped with their drift (same, shortened, paraphrased, altered)."""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from .errors import redact

DB_OPTION = click.option("--db", default="crosswire.db", show_default=True,
                         help="SQLite file or postgresql:// URL of the store.")
DRIFT_STYLE = {"altered": "bold red", "shortened": "yellow", "paraphrased": "yellow", "same": "green",
               "reference": "dim"}


@click.command("entity")
@click.argument("entity_id")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the entity page's data as JSON.")
def entity_cmd(entity_id, db, as_json) -> None:
    """Show one entity (an id such as Q264766 or PER:theresa-may): names, and everything it is quoted as saying."""
    from rich.console import Console

    from . import api

    v = api.entity_view(db, entity_id)
    if v is None:
        raise click.ClickException(f"no entity {entity_id!r} in {redact(db)}")
    if as_json:
        import json

        click.echo(json.dumps(v, ensure_ascii=False, indent=2))
        return
    con = Console(width=None if sys.stdout.isatty() else 160)
    e = v["entity"]
    con.print(f"[bold]{escape(e['name'])}[/] ({e['type']}) · {len(v['articles'])} articles · "
              f"{', '.join(escape(a) for a in e['aliases'][:8])}")
    con.print(f"\n[bold]Quoted as saying[/] ({len(v['said'])})")
    for s in v["said"]:
        head = s["date"] or "undated"
        if s["verdict"]:
            head += f" · {len(s['renderings'])} renderings · [{DRIFT_STYLE[s['verdict']]}]{s['verdict']}[/] " \
                    f"({escape(s['reason'])})"
        con.print(f"\n  {head}")
        for r in s["renderings"]:
            mark = f"[{DRIFT_STYLE.get(r['verdict'] or '', 'dim')}]{r['verdict']}[/] " if r["verdict"] else ""
            text = "".join(f"[bold red]{escape(x['text'])}[/]" if x["changed"] else escape(x["text"])
                           for x in r["segments"])
            kind = "" if r["direct"] else " (reported)"
            con.print(f"    {mark}{escape(r['outlet'])} · {r['language']}{kind}: «{text}»")
