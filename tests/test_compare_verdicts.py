"""Verdicts on hand-built claims and events: agree, diverge, contradict, single source, event dates."""

from __future__ import annotations

from crosswire.compare import compare
from crosswire.compare.align import align
from crosswire.compare.events import compare_event_dates, compare_event_places, compare_topic_dates
from crosswire.compare.verdicts import claim_verdict
from crosswire.model import Article, ArticleFacts, Claim, Event, Qualifier, Story, Thread, Verdict

ARTS = {k: Article(id=k, source=f"{k}.txt", text="", outlet=f"Outlet {k}", published=p)
        for k, p in [("a", "2025-08-13"), ("b", "2025-09-05"), ("c", "2025-10-28"), ("d", "2025-09-06")]}


def claim(art: str, measure: str, value: float, q: str = "=", source: str | None = None, unit: str = "troops",
          refers_to: str | None = None) -> Claim:
    return Claim(f"{art}-{measure}-{value}", art, measure, value, Qualifier(q), unit, 0, 1, "x", source=source,
                 refers_to=refers_to)


def test_estimates_from_different_times_diverge():
    cs = [claim("a", "troops sent", 15000, "~", "South Korea"), claim("b", "troops sent", 13000, "~", "NIS"),
          claim("c", "troops sent", 10000, ">", "Ukraine")]
    verdict, reason = claim_verdict(cs, ARTS, {"a": "s1", "b": "s2", "c": "s3"})
    assert verdict is Verdict.DIVERGE
    assert "~15000" in reason and ">10000" in reason and "South Korea" in reason


def test_hedged_equal_figures_agree():
    verdict, _ = claim_verdict([claim("b", "killed", 2000, "~"), claim("c", "killed", 2000, "~")], ARTS,
                               {"b": "s2", "c": "s3"})
    assert verdict is Verdict.AGREE


def test_same_event_same_scope_clash_is_a_contradiction():
    cs = [claim("b", "talks duration", 2.5, unit="hours"), claim("d", "talks duration", 4, unit="hours")]
    verdict, reason = claim_verdict(cs, ARTS, {"b": "s2", "d": "s2"})
    assert verdict is Verdict.CONTRADICT and "2.5" in reason and "4" in reason
    # the same figures from different stories (different moments) only diverge
    assert claim_verdict(cs, ARTS, {"b": "s2", "d": "s9"})[0] is Verdict.DIVERGE


def test_one_article_is_single_source():
    assert claim_verdict([claim("a", "m", 1)], ARTS, {})[0] is Verdict.SINGLE_SOURCE


def test_align_merges_phrasings_but_not_other_measures():
    groups = dict(align([claim("a", "DPRK troops sent to Russia", 1), claim("b", "troops sent to Russia DPRK", 2),
                         claim("c", "DPRK troops killed Russia", 3)]))
    sizes = sorted(len(v) for v in groups.values())
    assert sizes == [1, 2]


def event(art: str, date: str | None, place: str | None = "Q956", kind: str = "meeting",
          who: tuple[str, ...] = ("Q7747", "Q56226")) -> Event:
    return Event(f"{art}-ev", art, kind, who, 0, 10, "evidence", place=place, date=date, time=f"{art}-t")


def test_same_meeting_with_incompatible_dates_is_flagged():
    groups = compare_event_dates([event("b", "2025-08-03"), event("c", "2025-09-01/2025-09-10")], ARTS, {})
    assert [g.verdict for g in groups] == [Verdict.CONTRADICT]
    assert "2025-08-03" in groups[0].reason and "2025-09-01/2025-09-10" in groups[0].reason


def test_meetings_years_apart_or_elsewhere_are_different_events():
    assert compare_event_dates([event("b", "2025-09-03"), event("c", "2023-09-13")], ARTS, {}) == []
    assert compare_event_dates([event("b", "2025-09-03"), event("c", "2025-09-20", place="Q649")], ARTS, {}) == []
    agree = compare_event_dates([event("b", "2025-09-03"), event("c", "2025-09")], ARTS, {})
    assert [g.verdict for g in agree] == [Verdict.AGREE]


