"""Watchlists and their alerts: what the alerts page, `crosswire alerts` and the JSON API show.

Channel secrets never leave the store through a view: a webhook shows its URL, e-mail its address.
"""

from __future__ import annotations

from ..model import Alert, Watchlist
from ..serialize import to_dict

FIELDS = ("entities", "words", "outlets", "languages", "measures", "stories", "threads")


def watchlist_row(w: Watchlist, names: dict[str, str] | None = None) -> dict:
    """A watchlist without its secrets; entity ids come with their names."""
    names = names or {}
    out = {"id": w.id, "name": w.name, "created": w.created, "digest_every": w.digest_every,
           "channels": [{"kind": c.kind, "target": c.target} for c in w.channels],
           "feed": f"/alerts/{w.id}.atom", "href": f"/alerts?watchlist={w.id}"}
    for f in FIELDS:
        out[f] = list(getattr(w, f))
    out["entity_names"] = [names.get(e, e) for e in w.entities]
    return out


def alert_row(a: Alert, watchlist_name: str = "", deliveries: list[dict] | None = None) -> dict:
    return to_dict(a) | {"watchlist_name": watchlist_name, "deliveries": deliveries or []}


def alerts_view(store, watchlist: str | None = None, *, since: float | None = None, limit: int = 200) -> dict:
    """Every watchlist, and the newest alerts (of one watchlist when given) with their deliveries."""
    lists = store.watchlists()
    ents = sorted({e for w in lists for e in w.entities})
    names = {e.id: e.name for e in store.entities(ents)} if ents else {}
    by_id = {w.id: w for w in lists}
    alerts = store.alerts(watchlist, since=since, limit=limit)
    sent = store.deliveries([a.id for a in alerts]) if alerts else {}
    return {
        "watchlists": [watchlist_row(w, names) for w in lists],
        "watchlist": watchlist_row(by_id[watchlist], names) if watchlist in by_id else None,
        "alerts": [alert_row(a, by_id[a.watchlist].name if a.watchlist in by_id else "", sent.get(a.id))
                   for a in alerts],
    }


def resolve_entities(store, names: list[str]) -> list[str]:
    """Entity ids for what a person typed: an id as it is, else the stored entity whose name or alias it is
    (case aside), else the gazetteer's entity of that name; other names are kept and resolved when an article
    names them (``monitor.rules.resolve_names``)."""
    wanted = [n.strip() for n in names if n and n.strip()]
    if not wanted:
        return []
    known = store.entities(wanted)
    have = {e.id for e in known}
    rest = [n for n in wanted if n not in have]
    by_name: dict[str, str] = {}
    if rest:
        for e in store.entities():
            for form in (e.name, *e.aliases):
                by_name.setdefault(form.casefold(), e.id)
    return list(dict.fromkeys(n if n in have else by_name.get(n.casefold()) or _gazetteer_id(n) or n for n in wanted))


def _gazetteer_id(name: str) -> str | None:
    """The gazetteer's id for a name in any of its languages ("Доминик Рааб" -> PER:dominic-raab), so a
    watchlist made before any article names the entity matches it from the first one."""
    from ..nlp.gazetteer import gazetteer

    found = gazetteer().lookup(name)
    return found.id if found else None
