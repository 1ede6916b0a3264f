"""Who said what on real news: quotes and speakers against a hand-annotated gold (benchmarks/gold/quotes.yaml).

44 SlavicNER articles (brexit and asia_bibi ru/uk, nord_stream/ru), 356 quotes judged by hand; 12 of the
articles (every third per language of the first 38) form a dev-test part that is only measured to estimate generalisation.
A third, fresh part (16 articles, 101 quotes from NEREL test and NER-UK, corpora the reader was never developed on,
annotated before the reader first ran on them) is never tuned on: it measures how the reader does on unseen text.
A fresh-dev part (26 articles, 140 quotes from NEREL train/dev and NER-UK train, annotated before the reader ran on
them) is its development copy: the same kind of text, tuned on.
A fresh2 part (25 articles, 133 quotes from NEREL test/dev, NER-UK and WMT22 ru news documents, annotated before the
reader ran on them) is the unseen batch built after fresh had been measured and read; its misses were read for
the next round. A fresh3 part (23 articles, 144 quotes from NER-UK, factRuEval, NEREL dev and WMT22 ru news, annotated
before the reader ran on them) was the next unseen batch; its misses were read for the round after. A fresh4 part
(12 articles, 62 quotes from NER-UK and factRuEval, annotated before the reader ran on them) was the next unseen
batch; its misses were read for the round after. A fresh5 part (17 articles, 71 quotes from NER-UK and factRuEval,
annotated before the reader ran on them) was the next unseen batch; its misses were read for the round after.
A fresh6 part (19 articles, 108 quotes from NER-UK's test split, factRuEval and NEREL test, annotated by reading
only, before the reader ran on them) is the unseen batch now; never tuned on. A fresh7 part (30 articles, 155 quotes
from NER-UK's test split, factRuEval, NEREL dev, WMT22 ru news and SlavicNER, annotated by reading only, before the
reader ran on them) is a second blind batch, to be measured once (`--part fresh7 --no-write`); never tuned on.
While developing, `--skip fresh6 --skip fresh7` leaves both blind parts unread.
A gold quote is found when a quote read from the article overlaps it (at least half of it, or 10 characters);
span P/R/F1 count quoted characters; a speaker is right when the entity the quote is linked to has a name or
mention in the article that matches the gold speaker (the surname for people, any name for organisations); the
speaker phrase as written does not count.
Claims inside a gold quote with a named speaker are right when their source is that speaker.
"""

from __future__ import annotations

import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import ROOT, parser, peak_rss_mb, table, write_section

