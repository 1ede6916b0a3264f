"""The `crosswire watch` command: poll feeds on an interval and analyse new entries into the store.

Registered on the main group by ``cli.py``; the work is ``api.watch`` (``crosswire.watch``).
"""

from __future__ import annotations

import click


@click.command("watch")
@click.argument("sources", nargs=-1, required=True)
@click.option("--every", default="10m", show_default=True, help="Interval between rounds (30s, 10m, 1h).")
@click.option("--db", default="crosswire.db", show_default=True, help="SQLite file or postgresql:// URL of the store.")
@click.option("--once", is_flag=True, help="Poll once and exit (same as --max-rounds 1).")
@click.option("--max-rounds", type=click.IntRange(min=1), default=None, help="Stop after this many rounds.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--address", default=None, help="Ray cluster address (default: start a local Ray instance).")
def watch(sources, every, db, once, max_rounds, engine, address) -> None:
    """Poll RSS/Atom feeds (URLs, feed files, OPML lists, or text files of URLs) and analyse new entries."""
    from . import api
    from .errors import CrosswireError

    try:
        interval = api.parse_every(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from None

    def report(r) -> None:
        click.echo(r.summary())
        for err in r.errors:
            click.echo(f"error: {err.source}: {err.error}", err=True)

    try:
        api.watch(list(sources), db, every=interval, max_rounds=1 if once else max_rounds, engine=engine,
                  address=address, on_round=report)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    except CrosswireError as exc:
        raise click.ClickException(str(exc)) from None
