"""Coverage gaps: for each story, which outlets and languages covered it and which, publishing at the time, did
not; and the stories only one group of outlets covered.

"Publishing at the time" is an outlet with a dated article within ``WINDOW`` days of the story's articles. Groups
come from a descriptive field of outlets.yaml (``country`` by default; ``language`` or ``owner`` work too), which
users edit; crosswire makes no judgement of its own about any group. Outlets outside outlets.yaml are listed but
belong to no group.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..ingest.outlet import outlet_records

WINDOW = 2  # days either side of a story's articles in which a publishing outlet "could have" covered it
UNLISTED = "(not in outlets.yaml)"


def groups_of(by: str) -> dict[str, str]:
    """outlet -> its group (the value of field ``by`` in outlets.yaml)."""
    return {o["name"]: str(o[by]) for o in outlet_records() if o.get(by)}


class _Publishing:
    """Who published on which day, read once: (outlet, language, day, articles)."""

    def __init__(self, rows):
        self.days: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for outlet, lang, day, _n in rows:
            if day and len(day) == 10:
                self.days[day].append((outlet, lang))

    def active(self, days: list[str]) -> tuple[set[str], set[str]]:
        """Outlets and languages with an article within ``WINDOW`` days of any of ``days``."""
        outlets, langs = set(), set()
        for d in {_shift(x, k) for x in days for k in range(-WINDOW, WINDOW + 1)} - {None}:
            for outlet, lang in self.days.get(d, ()):
                outlets.add(outlet)
                langs.add(lang)
        return outlets, langs


def _shift(day: str, k: int) -> str | None:
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=k)).isoformat()
    except ValueError:
        return None


def _gap_row(story, meta: dict, publishing: _Publishing, group: dict[str, str]) -> dict:
    arts = [meta[a] for a in story.articles if a in meta]
    outlets = sorted({o for o, _, _ in arts if o})
    langs = sorted({lang for _, lang, _ in arts if lang})
    days = sorted({p[:10] for _, _, p in arts if p}) or ([story.date[:10]] if story.date else [])
    active, active_langs = publishing.active(days)
    covered_groups = sorted({group[o] for o in outlets if o in group})
    missing = sorted(active - set(outlets))
    return {
        "id": story.id, "title": story.title or "(untitled)", "date": story.date, "href": f"/stories/{story.id}",
        "articles": len(story.articles), "outlets": outlets, "languages": langs, "groups": covered_groups,
        "unlisted": [o for o in outlets if o not in group],
        "window": [_shift(days[0], -WINDOW), _shift(days[-1], WINDOW)] if days else None,
        "missing_outlets": [{"outlet": o, "group": group.get(o, UNLISTED), "href": f"/outlets/{o}"} for o in missing],
        "missing_languages": sorted(active_langs - set(langs)),
        "missing_groups": sorted({group[o] for o in missing if o in group} - set(covered_groups)),
    }


def story_gaps(store, story_id: str, by: str = "country") -> dict | None:
    """Who covered one story, and who publishing at the time did not."""
    found = store.stories([story_id])
    if not found:
        return None
    story = found[0]
    meta = store.article_meta(story.articles)
    return {"by": by, **_gap_row(story, meta, _Publishing(store.outlet_days()), groups_of(by))}


def blindspots(store, by: str = "country", min_outlets: int = 2, limit: int = 500) -> dict:
    """Stories covered by at least ``min_outlets`` listed outlets, all of one group, while outlets of another
    group were publishing at the time; newest first."""
    group = groups_of(by)
    publishing = _Publishing(store.outlet_days())
    meta = store.article_meta(None)
    rows = []
    for story in store.stories():
        listed = {(meta.get(a) or (None,))[0] for a in story.articles} & set(group)
        if len(listed) < min_outlets or len({group[o] for o in listed}) != 1:
            continue
        row = _gap_row(story, meta, publishing, group)
        if row["missing_groups"]:
            rows.append(row)
        if len(rows) >= limit:
            break
    return {"by": by, "groups": sorted(set(group.values())), "min_outlets": min_outlets, "window_days": WINDOW,
            "stories": rows}
