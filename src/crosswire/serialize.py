"""JSON (de)serialisation of every model type, in one place.

``to_dict`` walks dataclasses, enums and tuples; ``from_dict(cls, d)`` rebuilds a model type from its dict.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from enum import Enum
from typing import Any, TypeVar

from . import model

T = TypeVar("T")

# The document's top-level lists, in the order they are written.
DOCUMENT_KEYS = (
    "articles", "entities", "mentions", "timerefs", "events", "claims", "quotes",
    "framing", "stories", "threads", "claim_groups", "quote_groups", "coverage", "errors", "corrections", "alerts",
)


_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}  # per type: its dataclass field names, None if not one


def to_dict(obj: Any) -> Any:
    """A JSON-ready value for any model object (dataclass, enum, tuple, list, dict or scalar)."""
    kind = type(obj)
    if kind in _SCALARS:
        return obj
    names = _FIELD_NAMES.get(kind, ())
    if names == ():  # decided once per type: writing a store turns every fact into a dict
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(obj)) \
            if dataclasses.is_dataclass(obj) and not isinstance(obj, type) else None
    if names is not None:
        return {name: to_dict(getattr(obj, name)) for name in names}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        # keys sorted: one canonical order whatever the store gave back (PostgreSQL's JSONB reorders keys)
        return {str(k): to_dict(v) for k, v in sorted(obj.items(), key=lambda kv: str(kv[0]))}
    return obj


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    # resolving string annotations is slow; model types never change at run time
    return typing.get_type_hints(cls, vars(model))


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, converter or None) of every field of a model type, resolved once (loading a store calls this per
    row): how a field's value is rebuilt from its type hint, decided once per type instead of once per value."""
    hints = _hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


@functools.cache
def _converter(tp: Any):
    """A function rebuilding a value of type hint ``tp`` that is not None (an enum, a model type, a tuple, a float
    from an int; a union: its first option that takes the value); None where the value is kept as it is.

    Why: reading a store rebuilds every stored fact, and walking the type hint for each value took most of it
    (``typing.get_origin``/``get_args`` per value; 12 of 17 s reading 1,000 articles' facts)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [_converter(a) for a in args if a is not type(None)]
        if not options or options[0] is None:  # the first option keeps the value as it is
            return None

        def union(value, options=options):
            for conv in options:
                if conv is None:
                    return value
                try:
                    return conv(value)
                except (TypeError, ValueError):
                    continue
            return value
        return union
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            if item is None:
                return tuple
            return lambda value: tuple(None if v is None else item(v) for v in value)
        return tuple
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return functools.partial(from_dict, tp)
    if tp is float:
        return lambda value: float(value) if isinstance(value, int) else value
    return None


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild ``cls`` from ``to_dict`` output; unknown keys are ignored so old documents still load."""
    out = {}
    for name, conv in _fields(cls):
        if name in data:
            value = data[name]
            out[name] = value if value is None or conv is None else conv(value)
    return cls(**out)


_LIST_TYPES: dict[str, type] = {
    "articles": model.Article, "entities": model.Entity, "mentions": model.Mention,
    "timerefs": model.TimeRef, "events": model.Event, "claims": model.Claim, "quotes": model.Quote,
    "framing": model.Framing, "stories": model.Story, "threads": model.Thread,
    "claim_groups": model.ClaimGroup, "quote_groups": model.QuoteGroup, "errors": model.InputError, "alerts": model.Alert,
}


def result_to_document(result: model.AnalysisResult) -> dict[str, Any]:
    """The JSON document of a run (schema in docs/json.md)."""
    doc: dict[str, Any] = {"schema": "crosswire/1"}
    for key in DOCUMENT_KEYS:
        doc[key] = to_dict(getattr(result, key))
    return doc


def document_to_result(doc: dict[str, Any]) -> model.AnalysisResult:
    """The typed result a JSON document was written from."""
    result = model.AnalysisResult()
    for key in DOCUMENT_KEYS:
        items = doc.get(key) or []
        cls = _LIST_TYPES.get(key)
        setattr(result, key, [from_dict(cls, x) for x in items] if cls else list(items))
    return result


def dumps(result: model.AnalysisResult, indent: int | None = 2) -> str:
    return json.dumps(result_to_document(result), ensure_ascii=False, indent=indent)
