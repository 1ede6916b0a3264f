"""Fetching URLs: http(s) only, size-limited, with a timeout; private addresses refused unless allowed."""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlparse

from ..errors import BadInput

USER_AGENT = "crosswire/0.1 (+https://example.invalid/crosswire)"


def _allow_private() -> bool:
    return os.environ.get("CROSSWIRE_ALLOW_PRIVATE_URLS", "") not in ("", "0", "false")


def check_url(url: str, allow_private: bool | None = None) -> None:
    """Refuse non-http(s) schemes and (unless allowed) loopback/private/link-local hosts."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise BadInput(url, f"refused: scheme {parsed.scheme!r} is not http(s)")
    if not parsed.hostname:
        raise BadInput(url, "refused: no host")
    if allow_private if allow_private is not None else _allow_private():
        return
    try:
        infos = socket.getaddrinfo(parsed.hostname, None)
    except socket.gaierror as exc:
        raise BadInput(url, f"cannot resolve host: {exc.strerror}") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise BadInput(url, f"refused: {parsed.hostname} is a private or loopback address")


def fetch_url(url: str, timeout: float = 20.0, max_bytes: int = 50 * 1024 * 1024,
              allow_private: bool | None = None) -> tuple[bytes, str | None]:
    """(body, declared charset) of a URL; ``BadInput`` on refusal, timeout, HTTP error or oversize."""
    import urllib.error
    import urllib.request

    check_url(url, allow_private)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                # refuse on the declared size, before reading a byte of the body
                raise BadInput(url, f"too large ({int(declared) / 2**20:.0f} MiB > {max_bytes / 2**20:.0f} MiB)")
            data = response.read(max_bytes + 1)
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        raise BadInput(url, f"HTTP {exc.code}") from None
    except TimeoutError:
        raise BadInput(url, f"timed out after {timeout:.0f} s") from None
    except (urllib.error.URLError, OSError) as exc:
        raise BadInput(url, f"cannot fetch: {getattr(exc, 'reason', exc)}") from None
    if len(data) > max_bytes:
        raise BadInput(url, f"too large (> {max_bytes / 2**20:.0f} MiB)")
    return data, charset
