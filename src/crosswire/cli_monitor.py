"""Monitoring commands: `crosswire watchlist add|ls|rm`, `alerts`, `digest`, `outlets`, `outlet`, `gaps`.

Registered on the main group by ``cli.py``; each opens the store through ``api`` and calls one method.
"""

from __future__ import annotations

import json
import time

import click

from .cli_paths import writable
from .errors import redact

DB_OPTION = click.option("--db", default="crosswire.db", show_default=True,
                         help="SQLite file or postgresql:// URL of the store.")
BASE_OPTION = click.option("--base-url", default="http://127.0.0.1:8000", show_default=True,
                           help="Where `crosswire serve` runs: evidence links in feeds, webhooks and e-mail.")


def since_seconds(text: str) -> float:
    """An epoch time from "24h", "7d", "90m" (that long ago) or an ISO date/time."""
    from datetime import datetime, timezone

    from . import api

    try:
        return time.time() - api.parse_every(text)
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r}: use e.g. 24h, 7d or an ISO date", param_hint="--since") from None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()


def _fail(exc) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group("watchlist")
def watchlist() -> None:
    """Saved searches whose changes raise alerts."""


@watchlist.command("add")
@click.argument("name", required=False, default="")
@click.option("--entity", "entities", multiple=True, help="An entity id or name (repeatable).")
@click.option("--word", "words", multiple=True, help="A word or stem, matched at word starts (repeatable).")
@click.option("--outlet", "outlets", multiple=True, help="An outlet name (repeatable).")
@click.option("--language", "languages", multiple=True, help="A language code: ru, uk, en (repeatable).")
@click.option("--measure", "measures", multiple=True, help='A claim measure, e.g. "troops sent | North Korea".')
@click.option("--story", "stories", multiple=True, help="A story id (repeatable).")
@click.option("--thread", "threads", multiple=True, help="A thread id (repeatable).")
@click.option("--webhook", default=None, help="POST each alert, signed, to this URL.")
@click.option("--secret", default=None, help="The webhook's signing secret (made and printed when not given).")
@click.option("--email", default=None, help="E-mail alerts (and digests) to this address.")
@click.option("--smtp", default=None, envvar="CROSSWIRE_SMTP", help="SMTP server: smtp://user:pass@host:port?from=ADDR "
              "(smtps:// for TLS, ?starttls=1); also $CROSSWIRE_SMTP.")
@click.option("--digest", "digest_every", default=None, help="E-mail a digest this often (24h, 7d).")
@BASE_OPTION
@DB_OPTION
def watchlist_add(name, entities, words, outlets, languages, measures, stories, threads, webhook, secret, email,
                  smtp, digest_every, base_url, db) -> None:
    """Add a watchlist; prints its id (and a webhook's secret)."""
    from . import api
    from .errors import CrosswireError

    try:
        channels = []
        if webhook:
            channels.append(api.make_channel("webhook", webhook, secret=secret))
        if email:
            channels.append(api.make_channel("email", email, smtp=smtp))
        every = api.parse_every(digest_every) if digest_every else None
        if every and not email:
            raise click.BadParameter("a digest is e-mailed: give --email too", param_hint="--digest")
        with api.open_store(db) as cw:
            w = cw.add_watchlist(name, channels=channels, digest_every=every, base_url=base_url, entities=entities,
                                 words=words, outlets=outlets, languages=languages, measures=measures,
                                 stories=stories, threads=threads)
    except (CrosswireError, ValueError) as exc:
        raise _fail(exc) from None
    click.echo(f"{w.id}\t{w.name}")
    for c in w.channels:
        if c.kind == "webhook" and not secret:
            click.echo(f"webhook secret (keep it; receivers verify signatures with it): {c.secret}")


