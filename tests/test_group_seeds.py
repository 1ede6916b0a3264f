"""The real seeds end to end: gold stories, one thread, and the Beijing-talks date contradiction."""

from __future__ import annotations

from pathlib import Path

from crosswire.model import Verdict


def _keys(result) -> dict[str, str]:
    return {a.id: Path(a.source).name[:3] for a in result.articles}


def test_seed_stories_match_gold(seeds_result):
    result, _ = seeds_result
    key = _keys(result)
    groups = sorted(sorted(key[a] for a in s.articles) for s in result.stories)
    assert groups == [["000", "002"], ["001"], ["003"], ["004"]]
    assert len(result.threads) == 1 and len(result.threads[0].stories) == 4
    assert all(s.id.startswith("s-") and s.thread == result.threads[0].id for s in result.stories)


def test_seed_verdicts(seeds_result):
    result, _ = seeds_result
    key = _keys(result)
    claims = {c.id: c for c in result.claims}

    def verdicts(values: set[tuple[str, float]]) -> set[Verdict]:
        out = set()
        for g in result.claim_groups:
            have = {(key[claims[c].article], claims[c].value) for c in g.claims if c in claims}
            if values <= have:
                out.add(g.verdict)
        return out

    assert Verdict.DIVERGE in verdicts({("001", 10000), ("002", 13000), ("003", 15000)})
    assert Verdict.AGREE in verdicts({("001", 2000), ("002", 2000)})
    assert Verdict.AGREE in verdicts({("000", 2.5), ("002", 2.5)})
    dates = [g for g in result.claim_groups if g.kind == "date" and g.verdict is Verdict.CONTRADICT]
    assert any("002" in {key[a] for a in g.articles} for g in dates)
    # the fifth gold verdict: 002 ("признались лишь после того, как … в апреле 2025 года", answering "Москва и
    # Пхеньян отрицали участие северокорейских военных") and 003 ("В апреле этого года Пхеньян впервые
    # признал, что отправил … солдат") date the first acknowledgement of the DPRK troops alike
    acks = [g for g in result.claim_groups if g.measure.startswith("date of first acknowledgement")
            and {"002", "003"} <= {key[a] for a in g.articles}]
    assert [g.verdict for g in acks] == [Verdict.AGREE], [(g.measure, g.verdict) for g in acks]
    assert "troops" in acks[0].measure and "2025-04" in acks[0].reason
    assert all(g.reason for g in result.claim_groups)
