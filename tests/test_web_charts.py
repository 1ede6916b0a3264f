"""Timeline specs: valid Vega-Lite (checked against the schema), filled with the page's rows and titles."""

from __future__ import annotations

import pytest

alt = pytest.importorskip("altair")

EVENTS = [{"chart_date": "2025-09-03", "date": "2025-09-03", "kind": "meeting", "outlet": "A", "text": "x",
           "participants": ["Vladimir Putin", "Kim Jong Un"]},
          {"chart_date": None, "date": None, "kind": "visit", "outlet": "B", "text": "y", "participants": []}]
ESTIMATES = [{"measure": 'troops "sent"', "date": d, "value": v, "label": lab, "source": s, "outlet": "o"}
             for d, v, lab, s in (("2025-04-01", 10000, ">10 000", "Ukraine"), ("2025-08-01", 15000, "~15 000", "Seoul"),
                                  ("2025-09-01", 13000, "~13 000", "NIS"))] + [
             {"measure": "hours", "date": "2025-09-05", "value": 2.5, "label": "2.5 h", "source": "a", "outlet": "o"}]


def validate(spec: dict) -> None:
    cls = alt.LayerChart if "layer" in spec else alt.Chart
    cls.from_dict(spec, validate=True)  # raises on a spec the Vega-Lite schema refuses


def test_events_spec():
    from crosswire.views.charts import events_spec

    spec = events_spec(EVENTS)
    validate(spec)
    assert spec["data"]["values"] == [{"date": "2025-09-03", "kind": "meeting", "outlet": "A", "text": "x",
                                       "who": "Vladimir Putin, Kim Jong Un", "as_written": "2025-09-03"}]
    assert spec["title"] == "Events of the story" and events_spec(EVENTS[1:]) is None


def test_estimates_specs_one_per_measure_with_a_trend():
    from crosswire.views.charts import estimates_specs

    specs = estimates_specs(ESTIMATES)
    assert len(specs) == 1  # "hours" has a single dated value: no trend to draw
    validate(specs[0])
    assert specs[0]["title"] == 'Estimates over time: troops "sent"'
    assert {layer["encoding"]["y"]["title"] for layer in specs[0]["layer"]} == {'troops "sent"'}
    assert [r["value"] for r in specs[0]["data"]["values"]] == [10000, 15000, 13000]
    # a second call fills a fresh copy: the cached template is not mutated
    assert estimates_specs(ESTIMATES[:2])[0]["data"]["values"] == ESTIMATES[:2]


def test_stories_spec():
    from crosswire.views.charts import stories_spec

    spec = stories_spec([{"chart_date": "2025-08-13", "title": "a", "date": "2025-08-13", "articles": 1},
                         {"chart_date": None, "title": "b", "date": None, "articles": 2}])
    validate(spec)
    assert len(spec["data"]["values"]) == 1 and stories_spec([]) is None
