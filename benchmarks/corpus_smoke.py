"""Every real article of the shared data sets through the whole pipeline: does any stage fail?

Each subset (a SlavicNER topic and language, a corpus split, a page collection) is analysed as
``crosswire analyze`` would analyse it, into its own fresh SQLite store: the real ingest path (text files, HTML
pages with their URLs, JSONL/TSV rows built into raw documents), every reading stage, storing, story grouping
and comparison. The benchmark reports, per subset, input errors (inputs with no article in them, by reason),
reading-stage failures (``Article.failures``) and any exception that stops a run, with their signatures
(stage, exception type, code location). It looks at nothing else: for the held-out SlavicNER topics only the
failure counts and code locations are printed, never the messages, claims, stories or verdicts.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.common import parser, table, write_section

# SlavicNER topics kept for held-out checks: only failures are reported on them
RESERVED = ("slavicner/ryanair/", "slavicner/covid-19/", "slavicner/us_election_2020/",
            "slavicner/russia_-_ukraine_war/", "slavicner/nord_stream/uk")

Item = object  # an Article or an InputError


def _ingest(paths: list[Path]) -> Iterator[Item]:
    from crosswire.ingest import ingest

    yield from ingest([str(p) for p in paths])


def _raw(source: str, text: str, title: str | None = None, url: str | None = None,
         language: str | None = None) -> Item:
    """An Article built from a record's fields by the ingest path (cleaning, language, outlet), or its error."""
    from crosswire.errors import BadInput
    from crosswire.ingest.base import RawDoc
    from crosswire.ingest.build import build_article
    from crosswire.model import InputError

    try:
        return build_article(RawDoc(source=source, text=text, title=title, url=url, language=language))
    except BadInput as exc:
        return InputError(source, exc.reason)


def _html(path: Path, url: str | None) -> Iterator[Item]:
    from crosswire.errors import BadInput
    from crosswire.ingest.build import build_article
    from crosswire.ingest.html import read_html
    from crosswire.ingest.sources import decode
    from crosswire.model import InputError

    try:
        for doc in read_html(decode(gzip.decompress(path.read_bytes()), str(path)), str(path), url=url):
            yield build_article(doc)
    except BadInput as exc:
        yield InputError(str(path), exc.reason)


def slavicner(data: Path) -> Iterator[tuple[str, Callable[[], Iterator[Item]]]]:
    for folder in sorted((data / "slavicner" / "raw").glob("*/*")):
        files = sorted(folder.glob("*.txt"))
        yield f"slavicner/{folder.parent.name}/{folder.name}", lambda files=files: _ingest(files)


def ner_uk(data: Path):
    for folder in sorted((data / "ner-uk" / "v2.0" / "data").glob("*/")):
        files = sorted(folder.glob("*.txt"))
        yield f"ner-uk/{folder.name}", lambda files=files: _ingest(files)


def nerel(data: Path):
    for split in ("train", "dev", "test"):
        files = sorted((data / "nerel" / "NEREL-v1.1" / split).glob("*.txt"))
        yield f"nerel/{split}", lambda files=files: _ingest(files)


def factrueval(data: Path):
    for split in ("devset", "testset"):
        files = sorted((data / "factrueval2016" / split).glob("*.txt"))
        yield f"factrueval/{split}", lambda files=files: _ingest(files)


def wmt22(data: Path):
    for pair in ("ru-en", "uk-en"):
        path = data / "wmt22_general_ru_uk_en_docs" / f"wmttest2022.{pair}.src_ref.jsonl"

        def items(path=path) -> Iterator[Item]:
            for line in path.open(encoding="utf-8"):
                d = json.loads(line)
                for side in ("src", "ref"):
                    segs = [s.strip() for s in d[f"{side}_segments"] if s.strip()]
                    if segs:
                        yield _raw(f"wmt22/{d['doc_id']}.{d[f'{side}_lang']}", "\n".join(segs[1:]) or segs[0],
                                   title=segs[0] if len(segs) > 1 else None)
        yield f"wmt22/{pair}", items


def scrapinghub(data: Path):
    folder = data / "scrapinghub_article_extraction"
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    yield "scrapinghub", lambda: (x for key, item in sorted(gold.items())
                                  for x in _html(folder / "html" / f"{key}.html.gz", item.get("url")))


def htmldate(data: Path):
    folder = data / "htmldate_eval"
    for name in ("eval_mediacloud_2020", "eval_default"):
        gold = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        pages = [(folder / "html" / f"{item['file']}.gz", url) for url, item in sorted(gold.items())]
        yield f"htmldate/{name}", lambda pages=pages: (x for p, url in pages if p.exists() for x in _html(p, url))


def trafilatura_eval(data: Path):
    folder = data / "trafilatura_eval"
    gold = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = [(folder / "html" / f"{item['file']}.gz", url) for url, item in sorted(gold.items())]
    pages = [(p if p.exists() else p.with_suffix(""), url) for p, url in pages]
    yield "trafilatura_eval", lambda: (x for p, url in pages if p.exists() for x in _html(p, url))


