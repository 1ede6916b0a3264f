"""Publication dates of HTML pages on htmldate's evaluation set (eval_default + eval_mediacloud_2020).

Scores the date crosswire's ingest gives a page (HTML reader = trafilatura + htmldate extensive search, then
the URL-path fallback) and plain ``htmldate.find_date`` (extensive) as a harness check, with htmldate's
comparison.py counting: no date = false negative, a wrong day = false positive.
"""

from __future__ import annotations

import gzip
import json
import time

from benchmarks.common import parser, table, write_section

PUBLISHED = ("htmldate[all] 1.10.0 extensive: P 0.908, R 0.993, accuracy 0.903, F 0.949; fast: F 0.925; "
             "newspaper4k F 0.810; goose3 F 0.706 (docs/evaluation.rst, 1000 pages)")


def scores(results: list[tuple[str | None, str]]) -> tuple[float, float, float, float]:
    """(precision, recall, accuracy, F) as htmldate's comparison.py computes them (gold always has a date)."""
    tp = sum(1 for got, gold in results if got == gold)
    fn = sum(1 for got, _ in results if got is None)
    fp = len(results) - tp - fn
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, tp / len(results), (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="pages per file (0 = all)")
    args = ap.parse_args()
    from crosswire.errors import BadInput
    from crosswire.ingest.dates import date_from_url
    from crosswire.ingest.decode import decode
    from crosswire.ingest.html import read_html
    from htmldate import find_date

    folder = args.data / "htmldate_eval"
    rows = []
    by_set: dict[str, dict[str, list]] = {}
    sources: dict[str, int] = {}
    cyr: list[tuple[str | None, str]] = []
    t_ours = t_plain = 0.0
    for name in ("eval_default.json", "eval_mediacloud_2020.json"):
        gold = json.loads((folder / name).read_text(encoding="utf-8"))
        items = sorted(gold.items())[: args.limit or None]
        ours: list[tuple[str | None, str]] = []
        plain: list[tuple[str | None, str]] = []
        for url, item in items:
            path = folder / "html" / f"{item['file']}.gz"
            if not path.exists():
                continue
            raw = gzip.decompress(path.read_bytes())
            t0 = time.perf_counter()
            try:
                doc = read_html(decode(raw, url), url, url=url)[0]
                got, how = doc.published, doc.published_from
            except BadInput:
                got, how = None, None
            if not got:  # as build_article does: the URL path is the fallback
                got = date_from_url(url)
                how = "url" if got else None
            t1 = time.perf_counter()
            ours.append((got, item["date"]))
            sources[how or "none"] = sources.get(how or "none", 0) + 1
            try:
                html = decode(raw, url)
                other = find_date(html, url=url, extensive_search=True, original_date=True)
            except Exception:  # noqa: BLE001 - a harness row: a crash is a missing date
                other = None
            t2 = time.perf_counter()
            plain.append((other[:10] if other else None, item["date"]))
            t_ours += t1 - t0
            t_plain += t2 - t1
            if any(d in url for d in (".ru/", ".ua/", ".kz/", "zaxid.net", "24tv.ua", "unn.com.ua")):
                cyr.append((got, item["date"]))
        by_set[name] = {"ours": ours, "plain": plain}
    n_all = sum(len(v["ours"]) for v in by_set.values())
    for name, res in by_set.items():
        rows.append([f"crosswire ingest — {name}", len(res["ours"]), *scores(res["ours"])])
    all_ours = [x for v in by_set.values() for x in v["ours"]]
    all_plain = [x for v in by_set.values() for x in v["plain"]]
    rows.append(["**crosswire ingest — both**", n_all, *scores(all_ours)])
    rows.append(["htmldate.find_date extensive (same harness) — both", n_all, *scores(all_plain)])
    rows.append(["crosswire ingest — Russian/Ukrainian/Kazakh pages", len(cyr), *scores(cyr)])
    body = (
        f"**Data:** htmldate's evaluation pages: `eval_default.json` (BBAW collection, mostly German) and "
        f"`eval_mediacloud_2020.json` (world news incl. 11 ru/uk pages); {n_all} pages"
        f"{' (first ' + str(args.limit) + ' of each file)' if args.limit else ''}. **Metric:** htmldate's "
        "comparison.py: a right day = TP, a wrong day = FP, no date = FN; precision, recall, accuracy = "
        "TP / all, F from P and R.\n\n"
        + table(["system — set", "pages", "precision", "recall", "accuracy", "F"], rows)
        + f"\n\nWhere crosswire's dates came from: {', '.join(f'{k} {v}' for k, v in sorted(sources.items()))}. "
        f"Time: crosswire reader {1000 * t_ours / max(1, n_all):.0f} ms/page (full text extraction included), "
        f"htmldate alone {1000 * t_plain / max(1, n_all):.0f} ms/page. **Published:** {PUBLISHED}. The published "
        "run uses htmldate 1.10 on 1000 pages; this harness uses the installed htmldate."
    )
    write_section("htmldate", "Publication dates of web pages (htmldate evaluation)", body,
                  ".venv/bin/python -m benchmarks.htmldate", no_write=args.no_write)


if __name__ == "__main__":
    main()
