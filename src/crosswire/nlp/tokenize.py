"""razdel's tokens of a text, each run of non-space characters cut once per process.

razdel cuts a text into atoms (a run of Cyrillic or Latin letters, of digits, one punctuation mark or one other
character) and joins two neighbouring atoms only where no space parts them; its rules look at most one atom
further on either side, and of that atom only its kind. So the tokens of a run of non-space characters (a
"chunk": "России,", "2,5", "из-за") depend only on the chunk and on the kinds of the atoms right before and after
it across the spaces, and those only where the chunk opens (or ends) with a mark razdel joins across (a dash, "_",
".", ",", "/", "\\"): its rules read the atom beyond such a mark. Those are computed by razdel itself, once per
(kind before or None, chunk, kind after or None), and news repeats its chunks: the tokens are razdel's, at a
fraction of its cost (tests/test_speed_paths.py compares both on real texts and on made-up ones full of dashes,
digits and marks).
"""

from __future__ import annotations

import functools
import re

_CHUNK = re.compile(r"\S+")


@functools.lru_cache(maxsize=1)
def _atom():
    from razdel.segmenters.tokenize import ATOM

    return ATOM


@functools.lru_cache(maxsize=8)
def _stand_in(kind: str) -> str:
    """One character razdel reads as an atom of ``kind``."""
    return next(c for c in ("а", "a", "1", ",", "©") if _atom().fullmatch(c).lastgroup == kind)


@functools.lru_cache(maxsize=1)
def _joining() -> frozenset[str]:
    """The one-character atoms razdel's rules join across, reading the atom beyond them (its ``Rule2112``s)."""
    from razdel.segmenters.punct import DASHES

    return frozenset(DASHES) | frozenset("_.,/\\")


@functools.lru_cache(maxsize=200_000)
def _kinds(chunk: str) -> tuple[str, str, bool, bool, bool]:
    """The kinds of the first and the last atom of ``chunk``, whether each is a mark razdel joins across, and
    whether the chunk is one atom (a plain word or number: one token)."""
    atoms = list(_atom().finditer(chunk))
    joining = _joining()
    return (atoms[0].lastgroup, atoms[-1].lastgroup, atoms[0].group() in joining, atoms[-1].group() in joining,
            len(atoms) == 1)


@functools.lru_cache(maxsize=200_000)
def _pieces(before: str | None, chunk: str, after: str | None) -> tuple[tuple[int, int], ...]:
    """razdel's tokens of ``chunk`` (offsets in it) between atoms of the kinds ``before`` and ``after``."""
    from razdel import tokenize

    pre = _stand_in(before) + " " if before else ""
    post = " " + _stand_in(after) if after else ""
    n = len(pre)
    return tuple((s.start - n, s.stop - n) for s in tokenize(pre + chunk + post)
                 if s.start >= n and s.stop <= n + len(chunk))


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, text) of every token razdel finds in ``text``, in order."""
    chunks = [(m.start(), m.group()) for m in _CHUNK.finditer(text)]
    out: list[tuple[int, int, str]] = []
    last = None  # the kind of the last atom of the chunk before
    for k, (at, chunk) in enumerate(chunks):
        _, end_kind, opens, closes, single = _kinds(chunk)
        last_kind, last = last, end_kind
        if single:
            out.append((at, at + len(chunk), chunk))
            continue
        before = last_kind if opens else None  # the atom beyond matters only after a joining mark
        after = _kinds(chunks[k + 1][1])[0] if closes and k + 1 < len(chunks) else None
        for a, b in _pieces(before, chunk, after):
            out.append((at + a, at + b, chunk[a:b]))
    return out