def test_compare_scopes_thread_groups_span_stories():
    facts = [ArticleFacts(article=ARTS[k], claims=(claim(k, "troops sent", v, "~"),), events=(event(k, d),))
             for k, v, d in [("b", 13000, "2025-08-03"), ("c", 15000, "2025-09-01/2025-09-10"), ("d", 13000, None)]]
    stories = [Story("s1", "t", ("b", "d"), thread="t1"), Story("s2", "t", ("c",), thread="t1")]
    groups, coverage = compare(facts, stories, [Thread("t1", "t", ("s1", "s2"))])
    by = {(g.scope, g.kind): g for g in groups}
    assert by[("s1", "claim")].verdict is Verdict.AGREE
    assert by[("t1", "claim")].verdict is Verdict.DIVERGE
    assert by[("t1", "date")].verdict is Verdict.CONTRADICT and "b-ev" in by[("t1", "date")].claims
    assert ("s2", "claim") in by and by[("s2", "claim")].verdict is Verdict.SINGLE_SOURCE
    assert all(row["scope"] in {"s1", "s2", "t1"} for row in coverage)
    s1 = [row for row in coverage if row["scope"] == "s1"]
    assert s1 and all(row["outlets"] == ["Outlet b", "Outlet d"] and row["missing"] == [] for row in s1)
    thread_groups = [g for g in groups if g.scope == "t1"]
    assert thread_groups[0].verdict is Verdict.CONTRADICT  # contradictions sort first in a scope


def test_repeated_meetings_across_stories_need_a_place_to_be_one_event():
    """Leaders who talk every few weeks: unplaced reports in different stories are separate events."""
    calls = [event("b", "2025-08-01", place=None, kind="phone_call"),
             event("c", "2025-08-20", place=None, kind="phone_call")]
    assert compare_event_dates(calls, ARTS, {}, {"b": "s1", "c": "s2"}) == []
    same_story = compare_event_dates(calls, ARTS, {}, {"b": "s1", "c": "s1"})
    assert [g.verdict for g in same_story] == [Verdict.CONTRADICT]
    # a chain of placed meetings: the ends, 80 days apart, are not said to clash
    chain = [event("b", "2025-07-01"), event("c", "2025-08-10"), event("d", "2025-09-19")]
    groups = compare_event_dates(chain, ARTS, {}, {"b": "s1", "c": "s2", "d": "s3"})
    assert all("2025-07-01 in b but 2025-09-19" not in g.reason for g in groups)


def test_places_of_one_event_day():
    far = compare_event_places([event("b", "2025-09-03", place="Q956"), event("c", "2025-09-03", place="Q649")],
                               ARTS, {})
    assert [g.verdict for g in far] == [Verdict.DIVERGE]
    # Beijing is China's capital (entity gazetteer): compatible
    near = compare_event_places([event("b", "2025-09-03", place="Q956"), event("c", "2025-09-03", place="Q148")],
                                ARTS, {})
    assert [g.verdict for g in near] == [Verdict.AGREE]
    assert compare_event_places([event("b", "2025-09-03", place="Q956"), event("c", "2025-09-04", place="Q649")],
                                ARTS, {}) == []
    assert compare_event_places([event("b", None, place="Q956"), event("c", None, place="Q649")], ARTS, {}) == []


def ack(art: str, date: str, first: bool, topic: tuple[str, ...] = ("Q423", "concept:troops")) -> Event:
    return Event(f"{art}-ack", art, "acknowledgement", ("Q423",), 0, 10, "evidence", date=date,
                 time=f"{art}-t", topic=topic, first=first)


