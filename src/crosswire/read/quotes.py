"""Quotes and their speakers: «…» / „…“ / "…" attributed by a dash and a speech verb ("», — сказал Путин") or
by a verb and a colon before them ("Путин заявил: «…»"), plus cheap indirect speech ("Х заявил, что …").

Speakers are linked to PER entities: a named mention, a pronoun (the last person in subject position), a role
noun ("президент России": the leader table, then the previous quote's speaker). Marks without a speech verb
(scare quotes, titles) are not quotes.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from ..model import Article, Entity, Mention, Quote
from ..nlp.base import ParsedText
from .counted import lines
from .measures import find_places, places


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    """Quote marks, speech verbs and role nouns (data/quotes/lexicon.yaml), compiled."""
    import yaml

    d = yaml.safe_load(
        resources.files("crosswire.data.quotes").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    )
    d["after_re"] = re.compile(
        r"^\s*[,.!?…]?\s*[—–-]{1,2}\s*(?P<verb>" + d["verbs"] + r")(?!\w)(?P<rest>[^.!?\n«\"“„]*)"
    )
    d["as_said_re"] = re.compile(
        r"(?<!\w)(?:как|як|as)\s+(?P<verb>" + d["verbs"] + r")(?!\w)(?P<who>[^.!?\n:«\"]{2,80}),\s*$"
    )
    d["before_re"] = re.compile(r"(?<!\w)(?P<verb>" + d["verbs"] + r")(?!\w)[^.!?\n:«\"]{0,40}:\s*$")
    d["indirect_re"] = re.compile(
        r"(?<!\w)(?P<verb>" + d["verbs"] + r")(?!\w)[^.!?\n,]{0,30},\s*(?:что|що|that)\s+"
    )
    d["object_re"] = re.compile(
        r"^\s*" + d["object_verbs"] + r"\s+(?:" + "|".join(d["object_pronouns"]) + r")(?!\w)"
    )
    d["role_set"] = set(d["roles"])
    d["en_after_re"] = re.compile(
        r"^\s*,?\s*(?:(?P<verb>" + d["en_verbs"] + r")\s+(?P<rest>[^.!?\n,\"“]{1,60})"
        r"|(?P<rest2>[^.!?\n\"“”]{1,60}?)\s+" + d["en_verbs"] + r")\b"
    )
    return d


def find_spans(text: str) -> list[tuple[int, int]]:
    """Inner [start, end) of every quoted stretch on one line; nested marks stay inside the outer quote."""
    lex = lexicon()
    spans: list[tuple[int, int]] = []
    for open_, close in lex["marks"]:
        pos = 0
        while (i := text.find(open_, pos)) >= 0:
            depth, k = 1, i + 1
            while k < len(text) and text[k] != "\n":
                if open_ != close and text[k] == open_:
                    depth += 1
                elif text[k] == close:
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            if k >= len(text) or text[k] != close:
                pos = i + 1
                continue
            spans.append((i + 1, k))
            pos = k + 1
    # interview style: a line that opens with a dash, "— Мы не отступим, — заявил он."
    for m in re.finditer(r"(?m)^[ \t]*[—–]\s+(?=\S)", text):
        eol = text.find("\n", m.end())
        line = text[m.end() : eol if eol >= 0 else len(text)]
        if cut := re.search(r"[,.!?…](?=\s+[—–]\s+\w)", line):
            spans.append((m.end(), m.end() + cut.start()))
    spans.sort()
    out: list[tuple[int, int]] = []
    for s in spans:  # drop quotes nested in a longer one
        if not any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in spans):
            out.append(s)
    return out


def _is_nominative(parsed: ParsedText, m: Mention) -> bool:
    tok = parsed.token_at(m.start)
    return tok is not None and bool({"nomn", "Case=Nom"} & set(tok.feats))


class _Speakers:
    """Resolves the speaker phrases of one article to PER entities."""

    def __init__(self, article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity]):
        self.text = parsed.text or article.text
        self.parsed = parsed
        self.ents = {e.id: e for e in entities}
        self.people = sorted(
            (
                m
                for m in mentions
                if m.type == "PER" or self.ents.get(m.entity, Entity("", "", "")).type == "PER"
            ),
            key=lambda m: m.start,
        )
        self.mentions = mentions
        self.last: tuple[str | None, str | None] = (None, None)

    def named(self, start: int, end: int, kind: str = "PER") -> tuple[str | None, str | None] | None:
        """The first person mention in text[start:end], or a capitalised name matched to an article person;
        with ``kind="ORG"`` the first organisation ("— подчеркнули BioNTech и Pfizer")."""
        if kind != "PER":
            orgs = [m for m in self.mentions if m.type == kind and start <= m.start < end]
            return (orgs[0].entity, orgs[0].text) if orgs else None
        inside = [m for m in self.people if start <= m.start < end]
        if inside:
            return inside[0].entity, inside[0].text
        words = re.findall(r"\b[А-ЯЁІЇЄҐA-Z][\w'’-]{2,}", self.text[start:end])
        for w in words:
            stem = w.lower()[: max(4, len(w) - 2)]
            for m in self.people:
                e = self.ents.get(m.entity)
                forms = [m.text, m.normal, *(e.aliases if e else ()), e.name if e else ""]
                if any(stem in f.lower() for f in forms if f):
                    return m.entity, w
        return None

    def subject_before(self, pos: int) -> tuple[str | None, str | None] | None:
        """The last person in subject position before ``pos`` (any person when none is nominative)."""
        before = [m for m in self.people if m.end <= pos]
        if not before:
            return None
        nom = [m for m in before if _is_nominative(self.parsed, m)]
        m = (nom or before)[-1]
        return m.entity, m.text

    def role(self, phrase: str, start: int, end: int, pos: int) -> tuple[str | None, str | None] | None:
        """A role noun ("президент России", "диктатор"): the leader of that country named in the article, else
        a person the article calls so, else the previous quote's speaker."""
        lex = lexicon()
        raw = re.findall(r"[\w'’-]+", phrase)
        words = [w.lower() for w in raw]
        if not words:
            return None
        if not any(w in lex["role_set"] or w.rstrip("аыуеом") in lex["role_set"] for w in words[:2]):
            # an unlisted common noun ("— добавил биолог") still names the person the text is about
            if not (raw[0][:1].islower() and raw[0].isalpha()) or any(w[:1].isupper() for w in raw[1:3]):
                return None
            found = self.subject_before(pos) if not self.last[0] else self.last
            return (found[0], " ".join(words[:3])) if found else None
        text_role = " ".join(words[:3])
        role_tok = next(
            (
                t
                for t in self.parsed.tokens
                if start <= t.start < end
                and t.text.lower() in words[:2]
                and (t.text.lower() in lex["role_set"] or t.text.lower().rstrip("аыуеом") in lex["role_set"])
            ),
            None,
        )
        if role_tok is not None and {"plur", "Number=Plur"} & role_tok.feats:
            return None  # "— заявляют министры": a group, not the last person named
        countries = {p.id for p in find_places(self.text, start, end, self.text, self.mentions, self.ents)}
        present = {m.entity for m in self.people}
        if countries:
            for leader in places()[1]:
                if (
                    leader["country"] in countries
                    and leader["id"] in present
                    and any(w.startswith(r[:5]) for r in leader["roles"] for w in words[:2])
                ):
                    return leader["id"], text_role
            # a person the article introduces with this role ("президента России Владимира Путина")
            stem = next(
                w for w in words[:2] if w in lex["role_set"] or w.rstrip("аыуеом") in lex["role_set"]
            )[:5]
            for m in self.people:
                lead = self.text[max(0, m.start - 40) : m.start].lower()
                if (
                    stem in lead
                    and find_places(self.text, max(0, m.start - 40), m.start, self.text, [], {})
                    and {
                        p.id for p in find_places(self.text, max(0, m.start - 40), m.start, self.text, [], {})
                    }
                    & countries
                ):
                    return m.entity, text_role
        if self.last[0]:
            return self.last[0], text_role
        found = self.subject_before(pos)
        return (found[0], text_role) if found else None


