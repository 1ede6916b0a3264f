"""Build src/crosswire/data/gazetteer/built.tsv (names and ids only) from the shared research data sets.

Reads only training portions, so the NER/linking benchmarks on the test splits stay clean: SlavicNER
cross-topic train (ru+uk lemmas sharing a cross-lingual id), NEREL train+dev (Wikidata QIDs with Russian
labels), factRuEval devset (.coref normal names). Usage: python scripts/build_gazetteer.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gazetteer_aliases import Places  # noqa: E402

from crosswire.nlp.gazetteer import read_tsv  # noqa: E402
from crosswire.nlp.names import key, slug  # noqa: E402

OUT = ROOT / "src" / "crosswire" / "data" / "gazetteer" / "built.tsv"
CORE = ROOT / "src" / "crosswire" / "data" / "gazetteer" / "core.tsv"
NEREL_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC", "STATE_OR_PROVINCE": "LOC",
               "LOCATION": "LOC", "DISTRICT": "LOC"}
FRE_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}


class Acc:
    """Entities being collected: aliases with counts, types, English name, QID."""

    def __init__(self) -> None:
        self.aliases: dict[str, Counter] = defaultdict(Counter)
        self.types: dict[str, Counter] = defaultdict(Counter)
        self.name: dict[str, str] = {}
        self.qid: dict[str, str] = {}
        self.docs: dict[str, set] = defaultdict(set)


def slavicner(data: Path, acc: Acc) -> None:
    """ru+uk lemmas by cross-lingual id, training split only."""
    train = {line.strip() for line in (data / "slavicner" / "SPLIT_cross-topic_train.txt").read_text().splitlines()}
    for tsv in sorted((data / "slavicner" / "ner").glob("*/*/*.tsv")):
        raw = f"raw/{tsv.parent.parent.name}/{tsv.parent.name}/{tsv.name[:-4]}"
        if raw not in train and raw + ".txt" not in train:
            continue
        for line in tsv.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) < 6 or not cols[5]:
                continue
            _, _, _surface, lemma, type_, xid = cols[:6]
            eid = "sn:" + xid
            acc.aliases[eid][lemma.strip()] += 1
            acc.types[eid][type_] += 1
            acc.docs[eid].add(tsv.name)
            acc.name.setdefault(eid, re.sub(r"^[A-Z]+-", "", xid).replace("-", " "))


def nerel(data: Path, acc: Acc) -> None:
    """Wikidata QIDs and Russian labels of linked mentions (train + dev)."""
    for part in ("train", "dev"):
        for ann in sorted((data / "nerel" / "NEREL-v1.1" / part).glob("*.ann")):
            types: dict[str, str] = {}
            for line in ann.read_text(encoding="utf-8").splitlines():
                if line.startswith("T"):
                    tid, rest = line.split("\t", 1)[0], line.split("\t")[1]
                    types[tid] = rest.split()[0]
            for line in ann.read_text(encoding="utf-8").splitlines():
                if not line.startswith("N"):
                    continue
                cols = line.split("\t")
                if len(cols) < 3:
                    continue
                parts = cols[1].split()
                if len(parts) < 3 or not parts[2].startswith("Wikidata:Q"):
                    continue
                type_ = NEREL_TYPES.get(types.get(parts[1], ""))
                label = cols[2].strip()
                if not type_ or not label:
                    continue
                qid = parts[2].split(":", 1)[1]
                eid = "wd:" + qid
                acc.qid[eid] = qid
                acc.aliases[eid][label] += 1
                acc.types[eid][type_] += 1
                acc.docs[eid].add(ann.name)


def factrueval(data: Path, acc: Acc) -> None:
    """Normal names of coreference chains (devset)."""
    for coref in sorted((data / "factrueval2016" / "devset").glob("*.coref")):
        objects = coref.with_suffix(".objects")
        otype = {}
        if objects.exists():
            for line in objects.read_text(encoding="utf-8").splitlines():
                cols = line.split()
                if len(cols) >= 2:
                    otype[cols[0]] = FRE_TYPES.get(cols[1])
        for block in coref.read_text(encoding="utf-8").split("\n\n"):
            lines = [b for b in block.splitlines() if b.strip()]
            if len(lines) < 2:
                continue
            head = lines[0].split()
            type_ = next((otype.get(o) for o in head[1:] if otype.get(o)), None)
            fields = dict(line.split(" ", 1) for line in lines[1:] if " " in line)
            if type_ == "PER" and "lastname" in fields:
                name = " ".join(x for x in (fields.get("firstname"), fields["lastname"]) if x)
            else:
                name = fields.get("name", "")
            if not type_ or not name or len(name) > 60:
                continue
            eid = "fre:" + type_ + ":" + key(name)
            acc.aliases[eid][name] += 1
            acc.types[eid][type_] += 1
            acc.docs[eid].add(coref.name)


def build(data: Path, limit: int) -> list[str]:
    """Rows of built.tsv, most frequent first, merged with core ids and NEREL QIDs where names agree."""
    acc = Acc()
    slavicner(data, acc)
    nerel(data, acc)
    factrueval(data, acc)
    core = read_tsv(CORE.read_text(encoding="utf-8").splitlines())
    by_key: dict[tuple[str, str], str] = {}
    for e in core:
        for a in (e.name, *e.aliases):
            by_key.setdefault((e.type, key(a)), e.id)
    for eid, aliases in acc.aliases.items():  # QIDs known by their Russian label
        if eid.startswith("wd:"):
            type_ = acc.types[eid].most_common(1)[0][0]
            for a in aliases:
                by_key.setdefault((type_, key(a)), acc.qid[eid])
    merged: dict[str, dict] = {}
    for eid, aliases in acc.aliases.items():
        type_ = acc.types[eid].most_common(1)[0][0]
        if type_ not in ("PER", "LOC", "ORG", "EVT", "PRO"):
            continue
        top = aliases.most_common(1)[0][0]
        # join on the most frequent name only: joining on any alias lets one bad link merge two people
        joins = [top] + ([a for a, _ in aliases.most_common() if len(a.split()) >= 2][:1] if type_ == "PER" else [])
        target = next((by_key[(type_, key(a))] for a in joins if (type_, key(a)) in by_key), None)
        if target is None:
            target = acc.qid.get(eid) or f"{type_}:{slug(acc.name.get(eid) or top)}"
        row = merged.setdefault(target, {"type": type_, "name": acc.name.get(eid, ""), "aliases": Counter(),
                                         "docs": set()})
        row["aliases"].update(aliases)
        row["docs"] |= acc.docs[eid]
        if not row["name"] and acc.name.get(eid):
            row["name"] = acc.name[eid]
    best: dict[str, tuple[int, str]] = {}
    for eid, row in merged.items():
        for a, n in row["aliases"].items():
            if n > best.get(key(a), (0, ""))[0]:
                best[key(a)] = (n, eid)
    owners = {k: v[1] for k, v in best.items()}
    rows = []
    derived: dict[str, str] = {}
    dropped.clear()
    for eid, row in merged.items():
        count = sum(row["aliases"].values())
        if len(row["docs"]) < 2 and count < 3:
            continue  # seen once: too little evidence that it is a stable name
        for a, n in row["aliases"].most_common(30):
            if n >= 2 and len(a) >= 5 and " " not in a and owners[key(a)] == eid and a.isalpha() and adjective_or_group(a):
                derived.setdefault(a.lower(), eid)
    places = Places(core, merged, derived)
    for eid, row in merged.items():
        count = sum(row["aliases"].values())
        if len(row["docs"]) < 2 and count < 3:
            continue
        aliases = [a for a, n in row["aliases"].most_common(12) if good_alias(a, n, row, owners, eid)]
        aliases = [a for a in aliases if places.one_entity(a, row) or dropped.append((eid, row["name"], a))]
        if not aliases:
            continue
        name = row["name"] or aliases[0]
        rows.append((len(row["docs"]), count, f"{eid}\t{row['type']}\t{name}\t{'|'.join(aliases)}"))
    rows.sort(key=lambda r: (-r[0], -r[1], r[2]))
    kept = [r[2] for r in rows[:limit]]
    kept_ids = {r.split("\t", 1)[0] for r in kept} | {e.id for e in core}
    return kept, [f"{w}\t{eid}" for w, eid in sorted(derived.items()) if eid in kept_ids]


dropped: list[tuple[str, str, str]] = []  # (id, name, alias) left out by Places.one_entity, for --show-dropped


def adjective_or_group(word: str) -> bool:
    """pymorphy3 (ru, then uk) reads ``word`` as an adjective or a plural group noun."""
    from crosswire.nlp.base import morph_analyzer

    for lang in ("ru", "uk"):
        morph = morph_analyzer(lang)
        if morph is None:
            continue
        p = morph.parse(word)[0]
        if not p.is_known:
            continue
        if p.tag.POS in ("ADJF", "ADJS") or (p.tag.POS == "NOUN" and "plur" in p.tag.grammemes
                                             and not {"Geox", "Name", "Surn", "Orgn", "Pltm"} & set(p.tag.grammemes)):
            return True
    return False


def good_alias(alias: str, n: int, row: dict, owners: dict, eid: str) -> bool:
    """A name worth shipping: capitalised, seen twice (or the main name), owned by this entity only, and for
    people not a bare first name."""
    if not (1 < len(alias) <= 60) or any(c in alias for c in "\t|«»\"“”@()"):
        return False
    if not alias[:1].isupper() or (alias.isupper() and len(alias) > 8 and " " in alias):
        return False
    if n < 2 and alias != row["aliases"].most_common(1)[0][0]:
        return False
    if owners[key(alias)] != eid:
        return False  # another entity uses this name more often ("МИД")
    if " " not in alias and not alias.isupper() and adjective_or_group(alias):
        return False  # "Российский", "Украинцы": adjectives and demonyms, not names
    if re.search(r"\w\.\w", alias):
        return False  # "Т.Мей": initials glued to names are mostly typos of the source
    if row["type"] == "PER" and " " not in alias:
        firsts = {a.split()[0] for a in row["aliases"] if " " in a}
        if alias in firsts:
            return False
    return True


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--limit", type=int, default=5000, help="keep the N entities seen in most documents")
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--show-dropped", action="store_true", help="print the aliases no single entity can own")
    args = p.parse_args()
    rows, derived = build(args.data, args.limit)
    if args.show_dropped:
        for eid, name, alias in dropped:
            print(f"dropped\t{eid}\t{name}\t{alias}")
    header = ("# Built by scripts/build_gazetteer.py from training portions of SlavicNER (cross-topic train), NEREL\n"
              "# (train+dev Wikidata links) and factRuEval-2016 (devset): names and ids only, most documents first.\n")
    args.out.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} entities to {args.out}")
    out2 = args.out.with_name("derived.tsv")
    out2.write_text("# Adjectives and group nouns that point at an entity (американский → USA), for linking only;\n"
                    "# built by scripts/build_gazetteer.py with built.tsv.\n" + "\n".join(derived) + "\n", encoding="utf-8")
    print(f"wrote {len(derived)} derived words to {out2}")


if __name__ == "__main__":
    main()
