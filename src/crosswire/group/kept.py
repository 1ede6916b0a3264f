"""What incremental grouping keeps of its stories between runs, and what a run changed of them.

A kept story is its record, its entity weights and its mean vector (``story_rows``, packed as the state keeps
them); a process that runs again (``watch``, a server) keeps them parsed while the store's state is the one it
parsed or wrote, and a run parses only the ones it asks for (``Kept``).
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from ..model import Story
from ..serialize import from_dict, to_dict
from .threads import StoryAgg


def story_rows(built: Sequence[Story], aggs: Sequence[StoryAgg]) -> dict[str, dict]:
    return {st.id: {"story": to_dict(st), "entities": dict(agg.entities), "centroid": pack(agg.centroid)}
            for st, agg in zip(built, aggs, strict=True)}


def pack(v: np.ndarray | None) -> str | None:
    return None if v is None else base64.b64encode(np.asarray(v, dtype=np.float32).tobytes()).decode("ascii")


def unpack(s: str | None) -> np.ndarray | None:
    return None if not s else np.frombuffer(base64.b64decode(s), dtype=np.float32)


# the kept stories parsed, per store, with the state generation they were read or written at: a process that
# runs again (``watch``, a server) parses each once, and each run updates the copy with the stories it wrote
_KEPT: dict[str, tuple[str, dict[str, tuple[Story, StoryAgg]], bool]] = {}


def parsed(d: dict) -> tuple[Story, StoryAgg]:
    return from_dict(Story, d["story"]), StoryAgg(Counter(d["entities"]), unpack(d.get("centroid")))


class Kept:
    """The kept stories of the store's grouping state as a run found it, each read and parsed when first asked for
    (a run reads the records its changes reach, not every one); this process's copy when it is of the store's
    current state generation."""

    def __init__(self, store, generation: str | None):
        self.store = store
        memo = _KEPT.get(store.url)
        fits = generation is not None and memo is not None and memo[0] == generation
        self.parsed: dict[str, tuple[Story, StoryAgg]] = dict(memo[1]) if fits else {}
        self.complete = fits and memo[2]
        self.read = 0  # records read from the store by this run

    def get(self, ids) -> dict[str, tuple[Story, StoryAgg]]:
        """The kept stories of ``ids`` (those kept)."""
        want = [k for k in ids if k not in self.parsed]
        if want and not self.complete:
            got = self.store.group_stories(want)
            self.read += len(got)
            self.parsed.update({k: parsed(d) for k, d in got.items()})
        return {k: self.parsed[k] for k in ids if k in self.parsed}

    def all(self) -> dict[str, tuple[Story, StoryAgg]]:
        """Every kept story (in id order)."""
        if not self.complete:
            got = self.store.group_stories()
            self.read += len(got)
            self.parsed.update({k: parsed(d) for k, d in got.items() if k not in self.parsed})
            self.parsed = {k: v for k, v in self.parsed.items() if k in got}
            self.complete = True
        return dict(sorted(self.parsed.items()))


def remember(store, generation: str, kept: Kept, dropped: set[str], written: Mapping[str, dict]) -> None:
    """After a run wrote the state of ``generation``: the copy is what ``kept`` parsed less the ``dropped``
    stories, with the story rows ``written`` (parsed as a read gives them)."""
    now = {sid: v for sid, v in kept.parsed.items() if sid not in dropped}
    now.update({sid: parsed(round_trip(r)) for sid, r in written.items()})
    _KEPT[store.url] = (generation, now, kept.complete)


def round_trip(row: dict) -> dict:
    return json.loads(json.dumps(row))