GOLD = ROOT / "benchmarks" / "gold" / "quotes.yaml"
DRIFT = ROOT / "benchmarks" / "gold" / "quote_drift.yaml"
# the gold's parts in table order; UNSEEN: those measured only to estimate unseen text (their misses are printed
# only when the part alone is asked for); BLIND: the unseen batches nothing has read yet (fresh6, fresh7), left out
# unread while developing with --skip
PARTS = ("dev", "test", "fresh-dev", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7")
UNSEEN = ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7")
BLIND = ("fresh6", "fresh7")


def doc_text(data: Path, doc: str) -> str:
    """A gold document's raw text: a text file, or `FILE.jsonl#DOC_ID`, one WMT22 document whose source
    segments are joined by newlines."""
    import json

    if "#" not in doc:
        return (data / doc).read_text(encoding="utf-8")
    path, doc_id = doc.split("#", 1)
    with (data / path).open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["doc_id"] == doc_id:
                return "\n".join(d["src_segments"])
    raise KeyError(f"{doc}: no such document")


def doc_name(doc: str) -> str:
    """A short name for a gold document in notes: the file's stem, or the WMT22 document id."""
    return doc.split("#", 1)[1] if "#" in doc else Path(doc).stem


def load_gold(data: Path, path: Path = GOLD, skip: tuple[str, ...] | list[str] = ()) -> list[dict]:
    """The gold documents with their raw text, less the parts in `skip` (never loaded); every quote's text is
    checked against its offsets."""
    import yaml

    docs = [d for d in yaml.safe_load(path.read_text(encoding="utf-8"))["docs"] if d["part"] not in skip]
    for d in docs:
        d["raw"] = doc_text(data, d["doc"])
        for q in d["quotes"]:
            if d["raw"][q["start"] : q["end"]] != q["text"]:
                raise ValueError(f"{d['doc']}: gold text does not match offsets {q['start']}-{q['end']}")
    return docs


def _norm(s: str) -> str:
    return s.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


def _tokens(s: str) -> list[str]:
    return [t for t in re.findall(r"[\w']+", _norm(s)) if len(t) > 1 or t.isupper()]


def _tok_match(a: str, b: str) -> bool:
    if a == b:
        return True
    n = min(len(a), len(b))
    if n < 4:
        return False
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return k >= max(3, n - 2)


def name_matches(gold_names: list[str], names: set[str]) -> bool:
    """A predicted speaker's names against the gold's: the surname (last word) of a person, else any word of 4+
    letters or an acronym shared with one of the names."""
    for g in gold_names:
        gt = _tokens(g)
        if not gt:
            continue
        heads = [gt[-1]] if len(gt) <= 3 and g[:1].isupper() and " " in g.strip() else gt
        for n in names:
            nt = _tokens(n)
            if any(_tok_match(h, t) for h in heads for t in nt if len(h) >= 3 or h == t):
                return True
    return False


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    named: int = 0
    speaker_found: int = 0  # named gold quotes that were found
    speaker_right: int = 0
    direct_right: int = 0
    pred: int = 0
    pred_matched: int = 0
    gold_chars: int = 0
    pred_chars: int = 0
    overlap_chars: int = 0
    claims: int = 0
    claims_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, o: Tally) -> None:
        for k in ("gold", "found", "named", "speaker_found", "speaker_right", "direct_right", "pred",
                  "pred_matched", "gold_chars", "pred_chars", "overlap_chars", "claims", "claims_right"):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.misses += o.misses

    def row(self, label: str) -> list[object]:
        p = self.overlap_chars / self.pred_chars if self.pred_chars else 0.0
        r = self.overlap_chars / self.gold_chars if self.gold_chars else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        div = lambda a, b: a / b if b else 0.0  # noqa: E731
        return [label, self.gold, div(self.found, self.gold), div(self.pred_matched, self.pred), f1,
                div(self.speaker_right, self.named), div(self.speaker_right, self.speaker_found),
                div(self.direct_right, self.found), f"{self.claims_right}/{self.claims}"]


HEADER = ["set", "gold quotes", "found", "precision", "span F1", "speaker right", "speaker right of found",
          "direct/indirect right", "claims in quotes attributed"]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def read(doc: dict):
    """The facts read from one gold document (the whole raw file is the article text)."""
    from crosswire.model import Article
    from crosswire.pipeline import read_article

    raw = doc["raw"]
    title = raw.split("\n", 1)[0].strip()
    art = Article(id=doc_name(doc["doc"]), source=doc["doc"], text=raw, title=title, language=doc["lang"])
    return read_article(art)


