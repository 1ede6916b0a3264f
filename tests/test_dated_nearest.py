"""The date-windowed nearest lists (``graph.dated_nearest``) pick their candidates by float32 products and rank
them by exact cosines: the lists equal a brute-force ranking of every article near the query's dates, ties (wire
copies with one title and lead) included, and they skip articles further than ``max_gap_days`` away."""

from __future__ import annotations

import numpy as np

from crosswire.group.graph import DatedPool, dated_nearest
from crosswire.group.index import params


def _brute(keys, windows, vecs, key, window, vec):
    cfg, gap = params()["retrieval"], params()["story"]["max_gap_days"]
    q = np.asarray(vec, dtype=np.float32).astype(np.float64)
    cands = [(-float((np.asarray(v, dtype=np.float32).astype(np.float64) * q).sum()), b)
             for b, w, v in zip(keys, windows, vecs, strict=True)
             if b != key and w[0] <= window[1] + gap and w[1] >= window[0] - gap]
    top = sorted(cands)[:cfg["neighbours"]]
    near = [b for c, b in top if -c >= cfg["min_cosine"]]
    return near, (-top[-1][0] if len(top) >= cfg["neighbours"] else None)


def test_windowed_lists_equal_a_brute_force_ranking():
    rng = np.random.default_rng(7)
    n = 900
    topics = rng.standard_normal((12, 384))
    vecs = topics[rng.integers(0, 12, n)] + 0.5 * rng.standard_normal((n, 384))
    vecs[100:140] = vecs[99]  # forty copies of one title and lead: ties broken by key
    vecs = (vecs / np.linalg.norm(vecs, axis=1)[:, None]).astype(np.float32)
    keys = [f"a{i:04d}" for i in range(n)]
    start = rng.integers(0, 120, n)
    windows = [(int(s), int(s + rng.integers(0, 3))) for s in start]  # four months, a day or three each
    pool = DatedPool(keys, windows, vecs)
    got = dated_nearest(pool, [(k, w, v) for k, w, v in zip(keys, windows, vecs, strict=True)])
    for k, w, v in zip(keys, windows, vecs, strict=True):
        near, last = _brute(keys, windows, vecs, k, w, v)
        assert got[k][0] == near, k
        assert (got[k][1] is None) == (last is None) and (last is None or abs(got[k][1] - last) < 1e-12), k
    assert sum(got[k][1] is not None for k in keys) > n // 2, "few full lists: the margin was never tested"
    # a copy lists the other copies near its dates first (cosine 1), by key
    gap = params()["story"]["max_gap_days"]
    copies = keys[99:140]
    for i, k in enumerate(copies, 99):
        near = [c for j, c in enumerate(copies, 99) if c != k and windows[j][0] <= windows[i][1] + gap
                and windows[j][1] >= windows[i][0] - gap]
        assert near and got[k][0][:len(near)] == near[:params()["retrieval"]["neighbours"]], k
