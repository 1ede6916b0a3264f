"""The quality gate: each gate pinned in benchmarks/floors.json runs, and no figure is below its floor.

A gate is ``gate(data)`` in a benchmark module (``benchmarks/gates.py`` says how to add and pin one); the floors
name the commit that set them. Needs the shared data (seeds corpus, gold, WMT22 ...): skipped with the reason
where it is absent, like every test on shared data.
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, SHARED_DATA

sys.path.insert(0, str(ROOT))  # the benchmarks package sits beside src/

from benchmarks import gates  # noqa: E402

FLOORS = gates.load_floors()


def test_every_pinned_gate_exists_and_every_gate_is_pinned():
    assert sorted(FLOORS) == gates.gate_names()
    for name, pins in FLOORS.items():
        assert pins and all({"floor", "commit", "date"} <= set(p) for p in pins.values()), name


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_gate_holds_its_floors(name, shared_data):
    figures = gates.gate_function(name)(SHARED_DATA)
    bad = gates.slipped(figures, FLOORS[name])
    assert not bad, f"{name} below its floors:\n" + "\n".join(bad)


def test_slipped_and_update_rules():
    pins = {"f1": {"floor": 0.9, "commit": "abc", "date": "2026-01-01"}}
    assert gates.slipped({"f1": 0.9}, pins) == []
    assert gates.slipped({"f1": 0.89}, pins) == ["f1: 0.8900 < floor 0.9000 (set at abc)"]
    assert "no longer reports" in gates.slipped({}, pins)[0]
    floors = {"g": dict(pins)}
    assert "kept" in gates.update(floors, "g", {"f1": 0.8}, None)[0] and floors["g"]["f1"]["floor"] == 0.9
    gates.update(floors, "g", {"f1": 0.8}, "gold fixed: two items were wrong")
    assert floors["g"]["f1"]["floor"] == 0.8 and floors["g"]["f1"]["reason"].startswith("gold fixed")
    gates.update(floors, "g", {"f1": 0.95, "new": 0.5}, None)
    assert floors["g"]["f1"]["floor"] == 0.95 and "reason" not in floors["g"]["f1"] and floors["g"]["new"]["floor"] == 0.5
