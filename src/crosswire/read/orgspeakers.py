"""Organisations, outlets and institutions as speakers (part of ``speakers.Speakers``): a media or organisation name
the NER left out ("передает The Guardian", "сообщает «Коммерсантъ»"), an institution named by common nouns ("прес-служба
обласної прокуратури", "В департаменте здравоохранения Москвы"), and the organisation a generic noun or a document
refers back to ("говорится в отчете компании", "Согласно сообщению").
"""

from __future__ import annotations

import re

from ..model import Entity, Mention
from .stems import Stems

Speaker = tuple[str | None, str | None]  # (entity id, the phrase as written)

_CAP_NAME = re.compile(
    r"(?<![\w-])((?:[A-Z][\w&.'’-]*|[А-ЯЁІЇЄҐ][\w'’-]*)(?:\s+(?:[A-Z][\w&.'’-]*|of|the|de|[А-ЯЁІЇЄҐ][\w'’-]*)){0,3})"
)
_QUOTED_NAME = re.compile(r"[\"«„“]\s*([^\"«»„“”]{2,40}?)\s*[\"»“”]|(?<![\w.])((?:[a-z0-9-]+\.)+(?:ru|ua|com|net|org|info|"
                          r"by|kz|uk|eu|de|fr|pl|media|news|tv))(?![\w.])")
# an acronym spelt out in Cyrillic letters' names: "Би-би-си", "Си-эн-эн", "Эн-би-си"
_SPELT_ACRONYM = re.compile(r"[А-ЯЁІЇЄҐ][а-яёіїєґ]{0,2}(?:-[а-яёіїєґ]{1,3}){2,}")
_PREPS = {"з", "із", "зі", "с", "со", "на", "в", "во", "у", "для", "от", "від", "к", "ко", "до", "про", "о", "об",
          "по", "при", "перед", "після", "после", "за", "with", "to", "at", "in", "on", "for"}
_MEDIA_NOUNS = re.compile(r"(?<!\w)(?:издани|газет|агентств|телеканал|канал|портал|сайт|видання|агенці|"
                          r"журнал(?!іст|ист)|радио|радіо|стать|статт|публикаци|публікаці|outlet|newspaper|"
                          r"agency)\w*")
_GENERIC_ORG = re.compile(r"(?<!\w)(?:компани|компані|фірм|фирм|концерн|холдинг|монополист|монополіст|отчет|отчетност|"
                          r"звіт|сообщени|повідомлен|документ|доклад|доповід|заявлени|заяв[іи]|пресс-служб|"
                          r"пресс-релиз|прес-реліз|релиз|реліз|коммюнике|комюніке|"
                          r"прес-служб|организаци|організаці|ведомств|відомств|записк|записц|доповідн|докладн|"
                          r"обґрунтуван|обосновани)\w*")


# organisation nouns a text uses to refer back to one it named ("в отчете российской компании", "издание"), not
# institutions of their own ("прес-служба обласної прокуратури")
_BACK_REFERENCE = re.compile(r"компан|газет|издан|видан|агентс|агенц|телекан|радиос|сайт|портал|журнал|парти|"
                             r"ведомств|відомств")


# generic nouns a text uses for an organisation it named ("у прес-службі банку" after "«Єврогазбанк»")
_GENERIC_NOUN = re.compile(r"(?:банк|компані|компани|фірм|фирм|корпораці|корпораци|концерн|холдинг|підприєм|"
                           r"предприят)\w*$")
# names that are outlets' by their words
_MEDIA_NAME = re.compile(r"(?<!\w)(?:Post|Times|News|Journal|Herald|Guardian|Telegraph|Press|Tribune|Gazette|Daily|"
                         r"Reuters|Bloomberg|BBC|CNN|ТАСС|РИА|Интерфакс|Інтерфакс|УНИАН|УНІАН|Укрінформ|Главком)(?!\w)")


# a region's prefix on an institution's name: "обладминистрация", "облпрокуратура", "міськадміністрація"
_REGIONAL = re.compile(r"(обл|гор|міськ|рай|облдерж|райдерж)(\w{5,})$")


# a statement as a document ("опубликовали заявление", "оприлюднили звернення")
_DOCUMENT_NOUN = re.compile(r"(?<!\w)(?:заявлени|заяв[уиіа]|звернен|обращени|коммюнике|комюніке|декларац|резолюц|"
                            r"доклад|доповід|отчет|звіт|письм|лист)\w*")