def score(doc: dict, facts) -> Tally:
    """Compare one document's quotes, speakers and quoted claims with the gold."""
    t = Tally()
    raw = doc["raw"]
    ents = {e.id: e for e in facts.entities}
    names: dict[str, set[str]] = defaultdict(set)
    for m in facts.mentions:
        names[m.entity] |= {m.text, m.normal}
    for e in facts.entities:
        names[e.id] |= {e.name, *e.aliases}
    preds = list(facts.quotes)
    t.pred = len(preds)
    t.pred_chars = sum(q.end - q.start for q in preds)
    gold = doc["quotes"]
    covered = [False] * len(raw)
    for g in gold:
        t.gold += 1
        t.gold_chars += g["end"] - g["start"]
        need = min(10, (g["end"] - g["start"]) // 2 or 1)
        best = max(preds, key=lambda q: _overlap(q.start, q.end, g["start"], g["end"]), default=None)
        ok = best is not None and _overlap(best.start, best.end, g["start"], g["end"]) >= need
        gold_names = [g["speaker"], *g.get("aliases", [])] if g["speaker"] else []
        if gold_names:
            t.named += 1
        label = f"{doc_name(doc['doc'])} @{g['start']} {g['speaker'] or '-'}: {g['text'][:60]!r}"
        if not ok:
            t.misses.append(f"MISSED {label}")
        else:
            t.found += 1
            t.direct_right += best.direct == g["direct"]
            if gold_names:
                t.speaker_found += 1
                cand = names.get(best.speaker or "", set())  # the entity's names, not the phrase as written
                if best.speaker and name_matches(gold_names, {c for c in cand if c}):
                    t.speaker_right += 1
                else:
                    who = ents.get(best.speaker or "")
                    t.misses.append(f"SPEAKER {label} <- {best.speaker_text!r} ({who.name if who else best.speaker})")
        if gold_names:
            for c in facts.claims:
                if g["start"] <= c.start and c.end <= g["end"] + 1 or g["start"] <= _mid(c) < g["end"]:
                    t.claims += 1
                    cand = names.get(c.source_entity or "", set()) | {c.source or ""}
                    t.claims_right += name_matches(gold_names, {x for x in cand if x})
        for k in range(g["start"], g["end"]):
            covered[k] = True
    for q in preds:
        t.overlap_chars += sum(covered[q.start : q.end])
        if any(_overlap(q.start, q.end, g["start"], g["end"]) >= min(10, (g["end"] - g["start"]) // 2 or 1)
               for g in gold):
            t.pred_matched += 1
        else:
            t.misses.append(f"EXTRA {doc_name(doc['doc'])} @{q.start}: {raw[q.start:q.end][:60]!r}")
    return t


def load_drift(data: Path, path: Path = DRIFT) -> list[dict]:
    """The drift pairs; every real side's text is checked against its offsets."""
    import yaml

    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    for p in pairs:
        for side in (p["a"], p["b"]):
            if "doc" in side:
                raw = (data / side["doc"]).read_text(encoding="utf-8")
                if raw[side["start"] : side["end"]] != side["text"]:
                    raise ValueError(f"{side['doc']}: drift text does not match offsets {side['start']}")
    return pairs


def drift_rows(pairs: list[dict], show: bool = False) -> tuple[list[list[object]], list[str]]:
    """Accuracy of the drift verdict per part (real pairs) and on the constructed pairs."""
    from collections import Counter

    from crosswire.compare.drift import drift
    from crosswire.group.embed import get_embedder

    emb = get_embedder()
    texts = sorted({t for p in pairs for t in (p["a"]["text"], p["b"]["text"])})
    vec = dict(zip(texts, emb.embed(texts), strict=True))
    rows, notes = [], []
    groups = {("dev", False): "real pairs, dev", ("test", False): "real pairs, dev-test",
              ("dev", True): "constructed pairs, dev", ("test", True): "constructed pairs, dev-test"}
    for (part, constructed), label in groups.items():
        sub = [p for p in pairs if p["part"] == part and bool(p.get("constructed")) == constructed]
        if not sub:
            continue
        right, confusion = 0, Counter()
        for p in sub:
            a, b = p["a"], p["b"]
            sim = sum(x * y for x, y in zip(vec[a["text"]], vec[b["text"]], strict=True))
            got = drift(a["text"], b["text"], same_language=a["lang"] == b["lang"], similarity=sim)
            right += got.verdict == p["verdict"]
            confusion[(p["verdict"], got.verdict)] += 1
            if got.verdict != p["verdict"] and show and part == "dev":
                notes.append(f"DRIFT gold {p['verdict']} got {got.verdict} ({got.reason}): {a['text'][:50]!r} | "
                             f"{b['text'][:50]!r}")
        per = Counter(p["verdict"] for p in sub)
        mix = ", ".join(f"{v} {per[v]}" for v in ("same", "shortened", "paraphrased", "altered") if per[v])
        rows.append([label, len(sub), mix, right / len(sub)])
    return rows, notes


def _mid(c) -> int:
    """The position of a claim's number: where its counted phrase sits in the evidence, else the middle."""
    return (c.start + c.end) // 2


# the quality gate's fixed sample: four development articles per language (seconds, not the whole gold)
GATE_DOCS = ("brexit_ua.txt_file_1007", "brexit_ua.txt_file_1040", "brexit_ua.txt_file_1030",
             "asia_bibi_uk.txt_file_6", "brexit_ru.txt_file_1077", "brexit_ru.txt_file_1025",
             "asia_bibi_ru.txt_file_147", "nord_stream_ru.txt_file_42")


def gate(data: Path) -> dict[str, float]:
    """Quotes found and speakers right on eight development articles, and the drift verdict on the real
    same-language development pairs (no embedder needed)."""
    from crosswire.compare.drift import drift

    docs = [d for d in load_gold(data) if Path(d["doc"]).stem in GATE_DOCS]
    t = Tally()
    for d in docs:
        t.add(score(d, read(d)))
    pairs = [p for p in load_drift(data) if p["part"] == "dev" and not p.get("constructed")
             and p["a"]["lang"] == p["b"]["lang"]]
    right = sum(drift(p["a"]["text"], p["b"]["text"]).verdict == p["verdict"] for p in pairs)
    return {"quotes_found": t.found / t.gold, "speaker_right": t.speaker_right / t.named,
            "drift_accuracy": right / len(pairs)}


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--part", default="all",
                   choices=[*PARTS, "all"],
                   help="which part of the gold to measure (dev and fresh-dev while developing; test and fresh only to "
                   f"estimate; the blind parts {', '.join(BLIND)} once each, alone)")
    p.add_argument("--show", action="store_true", help="print each miss, wrong speaker and extra quote")
    p.add_argument("--skip", action="append", default=[], metavar="PART", choices=PARTS,
                   help="leave a part of the gold out (repeatable): an unseen part is never read while developing "
                   f"(--skip {' --skip '.join(BLIND)})")
    args = p.parse_args()
    blind = [b for b in BLIND if b not in args.skip and args.part in ("all", b)]
    if blind:
        print(f"note: measuring the blind part(s) {', '.join(blind)}; while developing pass "
              f"--skip {' --skip '.join(BLIND)}", file=sys.stderr)
    docs = [d for d in load_gold(args.data, skip=args.skip) if args.part in ("all", d["part"])]
    t0 = time.perf_counter()
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for d in docs:
        tallies[(d["part"], d["lang"])].add(score(d, read(d)))
    secs = time.perf_counter() - t0
    pairs = [p for p in load_drift(args.data) if args.part in ("all", p["part"]) and p["part"] not in args.skip]
    drows, dnotes = drift_rows(pairs, args.show)
    if args.show:
        print("\n".join(dnotes))
    rows = []
    for part in PARTS:
        sub = {k: v for k, v in tallies.items() if k[0] == part}
        if not sub:
            continue
        tot = Tally()
        for (_, lang), tl in sorted(sub.items()):
            rows.append(tl.row(f"{part} {lang}"))
            tot.add(tl)
        rows.append(tot.row(f"**{part} all**"))
        if args.show and (part not in UNSEEN or args.part == part):
            print("\n".join(tot.misses))
    ndoc = len(docs)
    body = f"""
Quotes, direct and indirect, and their speakers (`read/quotes.py`) on {ndoc} real articles read by hand
(`benchmarks/gold/quotes.yaml`: SlavicNER brexit and asia_bibi ru/uk, nord_stream/ru, a fresh-dev part from NEREL
train/dev and NER-UK train, a fresh part from NEREL test and NER-UK, a fresh2 part from NEREL test/dev, NER-UK
and WMT22 ru news, a fresh3 part from NER-UK, factRuEval, NEREL dev and WMT22 ru news, fresh4 and fresh5 parts
from NER-UK and factRuEval, a fresh6 part from NER-UK's test split, factRuEval and NEREL test, and a fresh7 part
from NER-UK's test split, factRuEval, NEREL dev, WMT22 ru news and SlavicNER; start, end, speaker, direct).
*found*: gold quotes overlapped by a quote read (at least half of it or 10 characters); *precision*: quotes read
that overlap a gold one (the gold leaves out impersonal reports such as "как сообщалось", so this is a floor);
*span F1*: quoted characters; *speaker right*: named gold speakers whose quote was found and linked to an entity
with that name in the article (its names, not the phrase as written), over all named gold quotes (*of found*: over
the found ones); *claims in quotes
attributed*: figures read inside a gold quote whose source is the quote's speaker. The dev-test part (every
third article per language) is measured only to estimate how the reader generalises. The *fresh* part is 16 news
articles from corpora the reader was never developed on (9 Russian Wikinews articles of NEREL's test split, 7
Ukrainian NER-UK articles: 5 tokenised BRUK news texts, 2 NashiGroshi), annotated by reading before the reader was
first run on them and never tuned on; the rules added since were found on development text (SlavicNER dev topics,
NEREL train, NER-UK's train split). Fresh before that work: found 0.822, speaker right 0.605 (ru 0.768 / 0.533,
uk 0.889 / 0.683). The *fresh-dev* part (26 articles: 12 Wikinews from NEREL train/dev, 5 BRUK and 9 NashiGroshi
from NER-UK's train split, 140 quotes) was annotated the same way, before the reader ran on it, and is the
development copy of fresh; before the work tuned on it: its first 11 articles found 0.825, speaker right 0.617;
the 6 added after the first round found 0.867, speaker right 0.739; the 4 added after the second found 0.889,
speaker right 0.600; the 4 added after the third found 0.692, speaker right 0.667; the last one (a BRUK interview, 7 quotes) was
read right as it stood; fresh found 0.911, speaker
right 0.744. The fresh part had been measured and its misses read when the *fresh2* part was built: 25 more articles
(13 Wikinews from NEREL test/dev, 7 NER-UK texts, 5 Russian news documents of WMT22's ru-en test set: lenta.ru,
kommersant, rt-russian, rfi-russian, Golos Ameriki; 133 quotes), annotated by reading before the reader ran on
them and never tuned on at first. Fresh2 as first read, before the work that followed: found 0.782,
speaker right 0.645 (ru 0.854 / 0.738, uk 0.595 / 0.304); after one round tuned elsewhere 0.797 / 0.682 (uk 0.622 /
0.435); its misses were then read and the next round's general causes found on it, so it is development text now.
The *fresh3* part (23 articles: 13 Ukrainian NER-UK texts, 9 NashiGroshi and 4 tokenised BRUK; 3 Russian
factRuEval-2016 test texts, 4 Wikinews from NEREL dev, 3 WMT22 ru news documents of gazeta.ru, lenta.ru and
izvestiya; 144 quotes) was built after that, annotated by reading before the reader ran on it, and never tuned on:
As first read (commit c116326): found 0.861, speaker right 0.695 (ru 0.932 / 0.782, uk 0.750 / 0.560); after the
fresh2 round 0.889 / 0.719 (uk 0.821 / 0.560). Its uk speaker misses were then read, and the general causes fixed
(an outlet's quoted name broken by a full stop, «Наші гроші.|Запоріжжя»; a named outlet citing a story or a
document reports it, while an outlet citing an outlet passes the word on; a bare "фірма" is the company named
before, not the court; "у прес-службі" / "у корпорації" is the body named with that noun before; a verb after
"…, однак" shares its clause's subject; "у сюжеті" is the channel whose story was cited; a body named again by its
own words in another case, "в обласній клінічній лікарні", "в лікарні", is that body): uk speaker right 0.560 ->
0.760, so fresh3 is development text now.
The *fresh4* part (12 articles: 10 Ukrainian NER-UK texts, 8 NashiGroshi and 2 tokenised BRUK; 2 Russian
factRuEval-2016 test texts; 62 quotes) was built before that round, annotated by reading before the reader ran on
it, and never tuned on until it had been measured: found 0.790, speaker right 0.745 (ru 0.933 / 0.929, uk 0.745 /
0.683), mostly uk quotes not found at all. Its misses were then read and the general causes fixed, each pinned on
its real sentence in `tests/test_quotes_uk_forms.py` (a quote going on after its dash attribution on the next
line; a quote over paragraphs with a short last line, or closed by a lone mark ending its line, or attributed in
its middle; the clause before a quote in one sentence; `Про це свідчить [adj] декларація`, `згідно з деклараціями`,
`відзвітував`, `засвідчила`, `за версією «X»` without a comma; `забудовник` and `в прес-службі універмагу` as the
body named before; an untagged full name after a role noun), and then those read off fresh3's, fresh's and the
development parts' uk misses and off NashiGroshi development texts outside the gold (a lead of two or three
sentences before `Про це пише/повідомляється X` is all X's; `як пояснювали/зауважив/відзначив/встановило слідство`;
`», – продовжив X`; `І, «…»`; a future form never closes a sentence as its speech verb; a bare `Суд` is the
court named before even untagged; `представники X` with X untagged; `як повідомили правоохоронці` is a group; a
quoted name before its verb is no quote): fresh4 0.790 / 0.745 -> 0.984 / 0.945, so it is development text now.
The *fresh5* part (17 articles: 9 Ukrainian NER-UK texts, 7 NashiGroshi and 2 tokenised BRUK; 8 Russian
factRuEval-2016 test texts; 71 quotes) was annotated by reading before the reader ran on it, before those rounds,
and never tuned on until it had been measured: as first read (reader of main at 128887a) found 0.803, speaker right
0.750 (ru 0.949 / 0.889, uk 0.625 / 0.542); after the rounds tuned elsewhere 0.859 / 0.800 (uk 0.750 / 0.667).
Its misses were then read and the general causes fixed, each pinned on its real sentence in
`tests/test_quotes_reports.py`: Ukrainian gerunds of speech verbs, which the dictionary leaves unlemmatised
(`суд … не прийняв, вказавши, що`); a cue naming a quoted outlet broken by a full stop (`За даними «Наші гроші.
Львів»`); a relative word before the verb (`…, що підтвердив брат X`, only with a name after it); `згідно
обґрунтування / рішення` without `з`; document nouns after `йдеться у` (записка, обґрунтування, рішення, ухвала,
довідка …) and `У записці повідомляється / відмічається, що`; a quote over paragraphs that closes after quoted names;
`Про це свідчить … доповідна, знайдена …` cut at the comma; a procurement justification is the buyer's (the
organisation the article opens with); a bare `міськрада` and a pronoun `Він` after `Та апеляційний суд … скасував`
as the council and the court; `— приводит его X`; `По его словам` after a title the article gives a name later;
`В холдинге` as the holding named with that noun; `Згідно з деклараціями, суддя має …` is the filer's (fresh4
speaker right 0.945 -> 0.964). Checked on 472 development texts outside the gold (352 of
NER-UK's DEV split, 120 of NEREL train), the reader finds 29 quotes it did not before, 27 of them right by reading
(two in BRUK fiction are not), and changes 9 speakers (6 right that were wrong or missing, 3 wrong before and
after): fresh5 0.859 / 0.800 -> 0.986 / 0.967, so it is development text now. What is left on the development parts
is a long tail (about 50 misses over fresh..fresh4, few forms twice): a reported sentence with no cue that goes on
from the one before, a lead subject that approved a purchase rather than made it, entities two people of one surname
share, a role noun (`министр`, `председатель`, `экс-парламентарий`) resolved to the wrong person. The next round fixed
the entity linking under three speakers (`tests/test_entities_linking.py`): an apostrophe inside a name is a letter
of it (`В'ячеслав` was the person "ячеслав"), a man's genitive surname is his (`Євгена Анісімова` was a second
entity "Євген Анісімова" beside `Євгену Анісімову`), and a first name right after `брат/син/батько/чоловік` and a
man's full name takes his surname (`брат Євгена Анісімова – В'ячеслав`): fresh5 speaker right 0.967 -> 0.983, every
other part unchanged; on the 470 development texts outside the gold 15 speakers' entities changed, 14 right that
were wrong (`В’ятрович` twice, `П’ядицька ОТГ`, `Мар'яни Мотрунич`, ten quotes of one `Олексій Саранчин`), one wrong
(`Мін'юст` in a uk text now links, like `Мінюст` did, to the gazetteer's Russian ministry).
The *fresh6* part (19 articles: 11 Ukrainian texts of NER-UK's test split, 9 NashiGroshi and 2 tokenised BRUK
news; 4 Russian factRuEval-2016 test texts and 4 Wikinews from NEREL test; 108 quotes, 53 uk and 55 ru) is the
unseen batch now: annotated blind, by reading only, with no look at the reader's output on these texts, after the
reader had been tuned on the other parts; nothing is tuned on them (while developing, `--skip fresh6` leaves the
part out unread, and a table measured so has no fresh6 rows). As first read (the reader of 7562fc7, before the fresh5
round): found 0.824, speaker right 0.724 (ru 0.818 / 0.778, uk 0.830 / 0.667), 0.829 of the found ones with the right
speaker. After the fresh5 round (6567d38), its misses still unread: found 0.852 (uk 0.887), speaker right 0.724,
of found 0.808; 0.11 below dev on found and 0.20 on speakers; the speaker-linking round after it (c79667f) left
it there. On text never seen the reader now finds most quotes;
what it misses is mostly the speaker of a quote it found.
The *fresh7* part (30 articles: 19 Ukrainian, 17 NashiGroshi texts of NER-UK's test split and 2 SlavicNER brexit
texts; 11 Russian, 6 factRuEval-2016 texts, 1 Wikinews of NEREL dev, 2 WMT22 ru news documents of kp.ru and
lenta.ru, 1 SlavicNER nord_stream and 1 asia_bibi text; 155 quotes, 67 uk and 88 ru) is a second blind batch, built
while fresh6 was still unread: annotated by reading only, with no look at the reader's output on these texts;
nothing is tuned on it (while developing, `--skip fresh6 --skip fresh7` leaves both parts out unread, and a table
measured so has no rows of them). It is measured once, alone: `python -m benchmarks.quotes_real --part fresh7
--no-write`. The round after (general mechanisms, not forms read on one batch; each pinned on its real sentence in
`tests/test_quotes_subjects.py`) took the development parts apart: the parts read (dev, fresh-dev, fresh, fresh2)
and the parts only measured (test, fresh3, fresh4, fresh5), with a change kept only if it did not hurt the second
group. The speech verb's own subject speaks wherever the sentence puts it (after the verb and an adverbial, after
the verb with no name before it, inside a quote it interrupts); the verb's gender rules out candidates of the other
gender for roles, pronouns and animate nouns (by a verb next to a name, else by a declinable first name); a gerund
shares its finite verb's speaker; what an outlet reports someone said stays that one's word; a Ukrainian genitive
plural role is a group; one person's view introduces a quote; representatives named by a common noun speak for the
body that noun described; a bare Russian body written in Ukrainian (`Мін'юст`) is not linked to Russia's. Speaker
right, read parts 504/551 -> 508/551 (dev 213 -> 217), measured-only parts 287/317 -> 288/317 (fresh3 +1); quotes
found unchanged. Outside the gold, on 333 development texts no gold uses (140 NER-UK dev split, 80 NEREL train, 50
factRuEval devset, 63 SlavicNER brexit/asia_bibi ru/uk), 22 speakers changed, read one by one: 13 wrong or missing
-> right, 4 wrong -> none, 5 wrong -> another wrong (two of them closer: the council, the outlet's editor), none
right -> wrong. **The blind parts, measured once after that round (commit 77d3d9c), misses not read:** fresh6 found
0.852, speaker right 0.724 (unchanged by the round: uk 0.887 / 0.667, ru 0.818 / 0.778); fresh7, first read, found
0.845, speaker right 0.724 (ru 0.898 / 0.825, uk 0.776 / 0.574), 0.843 of its found quotes with the right speaker.
Two independent blind batches (263 quotes) agree: on text never seen the reader finds about 0.85 of the quotes
(development 0.96) and names the right speaker for about 0.72 (development 0.94), weakest on Ukrainian
investigative texts. Rule rounds read on development text lift the parts they were read on and leave unseen text
where it was (measured-only development parts +1 speaker of 317 in the last round). What would move it: a real
dependency parse giving each speech verb's subject (natasha's Russian syntax is off by default for speed; no
packaged Ukrainian parser), a cleaner Ukrainian NER so that speakers link to real entities, and a learned speaker
ranker trained on licence-clean annotations. The rows below are the code named under the table.

{table(HEADER, rows)}

Quote drift (`compare/drift.py`) on pairs of renderings of one quote in different articles, judged by hand
(`benchmarks/gold/quote_drift.yaml`): *real* pairs from the same development topics (the only real `altered`
pair: Tusk's "идея Brexit не исчезла" rendered as "проблема Брексита не уйдет" with a sentence added);
*constructed* pairs put a real rendering beside an edited copy (a figure, a negation, a hedge, added words, a
ru/uk translation) to test the `altered` verdict the real data lacks, and are scored apart.

{table(["pairs", "n", "gold verdicts", "drift verdict accuracy"], drows)}

{ndoc} documents in {secs:.0f} s ({1000 * secs / max(ndoc, 1):.0f} ms/doc, whole pipeline), peak RSS
{peak_rss_mb():.0f} MB.
"""
    write_section("quotes_real", "Quotes and speakers on real news (hand-annotated gold)", body,
                  "python -m benchmarks.quotes_real", no_write=args.no_write or args.part != "all")


if __name__ == "__main__":
    main()