def read_quotes(
    article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity]
) -> list[Quote]:
    """Direct quotes (and cheap indirect speech) with the speaker linked to an entity."""
    lex = lexicon()
    sp = _Speakers(article, parsed, mentions, entities)
    text = sp.text
    out: list[Quote] = []
    for qs, qe in find_spans(text):
        body = text[qs:qe].strip()
        if len(body) < lex["min_chars"] or len(body.split()) < lex["min_words"]:
            continue
        speaker: tuple[str | None, str | None] | None = None
        after = text[qe + 1 : qe + 200]
        line_start = text.rfind("\n", 0, qs - 1) + 1
        before = text[line_start : qs - 1]
        if m := lex["after_re"].match(after):
            rest_start = qe + 1 + m.start("rest")
            rest = m.group("rest")
            cut = re.search(r",|\s[—–-]\s|\(", rest)
            phrase = rest[: cut.start()] if cut else rest
            low = phrase.strip().lower()
            first = low.split()[0] if low.split() else ""
            if lex["object_re"].match(m.group("verb") + " " + low) or first in lex["subject_pronouns"]:
                speaker = sp.subject_before(qs)
            else:
                speaker = (
                    sp.named(rest_start, rest_start + len(phrase))
                    or sp.role(phrase, rest_start, rest_start + len(phrase), qs)
                    or sp.named(rest_start, rest_start + len(rest))
                    or sp.named(rest_start, rest_start + len(rest), "ORG")
                )
            if speaker is None and not phrase.strip():
                speaker = sp.subject_before(qs)
        elif m := lex["en_after_re"].match(after):
            rest = m.group("rest") if m.group("rest") is not None else m.group("rest2")
            rest_start = qe + 1 + (m.start("rest") if m.group("rest") is not None else m.start("rest2"))
            first = rest.strip().split()[0].lower() if rest.strip() else ""
            speaker = (
                sp.subject_before(qs)
                if first in lex["subject_pronouns"]
                else sp.named(rest_start, rest_start + len(rest))
                or sp.role(rest, rest_start, rest_start + len(rest), qs)
                or sp.named(rest_start, rest_start + len(rest), "ORG")
            )
        elif m := lex["as_said_re"].search(before.lower()):  # "Как заявил Путин, «…»"
            who_start = line_start + m.start("who")
            speaker = sp.named(who_start, line_start + m.end("who")) or sp.role(
                before[m.start("who") : m.end("who")], who_start, line_start + m.end("who"), qs
            )
        elif re.fullmatch(r"\s*[\w.'’ -]{2,60}:\s*", before) and sp.named(line_start, qs - 1):
            speaker = sp.named(line_start, qs - 1)  # headline style: "Зеленский: «…»"
        elif m := lex["before_re"].search(before.lower()):
            clause_start = line_start + max(before.rfind(". ", 0, m.start()) + 1, 0)
            verb_at = line_start + m.start("verb")
            speaker = sp.named(clause_start, verb_at) or sp.subject_before(verb_at)
        else:
            continue  # scare quotes, titles, names: no speech verb attributes them
        eid, stext = speaker if speaker else (None, None)
        if eid:
            sp.last = (eid, stext)
        out.append(
            Quote(
                id=f"{article.id}:q{len(out) + 1}",
                article=article.id,
                text=body,
                start=qs,
                end=qe,
                speaker=eid,
                speaker_text=stext,
                direct=True,
            )
        )
    out += _indirect(article, parsed, sp, out)
    return out


