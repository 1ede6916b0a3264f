"""Monitoring: watchlists (saved searches), the alerts a run raises on them, and their delivery.

``after_run`` is what ``analyze`` and each ``watch`` round call once the store is regrouped: it raises the
alerts of the articles no alert pass has seen (``rules``), sends undelivered ones on each watchlist's channels
(``channels``: signed webhook, e-mail) and any scheduled digest that is due (``digest``). The Atom feed
(``atom``) and the alerts page read the stored alerts.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from datetime import datetime, timezone

from ..errors import BadInput
from ..model import Alert, Channel, Watchlist

log = logging.getLogger(__name__)

FIELDS = ("entities", "words", "outlets", "languages", "measures", "stories", "threads")


def new_watchlist(name: str, *, channels: Sequence[Channel] = (), digest_every: float | None = None,
                  base_url: str = "", now: float | None = None, **fields: Sequence[str]) -> Watchlist:
    """A checked watchlist: a name and at least one thing to watch (see ``FIELDS``)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise BadInput(", ".join(sorted(unknown)), f"unknown watchlist field (one of {', '.join(FIELDS)})")
    clean = {k: tuple(dict.fromkeys(x.strip() for x in v if x and x.strip())) for k, v in fields.items()}
    if not any(clean.values()):
        raise BadInput(name or "watchlist", "watch at least one entity, word, outlet, language, measure, story or thread")
    name = (name or "").strip() or _default_name(clean)
    stamp = datetime.fromtimestamp(now or time.time(), timezone.utc).isoformat(timespec="seconds")
    ident = "w-" + hashlib.sha1(f"{name}|{stamp}|{sorted(clean.items())}".encode()).hexdigest()[:10]
    if digest_every is not None and digest_every < 60:
        raise BadInput(str(digest_every), "a digest interval is at least a minute")
    return Watchlist(ident, name[:200], channels=tuple(channels), digest_every=digest_every, created=stamp,
                     base_url=base_url.rstrip("/"), **clean)


def _default_name(fields: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{k[:-1] if k.endswith('s') else k}: {', '.join(v)}" for k, v in fields.items() if v)[:200]


def after_run(store, *, deliver: bool = True) -> list[Alert]:
    """Raise the alerts of what the run changed, then deliver what is pending and due; returns the new alerts.
    A failure here is logged and never fails the run that stored the articles."""
    from .rules import raise_alerts

    t0 = time.perf_counter()
    try:
        fresh = raise_alerts(store)
    except Exception:  # noqa: BLE001 - the articles are stored; the next pass looks at them again
        log.exception("raising alerts failed; they are raised on the next run")
        return []
    t1 = time.perf_counter()
    counts = send_pending(store) if deliver else {}
    log.info("alert pass: %d new alert(s) in %.2f s, delivery %.2f s (%s)", len(fresh), t1 - t0,
             time.perf_counter() - t1, counts)
    return fresh


def send_pending(store) -> dict[str, int]:
    """Deliver undelivered alerts and due digests of every watchlist (what each ``watch`` round does too)."""
    from .channels import deliver
    from .digest import send_due_digests

    lists = store.watchlists()
    if not lists:
        return {"sent": 0, "failed": 0, "digests": 0}
    counts = deliver(store, lists)
    counts["digests"] = send_due_digests(store, lists)
    return counts