@watchlist.command("ls")
@click.option("--json", "as_json", is_flag=True, help="Print the watchlists as JSON.")
@DB_OPTION
def watchlist_ls(as_json, db) -> None:
    """List the watchlists."""
    from . import api

    with api.open_store(db, create=False) as cw:
        rows = cw.alerts_view(limit=0)["watchlists"]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no watchlists (add one: crosswire watchlist add NAME --entity ... )")
    for r in rows:
        what = "; ".join(f"{k}: {', '.join(r['entity_names'] if k == 'entities' else r[k])}"
                         for k in ("entities", "words", "outlets", "languages", "measures", "stories", "threads")
                         if r[k])
        chans = ", ".join(f"{c['kind']} {c['target']}" for c in r["channels"]) or "feed and alerts page"
        click.echo(f"{r['id']}\t{r['name']}\n    watches {what}\n    delivers to {chans}; feed {r['feed']}")


@watchlist.command("rm")
@click.argument("ident")
@DB_OPTION
def watchlist_rm(ident, db) -> None:
    """Remove a watchlist (a unique id prefix is enough) and its alerts."""
    from . import api

    with api.open_store(db, create=False) as cw:
        if not cw.remove_watchlist(ident):
            raise click.ClickException(f"no watchlist {ident!r} in {redact(db)}")
    click.echo(f"removed {ident}")


@click.command("alerts")
@click.option("--watchlist", "wl", default=None, help="Only this watchlist's alerts.")
@click.option("--since", default=None, help="Only alerts raised since (24h, 7d, or an ISO date).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print the alerts as JSON.")
@click.option("--deliver", is_flag=True, help="First send undelivered alerts and due digests on their channels.")
@DB_OPTION
def alerts(wl, since, limit, as_json, deliver, db) -> None:
    """The newest alerts raised on the watchlists, with their evidence links."""
    from . import api

    with api.open_store(db, create=False) as cw:
        if deliver:
            counts = cw.deliver()
            click.echo(f"delivered {counts['sent']}, failed {counts['failed']}, digests {counts['digests']}", err=True)
        w = cw.watchlist(wl) if wl else None
        if wl and w is None:
            raise click.ClickException(f"no watchlist {wl!r} in {redact(db)}")
        rows = cw.alerts_view(w.id if w else None, since=since_seconds(since) if since else None, limit=limit)["alerts"]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no alerts")
    for r in rows:
        click.echo(f"{r['created']}  [{r['kind']}] {r['title']}  ({r['watchlist_name']}, {r['id']})")
        click.echo(f"    {r['summary']}")
        for link in r["evidence"]:
            click.echo(f"    - {link['label']}: {link['href']}")


@click.command("digest")
@click.option("--since", default="24h", show_default=True, help="The window: 24h, 7d, or an ISO date.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--watchlist", "wl", default=None, help="Only the stories this watchlist watches.")
@click.option("--out", type=click.Path(dir_okay=False), default=None, callback=writable,
              help="Write to this file (default: stdout).")
@click.option("--email", default=None, help="Also e-mail the digest (HTML) to this address.")
@click.option("--smtp", default=None, envvar="CROSSWIRE_SMTP", help="SMTP server for --email (see watchlist add).")
@BASE_OPTION
@DB_OPTION
def digest(since, fmt, wl, out, email, smtp, base_url, db) -> None:
    """Top stories by coverage, new contradictions and updates with evidence, new altered quotes."""
    from pathlib import Path

    from . import api
    from .errors import CrosswireError

    try:
        with api.open_store(db, create=False) as cw:
            d = cw.digest(since_seconds(since), watchlist=wl)
        text = api.render_digest(d, fmt, base_url if (out or email) else "")
        if email:
            api.send_digest(d, api.make_channel("email", email, smtp=smtp), base_url)
    except (CrosswireError, OSError) as exc:
        raise _fail(exc) from None
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _rate(f: dict) -> str:
    return f"{f['count']}/{f['of']}" + (f" ({f['rate']:.0%})" if f["rate"] is not None else "")


@click.command("outlets")
@click.option("--json", "as_json", is_flag=True, help="Print the outlets as JSON.")
@DB_OPTION
def outlets(as_json, db) -> None:
    """Every named outlet: articles, dates, languages, and its outlets.yaml fields (country, language, owner)."""
    from . import api

    with api.open_store(db, create=False) as cw:
        rows = cw.outlets()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['articles']:6d}  {r['outlet']}  [{r.get('country') or '?'}] {', '.join(r['languages'])}  "
                   f"{r['first'] or '?'} .. {r['last'] or '?'}" + (f"  owner: {r['owner']}" if r.get("owner") else ""))