def test_acknowledgement_dates_agree_diverge_or_contradict():
    agree = compare_topic_dates([ack("a", "2025-04", True), ack("b", "2025-04-28", False)], ARTS, {})
    assert [g.verdict for g in agree] == [Verdict.AGREE] and "2025-04-28" in agree[0].reason
    # two reports that it was the *first* acknowledgement cannot both be right with months between them
    firsts = compare_topic_dates([ack("a", "2025-04", True), ack("b", "2024-11", True)], ARTS, {})
    assert [g.verdict for g in firsts] == [Verdict.CONTRADICT] and "first" in firsts[0].label
    # without "first" the thing may have been acknowledged twice
    again = compare_topic_dates([ack("a", "2025-04", True), ack("b", "2024-11", False)], ARTS, {})
    assert [g.verdict for g in again] == [Verdict.DIVERGE]
    # another topic (no shared concept) is not compared
    other = compare_topic_dates([ack("a", "2025-04", True), ack("b", "2024-11", True, ("Q423", "concept:people"))],
                                ARTS, {})
    assert other == []



def dated(art: str, value: float, as_of: str | None, source: str | None = None, as_of_from: str = "text") -> Claim:
    return Claim(f"{art}-{value}-{as_of}", art, "votes counted", value, Qualifier.EXACT, "percent", 0, 1, "x",
                 source=source, counted="share of бюллетень", predicate="count", as_of=as_of,
                 as_of_from=as_of_from if as_of else "")


def test_one_measure_at_two_times_is_an_update_never_a_contradiction():
    cs = [dated("a", 60, "2025-08-12"), dated("b", 85, "2025-08-13"), dated("d", 85, "2025-08-13")]
    verdict, reason = claim_verdict(cs, ARTS, {"a": "s1", "b": "s1", "d": "s1"})
    assert verdict is Verdict.UPDATE
    assert "60 percent as of 2025-08-12 → 85 percent as of 2025-08-13" in reason and "latest 85 percent" in reason


def test_no_update_across_sources_or_within_one_moment():
    # different sources at their publication dates: either may explain the gap; dates the texts give make a
    # series whoever states them
    cs = [dated("a", 60, "2025-08-12", "CEC", "published"), dated("b", 85, "2025-08-13", "Reuters", "published")]
    assert claim_verdict(cs, ARTS, {"a": "s1", "b": "s1"})[0] is Verdict.DIVERGE
    cs = [dated("a", 60, "2025-08-12", "CEC"), dated("b", 85, "2025-08-13", "Reuters")]
    assert claim_verdict(cs, ARTS, {"a": "s1", "b": "s1"})[0] is Verdict.UPDATE
    # two figures for one moment do not become a series because a third is later
    cs = [dated("a", 60, "2025-08-12"), dated("b", 70, "2025-08-12"), dated("d", 85, "2025-08-13")]
    assert claim_verdict(cs, ARTS, {"a": "s1", "b": "s1", "d": "s1"})[0] is not Verdict.UPDATE
    # a time read against an inferred window is no sharp as-of time
    cs = [dated("a", 60, "2025-01-01/2025-12-31", as_of_from="window"), dated("b", 85, "2026-01-01/2026-12-31",
                                                                             as_of_from="window")]
    assert claim_verdict(cs, ARTS, {"a": "s1", "b": "s1"})[0] is Verdict.DIVERGE


def test_a_contradiction_needs_known_times_and_a_shared_name():
    undated = {k: Article(id=k, source=k, text="", outlet=f"Outlet {k}") for k in "xy"}
    cs = [claim("x", "talks duration", 2.5, unit="hours"), claim("y", "talks duration", 4, unit="hours")]
    verdict, reason = claim_verdict(cs, undated, {"x": "s1", "y": "s1"})
    assert verdict is Verdict.DIVERGE and "their times are not known to coincide" in reason
    cs = [claim("b", "talks duration", 2.5, unit="hours"), claim("d", "talks duration", 4, unit="hours")]
    verdict, reason = claim_verdict(cs, ARTS, {"b": "s2", "d": "s2"}, anchored=lambda a, b: False)
    assert verdict is Verdict.DIVERGE and "nothing ties them to one event" in reason
