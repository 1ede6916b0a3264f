"""Delivering alerts: a signed JSON webhook and e-mail through SMTP, each retried, each try recorded.

The webhook follows the Standard Webhooks spec (``standardwebhooks``: ``webhook-id`` is the alert's stable id,
so a receiver can drop a repeat; ``webhook-signature`` is an HMAC-SHA256 of id, timestamp and body with the
channel's secret) and is posted with httpx, retried with tenacity on network errors, 429 and 5xx. E-mail goes
through apprise's SMTP plugin (one message per delivery pass, listing every alert not yet sent). A delivery
that still fails is tried again on later passes, up to ``MAX_ATTEMPTS`` in all.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import secrets
from collections.abc import Sequence
from datetime import datetime, timezone
from urllib.parse import parse_qs, quote, urlsplit

from ..errors import BadInput
from ..model import Alert, Channel, Watchlist
from ..serialize import to_dict

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # delivery passes that may try one alert on one channel
TRIES = 3  # tries within one pass (webhook), with exponential back-off
TIMEOUT = 10.0
KINDS = ("webhook", "email")
DEFAULT_BASE = "http://127.0.0.1:8000"


def channel_key(c: Channel) -> str:
    return f"{c.kind}:{c.target}"


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` + base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def make_channel(kind: str, target: str, *, secret: str | None = None, smtp: str | None = None) -> Channel:
    """A checked channel: a webhook gets an http(s) URL and a secret (made when not given); e-mail an address
    and an smtp:// or smtps:// server."""
    if kind == "webhook":
        if urlsplit(target).scheme not in ("http", "https") or not urlsplit(target).hostname:
            raise BadInput(target, "a webhook needs an http:// or https:// URL")
        secret = secret or new_secret()
        try:
            base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except ValueError:
            raise BadInput("secret", "a webhook secret is base64 (optionally after whsec_)") from None
        return Channel("webhook", target, secret=secret)
    if kind == "email":
        if "@" not in target or any(ch in target for ch in " ,;<>\r\n"):
            raise BadInput(target, "not one e-mail address")
        if not smtp or urlsplit(smtp).scheme not in ("smtp", "smtps") or not urlsplit(smtp).hostname:
            raise BadInput(smtp or "smtp", "e-mail needs an SMTP server: smtp://host:port (smtps:// for TLS)")
        return Channel("email", target, smtp=smtp)
    raise BadInput(kind, f"unknown channel (one of {', '.join(KINDS)})")


def absolute(alert: Alert, base: str) -> dict:
    """The alert as JSON with every evidence link made absolute against ``base``."""
    out = to_dict(alert)
    root = (base or DEFAULT_BASE).rstrip("/")
    for link in out["evidence"]:
        link["href"] = root + link["href"] if link["href"].startswith("/") else link["href"]
    return out


def webhook_body(w: Watchlist, alert: Alert) -> str:
    return json.dumps({"type": f"alert.{alert.kind}", "watchlist": {"id": w.id, "name": w.name},
                       "alert": absolute(alert, w.base_url)}, ensure_ascii=False)


def warm() -> None:
    """Import the senders and load apprise's table of plugins now (about a second on a 2-core machine, once per
    process), so a long-running ``watch`` pays it when it starts, not on the way to its first alert."""
    try:
        import httpx  # noqa: F401 - imported for its cost
        import tenacity  # noqa: F401
        from apprise.manager_plugins import NotificationManager
        from standardwebhooks.webhooks import Webhook  # noqa: F401
    except ImportError:  # the monitor extra is not installed: nothing to deliver with
        return
    NotificationManager().load_modules()  # a singleton: every later Apprise().add finds it loaded
    _http_client()


@functools.lru_cache(maxsize=1)
def _http_client():
    """One HTTP client per process (building one makes an SSL context: about 0.1 s a webhook post otherwise);
    never through a proxy from the environment, redirects not followed."""
    import httpx

    return httpx.Client(timeout=TIMEOUT, trust_env=False, follow_redirects=False)


