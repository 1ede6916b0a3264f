"""``crosswire analyze --server URL``: hand a run's inputs to a running ``crosswire serve`` instead of analysing
them in this process.

A new process pays, before its first article, the imports, the models' loads and the first reads of the store's
kept state (vector index, story records). The web app's analysis worker pays them once and then stays up, so a
short run sent to it costs what a run in a long-lived process costs: ten real articles into a store of 10k, reading
included, 1.65 s wall through the server against 3.3 s in a new process (``benchmarks/server_road.py``). Files are sent with their names (the server
keys an article read from a file by its base name, as a local run does); URLs are fetched by the server, under
its own rules for private addresses. A login goes in the address: ``http://NAME:PASSWORD@host:8000``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import CrosswireError, MissingExtra, redact
from .model import InputError

MAX_FILE = 64 * 1024 * 1024  # bytes read of one file here (the server's own limit is usually far lower)


@dataclass
class RemoteResult:
    """What the server answered for a run: the ids of the articles it stored and the inputs it could not read
    (with those this process could not read)."""

    server: str
    articles: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    seconds: float = 0.0


def analyze_remote(server: str, inputs: Sequence[str], *, timeout: float = 900.0) -> RemoteResult:
    """Send ``inputs`` (files, directories, globs and URLs, as ``crosswire analyze`` takes them) to the crosswire
    server at ``server`` as one run; ``CrosswireError`` when no server answers or it refuses the request."""
    try:
        import httpx
    except ImportError:
        raise MissingExtra("web", "httpx") from None
    from .ingest.sources import expand_inputs

    shown = redact(server)
    base = server.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise CrosswireError(f"--server {shown}: give the server's address, e.g. http://127.0.0.1:8000")
    out = RemoteResult(server=shown)
    files, urls = [], []
    for item in expand_inputs(list(inputs)):
        if "://" in item:
            urls.append(item)
            continue
        try:
            if os.path.getsize(item) > MAX_FILE:
                out.errors.append(InputError(item, f"too large (> {MAX_FILE // 2**20} MiB)"))
                continue
            with open(item, "rb") as fh:
                files.append(("file", (item, fh.read(), "application/octet-stream")))
        except OSError as exc:
            out.errors.append(InputError(item, f"cannot read: {exc.strerror or exc}"))
    if not files and not urls:
        return out
    start = time.monotonic()
    try:  # a proxy from the environment cannot reach this machine's loopback: not asked for a loopback server
        with httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0), trust_env=not _loopback(base)) as client:
            answer = client.post(f"{base}/api/analyze", files=files or None, data={"url": urls} if urls else None)
    except httpx.HTTPError as exc:
        raise CrosswireError(f"no answer from a crosswire server at {shown} ({type(exc).__name__}: "
                             f"{redact(str(exc))}); start one with `crosswire serve --db STORE`") from None
    out.seconds = time.monotonic() - start
    body = _json(answer)
    if answer.status_code in (200, 422) and isinstance(body.get("articles"), list):
        out.articles = [str(a) for a in body["articles"]]
        out.errors += [InputError(str(e.get("source", "")), str(e.get("error", ""))) for e in body.get("errors", ())]
        return out
    if answer.status_code == 401:
        raise CrosswireError(f"the server at {shown} needs a login: put it in the address "
                             "(http://NAME:PASSWORD@host:port)")
    detail = body.get("detail") if body else " ".join(answer.text.split())[:200]
    raise CrosswireError(f"the server at {shown} answered {answer.status_code}: {detail or answer.reason_phrase}")


def _json(answer) -> dict:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _loopback(url: str) -> bool:
    import ipaddress
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
