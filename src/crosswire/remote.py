"""``crosswire analyze --server URL``: hand a run's inputs to a running ``crosswire serve`` instead of analysing
them in this process.

A new process pays, before its first article, the imports, the models' loads and the first reads of the store's
kept state (vector index, story records). The web app's analysis worker pays them once and then stays up, so a
short run sent to it costs what a run in a long-lived process costs: ten real articles into a store of 10k, reading
included, 1.87 s wall through the server against 3.96 s in a new process (``benchmarks/server_road.py``). Files
are sent with their names (the server keys an article read from a file by its base name, as a local run does);
URLs are fetched by the server, under its own rules for private addresses. A login goes in the address:
``http://NAME:PASSWORD@host:8000``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import CrosswireError, MissingExtra, redact
from .model import InputError

MAX_FILE = 64 * 1024 * 1024  # bytes read of one file here (the server's own limit is usually far lower)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
CHUNK_FILES = 100  # files (or URLs) in one request, one run on the server
CHUNK_BYTES = 1_000_000  # bytes of files in one request (the server takes twice its --max-upload, 2 MB by default)


@dataclass
class RemoteResult:
    """What the server answered for a run: the ids of the articles it stored and the inputs it could not read
    (with those this process could not read)."""

    server: str
    articles: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (article, source, stage failure)
    truncated: list[str] = field(default_factory=list)  # articles cut at the analysed length
    seconds: float = 0.0


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine's loopback: a server bound there serves this machine
    only (``serve``), and a client reaches it through no proxy (``analyze_remote``)."""
    import ipaddress

    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def analyze_remote(server: str, inputs: Sequence[str], *, timeout: float | None = None) -> RemoteResult:
    """Send ``inputs`` (files, directories, globs and URLs, as ``crosswire analyze`` takes them) to the crosswire
    server at ``server``: one run per request of at most ``CHUNK_FILES`` files and ``CHUNK_BYTES`` bytes (a file
    larger than that goes alone), so a folder never outgrows what the server takes in one body. A file the
    server refuses is listed with its reason and the rest goes on; ``CrosswireError`` when no server answers or
    it refuses a request for another reason. ``timeout``: seconds to wait for a run's answer (None: as long as it
    takes; a run is bounded by the server's own limits)."""
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
    sized, urls = [], []
    for item in expand_inputs(list(inputs)):
        if "://" in item:
            urls.append(item)
            continue
        try:
            size = os.path.getsize(item)
        except OSError as exc:
            out.errors.append(InputError(item, f"cannot read: {exc.strerror or exc}"))
            continue
        if size > MAX_FILE:
            out.errors.append(InputError(item, f"too large (> {MAX_FILE // 2**20} MiB)"))
        else:
            sized.append((item, size))
    # a proxy from the environment cannot reach this machine's loopback: not asked for a loopback server
    with httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0),
                      trust_env=not is_loopback(urlsplit(base).hostname or "")) as client:
        for paths, chunk_urls in _chunks(sized, urls):
            files = []
            for path in paths:
                try:
                    with open(path, "rb") as fh:
                        files.append(("file", (path, fh.read(), "application/octet-stream")))
                except OSError as exc:
                    out.errors.append(InputError(path, f"cannot read: {exc.strerror or exc}"))
            if files or chunk_urls:
                _send(client, base, shown, files, chunk_urls, out)
    return out


def _chunks(sized: list[tuple[str, int]], urls: list[str]):
    """(paths, urls) of each request: files in order, at most ``CHUNK_FILES`` and ``CHUNK_BYTES`` a request (a
    larger file alone); then the URLs, ``CHUNK_FILES`` a request."""
    paths: list[str] = []
    total = 0
    for path, size in sized:
        if paths and (len(paths) >= CHUNK_FILES or total + size > CHUNK_BYTES):
            yield paths, []
            paths, total = [], 0
        paths.append(path)
        total += size
    if paths:
        yield paths, []
    for k in range(0, len(urls), CHUNK_FILES):
        yield [], urls[k:k + CHUNK_FILES]


def _send(client, base: str, shown: str, files: list, urls: list[str], out: RemoteResult) -> None:
    """One request: its stored ids and errors added to ``out``."""
    import httpx

    done = f" ({len(out.articles)} articles were analysed before)" if out.articles else ""
    start = time.monotonic()
    try:
        answer = client.post(f"{base}/api/analyze", files=files or None, data={"url": urls} if urls else None)
    except httpx.HTTPError as exc:
        raise CrosswireError(f"no answer from a crosswire server at {shown} ({type(exc).__name__}: "
                             f"{redact(str(exc))}){done}; start one with `crosswire serve --db STORE`") from None
    out.seconds += time.monotonic() - start
    body = _json(answer)
    if answer.status_code in (200, 422) and isinstance(body.get("articles"), list):
        out.articles += [str(a) for a in body["articles"]]
        out.errors += [InputError(str(e.get("source", "")), str(e.get("error", ""))) for e in body.get("errors", ())]
        out.failures += [(str(f.get("article", "")), str(f.get("source", "")), str(f.get("failure", "")))
                         for f in body.get("failures", ())]
        out.truncated += [str(a) for a in body.get("truncated", ())]
        return
    detail = body.get("detail") if body else " ".join(answer.text.split())[:200]
    if answer.status_code == 413:  # larger than the server takes in one body (its --max-upload may be small)
        if len(files) + len(urls) > 1:  # each alone then: only what is too large by itself is refused
            for one in files:
                _send(client, base, shown, [one], [], out)
            for url in urls:
                _send(client, base, shown, [], [url], out)
            return
        out.errors += [InputError(name, f"refused by the server: {detail}") for _, (name, *_) in files]
        out.errors += [InputError(u, f"refused by the server: {detail}") for u in urls]
        return
    if answer.status_code == 401:
        raise CrosswireError(f"the server at {shown} needs a login: put it in the address "
                             f"(http://NAME:PASSWORD@host:port){done}")
    raise CrosswireError(f"the server at {shown} answered {answer.status_code}: "
                         f"{detail or answer.reason_phrase}{done}")


def _json(answer) -> dict:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
