"""Framing profiles: dominant leaning with a minimum-evidence rule, quote discounting, outlet aggregation."""

from __future__ import annotations

from crosswire.compare.framing import dominant, framing_profile, outlet_profiles
from crosswire.model import Article, ArticleFacts, Framing
from crosswire.nlp.base import GenericAnalyzer
from crosswire.read.framing import read_framing


def _f(leaning: str, lexicon: str = "ru.x", start: int = 0) -> Framing:
    return Framing("a", "t", start, start + 1, leaning, "war-label", lexicon)


def test_dominant_rules() -> None:
    assert dominant({}) == "unclear"
    assert dominant({"neutral": 3.0}, neutral_hits=3) == "neutral"
    assert dominant({"pro-kremlin": 1.0}) == "unclear"  # one hit is not enough evidence
    assert dominant({"pro-kremlin": 3.0}) == "pro-kremlin"
    assert dominant({"pro-kremlin": 2.0, "critical-of-kremlin": 2.0}) == "mixed"
    assert dominant({"pro-ukraine": 3.0, "critical-of-kremlin": 1.0}) == "pro-ukraine"
    assert dominant({"pro-ukraine": 1.0, "critical-of-kremlin": 2.0}) == "critical-of-kremlin"


def test_quoted_terms_count_less() -> None:
    text = "«Мы продолжим специальную военную операцию до полной победы над врагом», — сказал он."
    art = Article("a", "s", text, language="ru")
    items = read_framing(art, GenericAnalyzer("ru").parse(text))
    prof = framing_profile(items, text, language="ru")
    assert prof["counts"] == {"pro-kremlin": 1}
    assert prof["quoted"] == 1 and prof["scores"]["pro-kremlin"] < 1.0


def test_seed_profiles(seed_articles) -> None:
    facts = []
    for art in seed_articles.values():
        items = read_framing(art, GenericAnalyzer(art.language).parse(art.text))
        facts.append(ArticleFacts(article=art, framing=tuple(items)))
    profiles = {f.article.source.split("/")[-1][:3]: framing_profile(f.framing, f.article.text,
                                                                     language=f.article.language) for f in facts}
    assert profiles["000"]["dominant"] == "pro-kremlin"
    assert profiles["001"]["dominant"] in ("pro-ukraine", "critical-of-kremlin")
    assert profiles["002"]["dominant"] in ("pro-ukraine", "critical-of-kremlin")
    assert profiles["003"]["dominant"] == "neutral"
    assert profiles["004"]["dominant"] == "critical-of-kremlin"
    outlets = outlet_profiles(facts)
    assert sum(p["articles"] for p in outlets.values()) == 5
    assert all(p["dominant"] in ("pro-kremlin", "pro-ukraine", "critical-of-kremlin", "neutral", "mixed", "unclear")
               for p in outlets.values())