def _indirect(article: Article, parsed: ParsedText, sp: _Speakers, direct: list[Quote]) -> list[Quote]:
    """ "Путин заявил, что …": a named person in subject position, a speech verb, a that-clause."""
    lex = lexicon()
    text = sp.text
    out: list[Quote] = []
    n = len(direct)
    for sent in lines(parsed.sentences, text):
        low = sent.text.lower()
        for m in lex["indirect_re"].finditer(low):
            verb_at = sent.start + m.start("verb")
            who = [p for p in sp.people if sent.start <= p.start < verb_at and _is_nominative(parsed, p)] or [
                x
                for x in sp.mentions
                if x.type == "ORG" and sent.start <= x.start < verb_at and _is_nominative(parsed, x)
            ]  # "МИД России заявил, что ..."
            speaker = (who[-1].entity, who[-1].text) if who else None
            head = low[: m.start("verb")].split()
            if speaker is None and head and head[0].strip(",") in lex["subject_pronouns"]:
                speaker = sp.subject_before(sent.start)  # "Он также отметил, что ...": the person before
            if speaker is None:
                continue
            qs, qe = sent.start + m.end(), sent.end
            body = text[qs:qe].rstrip(" .")
            if len(body.split()) < lex["min_words"] or any(d.start <= qs < d.end for d in direct):
                continue
            n += 1
            out.append(
                Quote(
                    id=f"{article.id}:q{n}",
                    article=article.id,
                    text=body,
                    start=qs,
                    end=qs + len(body),
                    speaker=speaker[0],
                    speaker_text=speaker[1],
                    direct=False,
                )
            )
    return out
