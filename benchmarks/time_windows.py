"""Inferred publication windows: how often an undated article's window holds its real publication date.

Pages of the htmldate MediaCloud 2020 set (worldwide news with a gold publication date) are reduced to their
body text (trafilatura, no metadata), so the time stage sees an undated article. Only ru/uk/en pages are read.
"""

from __future__ import annotations

import gzip
import json
import statistics
import time
from datetime import date

from .common import parser, table, write_section


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=None)
    args = p.parse_args()
    import trafilatura

    from crosswire.lang import detect_language
    from crosswire.model import Article
    from crosswire.read.time import read_timerefs

    root = args.data / "htmldate_eval"
    gold = json.loads((root / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    per_lang: dict[str, list] = {}
    t0 = time.perf_counter()
    n_docs = 0
    for url, spec in list(gold.items())[:args.limit]:
        path = root / "html" / (spec["file"] + ".gz")
        if not path.exists():
            path = root / "html" / spec["file"]
        if not path.exists():
            continue
        raw = path.read_bytes()
        html = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        text = trafilatura.extract(html.decode("utf-8", "replace"), with_metadata=False) or ""
        lang, _ = detect_language(text) if text else ("und", 0.0)
        if lang not in ("ru", "uk", "en") or len(text) < 200:
            continue
        n_docs += 1
        art, _ = read_timerefs(Article(id="d", source=url, text=text, language=lang), None)
        if not isinstance(spec.get("date"), str):
            continue  # pages without a gold date
        truth = date.fromisoformat(spec["date"])
        row = per_lang.setdefault(lang, [])
        if art.published_window is None:
            row.append(None)
            continue
        start, end = (date.fromisoformat(x) for x in art.published_window)
        row.append((start <= truth <= end, abs((start - truth).days), (end - start).days))
    secs = time.perf_counter() - t0
    rows = []
    for lang, res in sorted(per_lang.items()):
        got = [r for r in res if r]
        inside = sum(r[0] for r in got)
        rows.append([lang, len(res), len(got), f"{inside}/{len(got)}",
                     statistics.median(r[1] for r in got) if got else "-",
                     statistics.median(r[2] for r in got) if got else "-"])
    body = (__doc__.split("\n", 2)[2].strip() + "\n\n"
            + table(["language", "pages", "with a window", "truth inside window", "median |start - truth| days",
                     "median window length days"], rows)
            + f"\n\n{n_docs} pages read in {secs:.1f} s (text extraction included). Most windows here rest on the "
              "latest date the text mentions (the window opens at the start of that day, month or year and closes a "
              "year after its end), which only bounds publication from below: an article about 2016 published in "
              "2020 falls outside. Anchored windows (durations of known events, anniversaries) are rarer. No published figure for this task: htmldate's own "
              "figures (F .949) read the HTML metadata, which is withheld here on purpose.")
    write_section("time_windows", "Inferred publication windows on undated news (htmldate MediaCloud set)", body,
                  "python -m benchmarks.time_windows", no_write=args.no_write)


if __name__ == "__main__":
    main()
