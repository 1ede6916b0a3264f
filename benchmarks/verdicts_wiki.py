"""Verdicts on Russian Wikinews (NEREL texts): the same gold rules as benchmarks/verdicts_real.py, part `wiki`.

NEREL's 933 texts are Russian Wikinews articles of 2010-2019 (train, dev and test: all are development data),
fed as JSON Lines (first line the title, the rest the text; no URL, no date), analysed together as a user would.
Wikinews follows a developing event in several articles (a toll reported at different moments), so some
stories hold one measure at two moments: the update and contradict verdicts can be judged here. Every group
compared across articles is judged by reading its evidence (`benchmarks/gold/verdicts.yaml`, part `wiki`), and
the same-fact figure pairs no group holds were found by reading the multi-article stories (alignment recall).
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.common import parser, table, write_section
from benchmarks.verdicts_real import add_run_options, analysed_and_scored, recall_figures

NEREL = Path("nerel") / "NEREL-v1.1"


def wiki_docs(data: Path) -> list[dict]:
    """Every NEREL text as a JSON Lines row: the first line the title, the rest the text."""
    docs = []
    for split in ("train", "dev", "test"):
        for f in sorted((data / NEREL / split).glob("*.txt")):
            title, _, text = f.read_text(encoding="utf-8").partition("\n")
            if text.strip():
                docs.append({"title": title.strip(), "text": text.strip()})
    return docs


def run_wiki(data: Path, db: Path, json_out: Path) -> dict:
    from crosswire.run.analyze import analyze

    src = db.with_suffix(".jsonl")
    src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in wiki_docs(data)), encoding="utf-8")
    analyze([str(src)], db=str(db), json_out=str(json_out), progress=False)
    return json.loads(json_out.read_text(encoding="utf-8"))


def missed(doc: dict, gold: dict[str, dict]) -> list[str]:
    """The gold's same-fact pairs of this part whose figures share no claim group: "fact (values)"."""
    by_fact: dict[str, list[tuple[str, set[str]]]] = {}
    for k, article, _story, groups in recall_figures(doc, gold):
        j = gold[k]
        if j.get("part") == "wiki" and j["fact"] != "-":
            by_fact.setdefault(j["fact"], []).append((article, groups))
    out = []
    for fact, figs in sorted(by_fact.items()):
        if len({a for a, _ in figs}) > 1 and not set.intersection(*(g for _, g in figs)):
            out.append(fact)
    return out


def main() -> None:
    p = parser(__doc__.split("\n")[0])
    add_run_options(p)
    args = p.parse_args()
    r = analysed_and_scored(args, run_wiki, "wiki")
    doc, elapsed, gold, rows, counts, recall, verdicts = r.doc, r.elapsed, r.gold, r.rows, r.counts, r.recall, r.verdicts
    stories = [s for s in doc["stories"] if len(s["articles"]) > 1]
    judged = sum(1 for item in gold.values() if item.get("part") == "wiki")
    left = missed(doc, gold)
    body = f"""Russian Wikinews: the {counts['articles']} NEREL texts (train, dev and test; no URL, no date), analysed
together. The run gave {counts['claims']} claims, {len(stories)} stories of two or more articles and
{sum(verdicts.values())} claim groups ({', '.join(f'{v} {n}' for v, n in sorted(verdicts.items()))});
{counts['covered']} of the {counts['groups']} groups compared across articles are fully judged (part `wiki` of
`benchmarks/gold/verdicts.yaml`: {judged} judged figures), by the rules of the development topics.

{table(["verdict", "groups", "sampled", "judged", "right", "precision", "target", "labels"], rows)}

Reading every multi-article story for one fact given twice found developing tolls: the Kerch college attack
(«На данный момент сообщают о 13 убитых», «Ранее Следственный комитет сообщал о 13 погибших», then «количество
жертв теракта — 18 человек»), the Las Vegas shooting (58 and 59 dead, «Уже известно о гибели» and «Известно о
гибели»), Boston's wounded (more than 180 four days after the bombing, more than 260 at the July indictment), and
fixed facts told in other words (Boston's three dead, Srebrenica's 8,000, Mladić's 11 counts, Berlusconi's four
years «тюрьмы» and «лишения свободы», Apple's fall after Jobs resigned, 7 % in one outlet and 5 % in the other).
Alignment recall of the judged same-fact pairs (`alignment_recall`): pairs
{recall.get('pairs_aligned', 0)}/{recall.get('pairs', 0)}, figures {recall.get('figures_aligned', 0)}/{recall.get('figures', 0)};
facts no group holds: {', '.join(f'`{f}`' for f in left) or 'none'}.

At da6ee5a, before the counted-thing synonymy step, the section read update 1/1, agree 8/8, diverge 3/3, copies
3/3, pairs 15/20, figures 30/39, and no group held `boston-2013.deaths`, `kerch-2018.deaths`, `mladic.charges`
or `srebrenica.killed`. General rules of that step, each pinned by a test on its sentence
(tests/test_claims_tolls.py): the victims of an attack are its dead and a killing is a death («количество жертв
теракта — 18 человек» was read as «теракт», «Их жертвами стали три человека» as wounded, «убийством более восьми
тысяч» as nothing); people named by nation, sex or faith are people («боснийцев», «мусульманских мужчин»); an
indictment's counts are its charges («11 обвинений», «обвинение состояло из 11 пунктов»: a verb of consisting
names the whole); the injured are the wounded, and a participle counted names its own predicate («50
пострадавших», «40 госпитализированных» were more of the dead); a count after a comma with its verb right after
it («…, более 500 получили ранения») counts the toll's people; a share is not of the place it falls in («упали на
7% на внебиржевом рынке»); «лишение свободы» is imprisonment, and a prison term, like an age, is the person's the
sentence names; an unnamed toll on a line of its own takes its article's lead names («Их жертвами стали…»), and a
sentence with a pronoun the names before its line («Предъявленное ему обвинение…» after «Процесс над Младичем
начался…»). Open bounds of one direction that bound different counts («более 180», «более 260-ти») now diverge
instead of agreeing: each allows the other, yet the outlets give different counts. Kerch's later 18 now meets the
first report's 13 (diverge: different sources; the gold judges one toll at two moments); the Investigative
Committee's 13 names only the Committee in its sentence and stays apart. No contradiction arises in these stories:
their differing figures are tolls that grew and outlets that give one figure differently with no moment to tell
them apart.

Analysis {elapsed:.0f} s (one process)."""
    write_section("verdicts_wiki", "Verdicts on Russian Wikinews (development)", body,
                  "python -m benchmarks.verdicts_wiki", no_write=args.no_write)


if __name__ == "__main__":
    main()
