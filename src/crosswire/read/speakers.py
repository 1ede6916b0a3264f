"""Who a speaker phrase names: a person or organisation mention, a surname, a role noun ("прем'єрка", "заявил
сенатор"), a pronoun, a generic media or document noun ("пишет издание", "говорится в отчете"), or a media name the
NER left out ("передает The Guardian"), resolved to an entity id.

Roles resolve through the article's own appositions (``coref.role_index``); pronouns go to the more recent of the
last speaker and the last person named in subject position (outside quotes), as a reader would. Roles and surnames
are ``personrefs``'; organisations, outlets and institutions named without a tagged name are ``orgspeakers``'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article, Entity, Mention
from ..nlp.base import ParsedText
from .coref import _gender, _genders, role_index
from .orgrefs import _CITED_WORK, _CITING, _COMPANY_NOUN, _JUSTIFICATION, _PRESS_OFFICE, OrgReferences
from .orgspeakers import _GENERIC_ORG, _MEDIA_NOUNS, _PREPS, OrgSources, Speaker
from .personrefs import PersonReferences

__all__ = ["Speaker", "Speakers", "_GENERIC_ORG", "_MEDIA_NOUNS", "_PREPS"]



# an office the speech comes from, after the outlet it was told to ("сообщили РИА Новости в пресс-службе …")
_TOLD_IN = re.compile(r"(?<!\w)(?:в|во|у)\s+(?:пресс?-служб|прес-служб|ведомств|відомств|министерств|міністерств|"
                      r"посольств|представительств|представництв|штаб|администрац|адміністрац)\w*")

# a lower-case person noun and a first name and surname after it, the end of the phrase ("юрист Богдан Боровик")
_NAME_AFTER_NOUN = re.compile(r"\s*(?:[a-zа-яёіїєґ'’-]+\s+){1,3}([A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’]+\s+[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’-]+)"
                              r"\s*[.,]?\s*$")
_REPRESENTATIVE = re.compile(r"(?<![\w'’-])(?:представник\w*|представител\w*|речни\w+|пресс?-секретар\w*)\s+"
                             r"([A-ZА-ЯЁІЇЄҐ][\w'’-]*[a-zа-яёіїєґ'’][\w'’-]*(?:\s+[A-ZА-ЯЁІЇЄҐ][\w'’-]+){0,2})")
# "представники аеропорту", "представители компании": a body's people named by its common noun
_REPRESENTING = re.compile(r"\s*(?:представник\w*|представител\w*)\s+([a-zа-яёіїєґ'’-]{4,}(?:\s+[a-zа-яёіїєґ'’-]{4,})?)\s*$")
_INTERLOCUTOR = {"собеседник", "собеседница", "собеседники", "співрозмовник", "співрозмовниця", "співрозмовники"}


@dataclass(slots=True)
class _Found:
    entity: str
    text: str
    start: int
    end: int
    type: str


class Speakers(OrgSources, OrgReferences, PersonReferences):
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
        self.roles = role_index(parsed, self.people, lex["role_set"], lex["role_stems5"])
        self.titles = {r for r, _, _, _ in self.roles}  # role keys the article itself gave someone
        self.nominative = {t.start for t in parsed.tokens if {"nomn", "Case=Nom"} & t.feats}
        self.verbs = {t.start for t in parsed.tokens if t.pos in ("VERB", "AUX") or "VERB" in t.feats}
        self.gender = _genders(parsed, self.people)
        self.name_gender = _genders(parsed, self.people, weak=True)
        self.quoted: list[tuple[int, int]] = []  # direct quotes: names inside them are no antecedents
        self.spoke: dict[int, Speaker | None] = {}  # where a speech verb is → whom it was resolved to
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

    def gerund_at(self, pos: int) -> bool:
        """Whether the word at ``pos`` is a gerund ("додавши", "добавив", "отметив")."""
        t = self.tokens.get(pos)
        return t is not None and (t.pos == "GRND" or bool({"GRND", "VerbForm=Conv"} & set(t.feats)))

    def spoken_in(self, start: int, end: int) -> Speaker | None:
        """The speaker resolved for the last speech verb in text[start:end], if any was resolved there."""
        at = [k for k in self.spoke if start <= k < end and self.spoke[k]]
        return self.spoke[max(at)] if at else None

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
        # a verb next to their name rules people in or out, a first name only out ("Сахиб Нисар" is no "она"; the
        # genitive "Петра" reads as a woman's name, so it never rules a man in as "художниця")
        fits = (lambda eid: not gender or (self.gender.get(eid) == gender if strict  # noqa: E731
                                           else self.gender.get(eid, self.name_gender.get(eid)) in (None, gender)))
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
        return self.titled_subject(pos) if person else None

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
                if reporter := self._named_reporter(start, start + c.start()):
                    # "Про це повідомили «Наші гроші. Запоріжжя» з посиланням на … АМКУ": the outlet that reports is
                    # whom a later "Видання нагадує" means, not the body it cited
                    self.last_media = (pos, reporter[0], reporter[1] or "")
                return inner
            end = start + c.start()
            text, low = text[: c.start()], low[: c.start()]
        words = re.findall(r"[\w'’-]+", low)
        if not words:
            return None
        if not strict and _JUSTIFICATION.search(low) and not self._mentions(start, end) and (who := self.lead_subject()):
            return who  # "», – йдеться в обґрунтуванні": the buyer the article opens with, not the outlet
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
        if re.match(r"\s*[«„“\"]", text) and (who := self._unlinked(start, end)):
            return who  # "За даними «Наші гроші.\nЛьвів»": the quoted name, not a surname its words start like
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
        if len(bare) == 1 and _PRESS_OFFICE.fullmatch(bare[0]) and (who := self._press_office(bare[0], min(pos, start))):
            return who  # "– заявили у прес-службі": the body whose press office the article named
        if _COMPANY_NOUN.match(words[0]) and (who := self._last_company(pos)):
            return who[0], words[0]  # "ТОВ «АБ «Легіон» звернулося до суду … Фірма пояснила": the firm, not the court
        if _GENERIC_ORG.search(low) and (who := self._salient_org(pos)):  # "говорится в отчете компании"
            return who[0], words[0]
        places = [m for m in self.mentions if start <= m.start < end and self._type(m) == "LOC"]
        if places:  # "заявили в Кремле", "Даунинг-стрит"
            return places[0].entity, places[0].text
        if (rep := _REPRESENTING.match(low)) and (who := self._org_by_words(["у", *rep.group(1).split()], pos)):
            # "Представники аеропорту заявляють": the body named before by that noun (Міжнародний аеропорт
            # «Бориспіль») speaks through them
            return who
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

    def _mentions(self, start: int, end: int) -> list[_Found]:
        out = []
        for m in self.mentions:
            # a name may run past a phrase cut short by a wrong sentence break ("ухвала Печерського райсуду м.| Києва")
            if start <= m.start < end and m.end <= end + 40:
                t = self._type(m)
                if t in ("PER", "ORG", "PRO"):
                    out.append(_Found(m.entity, m.text, m.start, m.end, "ORG" if t == "PRO" else t))
        return out
