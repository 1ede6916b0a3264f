"""Who a speaker phrase names: a person or organisation mention, a surname, a role noun ("прем'єрка", "заявил
сенатор"), a pronoun, a generic media or document noun ("пишет издание", "говорится в отчете"), or a media name the
NER left out ("передает The Guardian"), resolved to an entity id.

Roles resolve through the article's own appositions (``coref.role_index``); pronouns go to the more recent of the
last speaker and the last person named in subject position (outside quotes), as a reader would. Organisations,
outlets and institutions named without a tagged name are ``orgspeakers``'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article, Entity, Mention
from ..nlp.base import ParsedText
from .coref import _gender, _genders, possessor, role_index, role_key
from .orgrefs import _CITED_WORK, _CITING, _COMPANY_NOUN, _PRESS_OFFICE, OrgReferences
from .orgspeakers import _GENERIC_ORG, _MEDIA_NOUNS, _PREPS, OrgSources, Speaker, _stem_in

__all__ = ["Speaker", "Speakers", "_GENERIC_ORG", "_MEDIA_NOUNS", "_PREPS"]



# an office the speech comes from, after the outlet it was told to ("сообщили РИА Новости в пресс-службе …")
_TOLD_IN = re.compile(r"(?<!\w)(?:в|во|у)\s+(?:пресс?-служб|прес-служб|ведомств|відомств|министерств|міністерств|"
                      r"посольств|представительств|представництв|штаб|администрац|адміністрац)\w*")

# a lower-case person noun and a first name and surname after it, the end of the phrase ("юрист Богдан Боровик")
_NAME_AFTER_NOUN = re.compile(r"\s*(?:[a-zа-яёіїєґ'’-]+\s+){1,3}([A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’]+\s+[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’-]+)"
                              r"\s*[.,]?\s*$")
_REPRESENTATIVE = re.compile(r"(?<![\w'’-])(?:представник\w*|представител\w*|речни\w+|пресс?-секретар\w*)\s+"
                             r"([A-ZА-ЯЁІЇЄҐ][\w'’-]*[a-zа-яёіїєґ'’][\w'’-]*(?:\s+[A-ZА-ЯЁІЇЄҐ][\w'’-]+){0,2})")
_INTERLOCUTOR = {"собеседник", "собеседница", "собеседники", "співрозмовник", "співрозмовниця", "співрозмовники"}


# roles that stand for any official: matched to the last person introduced with a title
_GENERIC_ROLES = {"урядо", "чинов", "посад", "офици", "офіці", "дипло", "предс", "речни", "спике", "спіке",
                  "offic", "spoke", "пресс", "прес-", "прес", "предст"}


@dataclass(slots=True)
class _Found:
    entity: str
    text: str
    start: int
    end: int
    type: str


class Speakers(OrgSources, OrgReferences):
    """Resolves the speaker phrases of one article; remembers the last speakers for pronouns and nouns."""

    def __init__(self, article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity],
                 lex: dict):
        self.text = parsed.text or article.text
        self.article = article
        self.lex = lex
        self.ents = {e.id: e for e in entities}
        # set before the mentions are sorted: _common_noun asks each mention's type of both
        self.new_entities: dict[str, Entity] = {}
        self.new_mentions: list[Mention] = []
        self.tokens = {t.start: t for t in parsed.tokens}
        self.mentions = [m for m in sorted(mentions, key=lambda m: m.start) if not self._common_noun(m)]
        self.people = [m for m in self.mentions if self._type(m) == "PER"]
        self.orgs = [m for m in self.mentions if self._type(m) == "ORG"]
        self.roles = role_index(parsed, self.people, lex["role_set"])
        self.titles = {r for r, _, _, _ in self.roles}  # role keys the article itself gave someone
        self.nominative = {t.start for t in parsed.tokens if {"nomn", "Case=Nom"} & set(t.feats)}
        self.verbs = {t.start for t in parsed.tokens if t.pos in ("VERB", "AUX") or "VERB" in t.feats}
        self.gender = _genders(parsed, self.people)
        self.quoted: list[tuple[int, int]] = []  # direct quotes: names inside them are no antecedents
        self.last: tuple[int, str, str] | None = None  # (position, entity, text) of the last speaker
        self.last_person: tuple[int, str, str] | None = None
        self.last_org: tuple[int, str, str] | None = None
        self.last_media: tuple[int, str, str] | None = None

    def _common_noun(self, m: Mention) -> bool:
        """A person mention that is one dictionary common noun, capitalised only by opening its sentence
        ("Подруга покойного олигарха …", "Адвокат Насира заявил"): the tagger's slip, no person's name. A name the
        article also gives in full stays ("Козак" when "Иван Козак" is named)."""
        t = self.tokens.get(m.start)
        if t is None or m.type != "PER" or " " in m.text.strip() or t.pos != "NOUN" \
                or {"Name", "Surn", "Patr", "UNKN", "Geox", "Orgn", "Abbr"} & set(t.feats):
            return False
        e = self.ents.get(m.entity)
        return not (e and any(" " in a.strip() for a in (e.name, *e.aliases)))

    def _type(self, m: Mention) -> str:
        e = self.ents.get(m.entity) or self.new_entities.get(m.entity)
        return m.type or (e.type if e else "")

    def kind_of(self, eid: str | None) -> str:
        """The type (PER, ORG, LOC …) of an entity the article or this reader knows."""
        return self._etype(eid) if eid else ""

    def _etype(self, eid: str) -> str:
        e = self.ents.get(eid) or self.new_entities.get(eid)
        return e.type if e else ""

    def note(self, speaker: Speaker, pos: int, media: bool = False) -> None:
        """Remember who spoke at ``pos`` (pronouns and bare nouns after it refer back to them); ``media``: named
        as an outlet passing news on ("передает X", "пишет издание X")."""
        if not speaker[0]:
            return
        rec = (pos, speaker[0], speaker[1] or "")
        if media and self._etype(speaker[0]) != "PER":
            self.last_media = rec
        self.last = rec
        if self._etype(speaker[0]) == "PER":
            self.last_person = rec
        elif self._etype(speaker[0]) in ("ORG", "PRO"):
            self.last_org = rec

    def _outside_quotes(self, m: Mention) -> bool:
        return not any(a <= m.start < b for a, b in self.quoted)

    # -- salience -------------------------------------------------------------------------------------------
    def gender_at(self, pos: int) -> str | None:
        """The grammatical gender of the verb or pronoun at ``pos`` ("сказала" f, "він" m), if the text shows it."""
        for k in range(pos, min(pos + 3, len(self.text))):
            t = self.tokens.get(k)
            if t is not None:
                return _gender(t.feats)
        return None

    def before(self, pos: int, window: int = 900, person: bool = False, gender: str | None = None,
               strict: bool = False) -> Speaker | None:
        """Who a pronoun at ``pos`` is: the more recent of the last speaker and the last person named in subject
        position outside quotes; ``person``: people only ("он", "вона", "по его словам"); ``gender``: "f" or "m"
        from the verb or pronoun ("сказала она"), which rules out people of the other gender (``strict``: and
        people whose gender the text does not show)."""
        ok = (gender,) if strict else (None, gender)
        fits = (lambda eid: not gender or self.gender.get(eid) in ok)  # noqa: E731
        last = self.last_person if person else self.last
        if last and not fits(last[1]):
            last = None
        near = [m for m in self.people if m.end <= pos and pos - m.end <= window * 2 and self._outside_quotes(m)
                and fits(m.entity)]
        nom = [m for m in near if m.start in self.nominative or m.start + 1 in self.nominative]
        named = nom[-1] if nom else None
        if last and pos - last[0] <= window and (named is None or named.start < last[0]):
            return last[1], last[2]
        if named is not None:
            return named.entity, named.text
        if near:
            return near[-1].entity, near[-1].text
        if last:
            return last[1], last[2]
        return None

    def person_noun(self, start: int, end: int) -> str | None:
        """Whether text[start:end] names someone by a lower-case animate noun: its gender ("m", "f": "експерт",
        "женщина"), "p" for a plural ("правозащитники"), None for none (or a gender the text does not show)."""
        named = {m.start for m in self.mentions}
        for k in range(start, end):
            t = self.tokens.get(k)
            if t is not None and t.pos == "NOUN" and t.text[1:].islower() and {"anim", "Animacy=Anim"} & set(t.feats) \
                    and k not in named and not {"Name", "Surn", "Patr"} & set(t.feats):  # "Гість запевнив" opens it
                return "p" if {"plur", "Number=Plur"} & set(t.feats) else _gender(t.feats)
        return None

    def subject(self, start: int, end: int, people_only: bool = False) -> Speaker | None:
        """The person (else organisation) named first in subject position in text[start:end]."""
        for pool in (self.people,) if people_only else (self.people, self.orgs):
            inside = [m for m in pool if start <= m.start < end and self._outside_quotes(m)]
            nom = [m for m in inside if m.start in self.nominative or m.start + 1 in self.nominative]
            if nom or (inside and pool is self.orgs):
                m = (nom or inside)[0]
                return m.entity, m.text
        return None

    # -- phrases --------------------------------------------------------------------------------------------
    def phrase(self, start: int, end: int, pos: int, strict: bool = False) -> Speaker | None:
        """Who the speaker phrase text[start:end] names; ``pos`` is where the quote is (for back-references);
        ``strict``: only a name, no pronoun, role or generic noun."""
        text = self.text[start:end]
        low = text.lower()
        c = _CITING.search(low)
        if c and any(start <= m.start < start + c.start() for m in self.people):
            c = None  # "заявил глава компании Миллер, сообщает ONLINE.UA со ссылкой на Интерфакс": Миллер speaks
        if c and _CITED_WORK.match(low, c.end()) and (named := self._named_reporter(start, start + c.start())):
            # "повідомили «Наші гроші. Запоріжжя» з посиланням на сюжет …": a work cited, the outlet named reports
            # ("УНН повідомляє з посиланням на Reuters": the outlet cited speaks)
            return named
        if c:  # "ЗМІ з посиланням на Даунінг-стрит": the one cited speaks
            inner = self.phrase(start + c.end(), end, pos, strict=True)
            if inner:
                return inner
            end = start + c.start()
            text, low = text[: c.start()], low[: c.start()]
        words = re.findall(r"[\w'’-]+", low)
        if not words:
            return None
        if strict:
            found = sorted(self._mentions(start, end), key=lambda f: f.type != "PER")
            return (found[0].entity, found[0].text) if found else self._unlinked(start, end)
        if words[0] in self.lex["subject_pronouns"] or words[0] in self.lex["object_pronouns"]:
            g = {"она": "f", "вона": "f", "she": "f", "her": "f", "её": "f", "ее": "f", "її": "f", "он": "m",
                 "він": "m", "he": "m", "him": "m", "его": "m", "його": "m"}.get(words[0])
            return self.before(pos, person=words[0] not in ("они", "вони", "they", "их", "їх", "them"), gender=g)
        if words[0] in _INTERLOCUTOR:  # "— сказал собеседник агентства": the one quoted just before, if any
            return (self.last[1], words[0]) if self.last and 0 <= pos - self.last[0] <= 400 else None
        found = self._mentions(start, end)
        people = [f for f in found if f.type == "PER"]
        if len(people) > 1 and self._genitive_person(people[0].start):
            # "общественный защитник Алёхиной Александр Подрабинёк", "помощник Путина Юрий Ушаков": the name not in
            # the genitive speaks
            people = [p for p in people[1:] if not self._genitive_person(p.start)] or people
        role_at = self._role_word(text)
        if people and (role_at is None or self._apposition(start + role_at[0], people[0].start)):
            return people[0].entity, people[0].text  # the name, or the role in apposition to it
        if role_at is not None and (not found or start + role_at[0] < found[0].start):
            if who := self.role(role_at[1], start + role_at[0], pos, org=self._organisation(start + role_at[0], end)):
                return who
        # a platform ("на своїй сторінці у Фейсбук", "написал в Twitter") is where it was said, never who said it
        orgs = [f for f in found if f.type == "ORG" and f.text.lower() not in self.lex["stop_names"]]
        told = _TOLD_IN.search(low)
        if orgs and told and orgs[0].start < start + told.start():
            # "сообщили РИА Новости в пресс-службе базы", "повідомили «Економічній правді» у прес-службі МВС": the
            # outlet before is who was told; the office after "в" speaks
            inner = [f for f in orgs if f.start >= start + told.start()]
            if inner:
                return inner[0].entity, inner[0].text
            if who := self._institution(start + told.start(), end, pos):
                return who
        if orgs:
            return orgs[0].entity, orgs[0].text
        if who := self._surname(start, end):
            return who
        if who := self._unlinked(start, end):
            return who
        media = self.last_media or self.media_before(pos) or self.last_org or self._recent(pos, ("PRO",))
        if _MEDIA_NOUNS.search(low) and media:  # "пишет издание", "отмечается в статье", "по утверждению издания"
            return media[1], words[0]
        if who := self._org_by_words(words, pos):  # "в обласній клінічній лікарні повідомили", "в лікарні"
            return who
        press = next((k for k, w in enumerate(words) if _PRESS_OFFICE.fullmatch(w)), None)
        if press is not None and 0 < len(words) - press - 1 <= 2 and re.fullmatch(r"[^A-ZА-ЯЁІЇЄҐ«\"]*", text) \
                and (who := self._org_by_words(["у", *words[press + 1 :]], start)):
            return who  # "повідомили в прес-службі універмагу": the body named before by that noun ("ПАТ «Універмаг …»")
        if who := self._institution(start, end, pos):  # "прес-служба обласної прокуратури", "Суд наголосив"
            return who
        bare = [w for w in words if w not in _PREPS]
        if len(bare) == 1 and _PRESS_OFFICE.fullmatch(bare[0]) and (who := self._press_office(bare[0], pos)):
            return who  # "– заявили у прес-службі": the body whose press office the article named
        if _COMPANY_NOUN.match(words[0]) and (who := self._last_company(pos)):
            return who[0], words[0]  # "ТОВ «АБ «Легіон» звернулося до суду … Фірма пояснила": the firm, not the court
        if _GENERIC_ORG.search(low) and (who := self._salient_org(pos)):  # "говорится в отчете компании"
            return who[0], words[0]
        places = [m for m in self.mentions if start <= m.start < end and self._type(m) == "LOC"]
        if places:  # "заявили в Кремле", "Даунинг-стрит"
            return places[0].entity, places[0].text
        if rep := _REPRESENTATIVE.search(text):
            # "представники Россільгоспнагляду заявили" with the body untagged: the body speaks through them
            return self._as_entity(start + rep.start(1), start + rep.end(1), rep.group(1))
        if (g := self.person_noun(start, end)) in ("m", "f") and (n := _NAME_AFTER_NOUN.match(text)):
            # "– розповів юрист Богдан Боровик" with the name left untagged: the person named, not one before
            return self._as_entity(start + n.start(1), start + n.end(1), n.group(1), kind="PER")
        if g in ("m", "f"):
            # "», - вважає експерт": a singular animate noun is the person named before, if the gender fits
            # ("по словам женщины" is no man's word)
            return self.before(pos, person=True, gender=g, strict=g == "f")
        return None

    def plural_at(self, pos: int) -> bool:
        """Whether the word at ``pos`` (a speech verb) is plural ("заявили", "заявляють")."""
        tok = self.tokens.get(pos)
        return tok is not None and bool({"plur", "Number=Plur"} & set(tok.feats))

    def role_first(self, start: int, end: int, verb_at: int) -> bool:
        """Whether text[start:end] opens with a role noun before any name ("Глава BDI", "речник МЗС"), one person
        (the role word and the verb at ``verb_at`` singular)."""
        role_at = self._role_word(self.text[start:end])
        if role_at is None:
            return False
        for tok in (self.tokens.get(start + role_at[0]), self.tokens.get(verb_at)):
            if tok is not None and {"plur", "Number=Plur"} & set(tok.feats):
                return False  # "Аналітики ACN заявляють": a group speaks for the organisation
        found = self._mentions(start, end)
        return not found or start + role_at[0] < found[0].start

    def _apposition(self, role_at: int, name_at: int) -> bool:
        """A role word and a name after it are one phrase ("министр обороны Гэвин Уильямсон"): few words between,
        none of them a verb ("министр поблагодарил Джонсона" is not)."""
        if name_at < role_at:
            return True
        # the period of an abbreviation or an initial is no boundary ("ветеринар клініки Dr . VET Сергій Корнієнко")
        between = re.sub(r"(?<![\w'’-])[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ]{0,2}\s?\.", " ", self.text[role_at:name_at])
        if len(between.split()) > 10 or re.search(r"[,;:.!?]", between):
            return False
        # "юрист Богдан Боровик" with only the surname tagged: a first name right before it makes it a full name
        first_name = re.search(r"\s[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’]+\s+$", self.text[role_at:name_at])
        if not first_name and possessor(self.tokens.get(role_at), self.tokens.get(name_at)):
            return False  # "Адвокат Насира заявил": the name is whose role it is
        return not any(role_at < k < name_at for k in self.verbs)

    def _genitive_person(self, pos: int) -> bool:
        tok = self.tokens.get(pos)
        return tok is not None and bool({"gent", "gen2", "Case=Gen"} & set(tok.feats)) \
            and bool({"anim", "Animacy=Anim"} & set(tok.feats))

    def _mentions(self, start: int, end: int) -> list[_Found]:
        out = []
        for m in self.mentions:
            # a name may run past a phrase cut short by a wrong sentence break ("ухвала Печерського райсуду м.| Києва")
            if start <= m.start < end and m.end <= end + 40:
                t = self._type(m)
                if t in ("PER", "ORG", "PRO"):
                    out.append(_Found(m.entity, m.text, m.start, m.end, "ORG" if t == "PRO" else t))
        return out

    def _role_word(self, phrase: str) -> tuple[int, str] | None:
        """The first role noun of a phrase not governed by a preposition (offset, word)."""
        roles = self.lex["role_set"]
        prev = ""
        for m in re.finditer(r"[\w'’-]+", phrase):
            w = m.group().lower().replace("’", "'")
            if w not in roles and _stem_in(w, self.lex["org_heads"]):
                prev = w  # "прокуратуры" is the office, not "прокурор"
                continue
            if prev not in _PREPS and (w in roles or _stem_in(w, roles) or (len(w) >= 5 and role_key(w) in self.titles)
                                       or (w.startswith(("экс-", "екс-")) and _stem_in(w[4:], roles))):
                return m.start(), w
            prev = w
        return None

    def role(self, word: str, at: int, pos: int, org: Speaker | None = None) -> Speaker | None:
        """A role noun: the person the article introduced with it ("прем'єр-міністр Тереза Мей"), else the
        organisation it speaks for ("официальный представитель Даунинг-стрит"), else the more recent of the last
        speaker and the last person in subject position."""
        stem = role_key(word)
        if who := self._leader(word, at):
            return who
        tok = self.tokens.get(at)
        if tok is not None and ("Number=Plur" in tok.feats and not self.lex["role_set"] & {word}
                                or self._plural_group(at, tok)):
            # "по мнению экспертов", "аналитики заявили", "як пояснили чиновники": a group, no one person (the
            # Ukrainian analyzer's number alone is not sure enough: it reads "голови" as a plural)
            return None
        cands = [(p, e) for (r, p, e, _) in self.roles if r == stem]
        if cands:
            before = [c for c in cands if c[0] <= at]
            return (before[-1] if before else cands[0])[1], word
        if org is not None and stem in _GENERIC_ROLES:  # a spokesman speaks for the organisation, a premier not
            return org[0], word
        if stem in _GENERIC_ROLES:  # "за словами урядовця": the last person the article gave a title
            titled = [(p, e) for (_, p, e, _) in self.roles if p <= at]
            if titled:
                return titled[-1][1], word
        who = self.before(pos, person=True)
        return (who[0], word) if who else None

    def _plural_group(self, at: int, tok) -> bool:
        """A plural role noun next to a plural verb ("як пояснили чиновники", "чиновники заявили"): a group; the
        verb's number settles what the noun's case leaves open ("голови" is a genitive singular as well)."""
        if not {"plur", "Number=Plur"} & set(tok.feats):
            return False
        near = re.finditer(r"[\w'’-]+", self.text[max(0, at - 30) : tok.end + 30])
        lo = max(0, at - 30)
        words = [(lo + m.start(), m.group()) for m in near]
        k = next((i for i, (p, _) in enumerate(words) if p == at), None)
        if k is None:
            return False
        for p, _ in words[max(0, k - 1) : k] + words[k + 1 : k + 2]:
            t = self.tokens.get(p)
            if t is not None and (t.pos in ("VERB", "AUX") or "VERB" in t.feats):
                return bool({"plur", "Number=Plur"} & set(t.feats))
        return False

    def _leader(self, word: str, at: int) -> Speaker | None:
        """"президент России", "лидер КНДР": the leader of the country named right after the role, when the
        article names them (the leaders table of data/claims/places.yaml)."""
        from .measures import find_places, places

        tail = self.text[at : at + len(word) + 40]
        cut = re.search(r"[,.;:!?]", tail)
        end = at + (cut.start() if cut else len(tail))
        countries = {p.id for p in find_places(self.text, at, end, self.text, [], {})}
        if not countries:
            return None
        present = {m.entity for m in self.people}
        for leader in places()[1]:
            if leader["country"] in countries and leader["id"] in present and any(
                    word.startswith(r[:5]) for r in leader["roles"]):
                return leader["id"], word
        return None

    def _surname(self, start: int, end: int) -> Speaker | None:
        """A capitalised word that is the surname of a person the article names ("А. Монтедуро", "- Мей")."""
        for w in re.findall(r"(?<![\w'’-])[А-ЯЁІЇЄҐA-Z][\w'’-]{2,}", self.text[start:end]):
            stem = w.lower()[: max(3, len(w) - 2)]
            for m in self.people:
                e = self.ents.get(m.entity)
                forms = [m.normal, m.text, *(e.aliases if e else ())]
                if any(f and f.split()[-1].lower().lstrip(".").startswith(stem) for f in forms):
                    return m.entity, w
        for w in re.findall(r"(?<![\w'’-])[А-ЯЁІЇЄҐA-Z][\w'’-]{5,}", self.text[start:end]):
            # a surname misspelt by one letter ("Сабурова" for "Сабирова"), the same length, first letter kept
            low = w.lower()
            for m in self.people:
                e = self.ents.get(m.entity)
                for f in (m.text, *(e.aliases if e else ())):
                    last = f.split()[-1].lower() if f and f.split() else ""
                    if len(last) == len(low) and last[0] == low[0] \
                            and sum(a != b for a, b in zip(last, low, strict=True)) == 1:
                        return m.entity, w
        return None

    def last_named(self, pos: int) -> Speaker | None:
        """The person named last before ``pos`` in any case ("Юля сказала Маркіяну Бедрію …. Той відповів")."""
        r = self._recent(pos, ("PER",), window=600)
        return (r[1], r[2]) if r else None

