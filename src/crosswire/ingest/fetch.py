"""Fetching URLs: http(s) only, size-limited, with a timeout, and only from public unicast addresses.

The guard sits where the socket is opened, so it holds for the first request and for every redirect hop: each
connection resolves its host once, refuses the whole answer when any address is not public unicast, and connects
to an address it has just checked (no second lookup a rebinding DNS server could answer differently). Proxies
from the environment are not used: through a proxy the address that is finally reached could not be checked.
``CROSSWIRE_ALLOW_PRIVATE_URLS=1`` lifts the guard (a trusted intranet); ``CROSSWIRE_ALLOW_URL_NETWORKS`` opens
chosen networks only (``10.1.2.0/24,fd00:1::/64``).
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlparse

from ..errors import BadInput

USER_AGENT = "crosswire/0.1 (+https://example.invalid/crosswire)"
MAX_REDIRECTS = 5
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known prefix: the last 32 bits are the IPv4 address reached
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
IP = ipaddress.IPv4Address | ipaddress.IPv6Address


def refusal(ip: IP) -> str | None:
    """Why ``ip`` is no public unicast address (None when it is one): IPv4-in-IPv6 forms are judged by the IPv4
    address they reach (IPv4-mapped, NAT64 64:ff9b::/96, 6to4)."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner, form = None, ""
        if ip.ipv4_mapped is not None:
            inner, form = ip.ipv4_mapped, "IPv4-mapped "
        elif ip in NAT64:
            inner, form = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "NAT64 "
        elif ip.sixtofour is not None:
            inner, form = ip.sixtofour, "6to4 "
        if inner is not None:
            why = refusal(inner)
            return f"{form}{why}" if why else None
        if ip.is_site_local:
            return "site-local"
    for test, why in (("is_unspecified", "unspecified"), ("is_loopback", "loopback"),
                      ("is_link_local", "link-local"), ("is_multicast", "multicast")):
        if getattr(ip, test):
            return why
    if ip in SHARED:
        return "shared address space (100.64.0.0/10)"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "not public"
    return None


class Refused(OSError):
    """A connection the guard refused (an address that is not public unicast, a redirect to another scheme)."""


class Deadline:
    """The whole fetch's time limit: when it is up, every connection the fetch opened is shut down, so a server
    that trickles its headers or body (a byte every few seconds never trips a per-read timeout) cannot hold a
    run, ``watch`` or the web worker. Shutting down a duplicate descriptor ends the connection for every
    descriptor of it, TLS ones included, from the timer's thread while the fetch is blocked reading.
    (A watchdog of our own: urllib has per-operation timeouts only.)"""

    def __init__(self, seconds: float):
        import threading

        self.seconds = seconds
        self.expired = False
        self.socks: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True
        self.timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            if self.expired:
                raise TimeoutError(f"timed out after {self.seconds:.0f} s")
            self.socks.append(sock.dup())

    def _expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.socks:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cancel(self) -> None:
        self.timer.cancel()
        with self.lock:
            for sock in self.socks:
                sock.close()
            self.socks.clear()