# bodies usually named by an acronym the word refers back to ("МВД" … "министерство", "МЗС" … "відомство")
_MINISTRY = ("министерств", "міністерств", "ведомств", "відомств")
# a state's own bodies, named bare ("в уряді", "в полиции"): the country's
_STATE = ("уряд", "правительств", "кабмин", "кабмін", "полици", "поліці", "полиция", "поліція")


_DEMONSTRATIVE = {"це", "цей", "ця", "ці", "цю", "цього", "цієї", "цих", "это", "этот", "эта", "эти", "эту", "этого",
                  "этой", "этих", "той", "тот", "те", "ту", "того"}  # not "та", also "and"


class OrgSources:
    """The organisation side of ``speakers.Speakers`` (which holds the state these methods read: text, tokens,
    mentions, the last organisation and outlet that spoke, the entities found here)."""

    def _organisation(self, start: int, end: int) -> Speaker | None:
        """An organisation or place named in text[start:end] ("пресс-секретарь Даунинг-стрит", "речник Єврокомісії")."""
        for m in self.mentions:
            if start <= m.start < end and self._type(m) in ("ORG", "LOC", "PRO"):
                return m.entity, m.text
        return None

    def _recent(self, pos: int, types: tuple[str, ...], window: int = 1500) -> tuple[int, str, str] | None:
        """The last mention of one of ``types`` before ``pos`` (outside quotes), as (position, entity, text)."""
        for m in reversed(self.mentions):
            if m.end <= pos and pos - m.end <= window and self._type(m) in types and self._outside_quotes(m):
                return m.start, m.entity, m.text
        return None

    def _institution(self, start: int, end: int, pos: int) -> Speaker | None:
        """An institution named by common nouns, no name the NER tagged: "прес-служба обласної прокуратури",
        "из федеральной прокуратуры" (an adjective makes it a particular one: an entity of its own, named as
        written), or a bare "Суд" / "ведомство" (the organisation the article named last with that word in it)."""
        heads, stems = self.lex["plain_org_heads"], self.lex["plain_org_head_stems"]  # no back references
        words = list(re.finditer(r"[\w'’-]+", self.text[start:end]))
        k = next((i for i, w in enumerate(words) if w.group().lower() in heads or _stem_in(w.group().lower(), stems)
                  or (len(w.group()) >= 5 and _stem_in(w.group().lower()[:-1], stems))
                  or getattr(self.tokens.get(start + w.start()), "lemma", None) in heads), None)  # "суду": суд
        if k is None:
            return self._regional_body(start, words, heads, stems)
        head = words[k].group().lower()
        # an adjective ("обласної прокуратури") or a noun complement after the head ("департамент здравоохранения
        # Москвы") makes it a particular institution
        after = self.tokens.get(start + words[k + 1].start()) if k + 1 < len(words) else None
        qualified = after is not None and after.pos in ("NOUN", "PROPN") or any(
            self.tokens.get(start + w.start()) is not None and self.tokens[start + w.start()].pos in ("ADJ", "ADJF")
            for w in words[max(0, k - 1) : k + 3] if w is not words[k])
        if qualified and k + 1 < len(words) and _GENERIC_NOUN.match(words[k + 1].group().lower()) \
                and (k + 2 == len(words) or getattr(self.tokens.get(start + words[k + 2].start()), "pos", "")
                     not in ("NOUN", "PROPN", "ADJ", "ADJF")) \
                and (who := self._named_before(words[k + 1].group().lower(), pos)):
            return who  # "у прес-службі банку": the bank the article named ("«Єврогазбанк»"), not a new one
        if not qualified:
            stem = head[: max(3, len(head) - 2)]
            for m in reversed(self.orgs):
                if m.end <= pos and stem in m.text.lower():
                    return m.entity, words[k].group()
            if who := self._untagged_body(stem, pos):
                return who[0], words[k].group()
            if head.startswith(_MINISTRY) and self.last_org and pos - self.last_org[0] <= 1500:
                return self.last_org[1], words[k].group()  # "сообщило МВД" … "сообщило министерство"
            if head.startswith(_STATE) and (where := self._main_place()):
                # "в уряді зазначили", "кажуть у поліції": the government or police of the country the article is
                # about (its most named place), an entity of its own per country
                t = self.tokens.get(start + words[k].start())
                word = t.lemma if t is not None and t.lemma else head
                return self._as_entity(start + words[k].start(), start + words[k].end(), f"{word} ({where})")
            return None
        first = k  # the head and the adjectives right before it ("обласна прокуратура", "прес-служба обласної …",
        # "Слов'янського міськрайонного суду": a place's adjective the tagger may call a proper noun)
        while first > 0 and (getattr(self.tokens.get(start + words[first - 1].start()), "pos", "") in ("ADJ", "ADJF")
                             or re.search(r"(?:ськ|цьк|зьк|ск|цк)(?:ого|ої|ий|а|ий|ой|ая|ому|ій)$",
                                          words[first - 1].group().lower())):
            first -= 1
        if first == k and k > 0 and _stem_in(words[k - 1].group().lower(), _PRESS_SERVICE):
            first = k - 1
        last = min(len(words) - 1, k + 3)
        # "апеляційний суд це рішення скасував": a demonstrative opens the verb's object, no part of the name
        last = next((i - 1 for i in range(k + 1, last + 1) if words[i].group().lower() in _DEMONSTRATIVE), last)
        while last > k and (self.tokens.get(start + words[last].start()) is None
                            or self.tokens[start + words[last].start()].pos not in ("NOUN", "ADJ", "ADJF", "PROPN")):
            last -= 1
        s0, e0 = start + words[first].start(), start + words[last].end()
        return self._as_entity(s0, e0, self._nominative(s0, e0, start + words[k].start()), written=self.text[s0:e0])

    def _nominative(self, s0: int, e0: int, head_at: int) -> str:
        """An institution's name in the nominative: the head noun at ``head_at`` and the adjectives before it in
        its gender ("Слов'янського міськрайонного суду Донецької області" is "Слов'янський міськрайонний суд
        Донецької області"), the words after it as written; so one body named in two cases is one entity."""
        from ..nlp.base import morph_analyzer

        morph = morph_analyzer(self.article.language) if self.article.language in ("ru", "uk") else None
        if morph is None:
            return self.text[s0:e0]
        words = list(re.finditer(r"[\w'’-]+", self.text[s0:head_at + 1]))
        head_word = re.match(r"[\w'’-]+", self.text[head_at:e0])
        if head_word is None:
            return self.text[s0:e0]
        heads = [p for p in morph.parse(head_word.group()) if p.tag.POS == "NOUN" and "plur" not in p.tag.grammemes]
        if not heads:
            return self.text[s0:e0]
        head = heads[0]
        gender = head.tag.gender or "masc"
        out = []
        for w in words[:-1]:
            word = w.group()
            form = next((f for p in morph.parse(word) if p.tag.POS == "ADJF"  # the uk tags mark no singular
                         and (f := p.inflect({"nomn", gender}) or p.inflect({"nomn", "sing", gender})) is not None),
                        None)
            nom = form.word if form is not None else _adjective_nominative(word.lower(), gender)
            out.append(nom[:1].upper() + nom[1:] if word[:1].isupper() else nom)
        nom_head = (head.inflect({"nomn"}) or head).word
        out.append(nom_head[:1].upper() + nom_head[1:] if head_word.group()[:1].isupper() else nom_head)
        return " ".join(out) + self.text[head_at + head_word.end() : e0]

    def _regional_body(self, start: int, words: list, heads: set[str], stems: Stems) -> Speaker | None:
        """A body named by a compound of a region's prefix and an institution ("сообщает обладминистрация",
        "облпрокуратура", "міськадміністрація"): that body of the place the article names most, an entity of its
        own per place, as `в уряді` is."""
        for w in words:
            m = _REGIONAL.match(w.group().lower())
            if m and (m.group(2) in heads or _stem_in(m.group(2), stems) or _stem_in(m.group(2)[:-1], stems)) \
                    and (where := self._main_place() or self._first_place()):
                t = self.tokens.get(start + w.start())
                word = t.lemma if t is not None and t.lemma else w.group().lower()
                return self._as_entity(start + w.start(), start + w.end(), f"{word} ({where})")
        return None

    def _first_place(self) -> str | None:
        """The name of the first place the article names, if any."""
        m = next((m for m in self.mentions if self._type(m) == "LOC"), None)
        e = self.ents.get(m.entity) if m is not None else None
        return e.name if e else None

    def _named_before(self, noun: str, pos: int) -> Speaker | None:
        """The organisation a bare generic noun ("банку", "компании", "фирмы") refers back to: the last one named
        before ``pos`` with that noun's stem in its name ("Єврогазбанк" for "банк"), else the one named last as a
        speaker or reporter (within the last paragraphs), else None."""
        stem = noun[: max(4, len(noun) - 2)] if len(noun) > 5 else noun[:4]
        for m in reversed(self.orgs):
            if m.end <= pos and pos - m.end <= 3000 and stem in m.text.lower():
                return m.entity, m.text
        if stem.startswith(("банк", "bank")):
            return None  # a bank is named as one; any other organisation is not the bank
        who = self._salient_org(pos)
        return (who[0], noun) if who else None

    def media_before(self, pos: int, window: int = 1500) -> tuple[int, str, str] | None:
        """The outlet a bare media noun ("Газета отмечает", "пише видання") refers back to: the last organisation
        named before ``pos`` as an outlet, by its name ("South China Morning Post", "Reuters") or by what comes just
        before it ("в интервью South China Morning Post", "агентству Bloomberg")."""
        for m in reversed(self.mentions):
            if m.end > pos or pos - m.end > window or self._type(m) not in ("ORG", "PRO") or not self._outside_quotes(m):
                continue
            lead = self.text[max(0, m.start - 30) : m.start].lower()
            if _MEDIA_NAME.search(m.text) or _MEDIA_NOUNS.search(lead) or re.search(r"интервью|інтерв['’]ю", lead):
                return m.start, m.entity, m.text
        return None

    def _untagged_body(self, stem: str, pos: int, window: int = 1500) -> Speaker | None:
        """The body a bare "Суд" refers to when the tagger left its naming untagged: the last word before ``pos``
        with the head's stem and a capitalised name after or before it ("рішення госпсуду Дніпропетровської
        області", "Печерського райсуду"), an entity of its own named as written."""
        lo = max(0, pos - window)
        cap = r"[A-ZА-ЯЁІЇЄҐ][\w'’-]+"
        found = None
        # the head word in any case, not a word derived from it ("судді", "судових": a suffix in "д…" or "ов…")
        head = rf"[\w'’-]*{re.escape(stem)}(?![дД]|ов)[\w'’]{{0,3}}(?![\w'’-])"
        place = r"(?:\s+(?:області|району|міста|округу|области|района|города|округа))?"
        for m in re.finditer(rf"(?<![\w'’-])(?:{cap}\s+)?{head}(?:\s+{cap}){{0,3}}{place}", self.text[lo:pos]):
            words = m.group().split()
            if len(words) >= 2 and any(w[:1].isupper() for w in words if stem not in w.lower()):
                found = m
        if found is None:
            return None
        s0, e0 = lo + found.start(), lo + found.end()
        return self._as_entity(s0, e0, self.text[s0:e0])

    def _as_entity(self, s0: int, e0: int, name: str, written: str | None = None, kind: str = "ORG") -> Speaker:
        """An organisation (or a person: ``kind``) the NER left out as an entity of its own, mentioned at
        text[s0:e0] (``written``: the mention's text, if not that slice)."""
        from ..nlp.base import NerSpan
        from .linking import _resolve_one

        r = _resolve_one(NerSpan(s0, e0, kind, name, name), name, self.text)
        written = self.text[s0:e0] if written is None else written
        if r.id not in self.ents and r.id not in self.new_entities:
            self.new_entities[r.id] = Entity(r.id, r.name, r.type, tuple(dict.fromkeys((name, written))), r.wikidata)
        self.new_mentions.append(Mention(self.article.id, r.id, s0, e0, written, r.type, name))
        return r.id, written

    def _main_place(self) -> str | None:
        """The name of the place the article names most often (a country, usually), if it names one twice."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            if self._type(m) == "LOC":
                counts[m.entity] = counts.get(m.entity, 0) + 1
        if not counts or max(counts.values()) < 2:
            return None
        best = max(counts, key=lambda k: counts[k])
        e = self.ents.get(best)
        return e.name if e else None

    def document_source(self, pos: int) -> Speaker | None:
        """Whose statement "согласно сообщению" / "за повідомленням" means: the outlet or organisation that spoke
        last, if it spoke within the last paragraphs."""
        last = self.last_media or self.last_org
        rep = self._reporter_before(pos)
        if rep and (not last or rep[0] > last[0]):
            return rep[1], rep[2]
        if last and pos - last[0] <= 1500:
            return last[1], last[2]
        return self._author_before(pos)

    def _author_before(self, pos: int, window: int = 400) -> Speaker | None:
        """Who made the statement the sentence before names ("Страны «Большой семерки» (…) опубликовали заявление.
        В нем подчеркивается, что …"): the subject of the last sentence within ``window`` with a document noun."""
        lo = max(0, pos - window)
        docs = list(_DOCUMENT_NOUN.finditer(self.text[lo:pos].lower()))
        if not docs:
            return None
        at = lo + docs[-1].start()
        start = max(self.text.rfind("\n", 0, at), self.text.rfind(". ", 0, at)) + 1
        return self.subject(start, at)

    def _reporter_before(self, pos: int, window: int = 400) -> tuple[int, str, str] | None:
        """The organisation or outlet named last before ``pos`` as the subject of a speech verb, though nothing it
        said was quoted ("Агентство Khaama Press сообщало 13 января о проведении … операции. …, говорилось в
        сообщении."): (position, entity, text)."""
        for m in reversed(self.orgs):
            if m.end > pos or pos - m.start > window:
                continue
            after = self.text[m.end : m.end + 40].lower()
            after = after[: next((k for k, ch in enumerate(after) if ch in ".;!?«\"\n"), len(after))]
            if self._outside_quotes(m) and self.lex["verb_re"].match(after.strip(" ,—–-")):
                return m.start, m.entity, m.text
        return None

    def _salient_org(self, pos: int) -> tuple[str, str] | None:
        rep = self._reporter_before(pos)
        if rep and (not self.last_org or rep[0] > self.last_org[0]):
            return rep[1], rep[2]
        if self.last_org and pos - self.last_org[0] <= 1500:
            return self.last_org[1], self.last_org[2]
        before = [m for m in self.orgs if m.start < pos]
        if not before:
            return None
        counts: dict[str, int] = {}
        for m in before:
            counts[m.entity] = counts.get(m.entity, 0) + 1
        best = max(counts, key=lambda k: counts[k])
        return best, next(m.text for m in before if m.entity == best)

    def _unlinked(self, start: int, end: int) -> Speaker | None:
        """A media or organisation name the NER did not tag ("передает The Guardian", "пишет RT", "повідомляє
        агенція Reuters", "сообщает «Коммерсантъ»"): an entity of its own, with the id linking would give it.
        Only Latin-script names, acronyms, quoted names and names after a media or organisation head count, so a
        capitalised first word ("Раніше британські ЗМІ") names nobody."""
        text = self.text[start:end]
        m = _QUOTED_NAME.search(text)
        if m is not None and m.group(1) and not re.match(r"[\dA-ZА-ЯЁІЇЄҐ]", m.group(1)):
            m = None  # «требуют полной отдачи сил»: quoted words, not a quoted name
        if m is None:
            for c in _CAP_NAME.finditer(text):
                name = c.group(1)
                head = text[: c.start(1)].lower().split()[-1:] or [""]
                if (re.search(r"[A-Za-z]", name) or (name.isupper() and len(name) >= 2)
                        or _SPELT_ACRONYM.fullmatch(name) or head[0] in self.lex["org_heads"]):
                    m = c
                    break
        if m is None:
            return None
        name = next(g for g in m.groups() if g).strip(" .,'’")
        if len(name) < 2 or name.lower() in self.lex["stop_names"] or name.lower() in self.lex["media_words"]:
            return None
        s0 = start + m.start(next(i for i in range(1, (m.lastindex or 1) + 1) if m.group(i)))
        # a name broken over lines by the source ("«Слідство.\nІнфо»") is one name
        return self._as_entity(s0, s0 + len(name), re.sub(r"\s+", " ", name), written=name)


def _adjective_nominative(word: str, gender: str) -> str:
    """A place's adjective the dictionary does not know, in the nominative singular by its ending
    ("слов'янського" masc. "слов'янський"); as written if the ending is no adjective's."""
    m = re.match(r"(.+(?:ськ|цьк|зьк|ск|цк))(?:ого|ої|ому|ій|им|ою|ий|а|е|ая|ой|ое|ий)$", word)
    if not m:
        return word
    uk = bool(re.search(r"[іїєґ']", word))
    ends = {"masc": "ий", "femn": "а", "neut": "е"} if uk else {"masc": "ий", "femn": "ая", "neut": "ое"}
    return m.group(1) + ends.get(gender, "ий")


def _stem_in(word: str, stems: Stems) -> bool:
    """``word`` begins with the stem of a noun of ``stems`` (``stem_set``) at most three letters shorter than it."""
    return len(word) >= 4 and word.replace("’", "'") in stems


def stem_set(nouns) -> Stems:
    """The index of ``nouns`` that ``_stem_in`` looks words up in (nouns of four letters or more)."""
    return Stems(nouns, 4, 3)


_PRESS_SERVICE = stem_set(("пресс-служба", "прес-служба"))
