"""Scale: ingest, deduplication, store writes and reads for 1k and 10k articles built from real texts.

Reading (the NLP stages) is measured by ``pipeline_speed``; this one covers what grows with the corpus around it.
Texts: SlavicNER raw ru+uk and WMT22 ru/uk source documents; above their count, variants join the first half of one
text to the second half of another of the same language (so they are new articles, not near-duplicates).
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from .common import parser, peak_rss_mb, table, write_section


def real_texts(data: Path, langs: tuple[str, ...] = ("ru", "uk")) -> list[tuple[str, str, str]]:
    """(name, language, text) of every SlavicNER raw document and WMT22 source document in ``langs``."""
    out = []
    for f in sorted((data / "slavicner" / "raw").rglob("*.txt")):
        lang = f.parent.name
        if lang in langs:
            out.append((f"slavicner/{f.parent.parent.name}/{f.stem}", lang, f.read_text(encoding="utf-8")))
    for lang in langs:
        path = data / "wmt22_general_ru_uk_en_docs" / f"wmttest2022.{lang}-en.src_ref.jsonl"
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            d = json.loads(line)
            if d.get("origlang") == lang and d.get("src_segments"):
                out.append((f"wmt22/{d['doc_id']}", lang, "\n".join(d["src_segments"])))
    return out


def volume(texts: list[tuple[str, str, str]], n: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """``n`` texts: the real ones first, then half-and-half variants of two texts of one language."""
    out = list(texts[:n])
    rng = random.Random(seed)
    by_lang: dict[str, list[tuple[str, str, str]]] = {}
    for t in texts:
        by_lang.setdefault(t[1], []).append(t)
    langs = sorted(by_lang)
    while len(out) < n:
        lang = langs[len(out) % len(langs)]
        (na, _, a), (nb, _, b) = rng.sample(by_lang[lang], 2)
        pa, pb = a.split("\n"), b.split("\n")
        text = "\n".join(pa[: max(1, len(pa) // 2)] + pb[len(pb) // 2:])
        out.append((f"variant{len(out)}:{na}+{nb}", lang, text))
    return out


def median_length(texts: list[tuple[str, str, str]], lang: str = "ru") -> int:
    return int(statistics.median(len(t) for _, lg, t in texts if lg == lang))


def articles_from(texts: list[tuple[str, str, str]]):
    """Articles built by the real ingest path (cleaning, language ID, ids) from (name, lang, text)."""
    from crosswire.ingest import RawDoc, build_article

    out = []
    for name, _, text in texts:
        title, _, body = text.partition("\n")
        try:
            out.append(build_article(RawDoc(source=name, text=body if len(body) > 200 else text, title=title.strip())))
        except Exception:  # noqa: BLE001 - an empty text after cleaning is simply left out
            continue
    return out


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000", help="corpus sizes (comma-separated)")
    args = p.parse_args()
    from crosswire.ingest.dedup import Deduplicator
    from crosswire.model import ArticleFacts
    from crosswire.store import Store

    texts = real_texts(args.data)
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        corpus = volume(texts, n)
        t0 = time.perf_counter()
        arts = articles_from(corpus)
        t_ingest = time.perf_counter() - t0
        dedup = Deduplicator()
        t0 = time.perf_counter()
        checked = [dedup.check(a) for a in arts]
        t_dedup = time.perf_counter() - t0
        dups = sum(1 for a in checked if a.duplicate_of)
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(str(Path(tmp) / "scale.db"))
            t0 = time.perf_counter()
            for i in range(0, len(checked), 50):
                store.save_facts([ArticleFacts(article=a) for a in checked[i:i + 50]])
            t_save = time.perf_counter() - t0
            t0 = time.perf_counter()
            loaded = store.facts()
            t_load = time.perf_counter() - t0
            store.close()
        assert len(loaded) == len({a.id for a in checked})  # a variant drawn twice is one article
        rows.append([n, len(arts), dups, f"{len(arts) / t_ingest:.0f}", f"{len(arts) / t_dedup:.0f}",
                     f"{len(arts) / t_save:.0f}", f"{t_load:.2f}"])
        print(rows[-1], flush=True)
    body = (
        f"Corpus: {len(texts)} real ru/uk texts (SlavicNER raw, WMT22 sources), median Russian length "
        f"{median_length(texts)} characters; sizes above that are half-and-half variants of two real texts of one "
        "language (see `benchmarks/scale.py`). Articles are built by the real ingest path (cleaning, lingua language "
        "ID, ids); no NLP reading here (see pipeline_speed).\n\n"
        + table(["corpus", "articles", "flagged duplicates", "ingest art/s", "dedup art/s", "SQLite save art/s",
                 "load all facts (s)"], rows)
        + f"\n\nPeak RSS {peak_rss_mb():.0f} MB. Variants that share a half with another text are (rightly) flagged as "
        "near-duplicates by the MinHash check, which is why the 10k corpus has so many; flagged articles are stored "
        "without facts, as `analyze` does. Rates are on the shared 2-core machine (other jobs running)."
    )
    write_section("scale", "Scale: ingest, dedup and store for 1k/10k articles", body,
                  ".venv/bin/python -m benchmarks.scale", no_write=args.no_write)


if __name__ == "__main__":
    main()
