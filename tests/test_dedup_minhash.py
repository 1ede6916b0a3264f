"""Near-duplicate detection without importing datasketch: the MinHash signatures are datasketch's to the bit on
real SlavicNER texts (so the band keys a store kept stay valid), the pinned LSH shape is the one datasketch
chooses, the in-run band lookup finds what datasketch's LSH finds, and a run's dedup check imports no scipy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FOLDERS = ["slavicner/raw/brexit/ru", "slavicner/raw/brexit/uk", "slavicner/raw/asia_bibi/ru"]


@pytest.fixture(scope="module")
def texts(shared_data) -> list[str]:
    out = []
    for folder in FOLDERS:
        files = sorted((shared_data / folder).glob("*.txt"))[:8]
        out += [f.read_text(encoding="utf-8") for f in files]
    return out


def _edited(text: str) -> str:
    """The text with its last sentence replaced (a near copy of it)."""
    head = text.rstrip().rsplit(".", 2)[0]
    return head + ". Эксперты пока воздерживаются от прогнозов о том, чем закончатся эти переговоры."


def test_signatures_are_datasketchs(texts):
    import numpy as np
    from datasketch import MinHash

    from crosswire.ingest.dedup import NUM_PERM, minhash, shingles

    for text in [*texts, "", "два слова"]:
        ref = MinHash(num_perm=NUM_PERM, seed=1)
        ref.update_batch([s.encode("utf-8") for s in shingles(text)])
        mine = minhash(text)
        assert mine.hashvalues.dtype == ref.hashvalues.dtype
        assert np.array_equal(mine.hashvalues, ref.hashvalues)


def test_pinned_lsh_shape_is_datasketchs():
    from datasketch import MinHashLSH

    from crosswire.ingest.dedup import LSH_PARAMS

    for (threshold, num_perm), (b, r) in LSH_PARAMS.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        assert (lsh.b, lsh.r) == (b, r)


def test_band_lookup_finds_what_datasketch_finds(texts):
    from datasketch import MinHash, MinHashLSH

    from crosswire.ingest.dedup import NUM_PERM, THRESHOLD, Deduplicator, shingles
    from crosswire.model import Article

    def ref_hash(text):
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([s.encode("utf-8") for s in shingles(text)])
        return m

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    dedup = Deduplicator()
    caught = 0
    items = [(f"a{k}", t) for k, t in enumerate(texts)] + [(f"c{k}", _edited(t)) for k, t in enumerate(texts)]
    for ident, text in items:  # the originals, then a near copy of each: a duplicate is not registered
        m = ref_hash(text)
        expected = sorted(lsh.query(m))
        got = dedup.check(Article(id=ident, text=text, source=ident, language="ru")).duplicate_of
        assert got == (expected[0] if expected else None)
        if got is None:
            lsh.insert(ident, m)
        caught += ident.startswith("c") and got is not None
    assert caught >= len(texts) // 2  # the near copies are caught, not only left alone alike


def test_a_dedup_check_imports_no_scipy(texts, tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text(texts[0], encoding="utf-8")
    code = ("import sys\n"
            "from crosswire.ingest.dedup import Deduplicator\n"
            "from crosswire.model import Article\n"
            f"text = open({str(sample)!r}, encoding='utf-8').read()\n"
            "d = Deduplicator()\n"
            "d.check(Article(id='a', text=text, source='a', language='ru'))\n"
            "print(d.check(Article(id='b', text=text + ' x', source='b', language='ru')).duplicate_of)\n"
            "print(sorted(m for m in ('scipy', 'datasketch') if m in sys.modules))\n")
    src = str(Path(__file__).resolve().parents[1] / "src")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"})
    assert out.stdout.split("\n")[:2] == ["a", "[]"]