def tgcontest(data: Path):
    def items() -> Iterator[Item]:
        seen: set[str] = set()
        csv.field_size_limit(sys.maxsize)
        for path in sorted((data / "tgcontest_pairs_dev").glob("*.tsv")):
            with path.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f, delimiter="\t"):
                    for side in ("first", "second"):
                        url = row[f"INPUT:{side}_url"]
                        if url not in seen:
                            seen.add(url)
                            yield _raw(f"tgcontest/{url}", row[f"INPUT:{side}_text"],
                                       title=row[f"INPUT:{side}_title"], url=url)
    yield "tgcontest_pairs_dev", items


SOURCES = (slavicner, ner_uk, nerel, factrueval, wmt22, scrapinghub, htmldate, trafilatura_eval, tgcontest)


def signature(failure: str, reserved: bool) -> str:
    """``stage: Type (where)``; the message too where the subset is a development one."""
    stage, _, rest = failure.partition(": ")
    kind, _, message = rest.partition(": ")
    where = re.search(r"\(([\w/.]+:\d+)\)$", failure)
    loc = f" ({where.group(1)})" if where else ""
    if reserved:
        return f"{stage}: {kind}{loc}"
    return failure if len(failure) < 160 else f"{stage}: {kind}: {message[:80]}…{loc}"


def run_subset(name: str, items: Callable[[], Iterator[Item]], limit: int | None) -> dict:
    from crosswire import api
    from crosswire.model import InputError
    from crosswire.pipeline import describe_failure

    reserved = name.startswith(RESERVED)
    got: list = []
    for x in items():
        got.append(x)
        if limit and len(got) >= limit:
            break
    row = {"subset": name, "inputs": len(got), "reserved": reserved, "articles": 0, "input_errors": Counter(),
           "failures": Counter(), "failed_articles": 0, "crash": None, "examples": {}}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crosswire-smoke-") as tmp:
        try:
            result = api.analyze([], db=str(Path(tmp) / "smoke.db"), articles=iter(got), progress=False)
        except Exception as exc:  # noqa: BLE001 - a crash of the whole run is what this benchmark reports
            logging.getLogger(__name__).exception("run %s crashed", name)
            row["crash"] = signature(describe_failure("run", exc), reserved)
            result = None
    row["seconds"] = time.perf_counter() - t0
    for x in got:
        if isinstance(x, InputError):
            row["input_errors"][re.sub(r"\d+", "N", x.error)[:60]] += 1
    if result is not None:
        row["articles"] = len(result.articles)
        for a in result.articles:
            if a.failures:
                row["failed_articles"] += 1
            for f in a.failures:
                sig = signature(f, reserved)
                row["failures"][sig] += 1
                if not reserved:
                    row["examples"].setdefault(sig, a.source)
    return row


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="run only subsets whose name contains this")
    p.add_argument("--limit", type=int, default=0, help="at most this many inputs per subset (0: all)")
    args = p.parse_args()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    rows = []
    for source in SOURCES:
        for name, items in source(args.data):
            if args.only and args.only not in name:
                continue
            row = run_subset(name, items, args.limit or None)
            print(f"{name}: {row['articles']} articles, {sum(row['failures'].values())} stage failures, "
                  f"{sum(row['input_errors'].values())} input errors, crash: {row['crash']}, "
                  f"{row['seconds']:.0f} s", file=sys.stderr, flush=True)
            rows.append(row)
    body = report(rows, args)
    partial = bool(args.only or args.limit)
    write_section("corpus_smoke", "Corpus smoke: every real article through the whole pipeline", body,
                  "python -m benchmarks.corpus_smoke", no_write=args.no_write or partial)


def report(rows: list[dict], args) -> str:
    total_fail = sum(sum(r["failures"].values()) for r in rows)
    crashes = [r for r in rows if r["crash"]]
    lines = [
        "Each subset is analysed into a fresh store as `crosswire analyze` would (ingest, every reading stage, "
        "store, grouping, comparison). *Input errors* are inputs holding no article (not failures); "
        "*stage failures* are reading stages that raised on an article (the article keeps the rest); a *crash* "
        "stops a run. Held-out SlavicNER topics (marked †) report failures only."
        + (f" Partial run: --only {args.only!r} --limit {args.limit}." if args.only or args.limit else ""),
        "",
        table(["subset", "inputs", "articles", "input errors", "stage failures", "articles failed", "crash", "s"],
              [[r["subset"] + (" †" if r["reserved"] else ""), r["inputs"], r["articles"],
                sum(r["input_errors"].values()), sum(r["failures"].values()), r["failed_articles"],
                r["crash"] or "—", f"{r['seconds']:.0f}"] for r in rows]),
        "",
        f"**Total**: {sum(r['inputs'] for r in rows)} inputs, {sum(r['articles'] for r in rows)} articles, "
        f"**{total_fail} stage failures**, **{len(crashes)} crashed runs**.",
    ]
    sigs: Counter = Counter()
    example: dict[str, str] = {}
    for r in rows:
        for sig, n in r["failures"].items():
            sigs[sig] += n
            if sig in r["examples"]:
                example.setdefault(sig, r["examples"][sig])
    if sigs:
        lines += ["", "Stage failures by signature:", "",
                  table(["failure", "count", "example (development data)"],
                        [[s.replace("|", "\\|"), n, example.get(s, "held-out")] for s, n in sigs.most_common()])]
    reasons: Counter = Counter()
    for r in rows:
        reasons.update(r["input_errors"])
    if reasons:
        lines += ["", "Input errors by reason: " + "; ".join(f"{k} ×{v}" for k, v in reasons.most_common())]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