class _Timed:
    """A response whose reads fail with ``TimeoutError`` once the fetch's deadline passed (a shut-down connection
    reads as a short, seemingly complete body); closing it stops the deadline's timer."""

    def __init__(self, response, deadline: Deadline):
        self.response, self.deadline = response, deadline

    def read(self, *args):
        data = self.response.read(*args)
        if self.deadline.expired:
            raise TimeoutError(f"timed out after {self.deadline.seconds:.0f} s")
        return data

    def close(self) -> None:
        self.deadline.cancel()
        self.response.close()

    def __getattr__(self, name):
        return getattr(self.response, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass(frozen=True)
class Guard:
    """Which addresses a fetch may connect to: public unicast ones, plus ``networks`` (or all if ``open``);
    ``deadline``: the fetch's time limit, watching every connection opened."""

    open: bool = False
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    deadline: Deadline | None = field(default=None, compare=False)

    @classmethod
    def from_env(cls, allow_private: bool | None = None) -> Guard:
        from ..settings import current

        settings = current()  # $CROSSWIRE_ALLOW_PRIVATE_URLS, $CROSSWIRE_ALLOW_URL_NETWORKS
        if allow_private is None:
            allow_private = settings.allow_private_urls
        raw = ",".join(settings.allow_url_networks)
        try:
            nets = tuple(ipaddress.ip_network(x.strip(), strict=False) for x in raw.split(",") if x.strip())
        except ValueError as exc:
            raise BadInput("CROSSWIRE_ALLOW_URL_NETWORKS", f"not a network list: {exc}") from None
        return cls(bool(allow_private), nets)

    def check(self, host: str, address: str) -> None:
        """Raise ``Refused`` unless ``address`` (a resolved address of ``host``) may be reached."""
        if self.open:
            return
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if any(ip.version == n.version and ip in n for n in self.networks):
            return
        why = refusal(ip)
        if why:
            raise Refused(f"refused: {host} resolves to {ip} ({why})")

    def resolve(self, host: str, port: int | None) -> list[tuple]:
        """``getaddrinfo`` of ``host`` once, every answer checked (one refused address refuses the host)."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise OSError(f"cannot resolve host {host}: {exc.strerror}") from None
        for info in infos:
            self.check(host, info[4][0])
        return infos

    def connect(self, host: str, port: int, timeout, source_address=None) -> socket.socket:
        """A socket connected to a checked address of ``host`` (never a second lookup)."""
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in self.resolve(host, port):
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                if self.deadline is not None:
                    self.deadline.watch(sock)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        raise error or OSError(f"cannot connect to {host}")


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, guard: Guard, **kwargs):
        super().__init__(*args, **kwargs)
        self.guard = guard

    def connect(self) -> None:
        self.sock = self.guard.connect(self.host, self.port, self.timeout, self.source_address)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, guard: Guard, context, **kwargs):
        super().__init__(*args, context=context, **kwargs)
        self.guard, self.tls = guard, context

    def connect(self) -> None:
        sock = self.guard.connect(self.host, self.port, self.timeout, self.source_address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)  # the certificate is checked by name


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: Guard):
        super().__init__()
        self.guard = guard

    def http_open(self, req):
        return self.do_open(functools.partial(_HTTPConnection, guard=self.guard), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: Guard):
        import ssl

        super().__init__()
        self.guard, self.tls = guard, ssl.create_default_context()

    def https_open(self, req):
        return self.do_open(functools.partial(_HTTPSConnection, guard=self.guard, context=self.tls), req)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        target = urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
        scheme = urlparse(target).scheme
        if scheme not in ("http", "https"):
            raise urllib.error.URLError(Refused(f"refused: a redirect to scheme {scheme!r} ({target})"))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def opener(guard: Guard) -> urllib.request.OpenerDirector:
    """An opener with only guarded http(s), redirects and error handling (no proxies, file: or ftp:)."""
    director = urllib.request.OpenerDirector()
    for handler in (_HTTPHandler(guard), _HTTPSHandler(guard), _Redirects(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        director.add_handler(handler)
    return director


def check_url(url: str, allow_private: bool | None = None) -> None:
    """Refuse a non-http(s) URL or one whose host resolves to a non-public address, before any request
    (a clear early error; the connection itself is guarded again at every hop)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise BadInput(url, f"refused: scheme {parsed.scheme!r} is not http(s)")
    try:
        host, port = parsed.hostname, parsed.port
    except ValueError:
        raise BadInput(url, "refused: bad port") from None
    if not host:
        raise BadInput(url, "refused: no host")
    try:
        Guard.from_env(allow_private).resolve(host, port)
    except Refused as exc:
        raise BadInput(url, str(exc)) from None
    except OSError as exc:
        raise BadInput(url, str(exc)) from None


def open_url(url: str, headers: dict[str, str] | None = None, timeout: float = 20.0,
             allow_private: bool | None = None):
    """The response to a guarded GET, all of it (redirects, headers, body) within ``timeout`` seconds: past them
    it raises ``TimeoutError`` (``urllib`` errors propagate; see ``fetch_url`` for their messages). Close it."""
    check_url(url, allow_private)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    deadline = Deadline(timeout)  # the whole fetch, every redirect hop and the body's reading included
    try:
        response = opener(replace(Guard.from_env(allow_private), deadline=deadline)).open(request, timeout=timeout)
    except BaseException as exc:
        deadline.cancel()
        if deadline.expired and not isinstance(exc, urllib.error.HTTPError):
            raise TimeoutError(f"timed out after {timeout:.0f} s") from None
        raise
    return _Timed(response, deadline)


def failure(url: str, exc: BaseException, timeout: float) -> BadInput:
    """The one-line ``BadInput`` for an error raised while fetching ``url``."""
    if isinstance(exc, urllib.error.HTTPError):
        return BadInput(url, f"HTTP {exc.code}")
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, Refused):
        return BadInput(url, str(reason))
    if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
        return BadInput(url, f"timed out after {timeout:.0f} s")
    return BadInput(url, f"cannot fetch: {reason}")


def fetch_url(url: str, timeout: float = 20.0, max_bytes: int = 50 * 1024 * 1024,
              allow_private: bool | None = None) -> tuple[bytes, str | None]:
    """(body, declared charset) of a URL; ``BadInput`` on refusal, timeout, HTTP error or oversize."""
    try:
        with open_url(url, timeout=timeout, allow_private=allow_private) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                # refuse on the declared size, before reading a byte of the body
                raise BadInput(url, f"too large ({int(declared) / 2**20:.0f} MiB > {max_bytes / 2**20:.0f} MiB)")
            data = response.read(max_bytes + 1)
            charset = response.headers.get_content_charset()
    except BadInput:
        raise
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise failure(url, exc, timeout) from None
    if len(data) > max_bytes:
        raise BadInput(url, f"too large (> {max_bytes / 2**20:.0f} MiB)")
    return data, charset
