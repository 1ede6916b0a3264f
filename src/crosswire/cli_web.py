"""Commands of the views: ``serve`` the web app, write a ``report`` of stories, ``export`` claims/events CSV.

Registered on the main command group in ``cli.py``.
"""

from __future__ import annotations

import sys

import click

from .cli_paths import writable
from .errors import redact

DB_OPTION = click.option("--db", default="crosswire.db", show_default=True,
                         help="SQLite file or postgresql:// URL of the store.")


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default serves this machine only. Any other needs --users.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--max-upload", default=2_000_000, show_default=True, type=int, help="Largest accepted upload in bytes.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="A host name (or address) clients use to reach the server, besides 127.0.0.1, localhost and "
                   "::1 (repeatable). Requests naming any other host are refused.")
@click.option("--users", type=click.Path(dir_okay=False), envvar="CROSSWIRE_USERS",
              help="Users file (crosswire add-user): every page needs a login. Required off loopback.")
@click.option("--queue", default=4, show_default=True, type=click.IntRange(0, 100),
              help="Web analyses that may wait behind the running one; more get 503.")
@click.option("--warm", is_flag=True,
              help="Start the analysis worker with the server and load its models now, so the first analysis "
                   "(a pasted article, `crosswire analyze --server`) does not wait for them.")
@click.option("--tls-cert", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Serve https with this certificate (PEM; with --tls-key), no proxy needed.")
@click.option("--tls-key", type=click.Path(dir_okay=False, exists=True), default=None,
              help="The certificate's private key (PEM).")
def serve(db, host, port, max_upload, allow_hosts, users, queue, warm, tls_cert, tls_key) -> None:
    """Serve the web app over the store."""
    if bool(tls_cert) != bool(tls_key):
        raise click.UsageError("give --tls-cert and --tls-key together")
    if tls_cert:
        import ssl

        try:  # checked here: uvicorn would say only "[SSL] PEM lib"
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(tls_cert, tls_key)
        except ssl.SSLError as exc:
            raise click.ClickException(f"--tls-cert {tls_cert} / --tls-key {tls_key}: not a PEM certificate and its "
                                       f"private key ({exc.reason or exc})") from None
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - the web extra is missing
        from .errors import MissingExtra

        raise click.ClickException(str(MissingExtra("web", "uvicorn"))) from None
    from .api import is_loopback
    from .web.app import create_app

    if not is_loopback(host) and not users:
        raise click.ClickException(
            f"serving on {host} needs a login: anyone who can reach it could read, add articles and make the "
            "server fetch URLs. Create users with `crosswire add-user NAME --users users.txt`, then pass "
            "--users users.txt (and --allow-host for the name clients use).")
    remote = [h for h in allow_hosts if not is_loopback(h)]
    if remote and not users:
        raise click.ClickException(
            f"clients reaching the server as {', '.join(remote)} (over the network or through a reverse proxy) "
            "need a login: create users with `crosswire add-user NAME --users users.txt` and pass --users users.txt")
    hosts = list(allow_hosts)
    if not is_loopback(host) and host not in ("0.0.0.0", "::"):
        hosts.append(host)  # a concrete address is a name clients may use
    try:
        app = create_app(db, max_upload=max_upload, hosts=hosts, users=users, pending=queue, warm=warm)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    shown = "[" + host + "]" if ":" in host else host
    click.echo(f"crosswire: serving {redact(db)} on {'https' if tls_cert else 'http'}://{shown}:{port}/"
               + (f" (login required; users in {users})" if users else ""), err=True)
    if not is_loopback(host) and not tls_cert:
        click.echo("note: plain http: passwords and session cookies cross the network unencrypted; give "
                   "--tls-cert and --tls-key, or put a TLS proxy in front", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", ssl_certfile=tls_cert, ssl_keyfile=tls_key)


@click.command("add-user")
@click.argument("name")
@click.option("--users", required=True, type=click.Path(dir_okay=False), envvar="CROSSWIRE_USERS",
              help="Users file to create or update (name and argon2id hash per line).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def add_user(name, users, password_stdin) -> None:
    """Add a user (or set a user's password) for `serve --users`."""
    from .web.security import Users

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        Users(users).add(name, password)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{name} can log in (users file {users})", err=True)


@click.command()
@click.argument("story_id", required=False)
@click.option("--all", "all_stories", is_flag=True, help="Report every story in the store.")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default="html", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), callback=writable, help="File to write.")
def report(story_id, all_stories, db, fmt, output) -> None:
    """Write a static report of one story (or --all): self-contained HTML, Markdown or JSON."""
    from .errors import CrosswireError
    from .report.build import write_report

    if bool(story_id) == bool(all_stories):
        raise click.UsageError("give one STORY_ID or --all")
    try:
        path = write_report(db, None if all_stories else [story_id], fmt, output)
    except CrosswireError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {path}", err=True)


@click.command()
@DB_OPTION
@click.option("--claims", "claims_out", type=click.Path(dir_okay=False, allow_dash=True), callback=writable,
              help="CSV file for claims ('-': stdout).")
@click.option("--events", "events_out", type=click.Path(dir_okay=False, allow_dash=True), callback=writable,
              help="CSV file for events ('-': stdout).")
def export(db, claims_out, events_out) -> None:
    """Export every stored claim and/or event as CSV."""
    from .api import open_store

    if not claims_out and not events_out:
        raise click.UsageError("give --claims PATH and/or --events PATH")
    with open_store(db, create=False) as cw:
        for out, what in ((claims_out, "claims"), (events_out, "events")):
            if not out:
                continue
            if out == "-":
                n = cw.export(what, sys.stdout)
            else:
                with open(out, "w", encoding="utf-8", newline="") as fh:
                    n = cw.export(what, fh)
            click.echo(f"{n} {what} -> {out}", err=True)


COMMANDS = (serve, add_user, report, export)
