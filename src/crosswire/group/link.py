"""How well two articles report one event: a score from its parts, the bar it must clear, or why it cannot.

The parts are kept (cosine, entity overlap, event kind, place, dates, figures) so every merge can be explained.
A pair whose title/lead days clash scores far below any bar; a pair more than ``max_gap_days`` apart (unless both
name one day of an unnamed year and one is undated: then the gap is the time reader's year guess) or holding an evergreen text can
never share a story, however close their wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .dates import gap_days
from .eventmatch import compatible
from .index import cross_lingual_lift, params, rescale_cos, soft_jaccard
from .profile import Profile
from .signature import days_clash, figures_clash, same_day_unresolved, shared_figures


@dataclass(slots=True)
class Link:
    """The verdict on one pair: ``score`` against ``threshold`` (``margin`` = their difference), or a reason
    why the two can never be one story (``cannot``)."""

    score: float = 0.0
    threshold: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)
    cannot: str | None = None

    @property
    def margin(self) -> float:
        return self.score - self.threshold


def anchors_gap(a: Profile, b: Profile) -> int | None:
    """The smallest gap in days between the two articles' date anchors (None when either is undated)."""
    gaps = [g for x in a.anchors for y in b.anchors if (g := gap_days(x, y)) is not None]
    return min(gaps) if gaps else None


def link(a: Profile, b: Profile, cos: float | None = None) -> Link:
    """Score the pair ``a``, ``b`` (symmetric); ``cos``: their vectors' cosine when the caller has it."""
    cfg = params()["story"]
    if a.signature.evergreen or b.signature.evergreen:
        return Link(cannot="evergreen")
    gap = anchors_gap(a, b)
    # a window inferred from the years a text mentions says when it was written only roughly: no hard rule
    # ... nor when both texts name one day of an unnamed year and one is undated: the anchors' years are then the
    # time reader's guesses (a publication date is no guess: two such reports a year apart stay apart)
    guessed = not (a.published and b.published) and same_day_unresolved(a.signature, b.signature)
    if gap is not None and gap > cfg["max_gap_days"] and a.firm and b.firm and not guessed:
        return Link(cannot=f"dates {gap} days apart")
    parts: dict[str, float] = {}
    content = weight = 0.0
    if a.vector is not None and b.vector is not None:
        cos = float(np.dot(a.vector, b.vector)) if cos is None else cos
        if a.language != b.language:
            # the embedder puts a text and its translation lower than two texts of one language
            cos += cross_lingual_lift(a.language, [b.language])
        parts["cosine"] = round(cos, 4)
        content, weight = cfg["w_cos"] * rescale_cos(cos), cfg["w_cos"]
    if a.entities and b.entities:
        ent = soft_jaccard(a.entities, b.entities)
        parts["entities"] = round(ent, 4)
        content += cfg["w_entities"] * ent
        weight += cfg["w_entities"]
    score = content / weight if weight else 0.0
    if a.event_kind and b.event_kind:
        # each language has its own trigger lists: across languages a differently named event is weaker evidence
        other = cfg["kind_other_cross_lingual"] if a.language != b.language else cfg["kind_other"]
        parts["kind"] = cfg["kind_same"] if a.event_kind == b.event_kind else other
    if a.event_place and b.event_place:
        parts["place"] = cfg["place_same"] if compatible(a.event_place, b.event_place) else cfg["place_other"]
    if days_clash(a.signature, b.signature):
        # a pair never joins over it; in average linkage one odd member's background date cannot veto the
        # merge of two large groups that agree on everything else
        parts["date"] = cfg["day_clash"]
    elif gap == 0 and a.precise and b.precise:
        parts["date"] = cfg["date_overlap"]
    elif a.signature.days and b.signature.days:
        parts["date"] = cfg["day_same"]  # both name the same day
    if shared_figures(a.signature, b.signature):
        parts["figures"] = cfg["figure_same"]
    elif figures_clash(a.signature, b.signature):
        parts["figures"] = cfg["figure_other"]
    if a.headline and b.headline:
        # the headlines name what happened: sharing no class, they report different happenings of one case
        parts["headline"] = cfg["headline_same"] if a.headline & b.headline else cfg["headline_other"]
    parts = {k: v for k, v in parts.items() if v or k in ("cosine", "entities")}  # a part weighing 0 says nothing
    score += sum(v for k, v in parts.items() if k not in ("cosine", "entities"))
    threshold = cfg["threshold"]
    if not a.anchors or not b.anchors:
        threshold += cfg["undated_extra"]
    if not (a.entities and b.entities):  # the cosine alone cannot tell events of one topic apart
        threshold += cfg["no_entities_extra"]
    return Link(score=round(score, 4), threshold=round(threshold, 4), parts=parts)
