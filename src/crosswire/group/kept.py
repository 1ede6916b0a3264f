"""What incremental grouping keeps of its stories between runs, and what a run changed of them.

A kept story is its record, its entity weights and its mean vector (``story_rows``, packed as the state keeps
them); a process that runs again (``watch``, a server) keeps them parsed while the store's state is the one it
parsed or wrote (``kept_stories``). ``changed_records`` tells which stories and threads of the view a run may have
changed, so only theirs are read back and compared.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from ..model import Story, Thread
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
# runs again (``watch``, a server) parses them once, and each run updates the copy with the stories it wrote
_KEPT: dict[str, tuple[str, dict[str, tuple[Story, StoryAgg]]]] = {}


def parsed(d: dict) -> tuple[Story, StoryAgg]:
    return from_dict(Story, d["story"]), StoryAgg(Counter(d["entities"]), unpack(d.get("centroid")))


def kept_stories(store, generation: str | None) -> dict[str, tuple[Story, StoryAgg]]:
    """Every kept story and its aggregate (in id order): this process's copy when it is of the store's current
    state generation, else read."""
    memo = _KEPT.get(store.url)
    if generation is not None and memo is not None and memo[0] == generation:
        return memo[1]
    return {sid: parsed(d) for sid, d in sorted(store.group_stories().items())}


def remember(store, generation: str, kept: Mapping[str, tuple[Story, StoryAgg]], dropped: set[str],
             written: Mapping[str, dict]) -> None:
    """After a run wrote the state of ``generation``: the copy is ``kept`` less the ``dropped`` stories, with the
    story rows ``written`` (parsed as a read gives them)."""
    now = {sid: v for sid, v in kept.items() if sid not in dropped}
    now.update({sid: parsed(round_trip(r)) for sid, r in written.items()})
    _KEPT[store.url] = (generation, dict(sorted(now.items())))


def round_trip(row: dict) -> dict:
    return json.loads(json.dumps(row))


def changed_records(stories: Sequence[Story], threads: Sequence[Thread], linked: Sequence[Sequence[str]],
                     labels_before: Mapping[str, tuple[str, str]], rebuilt: set[str],
                     entities: set[str]) -> dict[str, set[str]]:
    """The stories and threads whose records may differ from the last grouping's: the stories the run dropped or
    built (not those rebuilt as kept), every story of a thread one of them or a story that changed thread is or
    was in (a thread's id is its first story's first article, written into each member), the threads holding any
    of those, and the threads whose title names an entity of the run's articles (its record may take another
    name). ``labels_before``: each kept story's (listing date, thread label: its first story) before the run."""
    label = {sid: sid for sid in (x.id for x in stories)}
    label.update({sid: ids[0] for ids in linked for sid in ids})
    moved = set(rebuilt) | {sid for sid, lb in label.items() if sid in labels_before and labels_before[sid][1] != lb}
    touched = {label[sid] for sid in moved if sid in label} | {labels_before[sid][1] for sid in moved
                                                                if sid in labels_before}
    out = set(moved) | {sid for sid, lb in label.items() if lb in touched}
    out |= {sid for sid, (_, lb) in labels_before.items() if lb in touched}
    thread_ids = {t.id for t in threads if not out.isdisjoint(t.stories) or not entities.isdisjoint(t.entities[:3])}
    return {"stories": out, "threads": thread_ids}
