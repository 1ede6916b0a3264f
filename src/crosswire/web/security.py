"""What stands between the network and the app: allowed hosts, same-origin writes, a body-size cap and login.

``Guard`` is plain ASGI middleware, checked in this order for every request:
- the ``Host`` header must name an allowed host (127.0.0.1, localhost and ::1 by default): a page on another
  site that rebinds its DNS name to this server gets 400 (Starlette's TrustedHostMiddleware is not used because
  it cuts an IPv6 ``[::1]:8000`` host at its first colon);
- a write (POST, PUT, PATCH, DELETE) from a browser must come from this very origin: ``Sec-Fetch-Site`` must be
  same-origin (or none: typed by the user) and ``Origin``, when sent, must be this host; a cross-site form or
  fetch gets 403. Clients that send neither header are not browsers and cannot be tricked into a forged write;
- a request body larger than the cap is refused with 413 before it is read;
- without users, a request that came through a reverse proxy (``Forwarded``, ``X-Forwarded-For``, ``X-Real-IP``)
  gets 403: a proxy puts a loopback-bound app on the network, where it needs a login;
- with users configured, every page but the login page, static files and /healthz needs a session cookie (set
  by /login) or HTTP Basic credentials (for scripts). Passwords are stored as argon2id hashes (argon2-cffi);
  sessions are random tokens (``secrets``) kept in memory, so no secret key and no home-made signing. An
  address with 10 failed logins (form or Basic) in 15 minutes gets 429 until the oldest ages out.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from ..api import LOOPBACK_HOSTS

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
COOKIE = "crosswire_session"
SESSION_SECONDS = 12 * 3600
PUBLIC_PREFIXES = ("/login", "/static/", "/healthz")
FORWARDED = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")  # set by reverse proxies


def host_name(header: str) -> str:
    """The host of a ``Host`` header or an origin's netloc, without its port: ``[::1]:8000`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Users:
    """Names and argon2id password hashes, one ``name:hash`` a line (written by ``crosswire add-user``)."""

    def __init__(self, path: str | Path):
        from argon2 import PasswordHasher

        self.path = Path(path)
        self.hasher = PasswordHasher()
        self.hashes: dict[str, str] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                name, sep, hashed = line.strip().partition(":")
                if sep and name and not name.startswith("#"):
                    self.hashes[name] = hashed

    def add(self, name: str, password: str) -> None:
        """Add or replace ``name`` and write the file (readable by its owner only)."""
        if not name or ":" in name or any(c.isspace() for c in name):
            raise ValueError("a user name has no colon and no spaces")
        if len(password) < 8:
            raise ValueError("a password has at least 8 characters")
        self.hashes[name] = self.hasher.hash(password)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch(mode=0o600, exist_ok=True)
        self.path.chmod(0o600)  # a file made by hand (or copied) may be readable by others: hashes can be attacked
        self.path.write_text("".join(f"{n}:{h}\n" for n, h in sorted(self.hashes.items())), encoding="utf-8")

    def check(self, name: str, password: str) -> bool:
        """Whether ``password`` is ``name``'s (in about the same time whether or not the user exists)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        hashed = self.hashes.get(name)
        try:
            if hashed is None:
                self.hasher.verify(self._dummy(), password)  # spend the same time: no user enumeration
                return False
            return self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def _dummy(self) -> str:
        if not hasattr(self, "_dummy_hash"):
            self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))
        return self._dummy_hash

    def __bool__(self) -> bool:
        return bool(self.hashes)


@dataclass
class Sessions:
    """Logged-in sessions: random token -> (user, expiry), in memory (a restart logs everyone out)."""

    seconds: float = SESSION_SECONDS
    live: dict[str, tuple[str, float]] = field(default_factory=dict)

    def open(self, user: str) -> str:
        now = time.time()
        self.live = {t: v for t, v in self.live.items() if v[1] > now}  # forget the expired ones
        token = secrets.token_urlsafe(32)
        self.live[token] = (user, now + self.seconds)
        return token

    def user(self, token: str | None) -> str | None:
        found = self.live.get(token or "")
        return found[0] if found and found[1] > time.time() else None

    def close(self, token: str | None) -> None:
        self.live.pop(token or "", None)


@dataclass
class Throttle:
    """Failed logins per client address: past ``limit`` within ``window`` seconds, that address gets 429 until its
    oldest failure ages out, so passwords cannot be guessed at argon2's speed (nor the CPU kept busy hashing).
    Keyed by address, not by name, so no one can lock a colleague out by typing their name."""

    limit: int = 10
    window: float = 15 * 60
    failures: dict[str, list[float]] = field(default_factory=dict)

    def wait(self, client: str) -> int:
        """Seconds ``client`` must wait before its next try (0: it may try now)."""
        now = time.time()
        recent = [t for t in self.failures.get(client, ()) if t > now - self.window]
        if recent:
            self.failures[client] = recent
        else:
            self.failures.pop(client, None)
        return int(recent[0] + self.window - now) + 1 if len(recent) >= self.limit else 0

    def failed(self, client: str) -> None:
        if len(self.failures) > 10_000:  # bounded memory under a flood of addresses
            self.failures.clear()
        self.failures.setdefault(client, []).append(time.time())


def client_address(scope) -> str:
    return (scope.get("client") or ("?", 0))[0]


class Guard:
    """ASGI middleware: allowed hosts, same-origin writes, the body-size cap, and login where users are set."""

    def __init__(self, app, *, hosts: frozenset[str] = LOOPBACK_HOSTS, users: Users | None = None,
                 sessions: Sessions | None = None, max_body: int = 3_000_000, throttle: Throttle | None = None):
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)
        self.users = users
        self.sessions = sessions or Sessions()
        self.max_body = max_body
        self.throttle = throttle or Throttle()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from starlette.datastructures import Headers

        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if host_name(host) not in self.hosts:
            return await _plain(send, 400, "Invalid Host header: this server answers to "
                                + ", ".join(sorted(self.hosts)) + " (serve --allow-host adds names)")
        if self.users is None and any(h in headers for h in FORWARDED):
            # a reverse proxy put the app on the network: without a login anyone there could write and fetch
            return await _plain(send, 403, "This server has no login, and this request came through a proxy: "
                                "start it with `crosswire serve --users FILE` to serve it on a network")
        if scope["method"] in UNSAFE:
            why = cross_site(headers, host)
            if why:
                return await _plain(send, 403, f"Cross-site request refused: {why}")
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_body:
                return await _plain(send, 413, f"Request body larger than {self.max_body // 1000} kB")
            receive = _capped(receive, self.max_body)
        if self.users is not None and not scope["path"].startswith(PUBLIC_PREFIXES):
            user = self.sessions.user(_cookie(headers, COOKIE))
            if user is None and headers.get("authorization", "").lower().startswith("basic "):
                client = client_address(scope)
                wait = self.throttle.wait(client)
                if wait:
                    return await _plain(send, 429, too_many(wait), [(b"retry-after", str(wait).encode())])
                import asyncio

                user = await asyncio.to_thread(self._basic, headers)  # argon2 is slow on purpose: off the loop
                if user is None:
                    self.throttle.failed(client)
            if user is None:
                path = scope["path"] + (("?" + scope["query_string"].decode("latin-1")) if scope["query_string"] else "")
                if scope["path"].startswith(("/api/", "/openapi.json")) or "text/html" not in headers.get("accept", ""):
                    return await _plain(send, 401, "Log in first (a session cookie from /login, or HTTP Basic)",
                                        [(b"www-authenticate", b'Basic realm="crosswire"')])
                return await _plain(send, 303, "", [(b"location", f"/login?next={quote(path)}".encode())])
            scope.setdefault("state", {})["user"] = user
        return await self.app(scope, receive, send)

    def _basic(self, headers) -> str | None:
        kind, _, value = headers.get("authorization", "").partition(" ")
        if kind.lower() != "basic" or self.users is None:
            return None
        try:
            name, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return name if self.users.check(name, password) else None


class Headers:
    """ASGI middleware adding ``headers`` to every response that does not set them itself. (Plain ASGI, not
    Starlette's BaseHTTPMiddleware, under which a route cannot see its client leave.)"""

    def __init__(self, app, *, headers: dict[str, str]):
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                   *((k, v) for k, v in self.headers if k not in have)]}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def too_many(wait: int) -> str:
    return f"Too many failed logins from this address: try again in {(wait + 59) // 60} min"


def cross_site(headers, host: str) -> str | None:
    """Why a write with these headers comes from another site (None when it comes from this one)."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"Sec-Fetch-Site is {site}"
    origin = headers.get("origin")
    if origin is not None:
        netloc = urlsplit(origin).netloc if origin != "null" else "null"
        if netloc.lower() != host.strip().lower():
            return f"Origin {origin} is not this site"
    return None


def _cookie(headers, name: str) -> str | None:
    from http.cookies import CookieError, SimpleCookie

    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except CookieError:
        return None
    return jar[name].value if name in jar else None


def _capped(receive, limit: int):
    """``receive`` that stops a body (chunked, with no Content-Length) once it passes ``limit`` bytes."""
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


class BodyTooLarge(Exception):
    """A request body passed the cap while it was read."""


async def _plain(send, status: int, text: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})
