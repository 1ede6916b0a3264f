"""The layers contract (pyproject.toml, checked by `make lint` with import-linter) names every module of the
package, so a new module cannot sit outside it unchecked."""

from __future__ import annotations

import re

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from conftest import ROOT


def test_every_top_level_module_has_a_layer():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    named = {m.strip() for layer in layers for m in re.split(r"[|:]", layer) if m.strip()}
    package = ROOT / "src" / "crosswire"
    modules = {p.stem for p in package.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert modules - named == set(), "add these modules to [tool.importlinter] layers in pyproject.toml"
    assert named - modules == set(), "the layers name modules that no longer exist"
