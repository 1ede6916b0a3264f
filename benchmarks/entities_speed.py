"""Speed and memory of the language analyzers and the entities stage on real news articles (ru, uk, en).

Run: .venv/bin/python -m benchmarks.entities_speed [--data ../shared/data] [--limit 80]
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

from .common import parser, peak_rss_mb, table, write_section


def samples(data: Path, limit: int) -> dict[str, list[str]]:
    """News texts per language: WMT22 ru news documents and their English references, SlavicNER uk articles."""
    ru, en = [], []
    for line in (data / "wmt22_general_ru_uk_en_docs" / "wmttest2022.ru-en.src_ref.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        if doc.get("domain") == "news":
            ru.append("\n".join(doc["src_segments"]))
            en.append("\n".join(doc["ref_segments"]))
    uk = [p.read_text(encoding="utf-8") for p in sorted((data / "slavicner" / "raw").glob("*/uk/*.txt"))]
    return {"ru": ru[:limit], "uk": uk[:limit], "en": en[:limit]}


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=80, help="articles per language")
    args = p.parse_args()
    from crosswire.model import Article
    from crosswire.nlp import get_analyzer
    from crosswire.read.entities import read_entities

    rows = []
    for lang, texts in samples(args.data, args.limit).items():
        rss0 = peak_rss_mb()
        t0 = time.perf_counter()
        analyzer = get_analyzer(lang)
        analyzer.parse("Тест. Test.")
        load = time.perf_counter() - t0
        parse_ms, ent_ms, cpu_ms = [], [], []
        for i, text in enumerate(texts):
            c0 = time.process_time()
            t0 = time.perf_counter()
            parsed = analyzer.parse(text)
            t1 = time.perf_counter()
            read_entities(Article(id=str(i), source="bench", text=text, language=lang), parsed)
            t2 = time.perf_counter()
            cpu_ms.append(1000 * (time.process_time() - c0))
            parse_ms.append(1000 * (t1 - t0))
            ent_ms.append(1000 * (t2 - t1))
        chars = statistics.median(len(t) for t in texts)
        total = sum(parse_ms) + sum(ent_ms)
        rows.append([lang, len(texts), int(chars), f"{load:.1f}", statistics.median(parse_ms), statistics.median(ent_ms),
                     statistics.median(cpu_ms), 1000 * len(texts) / total, f"+{peak_rss_mb() - rss0:.0f}"])
    syntax = _syntax_cost(samples(args.data, args.limit)["ru"])
    body = f"""
Per article: `get_analyzer(lang).parse(text)` (segmentation, morphology, lemmas, NER — shared by every stage)
and `read_entities` (linking, coreference, ids) separately; medians in ms; articles/s counts both. Data: WMT22
ru→en test **news** documents (ru sources and their English references) and SlavicNER uk articles, first
{args.limit} per language. Memory: growth of peak RSS when the analyzer is loaded and run. The 2-core machine
was shared with other jobs (load average {os.getloadavg()[0]:.1f} at the end of the run), so wall times are upper
bounds; the CPU column is process CPU time (natasha's numpy may use a second thread).

{table(["lang", "articles", "median chars", "load s", "parse ms", "entities ms", "CPU ms (parse+entities)",
        "articles/s (wall)", "RSS MB"], rows)}

natasha NewsSyntaxParser (off by default, `CROSSWIRE_RU_SYNTAX=1` turns it on and fills `ParsedText.syntax`)
would add a median **{syntax:.0f} ms** per ru article on the same documents.
"""
    write_section("entities_speed", "Entities — speed and memory per language", body,
                  ".venv/bin/python -m benchmarks.entities_speed", no_write=args.no_write)


def _syntax_cost(texts: list[str]) -> float:
    """Median ms the natasha syntax parser adds per article."""
    from natasha import Doc, NewsEmbedding, NewsSyntaxParser

    from crosswire.nlp.ru import models

    seg, morph, _, _, _ = models()
    syntax = NewsSyntaxParser(NewsEmbedding())
    out = []
    for text in texts:
        doc = Doc(text)
        doc.segment(seg)
        t0 = time.perf_counter()
        doc.parse_syntax(syntax)
        out.append(1000 * (time.perf_counter() - t0))
    return statistics.median(out)


if __name__ == "__main__":
    main()
