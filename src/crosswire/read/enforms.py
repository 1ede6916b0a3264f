"""A light part-of-speech reading of English for the claim reader.

English is read without a tagger: no English model ships offline (spaCy's and NLTK's download at run time), and
the claim reader needs only a few decisions about the words around a figure. Each comes from the word's form,
its capitalisation and a closed list of English function words (the lists in data/claims/measures.yaml):
  - an "-ly" word before a verb form, or a word after a plural, ends the counted noun phrase ("30 thousand
    artifacts illegally exported", "nine playlists range from");
  - a word after an auxiliary that ends like a participle is a verb, not the counted thing ("0-50 is considered");
  - a past-tense verb right before a figure is its predicate ("arrested 12 people");
  - a figure that bounds an indefinite noun phrase is a threshold of a scale ("An AQI above 500 falls in the
    'severe plus' category"), no measured quantity;
  - a figure a verb of level sets its subject at ("the city's average AQI stood at 370", "the index rose to 412")
    measures that subject;
  - a plain lower-case word between a figure and its counted noun is a noun modifier that narrows what is counted
    ("two test matches" are no "three matches" of a T20I series), unless its form or a closed list says it is an
    adjective of degree, time or order ("new", "additional", "confirmed", "international").
A place after the figure ("in London") is read by the claim reader itself (claims.py).
"""

from __future__ import annotations

from ..nlp.base import Token
from .measures import concept_of, measures_lexicon

# common irregular past forms that state what a figure counts ("sent 500 troops", "lost 3 seats")
_IRREGULAR_PAST = frozenset({
    "sent", "found", "lost", "saw", "took", "left", "made", "gave", "held", "won", "hit", "put", "cut", "paid",
    "spent", "brought", "caught", "drew", "fell", "grew", "rose", "sold", "shot", "struck", "built", "bought",
    "became", "began", "got", "kept", "led", "met", "ran", "told", "wrote",
})
# "a fine of 500 pounds" is an amount: "of" bounds nothing
_BOUNDS = frozenset({"above", "below", "between", "over", "under", "exceeding", "beyond"})
_INDEFINITE = frozenset({"a", "an", "any"})
# adjectives that say how many, how new or which of a series, not what kind of thing is counted
_NOT_KINDS = frozenset({
    "new", "more", "other", "additional", "further", "recent", "first", "last", "major", "key", "big", "small",
    "large", "few", "several", "many", "top", "senior", "junior", "young", "old", "high", "low", "full", "total",
    "extra", "free", "next", "previous", "former", "current", "possible", "such", "same", "own", "main", "great",
    "good", "bad", "best", "worst", "real", "fresh", "separate", "different", "daily", "weekly", "annual", "whole",
    "entire", "single", "double", "straight", "consecutive", "positive", "negative", "active", "known", "so",
})
_ADJECTIVE_ENDINGS = ("ed", "ing", "ly", "al", "ic", "ous", "ive", "ful", "less", "able", "ible", "ish", "ary",
                      "ian", "ese")


def untagged(t: Token) -> bool:
    """A word of a text read without part-of-speech tags (English)."""
    return t.pos == "" and t.text.isascii() and t.text.isalpha()


def _closed(word: str) -> bool:
    lex = measures_lexicon()
    return word in lex["function_words"] or word in lex["auxiliaries"]


def participle_after_auxiliary(tokens: list[Token], y: int) -> bool:
    """ "0-50 is considered 'good'": a participle or gerund after an auxiliary is the clause's verb."""
    t = tokens[y]
    low = t.text.lower()
    return (
        untagged(t)
        and y > 0
        and tokens[y - 1].text.lower() in measures_lexicon()["auxiliaries"]
        and low.endswith(("ed", "en", "ing"))
        and concept_of(t) is None
    )


def adverb(tokens: list[Token], y: int) -> bool:
    """ "illegally exported": an "-ly" word before a verb form or the end of its phrase (not "supply chain")."""
    low = tokens[y].text.lower()
    if not untagged(tokens[y]) or not low.endswith("ly") or len(low) < 5:
        return False
    nxt = tokens[y + 1].text.lower() if y + 1 < len(tokens) else ""
    return not nxt.isalpha() or nxt.endswith(("ed", "ing")) or _closed(nxt)


def plural_head(prev: Token, t: Token) -> bool:
    """ "playlists range": a plural noun (an "-s" word, not "-ss", "-us", "-is") followed by a word that is no
    plural and names no known counted thing: the plural is the head, the word after it a verb."""
    p, low = prev.text.lower(), t.text.lower()
    return (untagged(prev) and untagged(t) and p.endswith("s") and not p.endswith(("ss", "us", "is"))
            and not low.endswith("s") and concept_of(t) is None)


def past_verb(t: Token) -> bool:
    """A lower-case past form that is no function word and no known counted thing: "arrested", "sent"."""
    low = t.text.lower()
    if not untagged(t) or not t.text[:1].islower() or _closed(low) or concept_of(t) is not None:
        return False
    return low in _IRREGULAR_PAST or len(low) > 4 and low.endswith("ed") and not low.endswith("eed")


def modifier(tokens: list[Token], j: int, counted: int | None) -> str:
    """ "two test matches": the noun modifiers between a figure (ending at token ``j``) and its counted noun, as
    words ("test"), or "" when there are none or one is no noun."""
    if counted is None or counted <= j:
        return ""
    words = []
    for t in tokens[j:counted]:
        low = t.text.lower()
        if not untagged(t) or not t.text[:1].islower() or _closed(low) or low in _NOT_KINDS \
                or low.endswith(_ADJECTIVE_ENDINGS) or concept_of(t) is not None:
            return ""
        words.append(low)
    return " ".join(words)


_LEVEL_VERBS = frozenset({
    "stood", "stands", "stand", "was", "is", "were", "are", "rose", "rises", "fell", "falls", "climbed", "dropped",
    "jumped", "declined", "increased", "decreased", "surged", "slipped", "remained", "remains", "hovered",
    "hovers", "settled", "reached", "touched", "peaked", "recorded", "registered", "measured",
})


def level_subject(tokens: list[Token], i: int) -> int | None:
    """ "AQI stood at 370", "the index rose to 412": the index of the noun whose level the figure at token ``i``
    is, or None."""
    if i < 3 or tokens[i - 1].text.lower() not in ("at", "to") or tokens[i - 2].text.lower() not in _LEVEL_VERBS:
        return None
    k = i - 3
    if tokens[k].text.lower() in measures_lexicon()["auxiliaries"] and k > 0:
        k -= 1  # "AQI was recorded at 365"
    if tokens[k].text == ")" and k > 1 and tokens[k - 2].text == "(":
        k -= 1  # "air quality index (AQI) was recorded at 365": the short name
    noun = tokens[k]
    if not untagged(noun) or _closed(noun.text.lower()) or noun.text.lower().endswith("ly"):
        return None
    return k


def threshold(tokens: list[Token], i: int) -> bool:
    """ "An AQI above 500", "a score between 0 and 50": the figure (its number at token ``i``) bounds an indefinite noun
    phrase: a band of a scale's definition, not a measured quantity."""
    if i < 3 or tokens[i - 1].text.lower() not in _BOUNDS:
        return False
    noun, det = tokens[i - 2], tokens[i - 3]
    return untagged(noun) and not _closed(noun.text.lower()) and det.text.lower() in _INDEFINITE
