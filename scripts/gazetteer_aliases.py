"""Which aliases of a built gazetteer entity can name it outside the article it was annotated in
(used by scripts/build_gazetteer.py)."""

from __future__ import annotations

from collections import defaultdict

from crosswire.nlp.names import key, name_words

_PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init"}
_OF_A_NAME = ("ский", "цкий", "ський", "цький")


class Places:
    """Which gazetteer places a name mentions, and whether an alias can name its entity anywhere.

    The annotations this file is built from link what a mention means in its article, not what the name means
    alone: SlavicNER gives "Верховный суд" and even "Верховный суд США" the id of Pakistan's Supreme Court
    because the articles were about Pakistan. Own rule (no library knows which of our ids is a country): an alias
    is dropped when it names another place than the entity's own, or when the entity's own name is tied to a
    place ("Supreme Court of Pakistan") and the alias is only common words ("Верховный суд"), which any
    country's body is called."""

    def __init__(self, core, merged: dict, derived: dict[str, str]):
        loc = {e.id for e in core if e.type == "LOC"} | {i for i, r in merged.items() if r["type"] == "LOC"}
        countries = {e.id for e in core if e.type == "LOC" and e.wikidata and not e.actor}
        self.index: dict[str, str] = {}
        for e in core:
            if e.type == "LOC":
                for a in (e.name, *e.aliases):
                    self.index.setdefault(key(a), e.id)
        for eid, row in merged.items():
            if row["type"] == "LOC":
                for a in [row["name"], *[a for a, n in row["aliases"].items() if n >= 2]]:
                    if a:
                        self.index.setdefault(key(a), eid)
        for word, eid in derived.items():  # "пакистанский", "российская": adjectives of a place
            if eid in loc:
                self.index.setdefault(key(word), eid)
        # generic part of a place-qualified name → the places it is qualified by ("Верховный Суд" → {Russia, ...})
        self.qualified: dict[str, set[str]] = defaultdict(set)
        names = [(e.type, a) for e in core for a in (e.name, *e.aliases)]
        names += [(r["type"], a) for r in merged.values() for a in (r["name"], *r["aliases"]) if a]
        for type_, a in names:
            # one country as the qualifier: not "Конгресс русских американцев", not "Сенат Джорджии" (a US state)
            if type_ == "ORG" and len(places := self.named(a)) == 1 and places <= countries \
                    and (bare := self.unqualified(a)):
                self.qualified[key(bare)] |= places

    def named(self, name: str) -> set[str]:
        """Ids of the places ``name`` mentions: its word n-grams as written, or single words by their lemmas."""
        words = name_words(name)
        out = {self.index[k] for n in (3, 2) for i in range(len(words) - n + 1)
               if (k := key(" ".join(words[i:i + n]))) in self.index and n < len(words)}
        for w in words if len(words) > 1 else []:  # a whole name that is a place ("Белый дом") qualifies nothing
            out |= {self.index[k] for k in map(key, lemmas(w)) if k in self.index}
        return out

    def common_words(self, name: str) -> bool:
        """Every word of ``name`` is a known ru/uk common word (no acronym, proper noun or place)."""
        return all(not (w.isupper() and len(w) > 1) and not self.place_word(w) and common_word(w)
                   for w in name_words(name))

    def unqualified(self, name: str) -> str:
        """``name`` without its place: "Верховный Суд Российской Федерации" → "Верховный Суд"."""
        words = name_words(name)
        flags = [self.place_word(w) for w in words]
        if flags and flags[0]:
            rest = words[flags.index(False):] if False in flags else []
            return " ".join(w for w, f in zip(rest, flags[len(words) - len(rest):], strict=True) if not f)
        head = words[:flags.index(True)] if True in flags else []
        while head and head[-1].lower() in ("в", "у", "of", "in"):  # "Коллегия выборщиков в США"
            head.pop()
        return " ".join(head)

    def place_word(self, word: str) -> bool:
        return any(k in self.index for k in map(key, lemmas(word)))

    def one_entity(self, alias: str, row: dict) -> bool:
        """``alias`` can stand for this entity outside the article it was annotated in."""
        own = self.named(row["name"] or row["aliases"].most_common(1)[0][0])
        own -= {self.index.get(key(a)) for a in row["aliases"]}  # the White House the place is not its qualifier
        if row["type"] == "ORG" and own:
            named = self.named(alias)
            if named and not named & own:
                return False  # "Верховный суд США" on Pakistan's court
        if not (own and row["type"] == "ORG" and self.common_words(alias)):
            return True
        # a bare generic name stays only while the data gives it no other country's body ("Конгресс" is the US one)
        if self.qualified.get(key(alias), set()) - own:
            return False
        if " " not in alias and any(" " in bare and abbreviates(key(alias), bare.split()) and places - own
                                    for bare, places in self.qualified.items()):
            return False  # "Кабмин", "Минобороны": shortenings of such names
        # nor another body of the same kind than the entity's own qualified names say: "Местный суд" on the court
        # also called "Верховный суд Пакистана", bare "Палата" on "Палата представителей США"
        bares = {self.unqualified(a) for a in row["aliases"] if self.named(a) & own} - {""}
        return not any(other_kind(alias, b) for b in bares)


