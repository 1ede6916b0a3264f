"""Ingest throughput: 10,000 plain-text articles from real ru/uk texts through ``ingest`` and dedup (no NLP).

The corpus is built in a temporary folder from SlavicNER raw (ru, uk), NER-UK 2.0 (uk, detokenised) and WMT22
source documents (ru, uk), cycled until the target count; every copy after the first gets a variant line on
top, so file names and ids differ and dedup has real near-duplicates to find.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from benchmarks.common import parser, peak_rss_mb, table, write_section
from benchmarks.langid import detok


def base_texts(data: Path) -> list[tuple[str, str]]:
    """(title, body) of every source text."""
    out = []
    for path in sorted((data / "slavicner" / "raw").glob("*/*/*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        out.append((title.strip(), body.strip()))
    for path in sorted((data / "ner-uk" / "v2.0" / "data").glob("*/*.txt")):
        text = detok(path.read_text(encoding="utf-8")).strip()
        first, _, rest = text.partition("\n")
        out.append((first[:200], rest or first))
    for pair in ("ru-en", "uk-en"):
        for line in (data / "wmt22_general_ru_uk_en_docs" / f"wmttest2022.{pair}.src_ref.jsonl").open(encoding="utf-8"):
            segs = json.loads(line)["src_segments"]
            if len(segs) > 1:
                out.append((segs[0][:200], "\n".join(segs[1:])))
    return out


def build(folder: Path, texts: list[tuple[str, str]], n: int) -> int:
    """Write ``n`` article files; returns their total size in bytes."""
    size = 0
    for i in range(n):
        title, body = texts[i % len(texts)]
        cycle = i // len(texts)
        marker = f"Вариант {cycle}.\n" if cycle else ""
        text = f"{title}\n{marker}{body}\n"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000, help="articles to build (default 10,000)")
    args = ap.parse_args()
    from crosswire.ingest import ingest
    from crosswire.ingest.dedup import Deduplicator
    from crosswire.model import Article

    texts = base_texts(args.data)
    with tempfile.TemporaryDirectory(prefix="cw-ingest-") as tmp:
        folder = Path(tmp)
        size = build(folder, texts, args.n)
        rss_before = peak_rss_mb()
        c0 = time.process_time()
        t0 = time.perf_counter()
        articles, errors = [], 0
        for item in ingest([str(folder)]):
            if isinstance(item, Article):
                articles.append(item)
            else:
                errors += 1
        t1, c1 = time.perf_counter(), time.process_time()
        dedup = Deduplicator()
        checked = [dedup.check(a) for a in articles]
        t2, c2 = time.perf_counter(), time.process_time()
    exact = sum("exact-duplicate" in a.flags for a in checked)
    near = sum("near-duplicate" in a.flags for a in checked)
    langs: dict[str, int] = {}
    for a in articles:
        langs[a.language] = langs.get(a.language, 0) + 1
    n = len(articles)
    expected = max(0, args.n - len(texts))
    rows = [
        ["ingest (read, decode, clean, title, language, outlet, id)", f"{t1 - t0:.1f}", f"{c1 - c0:.1f}",
         f"{n / (t1 - t0):.0f}", f"{n / (c1 - c0):.0f}"],
        ["dedup (exact hash + MinHash LSH, 128 perm)", f"{t2 - t1:.1f}", f"{c2 - c1:.1f}", f"{n / (t2 - t1):.0f}",
         f"{n / (c2 - c1):.0f}"],
        ["**both**", f"{t2 - t0:.1f}", f"{c2 - c0:.1f}", f"{n / (t2 - t0):.0f}", f"{n / (c2 - c0):.0f}"],
    ]
    body = (
        f"**Data:** {args.n:,} plain-text files ({size / 2**20:.0f} MiB) built from {len(texts):,} real texts "
        "(SlavicNER raw ru+uk, NER-UK 2.0 detokenised, WMT22 ru/uk source documents), cycled; copies after the "
        "first cycle carry a \"Вариант N.\" line so their ids and texts differ. Run on one process, no NLP "
        "reading, no store; the machine is shared with other jobs, so wall time exceeds CPU time.\n\n"
        + table(["step", "wall s", "CPU s", "articles/s (wall)", "articles/s (CPU)"], rows)
        + f"\n\n{n:,} articles, {errors} input errors; languages: "
        + ", ".join(f"{k} {v}" for k, v in sorted(langs.items()))
        + f". Dedup linked {exact + near:,} articles ({exact} exact, {near} near) of the {expected:,} variant "
        "copies (copies of short texts fall under the MinHash threshold, as designed). Peak RSS "
        f"{peak_rss_mb():.0f} MB ({rss_before:.0f} MB before ingest; lingua models load on the first article). "
        "**Published:** none (a throughput figure of this project)."
    )
    write_section("ingest_speed", "Ingest throughput (10,000 articles)", body,
                  ".venv/bin/python -m benchmarks.ingest_speed", no_write=args.no_write)


if __name__ == "__main__":
    main()
