"""YAML data files read with libyaml's C parser where PyYAML has it, else (or where libyaml refuses a file)
with PyYAML's Python parser; both build the values through PyYAML's safe constructor.

Every reading process loads some thirty lexicons and rule files at its start: the C parser reads them in a
tenth of the time (measured on the packaged files: 0.31 -> 0.03 CPU s). Every packaged file gives equal values
both ways (tests/test_speed_paths.py), so only the cost changes.
"""

from __future__ import annotations

from typing import Any

import yaml

_C_LOADER = getattr(yaml, "CSafeLoader", None)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, by the C parser when it can."""
    if _C_LOADER is not None:
        try:
            return yaml.load(text, Loader=_C_LOADER)  # noqa: S506 - a safe loader (SafeConstructor)
        except yaml.YAMLError:
            pass  # libyaml is stricter on a few plain scalars (a ':' inside a flow sequence): the Python parser reads them
    return yaml.safe_load(text)
