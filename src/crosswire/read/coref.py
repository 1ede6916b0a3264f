"""Cheap nominal coreference inside one article: a role phrase written as an apposition to a name
("президента России Владимира Путина", "северокорейского лидера Ким Чен Ына") names that person elsewhere in the
same article ("российский президент" is not matched, "президент России" is).

Only roles of two or more words are used, and a role seen before two different people is dropped, so "президент"
alone never links; nothing is carried across articles (office holders change). A person's gender as the text shows
it (the verb next to the name) lets a pronoun or "женщина" rule people out (``_genders``).
"""

from __future__ import annotations

import re

from ..model import Mention
from ..nlp.base import ParsedText, Token
from ..nlp.spans import wordset
from .stems import Stems

_MAX_ROLE = 5


def _governed(tokens: list[Token], k: int) -> bool:
    """The phrase starting at token ``k`` depends on a word that makes it someone else's role."""
    if k == 0:
        return False
    prev = tokens[k - 1]
    deps = wordset("role_dependents")
    return prev.text.lower() in deps or prev.lemma in deps


def _role_before(tokens: list[Token], i: int, starts: set[int]) -> tuple[int, tuple[str, ...]] | None:
    """The role phrase ending right before token ``i`` (a person's first token): (first index, lemmas)."""
    cues = wordset("per_cues")
    lo = max(0, i - _MAX_ROLE)
    for k in range(i - 1, lo - 1, -1):
        tok = tokens[k]
        if not tok.text.isalpha() or (k < i - 1 and tok.start in starts):
            return None
        if tok.text.lower() in cues or tok.lemma in cues:
            while k > 0 and tokens[k - 1].text.isalpha() and tokens[k - 1].text.islower() \
                    and tokens[k - 1].pos in ("ADJ", "ADJF") and k > lo:
                k -= 1  # "северокорейского лидера": the adjective belongs to the role
            if _governed(tokens, k):
                return None  # "помощника президента России Юрия Ушакова": the role is not his
            lemmas = tuple(t.lemma for t in tokens[k:i])
            return (k, lemmas) if len(lemmas) >= 2 else None
    return None


def nominal_mentions(article_id: str, parsed: ParsedText, mentions: list[Mention]) -> list[Mention]:
    """Mentions of people by a role phrase their name was introduced with in the same article."""
    tokens = [t for t in parsed.tokens if t.text.strip()]
    index = {t.start: n for n, t in enumerate(tokens)}
    people = [m for m in mentions if m.type == "PER" and m.start in index]
    starts = {m.start for m in mentions}
    roles: dict[tuple[str, ...], set[str]] = {}
    for m in people:
        found = _role_before(tokens, index[m.start], starts)
        if found is not None:
            roles.setdefault(found[1], set()).add(m.entity)
    roles = {k: v for k, v in roles.items() if len(v) == 1}
    if not roles:
        return []
    out: list[Mention] = []
    taken = {(m.start, m.end) for m in mentions if m.type == "PER"}  # places inside a role phrase may stay
    lemmas = [t.lemma for t in tokens]
    for key, (entity,) in ((k, tuple(v)) for k, v in roles.items()):
        n = len(key)
        for i in range(len(tokens) - n + 1):
            if tuple(lemmas[i:i + n]) != key:
                continue
            nxt = tokens[i + n] if i + n < len(tokens) else None
            if nxt is not None and nxt.start in starts:
                continue  # an apposition itself: the name right after is already a mention
            if _governed(tokens, i):
                continue  # "помощник президента России" refers to the aide
            start, end = tokens[i].start, tokens[i + n - 1].end
            if any(s < end and start < e for s, e in taken):
                continue
            text = parsed.text[start:end]
            out.append(Mention(article_id, entity, start, end, text, "PER", " ".join(key)))
            taken.add((start, end))
    return out


def role_index(parsed: ParsedText, people: list[Mention], roles: set[str],
               stems: Stems | None = None) -> list[tuple[str, int, str, str]]:
    """(role key, position, entity, role word) for every person introduced with a role noun right before the name
    ("прем'єр-міністр Великої Британії Тереза Мей", "главный переговорщик ЕС Мишель Барнье", "сенатор Пушков");
    the key is the role word's first five letters, so "прем'єрка" and "премьер" find their person. Words are read
    off the text (the tokenizer cuts "прем'єр" at the apostrophe)."""
    deps = wordset("role_dependents")
    stems = stems if stems is not None else Stems(roles, 5)  # a noun of five letters or more begins the word
    verbs = {t.start for t in parsed.tokens if t.pos in ("VERB", "AUX", "INFN", "PRTF", "PRTS", "GRND")}
    toks = {t.start: t for t in parsed.tokens}
    out: list[tuple[str, int, str, str]] = []
    for m in people:
        lo = max(0, m.start - 90)
        left = parsed.text[lo : m.start]
        cut = max((x.end() for x in re.finditer(r"[,.;:!?()«»\"“”„\n]", left)), default=0)
        found = list(re.finditer(r"[\w'’ʼ-]+", left[cut:]))[-6:]
        words = [x.group() for x in found]
        if not words and left[cut - 1 : cut] == ",":
            # "его назначенный судом адвокат, Стивен Брунстайн": a role set off by a comma right before the name
            prev = re.findall(r"[\w'’ʼ-]+", left[: cut - 1])[-1:]
            w = prev[0].lower().replace("’", "'").replace("ʼ", "'") if prev else ""
            if w in roles:
                out.append((role_key(w), m.start, m.entity, prev[0]))
            continue
        for k in range(len(words) - 1, -1, -1):
            if lo + cut + found[k].start() in verbs:
                break  # "Премьер-министр Тереза Мэй приняла отставку Джонсона": the role is not Johnson's
            w = words[k].lower().replace("’", "'").replace("ʼ", "'")
            if w in roles or w in stems:
                prev = words[k - 1].lower() if k > 0 else ""
                if prev in deps:
                    break  # "помощник президента Путина": the role is not his
                if possessor(toks.get(lo + cut + found[k].start()), toks.get(m.start)):
                    break  # "Адвокат Насира заявил": the lawyer is Nasir's, not Nasir
                out.append((role_key(w), m.start, m.entity, words[k]))
                break
            if k == len(words) - 1 and _common_noun_apposition(toks.get(lo + cut + found[k].start()),
                                                              toks.get(m.start)):
                # "композитора Эннио Морриконе", "телеведущий Дмитрий Захаров": any animate common noun right
                # before the name, in the name's case, is a title the article may call the person by later
                out.append((role_key(w), m.start, m.entity, words[k]))
                break
    return out