def send_webhook(c: Channel, w: Watchlist, alert: Alert) -> None:
    """POST one alert, signed; retried within the call; raises on final failure."""
    import httpx
    from standardwebhooks.webhooks import Webhook
    from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

    body = webhook_body(w, alert)

    def transient(exc: BaseException) -> bool:
        if isinstance(exc, httpx.HTTPStatusError):
            return exc.response.status_code == 429 or exc.response.status_code >= 500
        return isinstance(exc, httpx.TransportError)

    @retry(stop=stop_after_attempt(TRIES), wait=wait_exponential(multiplier=0.5, max=4),
           retry=retry_if_exception(transient), reraise=True)
    def post() -> None:
        now = datetime.now(timezone.utc)
        signature = Webhook(c.secret or "").sign(alert.id, now, body)
        headers = {"content-type": "application/json", "webhook-id": alert.id,
                   "webhook-timestamp": str(int(now.timestamp())), "webhook-signature": signature,
                   "user-agent": "crosswire-alerts"}
        _http_client().post(c.target, content=body.encode("utf-8"), headers=headers).raise_for_status()

    post()


def apprise_url(c: Channel) -> str:
    """apprise's mailto:// URL for an smtp:// (plain), smtp://...?starttls=1 or smtps:// (TLS) server."""
    u = urlsplit(c.smtp or "")
    q = parse_qs(u.query)
    mode = "ssl" if u.scheme == "smtps" else "starttls" if q.get("starttls") else "insecure"
    port = u.port or (465 if mode == "ssl" else 587 if mode == "starttls" else 25)
    auth = f"{quote(u.username or '', safe='')}:{quote(u.password or '', safe='')}@" if u.username else ""
    sender = q.get("from", [f"crosswire@{_mail_domain(u.hostname or '')}"])[0]
    return (f"mailto://{auth}{u.hostname}:{port}?smtp={u.hostname}&mode={mode}&from={quote(sender)}"
            f"&to={quote(c.target)}&format=html")


def _mail_domain(host: str) -> str:
    """The domain of the default sender: the SMTP server's name, or ``localhost`` for a server given by address
    (apprise refuses a sender at an IP address, so ``smtp://127.0.0.1:25`` could send nothing)."""
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host or "localhost"
    return "localhost"


def send_email(c: Channel, subject: str, html_body: str) -> None:
    """Send one HTML message through the channel's SMTP server (apprise); raises on failure."""
    import apprise

    sender = apprise.Apprise()
    if not sender.add(apprise_url(c)):
        raise BadInput(c.smtp or "smtp", "apprise refused this SMTP server URL")
    for attempt in range(TRIES):
        if sender.notify(title=subject, body=html_body, body_format=apprise.NotifyFormat.HTML):
            return
        log.warning("e-mail to %s failed (try %d of %d)", c.target, attempt + 1, TRIES)
    raise OSError(f"SMTP delivery to {c.target} via {urlsplit(c.smtp or '').hostname} failed")


def alerts_html(w: Watchlist, alerts: Sequence[Alert]) -> str:
    """An e-mail body listing alerts with their evidence links (every value escaped)."""
    from html import escape

    parts = [f"<h2>{escape(w.name)}: {len(alerts)} new alert(s)</h2>"]
    for a in alerts:
        d = absolute(a, w.base_url)
        items = "".join(f'<li><a href="{escape(x["href"])}">{escape(x["label"])}</a>'
                        f'{": " + escape(x["text"]) if x["text"] else ""}</li>' for x in d["evidence"])
        parts.append(f"<h3>{escape(a.title)}</h3><p>{escape(a.summary)}</p><ul>{items}</ul>")
    return "\n".join(parts)


def deliver(store, lists: Sequence[Watchlist] | None = None) -> dict[str, int]:
    """Send every watchlist's undelivered alerts on each of its channels; counts of sent and failed."""
    counts = {"sent": 0, "failed": 0}
    for w in store.watchlists() if lists is None else lists:
        for c in w.channels:
            key = channel_key(c)
            pending = store.undelivered(w.id, key, MAX_ATTEMPTS)
            if not pending:
                continue
            if c.kind == "email":
                batches = [pending]
            else:
                batches = [[a] for a in pending]
            for batch in batches:
                try:
                    if c.kind == "webhook":
                        send_webhook(c, w, batch[0])
                    else:
                        subject = batch[0].title if len(batch) == 1 else f"{w.name}: {len(batch)} new alerts"
                        send_email(c, subject, alerts_html(w, batch))
                    ok, error = True, None
                except Exception as exc:  # noqa: BLE001 - any failure is recorded and retried on a later pass
                    ok, error = False, f"{type(exc).__name__}: {exc}"
                    log.warning("alert delivery on %s failed: %s", key, error)
                for a in batch:
                    store.save_delivery(a.id, key, ok, error)
                counts["sent" if ok else "failed"] += len(batch)
    return counts