def lemmas(word: str) -> set[str]:
    """``word`` and its ru/uk dictionary lemmas (pymorphy3, first parses)."""
    from crosswire.nlp.base import morph_analyzer

    out = {word.lower()}
    for lang in ("ru", "uk"):
        morph = morph_analyzer(lang)
        if morph is not None:
            out |= {p.normal_form for p in morph.parse(word)[:3] if p.is_known}
    return out


def abbreviates(word: str, words: list[str]) -> bool:
    """``word`` is made of the starts of all of ``words``, two letters or more each ("kabmin" ← "kabinet
    ministrov"), as Russian and Ukrainian shorten official names."""
    if not words:
        return not word
    if len(words) == 1 and not word:
        return False
    return any(words[0].startswith(word[:i]) and abbreviates(word[i:], words[1:])
               for i in range(min(len(word), len(words[0])), 1, -1)) and len(word) >= 2


def other_kind(alias: str, bare: str) -> bool:
    """``alias`` is a cut ("Палата" of "Палата представителей") or another kind ("Местный суд" beside "Верховный
    суд") of ``bare``: same nouns, a modifier missing or swapped for another word of the same language."""
    a, b = signature(alias), signature(bare)
    if a == b or not noun_lemmas(alias) & noun_lemmas(bare):
        return False
    if len(a) < len(b):
        return len(a) == 1 and a[0] in b  # a bare noun cut from a longer name
    diff = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    return len(a) == len(b) and len(diff) == 1 and same_language(*diff[0])


def same_language(a: str, b: str) -> bool:
    """pymorphy3 knows both words in one language (so they are not a ru/uk pair: "державний", "государственный")."""
    from crosswire.nlp.base import morph_analyzer

    return any(m is not None and m.parse(a)[0].is_known and m.parse(b)[0].is_known
               for m in (morph_analyzer("ru"), morph_analyzer("uk")))


def signature(name: str) -> tuple[str, ...]:
    """``name`` word by word as first-parse lemmas: "Конгресса" and "Конгресс" agree."""
    from crosswire.nlp.base import morph_analyzer

    morphs = [m for m in (morph_analyzer("ru"), morph_analyzer("uk")) if m is not None]
    out = []
    for w in name_words(name):
        known = [p for m in morphs for p in m.parse(w)[:1] if p.is_known]
        out.append(known[0].normal_form if known else w.lower())
    return tuple(out)


def noun_lemmas(name: str) -> set[str]:
    """Lemmas of the words of ``name`` that pymorphy3 (ru, then uk) reads as nouns first."""
    from crosswire.nlp.base import morph_analyzer

    out = set()
    for w in name_words(name):
        for lang in ("ru", "uk"):
            morph = morph_analyzer(lang)
            p = morph.parse(w)[0] if morph is not None else None
            if p is not None and p.is_known and p.tag.POS == "NOUN":
                out.add(p.normal_form)
                break
    return out


def common_word(word: str) -> bool:
    """pymorphy3 knows ``word`` (ru or uk) and none of its known readings is a name, place, organisation or
    abbreviation."""
    from crosswire.nlp.base import morph_analyzer

    known = False
    for lang in ("ru", "uk"):
        morph = morph_analyzer(lang)
        parses = [p for p in (morph.parse(word) if morph is not None else []) if p.is_known]
        if any(_PROPER & set(p.tag.grammemes) for p in parses):
            return False
        if any(p.tag.POS in ("ADJF", "ADJS") and p.normal_form.endswith(_OF_A_NAME)
               and not p.normal_form.endswith(("ческий", "чеський")) for p in parses):
            return False  # "Пакистанский", "Оксфордский": made from a name (not "демократический": from a word)
        known = known or bool(parses)
    return known
