"""The command line: each command parses its options, calls one ``api`` function, and prints."""

from __future__ import annotations

import logging
import sys

import click

from .cli_paths import writable
from .errors import CrosswireError, redact

DB_OPTION = click.option("--db", default="crosswire.db", show_default=True,
                         help="SQLite file or postgresql:// URL of the store.")


class _Group(click.Group):
    """Every command's failure ends as one line on stderr with its exit code (listed in ``main``'s help), never a
    traceback: a ``CrosswireError`` (a missing or foreign store, a bad input), a file the system refuses
    (``OSError``), a failing store, Ctrl-C; anything else is a bug, one line too (in full with -vv)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except CrosswireError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:  # `crosswire ls | head`: the reader left; say nothing more
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error while exiting
            raise click.exceptions.Exit(141) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except Exception as exc:
            from sqlalchemy.exc import SQLAlchemyError

            if logging.getLogger().isEnabledFor(logging.DEBUG):
                raise  # -vv: the whole traceback
            what = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
            if isinstance(exc, SQLAlchemyError):
                raise click.ClickException(f"the store failed: {type(exc).__name__}: {what}") from None
            click.echo(f"Error: internal error in `crosswire {ctx.invoked_subcommand}`: {type(exc).__name__}: {what} "
                       "(a bug: rerun with -vv for the traceback and report it)", err=True)
            raise click.exceptions.Exit(70) from None


@click.group(cls=_Group)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("--config", type=click.Path(dir_okay=False, exists=True), default=None,
              help="TOML settings file (default: $CROSSWIRE_CONFIG, else ./crosswire.toml when present).")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="A setting for this command, over the config file and CROSSWIRE_* variables (repeatable).")
@click.version_option(package_name="crosswire")
@click.pass_context
def main(ctx: click.Context, verbose: int, config: str | None, overrides: tuple[str, ...]) -> None:
    """crosswire: cross-check the news across outlets and languages.

    Settings (docs/settings.md) come from defaults, a TOML file, CROSSWIRE_* variables and --set, in that order.

    \b
    Exit codes: 0 done (unreadable inputs are listed, the rest analysed); 1 an error (nothing ingested, no such
    store, a file that cannot be read or written, the store failed); 2 a wrong option; 3 serve cannot bind;
    70 an internal error (rerun with -vv for the traceback); 130 interrupted.
    """
    from . import settings

    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    options = {}
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--set")
        options[key.strip().replace("-", "_")] = value
    try:
        loaded = settings.load(config, **options)
    except CrosswireError as exc:
        raise click.ClickException(str(exc)) from None
    ctx.with_resource(settings.using(loaded))  # read once, installed for this command only


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@click.option("--json", "json_out", type=click.Path(dir_okay=False), callback=writable,
              help="Write the whole result as one JSON document.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--address", default=None, help="Ray cluster address (default: start a local Ray instance).")
@click.option("--reread", is_flag=True, help="Re-analyse articles already in the store.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--server", default=None, metavar="URL",
              help="Hand the inputs to a running `crosswire serve` (http://127.0.0.1:8000; a login as "
                   "http://NAME:PASSWORD@host:port), which analyses them into its own store without this "
                   "process's start-up and model loads.")
def analyze(inputs, db, json_out, engine, address, reread, quiet, server) -> None:
    """Ingest and analyse files, directories, globs, URLs and feeds into the store."""
    from . import api
    from .views_text import print_summary

    if server:
        _analyze_remote(server, inputs, db=db, json_out=json_out, engine=engine, reread=reread, quiet=quiet)
        return
    try:
        result = api.analyze(list(inputs), db=db, json_out=json_out, engine=engine, address=address, reread=reread)
    except CrosswireError as exc:
        raise click.ClickException(str(exc)) from None
    for err in result.errors:
        click.echo(f"error: {err.source}: {err.error}", err=True)
    _report_limits(result.articles)
    if not quiet:
        print_summary(result)
    if not result.articles:
        raise click.ClickException("nothing was ingested")


def _analyze_remote(server, inputs, *, db, json_out, engine, reread, quiet) -> None:
    """``analyze --server``: the run happens in the server's store, with the server's settings."""
    from click.core import ParameterSource

    from . import api

    ctx = click.get_current_context()
    clash = [name for name, given in (("--json", json_out), ("--engine", engine != "local"), ("--reread", reread),
                                      ("--db", ctx.get_parameter_source("db") is ParameterSource.COMMANDLINE))
             if given]
    if clash:
        raise click.UsageError(f"{', '.join(clash)}: not with --server (the server analyses into its own store, "
                               "with its own settings)")
    try:
        result = api.analyze_remote(server, list(inputs))
    except CrosswireError as exc:
        raise click.ClickException(str(exc)) from None
    for err in result.errors:
        click.echo(f"error: {err.source}: {err.error}", err=True)
    _say_limits([f.split(":", 1)[0] for _, _, f in result.failures], result.failures, len(result.truncated),
                "`crosswire show ID --db STORE`")  # as a local run says them (a failure reads "stage: ...")
    if not result.articles:
        raise click.ClickException("nothing was ingested")
    if not quiet:
        shown = ", ".join(result.articles[:10]) + (f" and {len(result.articles) - 10} more"
                                                   if len(result.articles) > 10 else "")
        click.echo(f"{len(result.articles)} article(s) analysed by {result.server} in {result.seconds:.1f} s: "
                   f"{shown} (`crosswire show ID --db STORE`)")


def _report_limits(articles) -> None:
    """One line each for stage failures (errors, time or memory limits) and texts cut at the length cap."""
    _say_limits([f.split(":", 1)[1] for a in articles for f in a.flags if f.startswith("stage-failed:")],
                [(a.id, a.source, f) for a in articles for f in a.failures],
                sum("truncated" in a.flags for a in articles),
                "`crosswire show ID`, or articles[].failures in the --json document")


def _say_limits(stages, failures, cut: int, details: str) -> None:
    """A run's stage failures (``stages``: the failed stage of each; ``failures``: (article, source, failure)) and
    its texts cut at the length cap, on stderr, shown even with -q; ``details``: where to read more."""
    from collections import Counter

    from .views_text import failure_lines

    failed = Counter(stages)
    if failed:
        click.echo(f"stage failures: {sum(failed.values())} ("
                   + ", ".join(f"{name} {n}" for name, n in failed.most_common())
                   + f"); those articles keep what the other stages found. Details: {details}", err=True)
        for line in failure_lines(failures):  # one line per failure
            click.echo(line, err=True)
    if cut:
        click.echo(f"truncated: {cut} article(s) longer than the analysed length; the rest is kept as noise",
                   err=True)


@main.command()
@DB_OPTION
def rebuild(db) -> None:
    """Relink, regroup and compare the whole store again (a run recompares only what its new articles change)."""
    from . import api

    try:
        counts = api.rebuild(db)
    except CrosswireError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(" · ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))


@main.command("ls")
@DB_OPTION
def ls_cmd(db) -> None:
    """List the stored articles."""
    from . import api
    from .views_text import print_articles

    print_articles(api.list_articles(db))


@main.command()
@click.argument("article_id")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the article and its facts as JSON.")
def show(article_id, db, as_json) -> None:
    """Show one stored article (a unique id prefix is enough) with its facts."""
    from . import api
    from .views_text import print_article

    facts = api.get_article(db, article_id)
    if facts is None:
        raise click.ClickException(f"no article {article_id!r} in {redact(db)}")
    if as_json:
        import json

        from .serialize import to_dict

        click.echo(json.dumps(to_dict(facts), ensure_ascii=False, indent=2))
    else:
        print_article(facts)


from .cli_stories import merge_cmd, split_cmd, stories_cmd, story_cmd  # noqa: E402 - registered after `main`

main.add_command(stories_cmd)
main.add_command(story_cmd)
main.add_command(split_cmd)
main.add_command(merge_cmd)

from .cli_entity import entity_cmd  # noqa: E402 - crosswire entity ID

main.add_command(entity_cmd)

from .cli_web import COMMANDS as _WEB_COMMANDS  # noqa: E402 - serve, report, export

for _cmd in _WEB_COMMANDS:
    main.add_command(_cmd)

from .cli_watch import watch as _watch_cmd  # noqa: E402 - crosswire watch FEEDS --every 10m

main.add_command(_watch_cmd)

from .cli_monitor import COMMANDS as _MONITOR_COMMANDS  # noqa: E402 - watchlist, alerts, digest

for _cmd in _MONITOR_COMMANDS:
    main.add_command(_cmd)

if __name__ == "__main__":  # pragma: no cover
    main()
