"""Stories and verdicts on real cross-language and cross-outlet pairs (WMT22 ru news, their English
translations, and two outlets' reports of one event), plus the pieces that make them work."""

from __future__ import annotations

import pytest

from crosswire.compare.align import align, split_ambiguous
from crosswire.group.index import soft_jaccard
from crosswire.model import Claim, Qualifier, Verdict


def claim(art: str, value: float, measure: str = "share", unit: str = "percent", refers_to: str | None = None):
    return Claim(f"{art}-{value}", art, measure, value, Qualifier.EXACT, unit, 0, 1, "x", refers_to=refers_to)


def test_soft_jaccard_matches_near_equal_slugs_but_not_wikidata_ids():
    assert soft_jaccard({"PER:naftali-bennet", "Q801"}, {"PER:naftali-bennett", "Q801"}) == 1.0
    assert soft_jaccard({"LOC:roskachestve"}, {"ORG:roskachestvo"}) == 1.0  # a missed case ending, another type
    assert soft_jaccard({"Q801"}, {"Q802"}) == 0.0
    assert soft_jaccard({"PER:olaf-scholz"}, {"PER:angela-merkel"}) == 0.0


def test_a_measure_with_two_figures_in_one_article_is_compared_figure_by_figure():
    # "8 %" and "9 %" of two different things, both read as "share", in an article and in its translation
    parts = split_ambiguous([claim("ru", 8), claim("ru", 9), claim("en", 8), claim("en", 9)])
    assert sorted(sorted(c.value for c in p) for p in parts) == [[8, 8], [9, 9]]
    # one figure per article: kept whole, so real disagreements are still judged
    assert len(split_ambiguous([claim("a", 8), claim("b", 9)])) == 1
    # two figures of one article at different dates are a series, not an ambiguity
    assert len(split_ambiguous([claim("a", 8, refers_to="2024"), claim("a", 9, refers_to="2025"),
                                claim("b", 9, refers_to="2025")])) == 1


def test_equal_figures_do_not_join_different_statements():
    # the Russian reader found "share of vehicles", the English one only "share": equal figures are no evidence
    # that two statements are one fact, so they stay apart (the structured slots must match)
    groups = align([claim("ru", 9.4, "share of vehicles"), claim("en", 9.4, "share")])
    assert [len(cs) for _, cs in groups] == [1, 1]
    assert len(align([claim("ru", 9.4, "share of vehicles"), claim("en", 9.4, "share | Germany")])) == 2


@pytest.fixture(scope="module")
def wmt_result(shared_data, tmp_path_factory):
    from benchmarks.parallel_pairs import articles, load_pairs

    import crosswire

    keep = {"kommersant.51685", "rfi-russian.2537", "izvestiya.97208", "kp.96053", "gazeta.ru.24496"}
    pairs = [d for d in load_pairs(shared_data) if d["doc_id"] in keep]
    assert len(pairs) == len(keep)
    db = tmp_path_factory.mktemp("wmt") / "pairs.db"
    return crosswire.analyze([], db=str(db), articles=articles(pairs), progress=False)


@pytest.mark.slow
def test_translations_and_cross_outlet_reports_group_together(wmt_result):
    story = {a: s.id for s in wmt_result.stories for a in s.articles}
    # a Russian report and its English translation (the benchmark finds 83 % of the 80 pairs; New Caledonia's
    # izvestiya.97208 is one it misses, its English reading naming another main event)
    for doc in ("kommersant.51685", "rfi-russian.2537", "kp.96053", "gazeta.ru.24496"):
        assert story[f"{doc}.ru"] == story[f"{doc}.en"], doc
    # kommersant and RFI on the G7 foreign ministers' warning to Russia: one event, two outlets
    assert story["kommersant.51685.ru"] == story["rfi-russian.2537.ru"]
    # New Caledonia's referendum, Serbia's Sputnik V output and Scholz on gas are other stories
    others = {story[f"{d}.ru"] for d in ("izvestiya.97208", "kp.96053", "gazeta.ru.24496", "kommersant.51685")}
    assert len(others) == 4


@pytest.mark.slow
def test_a_translation_agrees_with_its_original(wmt_result):
    story = {a: s.id for s in wmt_result.stories for a in s.articles}
    inside = [g for g in wmt_result.claim_groups if g.kind == "claim" and len(g.articles) > 1
              and len({story[a] for a in g.articles}) == 1 and g.scope.startswith("s-")]
    assert inside, "no figure compared across a pair"
    # a translation never contradicts its original; agreeing with it is no confirmation (one source), so its
    # agreements read single-source
    assert not [g for g in inside if g.verdict is Verdict.CONTRADICT], \
        [(g.measure, g.verdict, g.reason[:120]) for g in inside if g.verdict is Verdict.CONTRADICT]
    assert sum(g.verdict in (Verdict.AGREE, Verdict.SINGLE_SOURCE) for g in inside) >= 0.8 * len(inside)