def possessor(role: Token | None, name: Token | None) -> bool:
    """The name after a nominative role word is an animate genitive: whose role it is ("Адвокат Насира"). Names
    the morphology does not know read as inanimate ("Гернот" in "міністр … Гернот Блюмель") and stay appositions."""
    if role is None or name is None:
        return False
    nf, rf = set(name.feats), set(role.feats)
    return bool({"gent", "gen2", "Case=Gen"} & nf and {"anim", "Animacy=Anim"} & nf and {"nomn", "Case=Nom"} & rf)


_CASES = {"nomn", "gent", "datv", "accs", "ablt", "loct", "voct"}


def _common_noun_apposition(noun: Token | None, name: Token | None) -> bool:
    """A lower-case animate noun that agrees in case with the name after it (or the name does not decline)."""
    if noun is None or name is None or noun.pos != "NOUN" or not noun.text.islower() or len(noun.text) < 5:
        return False
    feats, name_feats = set(noun.feats), set(name.feats)
    if not {"anim", "Animacy=Anim"} & feats or {"plur", "Number=Plur"} & feats:
        return False
    case, name_case = feats & _CASES, name_feats & _CASES
    return not case or not name_case or "Fixd" in name_feats or bool(case & name_case)


def role_key(word: str) -> str:
    """A role word's comparison key: "прем'єрка", "прем'єр-міністр", "премьера" → "прем'"; "министр" → "минис";
    "глава", "главу" → "глав"; "генпрокурор" → "проку"."""
    w = word.lower().replace("’", "'").replace("ʼ", "'")
    if not w.startswith(("экс-", "екс-", "вице-", "віце-")):
        w = w.split("-")[0]
    # "генпрокурор", "гендиректор": the general one of "генеральный прокурор" is keyed as the role itself
    w = re.sub(r"^ген(?=прокур|директор|секретар|консул)", "", w)
    if len(w) <= 6:  # a short word's case ending is inside its first five letters: "главу", "мэра" → "глав", "мэр"
        w = re.sub(r"(?:ой|ою|ом|ем|ей|а|у|ы|е|и|і|ю|я)$", "", w) or w
    return w[:5]


def _gender(feats) -> str | None:
    f = set(feats)
    if {"femn", "Gender=Fem"} & f:
        return "f"
    if {"masc", "Gender=Masc"} & f:
        return "m"
    return None


def _genders(parsed: ParsedText, people: list[Mention], weak: bool = False) -> dict[str, str]:
    """A person's gender as the text shows it: the past-tense verb next to their name agrees with it ("Мей
    заявила", "сказав Барньє"; strong), else their first name as the morphology reads it (weak: "Мішель")."""
    toks = [t for t in parsed.tokens if t.text.strip()]
    at = {t.start: n for n, t in enumerate(toks)}
    votes: dict[str, dict[str, int]] = {}

    def vote(eid: str, g: str | None, w: int) -> None:
        if g:
            votes.setdefault(eid, {}).setdefault(g, 0)
            votes[eid][g] += w

    for m in people:
        inside = [toks[at[k]] for k in range(m.start, m.end) if k in at]
        for t in inside:
            if "Name" in t.feats and "Fixd" not in t.feats:  # an indeclinable name's gender is a guess ("Домінік" f)
                vote(m.entity, _gender(t.feats), 1)
        last = at.get(inside[-1].start) if inside else None
        first = at.get(inside[0].start) if inside else None
        for n in ([last + 1] if last is not None else []) + ([first - 1] if first else []):
            if 0 <= n < len(toks) and (toks[n].pos in ("VERB", "AUX") or "VERB" in toks[n].feats):
                vote(m.entity, _gender(toks[n].feats), 3)
    # only the agreement of a verb is sure enough to rule a person out (a first name like "Мішель" is not);
    # ``weak``: a first name counts too, where no verb or name says otherwise (a role's verb rules people out by it)
    floor = 1 if weak else 3
    return {e: max(v, key=lambda g: v[g]) for e, v in votes.items()
            if max(v.values()) >= floor and len(v) == 1 or max(v.values()) >= 3}
