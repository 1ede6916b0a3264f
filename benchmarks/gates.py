"""The quality gate: fast figures whose floors are pinned in ``benchmarks/floors.json``.

A gate is a function ``gate(data: Path) -> dict[str, float]`` at the top of a benchmark module (higher is
better for every figure it returns); ``tests/test_quality_gate.py`` runs each gate that has floors and fails
when a figure is below its floor by more than ``EPSILON``. Every floor records the commit it was measured at.

    python -m benchmarks.gates                     # every gate: figures against floors
    python -m benchmarks.gates --only seeds_scorecard --update   # pin (or raise) that gate's floors
    python -m benchmarks.gates --only X --update --allow-lower "why"   # lowering needs a reason

Raising a floor is a normal commit; lowering one needs ``--allow-lower REASON`` (kept in floors.json beside
the floor) and the reason in the commit message. To add a gate: write ``gate(data)`` in a benchmark module
(seconds, not minutes: the whole gate must keep CI under 15 minutes), then pin it with ``--update``.
"""

from __future__ import annotations

import ast
import importlib
import json
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .common import git_rev, parser

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "floors.json"
# one flipped item of a small gold moves a share by far more; this only absorbs float noise
EPSILON = 1e-6


def gate_names() -> list[str]:
    """Benchmark modules that define a top-level ``gate`` function, sorted."""
    out = []
    for path in sorted(HERE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "gate" for n in tree.body):
            out.append(path.stem)
    return out


def gate_function(name: str) -> Callable[[Path], dict[str, float]]:
    return importlib.import_module(f"benchmarks.{name}").gate


def load_floors() -> dict[str, dict[str, dict]]:
    """gate -> figure -> {"floor", "commit", "date"[, "reason"]}."""
    return json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.is_file() else {}


def slipped(figures: dict[str, float], floors: dict[str, dict]) -> list[str]:
    """One line per pinned figure below its floor (or missing from the gate's output)."""
    out = []
    for figure, pin in sorted(floors.items()):
        if figure not in figures:
            out.append(f"{figure}: the gate no longer reports it (floor {pin['floor']}, set at {pin['commit']})")
        elif figures[figure] < pin["floor"] - EPSILON:
            out.append(f"{figure}: {figures[figure]:.4f} < floor {pin['floor']:.4f} (set at {pin['commit']})")
    return out


def update(floors: dict, name: str, figures: dict[str, float], allow_lower: str | None) -> list[str]:
    """Pin ``figures`` as ``name``'s floors: raised where higher, lowered only with a reason; returns changes."""
    pins = floors.setdefault(name, {})
    commit, date, changes = git_rev(), time.strftime("%Y-%m-%d"), []
    for figure, value in sorted(figures.items()):
        old = pins.get(figure)
        value = math.floor(float(value) * 10_000 + 1e-9) / 10_000  # rounded down: a floor never sits above its figure
        if old is not None and value < old["floor"] - EPSILON and not allow_lower:
            changes.append(f"{figure}: {value:.4f} is below the floor {old['floor']:.4f}; kept (--allow-lower REASON)")
            continue
        if old is None or abs(value - old["floor"]) > EPSILON:
            pins[figure] = {"floor": value, "commit": commit, "date": date}
            if old is not None and value < old["floor"]:
                pins[figure]["reason"] = allow_lower
            changes.append(f"{figure}: {'new' if old is None else old['floor']} -> {value}")
    return changes


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="comma-separated gate names (default: every gate)")
    p.add_argument("--update", action="store_true", help="pin the figures measured now as floors")
    p.add_argument("--allow-lower", metavar="REASON", default=None, help="let --update lower a floor, for REASON")
    args = p.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()] or gate_names()
    floors, failed = load_floors(), []
    for name in names:
        t0 = time.perf_counter()
        figures = gate_function(name)(args.data)
        print(f"\n{name} ({time.perf_counter() - t0:.0f} s)")
        for figure, value in sorted(figures.items()):
            pin = floors.get(name, {}).get(figure)
            print(f"  {figure:40s} {value:8.4f}   floor {pin['floor'] if pin else '—'}")
        bad = slipped(figures, floors.get(name, {}))
        failed += [f"{name} {line}" for line in bad]
        if args.update:
            for line in update(floors, name, figures, args.allow_lower):
                print(f"  pinned {line}")
    if args.update:
        FLOORS.write_text(json.dumps(floors, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    if failed and not args.update:
        sys.exit("below the floor:\n" + "\n".join(failed))


if __name__ == "__main__":
    main()
