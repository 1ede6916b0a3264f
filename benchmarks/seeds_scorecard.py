"""The seeds scorecard: `crosswire analyze` of the five seed articles scored against the analyst's gold.

Runs the whole pipeline on ``../shared/corpus/seeds`` into a fresh store and scores the JSON document with the
project's scorecard (``../shared/tools/scorecard.py``, gold ``../shared/corpus/seeds.gold.yaml``): articles,
entities, claims, events, quotes, stories, comparisons and framing, each figure a share of the gold items.
Its ``gate`` is pinned in ``benchmarks/floors.json`` (``tests/test_quality_gate.py``).

Run: .venv/bin/python -m benchmarks.seeds_scorecard [--data ../shared/data]
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
import time
from pathlib import Path

from .common import parser, table, write_section


def _shared(data: Path) -> Path:
    """The shared folder (the parent of the data folder): corpus/seeds, corpus/seeds.gold.yaml, tools/."""
    return data.resolve().parent


def scorecard(data: Path) -> tuple[list[tuple[str, int, int]], float]:
    """(scorecard rows (name, got, total), seconds of the analysis) of a fresh analysis of the seeds."""
    import yaml

    import crosswire

    shared = _shared(data)
    spec = importlib.util.spec_from_file_location("crosswire_scorecard", shared / "tools" / "scorecard.py")
    if spec is None or spec.loader is None or not (shared / "corpus" / "seeds").is_dir():
        raise FileNotFoundError(f"no seeds corpus and scorecard under {shared}")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seeds.json"
        t0 = time.perf_counter()
        crosswire.analyze([str(shared / "corpus" / "seeds")], db=str(Path(tmp) / "seeds.db"), json_out=out,
                          progress=False)
        took = time.perf_counter() - t0
        doc = json.loads(out.read_text(encoding="utf-8"))
    gold = yaml.safe_load((shared / "corpus" / "seeds.gold.yaml").read_text(encoding="utf-8"))
    return tool.scorecard(doc, gold), took


def gate(data: Path) -> dict[str, float]:
    """Every scorecard figure as a share (1.0 = all gold items)."""
    rows, _ = scorecard(data)
    return {name: (got / total if total else 1.0) for name, got, total in rows}


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    rows, took = scorecard(args.data)
    body = (__doc__.split("\n\n", 1)[1].rsplit("\n\nRun:", 1)[0] + "\n\n"
            + table(["figure", "found", "gold", "share"], [[n, g, t, f"{g / t:.3f}" if t else "—"] for n, g, t in rows])
            + f"\n\nAnalysis of the five seeds, models loading included: {took:.1f} s.\n")
    write_section("seeds_scorecard", "Seeds scorecard (the analyst's gold)", body,
                  ".venv/bin/python -m benchmarks.seeds_scorecard", no_write=args.no_write)


if __name__ == "__main__":
    main()