def _print_outlet(v: dict) -> None:
    click.echo(f"{v['outlet']}  [{v.get('country') or '?'}, {v.get('language') or '?'}]"
               + (f"  owner: {v['owner']}" if v.get("owner") else ""))
    click.echo(f"  articles: {v['articles']} ({v['first'] or '?'} .. {v['last'] or '?'}); languages: "
               + ", ".join(f"{x['language']} {x['count']}" for x in v["languages"]))
    click.echo(f"  stories: {v['stories']}, shared with other outlets: {v['shared_stories']}")
    for key, label in (("first_to_report", "first to report"), ("tied_first", "tied first"),
                       ("copies", "copies or translations"), ("outside_range", "figures outside the others' range"),
                       ("later_contradicted_or_updated", "figures later contradicted or updated")):
        f = v[key]
        click.echo(f"  {label}: {_rate(f)}")
        for e in f["evidence"][:5]:
            click.echo(f"    - {e['label']}: {e['href']}")
    click.echo(f"  contradictions taken part in: {len(v['contradictions'])}")
    for g in v["contradictions"][:10]:
        click.echo(f"    - {g['measure']}: {g['reason'][:160]}")
    if v["framing"]:
        click.echo("  framing: " + ", ".join(f"{x['leaning']} {x['count']}" for x in v["framing"]))
    if v["flags"]:
        click.echo("  quality flags: " + ", ".join(f"{x['flag']} {x['count']}" for x in v["flags"]))


@click.command("outlet")
@click.argument("name")
@click.option("--vs", "other", default=None, help="A second outlet, side by side.")
@click.option("--json", "as_json", is_flag=True, help="Print the track record as JSON.")
@DB_OPTION
def outlet(name, other, as_json, db) -> None:
    """An outlet's track record from its own claims, every figure with its evidence links."""
    from . import api

    with api.open_store(db, create=False) as cw:
        v = cw.outlets_compare(name, other) if other else cw.outlet_view(name)
    if v is None:
        raise click.ClickException(f"no article of {name!r}" + (f" or {other!r}" if other else "") + f" in {redact(db)}")
    if as_json:
        click.echo(json.dumps(v, ensure_ascii=False, indent=2))
    elif other:
        click.echo(f"{'':32s} {v['a']['outlet'][:14]:>14s}   {v['b']['outlet'][:14]:>14s}")
        for row in v["rows"]:
            click.echo(f"{row['figure']:32s} {_rate(row['a']):>14s}   {_rate(row['b']):>14s}")
    else:
        _print_outlet(v)


@click.command("gaps")
@click.option("--story", default=None, help="One story: who covered it and who did not.")
@click.option("--by", default="country", show_default=True, help="The outlets.yaml field that groups outlets.")
@click.option("--min-outlets", default=2, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@DB_OPTION
def gaps(story, by, min_outlets, as_json, db) -> None:
    """Coverage gaps: stories only one group of outlets covered (or, with --story, who missed one story)."""
    from . import api

    with api.open_store(db, create=False) as cw:
        out = cw.story_gaps(story, by) if story else cw.blindspots(by, min_outlets)
    if out is None:
        raise click.ClickException(f"no story {story!r} in {redact(db)}")
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    rows = [out] if story else out["stories"]
    if not rows:
        click.echo(f"no story covered by {min_outlets}+ outlets of one {by} only")
    for r in rows:
        click.echo(f"{r['id']}  {r['title'][:90]}")
        click.echo(f"    covered by {', '.join(r['outlets']) or 'no named outlet'} ({', '.join(r['groups']) or '-'}); "
                   f"languages {', '.join(r['languages'])}")
        missing = ", ".join(f"{m['outlet']} ({m['group']})" for m in r["missing_outlets"])
        click.echo(f"    not covered by (publishing {r['window'][0]}..{r['window'][1]}): {missing or '-'}"
                   if r["window"] else "    undated: cannot tell who was publishing at the time")
        if r["missing_languages"]:
            click.echo(f"    languages missing: {', '.join(r['missing_languages'])}")


COMMANDS = (watchlist, alerts, digest, outlets, outlet, gaps)
