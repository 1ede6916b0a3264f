"""Name keys shared by ru/uk/en: Cyrillic folding, a Latin key for linking, slugs for entity ids, name clean-up.

One key must come out the same for Путин / Путін / Putin-in-Cyrillic, so ru and uk letters fold together first.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# ru and uk spell the same name with different letters (Ким/Кім, Ын/Ин, Песков/Пєсков): fold to one alphabet.
_FOLD = str.maketrans({
    "ё": "е", "є": "е", "э": "е", "і": "и", "ї": "и", "ы": "и", "й": "и", "ґ": "г",
    "ъ": "", "ь": "", "'": "", "’": "", "ʼ": "", "`": "", "\u0301": "",
})
# Our own Latin table, not `transliterate`: its ru and uk tables give different Latin for one name (и → i / y),
# and a key must be identical across languages; readability of the slug is secondary.
_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "iu", "я": "ia",
})
# an apostrophe inside a word is a letter of it (uk "В'ячеслав", "Мар’яна", en "O'Brien"): cut there, the first
# part read as an initial and "ячеслав" became the name
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*", re.UNICODE)
_INITIAL = re.compile(r"^[^\W\d_]\.?$", re.UNICODE)
# patronymics (ru/uk): Владимирович, Петрівна, Ильич; dropped from PER keys so "В. В. Путин" = "Владимир Путин"
_PATRONYMIC = re.compile(r"(ович|евич|ьевич|йович|ївна|івна|овна|евна|ична|ич|іч)$")


@functools.lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lower-cased text with ru/uk letter differences folded away and Latin diacritics stripped."""
    text = unicodedata.normalize("NFKD", text.lower().replace("й", "и").replace("ї", "и"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.translate(_FOLD)


def latin(text: str) -> str:
    """``fold`` then a fixed Cyrillic→Latin table; Latin input passes through."""
    return fold(text).translate(_LATIN)


def collapse_repeats(words: list[str]) -> list[str]:
    """Drop a token repeated right after itself (machine-translation slips like "Кім Чен Чен Ин")."""
    out: list[str] = []
    for w in words:
        if not out or fold(out[-1]) != fold(w):
            out.append(w)
    return out


def name_words(text: str) -> list[str]:
    """The word tokens of a name, repeats collapsed."""
    return collapse_repeats(_WORD.findall(text))


@functools.lru_cache(maxsize=100_000)
def key(text: str) -> str:
    """The linking key of a name: folded Latin words joined by spaces (kept per text: the gazetteer, linking and
    the analyzers ask for the same names again and again)."""
    return " ".join(latin(w) for w in name_words(text))


def person_words(text: str) -> list[str]:
    """Words of a person name without initials and patronymics (kept when they are the whole name)."""
    words = [w for w in re.findall(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*\.?", text) if w]
    keep = [w.rstrip(".") for w in words if not _INITIAL.match(w)]
    if len(keep) >= 3:  # only a middle word can be a patronymic: "Владимир Владимирович Путин"
        keep = [keep[0], *[w for w in keep[1:-1] if not _PATRONYMIC.search(w.lower())], keep[-1]]
    return collapse_repeats(keep) or collapse_repeats([w.rstrip(".") for w in words])


def is_patronymic(word: str) -> bool:
    """A ru/uk patronymic (Кужугетович, Петрівна)."""
    return bool(_PATRONYMIC.search(word.lower()))


# English spellings of Slavic surnames differ from our Latin key in a few letters (Zelensky/Зеленский →
# zelenskii, Khodorkovsky/Ходорковский, Navalny/Навальный): a looser key for cross-script surname matching only.
_LOOSE = (("kh", "h"), ("y", "i"), ("w", "v"), ("ck", "k"))


def loose_key(word: str) -> str:
    """``latin`` of one name word, English-spelling differences and doubled letters folded away."""
    out = latin(word)
    for a, b in _LOOSE:
        out = out.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", out)


def slug(text: str) -> str:
    """A Latin slug for ids: ``Чхве Сон Хуэй`` → ``chkhve-son-khuei``."""
    return "-".join(latin(w) for w in name_words(text)) or "x"


def entity_id(type_: str, normal: str) -> str:
    """The gazetteer-less id ``TYPE:slug`` of a normal form."""
    return f"{type_}:{slug(normal)}"


# Russian case endings that a foreign (indeclinable-looking) name part picks up: Ына, Ыну, Ыном, Хуэя, Хуэем.
_VOWELS = set("аеёиоуыэюяіїєaeiouy")


def strip_case_ending(word: str) -> str:
    """The nominative of a declined foreign name part (``Ына`` → ``Ын``, ``Хуэя`` → ``Хуэй``), else ``word``."""
    low = word.lower()
    if len(low) >= 4 and low.endswith(("ом", "ем", "ём")):
        stem = word[:-2]
        return stem + "й" if stem[-1].lower() in _VOWELS else stem
    if len(low) >= 3 and low.endswith(("я", "ю")):
        stem = word[:-1]
        return stem + "й" if stem[-1].lower() in _VOWELS else word
    if len(low) >= 3 and low.endswith(("а", "у", "е")):
        stem = word[:-1]
        return stem if stem[-1].lower() not in _VOWELS else word
    return word


@functools.lru_cache(maxsize=50_000)
def looks_foreign_syllable(word: str) -> bool:
    """A short name part typical of Korean/Chinese/Vietnamese names transcribed into Cyrillic (Ким, Чен, Сон)."""
    return 1 <= len(word) <= 4 and word[:1].isupper() and word.isalpha()
