"""docs/json.md cannot drift: every top-level key and every field of every model dataclass is documented."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from crosswire import model
from crosswire.serialize import DOCUMENT_KEYS

DOC = Path(__file__).resolve().parents[1] / "docs" / "json.md"
MODEL_TYPES = [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]


def _documented() -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", DOC.read_text(encoding="utf-8")))


@pytest.mark.parametrize("cls", MODEL_TYPES, ids=[c.__name__ for c in MODEL_TYPES])
def test_every_model_field_is_documented(cls):
    text = DOC.read_text(encoding="utf-8")
    assert cls.__name__ in text
    missing = [f.name for f in dataclasses.fields(cls) if f.name not in _documented()]
    assert not missing, f"{cls.__name__} fields missing from docs/json.md: {missing}"


def test_every_top_level_key_is_documented():
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(encoding="utf-8"), flags=re.M))
    assert set(DOCUMENT_KEYS) | {"schema"} <= rows


def test_enum_values_are_documented():
    text = DOC.read_text(encoding="utf-8")
    for enum in (model.Qualifier, model.Verdict):
        assert all(f"`{m.value}`" in text for m in enum), enum.__name__


def test_documented_published_from_values_cover_the_readers(seed_articles):
    # every provenance the ingest readers can write is explained in the doc
    text = DOC.read_text(encoding="utf-8")
    for value in ("header", "html-meta", "feed", "jsonl", "url"):
        assert f"`{value}`" in text
    assert {a.published_from for a in seed_articles.values()} - {None} <= {"header"}
