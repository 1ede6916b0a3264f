"""People named by a role or a surname as speakers (part of ``speakers.Speakers``): a role noun the article gave
someone ("прем'єр-міністр Тереза Мей" … "прем'єрка"), a country's leader ("президент России"), a group no one person
speaks for ("по мнению экспертов"), a role in apposition to a name ("министр обороны Гэвин Уильямсон"), and a
surname alone, misspelt by a letter or not ("- Мей", "Сабурова").
"""

from __future__ import annotations

import re

from .coref import _gender, possessor, role_key
from .orgspeakers import _PREPS, Speaker, _stem_in

# roles that stand for any official: matched to the last person introduced with a title
_GENERIC_ROLES = {"урядо", "чинов", "посад", "офици", "офіці", "дипло", "предс", "речни", "спике", "спіке",
                  "offic", "spoke", "пресс", "прес-", "прес", "предст"}


class PersonReferences:
    """Role and surname look-ups over ``self.text``, ``self.tokens``, ``self.people``, ``self.roles`` and
    ``self.titles`` (set by ``speakers.Speakers``)."""

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

    def titled_subject(self, pos: int) -> Speaker | None:
        """The person a role noun opening the sentence before ``pos`` stands for, when the article gives that title
        to someone ("Генпрокурор России … назвал ситуацию «удручающей». По его словам, …" with "генпрокурор Юрий
        Чайка" named in the article): who a pronoun means when no person has been named yet."""
        cur = max(self.text.rfind(". ", 0, pos), self.text.rfind("\n", 0, pos))
        lo = max(self.text.rfind(". ", 0, max(0, cur)), self.text.rfind("\n", 0, max(0, cur))) + 1
        if cur <= 0:
            return None
        head = re.match(r"\s*(?:[\w'’-]+\s+){0,3}", self.text[lo:cur])
        role_at = self._role_word(head.group()) if head else None
        if role_at is None:
            return None
        stem = role_key(role_at[1])
        cands = [e for (r, _, e, _) in self.roles if r == stem]
        return (cands[0], role_at[1]) if len(set(cands)) == 1 else None

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

    def _role_word(self, phrase: str) -> tuple[int, str] | None:
        """The first role noun of a phrase not governed by a preposition (offset, word)."""
        roles, stems = self.lex["role_set"], self.lex["role_stems"]
        prev = ""
        for m in re.finditer(r"[\w'’-]+", phrase):
            w = m.group().lower().replace("’", "'")
            if w not in roles and _stem_in(w, self.lex["org_head_stems"]):
                prev = w  # "прокуратуры" is the office, not "прокурор"
                continue
            if prev not in _PREPS and (w in roles or _stem_in(w, stems) or (len(w) >= 5 and role_key(w) in self.titles)
                                       or (w.startswith(("экс-", "екс-")) and _stem_in(w[4:], stems))):
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
        # "– сказал чиновник", "Монарх также призвал": the verb's gender rules out people of the other one, by their
        # verbs or first names (a role noun's own gender does not: "министр заявила")
        g = self._verb_gender(at, len(word))
        fits = (lambda eid: not g or self.name_gender.get(eid) in (None, g))  # noqa: E731
        tok = self.tokens.get(at)
        if tok is not None and ("Number=Plur" in tok.feats and not self.lex["role_set"] & {word}
                                or "plur" in tok.feats and word.endswith(("ів", "їв"))
                                or self._plural_group(at, tok)):
            # "по мнению экспертов", "аналитики заявили", "як пояснили чиновники": a group, no one person (the
            # Ukrainian analyzer's number alone is not sure enough: it reads "голови" as a plural; a genitive plural
            # ending is, "за інформацією депутатів")
            return None
        cands = [(p, e) for (r, p, e, _) in self.roles if r == stem and fits(e)]
        if cands:
            before = [c for c in cands if c[0] <= at]
            return (before[-1] if before else cands[0])[1], word
        if org is not None and stem in _GENERIC_ROLES:  # a spokesman speaks for the organisation, a premier not
            return org[0], word
        if stem in _GENERIC_ROLES:  # "за словами урядовця": the last person the article gave a title
            titled = [(p, e) for (_, p, e, _) in self.roles if p <= at and fits(e)]
            if titled:
                return titled[-1][1], word
        who = self.before(pos, person=True, gender=g)
        return (who[0], word) if who and fits(who[0]) else None

    def _verb_gender(self, at: int, n: int) -> str | None:
        """The gender of the verb next to a role word at ``at`` (the two words before it or the three after, within
        its clause): "сказал чиновник" m, "Монарх также призвал" m, "заявила министр" f."""
        lo = max(0, at - 40)
        words = [(lo + m.start(), m.group()) for m in re.finditer(r"[\w'’-]+|[,.;:!?«»\"()]", self.text[lo : at + n + 60])]
        k = next((i for i, (p, _) in enumerate(words) if p == at), None)
        if k is None:
            return None
        near: list[int] = []
        for step, span in ((-1, 2), (1, 3)):
            i = k + step
            while 0 <= i < len(words) and abs(i - k) <= span and words[i][1][0].isalnum():
                near.append(words[i][0])
                i += step
        for p in near:
            t = self.tokens.get(p)
            if t is not None and (t.pos in ("VERB", "AUX") or "VERB" in t.feats) and "Number=Plur" not in t.feats \
                    and "plur" not in t.feats:
                return _gender(t.feats)
        return None

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
