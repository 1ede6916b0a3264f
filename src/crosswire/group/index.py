"""Incremental story grouping: ``StoryIndex.add(profile)`` matches one article against open stories.

Candidates come from date buckets and entity postings, so each article costs about the same however big the
corpus grows; the hard rule is that main events more than ``max_gap_days`` apart never share a story.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

import numpy as np

from .dates import DayRange, gap_days
from .profile import Profile


@lru_cache(maxsize=1)
def params() -> dict:
    """Weights and thresholds from data/group/params.yaml."""
    import yaml

    text = resources.files("crosswire").joinpath("data/group/params.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def stable_id(prefix: str, key: str) -> str:
    """``s-``/``t-`` + 10 hex of a hash of ``key`` (the earliest article id)."""
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def rescale_cos(cos: float) -> float:
    """Raw cosine mapped onto [0, 1] between the configured 'unrelated' and 'same topic' levels."""
    p = params()
    return min(1.0, max(0.0, (cos - p["cos_low"]) / (p["cos_high"] - p["cos_low"])))


def jaccard(a, b) -> float:
    """|A ∩ B| / |A ∪ B| of two collections of keys (0 when both are empty)."""
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a or b else 0.0


def _slug(entity_id: str) -> str | None:
    """The name part of a ``TYPE:slug`` id; None for Wikidata ids, which match exactly or not at all."""
    return entity_id.split(":", 1)[1] if ":" in entity_id else None


def soft_jaccard(a, b) -> float:
    """Jaccard where two unlinked entities also match when their transliterated slugs are near-equal.

    Entities the gazetteer does not know get ``TYPE:slug`` ids built per language, and the same name comes out a
    little differently from each (ru "naftali-bennet", en "naftali-bennett"; "roskachestve"/"roskachestvo"
    when one reader missed the case ending), and the type may differ; a one-to-one fuzzy match of the slugs
    (rapidfuzz ratio >= ``params()['slug_match']``) counts them as one, so a translation or another
    language's report of the same story still shares its people and organisations.
    """
    from rapidfuzz import fuzz

    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    common = a & b
    left = [(x, _slug(x)) for x in sorted(a - common)]
    right = {y: _slug(y) for y in sorted(b - common)}
    cutoff = params()["slug_match"] * 100
    matched = len(common)
    for _, sx in left:
        if not sx:
            continue
        hit = next((y for y, sy in right.items() if sy and fuzz.ratio(sx, sy, score_cutoff=cutoff)), None)
        if hit is not None:
            del right[hit]
            matched += 1
    return matched / (len(a) + len(b) - matched)


def cross_lingual_lift(language: str, others) -> float:
    """What to add to a cosine between a text in ``language`` and texts in ``others`` (the smallest lift over
    the language pairs: a story already holding a close language needs the least)."""
    lifts = params()["cos_cross_lingual"]
    return min((lifts.get("-".join(sorted((language, o))), lifts["default"]) for o in others),
               default=0.0)


@dataclass(slots=True)
class StoryState:
    """A story being built: members and the running aggregates it is scored on."""

    key: int
    members: list[Profile] = field(default_factory=list)
    vsum: np.ndarray | None = None
    entities: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    anchors: list[list[DayRange]] = field(default_factory=list)  # per member with several anchors
    # single-anchor members summarised: the latest first day and the earliest last day bound every gap
    latest_start: date | None = None
    earliest_end: date | None = None
    _top: list[str] | None = None
    _centroid: np.ndarray | None = None

    def add(self, p: Profile) -> None:
        """Take one article in and update the aggregates."""
        self.members.append(p)
        if p.vector is not None:
            vec = np.asarray(p.vector, dtype=np.float32)
            self.vsum = vec.copy() if self.vsum is None else self.vsum + vec
            self._centroid = self.vsum / (float(np.linalg.norm(self.vsum)) or 1.0)
        self.entities.update(p.entities)
        self.languages[p.language] += 1
        self._top = None
        if p.event_kind:
            self.kinds[p.event_kind] += 1
        if p.event_place:
            self.places[p.event_place] += 1
        if len(p.anchors) == 1:
            lo, hi = p.anchors[0]
            self.latest_start = lo if self.latest_start is None else max(self.latest_start, lo)
            self.earliest_end = hi if self.earliest_end is None else min(self.earliest_end, hi)
        elif p.anchors:
            self.anchors.append(p.anchors)

    @property
    def dated(self) -> bool:
        """Whether any member has a date anchor."""
        return self.latest_start is not None or bool(self.anchors)

    def top_entities(self, k: int = 8) -> list[str]:
        """The ``k`` heaviest entities over all members."""
        if self._top is None:
            self._top = [e for e, _ in sorted(self.entities.items(), key=lambda kv: (-kv[1], kv[0]))[:8]]
        return self._top[:k]

    def centroid(self) -> np.ndarray | None:
        """The normalised mean of the members' vectors."""
        return self._centroid

    def cos(self, vector) -> float | None:
        """Cosine between ``vector`` and the centroid (None when either is missing)."""
        c = self._centroid
        return None if vector is None or c is None else float(c @ np.asarray(vector, dtype=np.float32))


def max_member_gap(p: Profile, s: StoryState) -> int | None:
    """The largest, over dated members, of the smallest gap between their anchors and the article's."""
    if not p.anchors or not s.dated:
        return None
    if len(p.anchors) > 1:  # rare (an article whose own dates disagree): exact, member by member
        return max(min(gap_days(a, b) for a in p.anchors for b in m.anchors) for m in s.members if m.anchors)
    worst = max((min(gap_days(a, b) for a in p.anchors for b in member) for member in s.anchors), default=0)
    if s.latest_start is not None:
        # against single-anchor members the farthest is the one starting last or ending first
        worst = max(worst, min(max(0, (s.latest_start - hi).days, (lo - s.earliest_end).days)
                               for lo, hi in p.anchors))
    return worst


def story_score(p: Profile, s: StoryState) -> float | None:
    """How well an article fits a story (None: forbidden by the date rule)."""
    cfg = params()["story"]
    gap = max_member_gap(p, s)
    if gap is not None and gap > cfg["max_gap_days"]:
        return None
    cos = s.cos(p.vector)
    foreign = p.language not in s.languages
    if cos is not None and foreign:
        # the embedder puts a text and its translation lower than two texts of one language (ru/en news: same
        # story 0.84-0.93, unrelated 0.68-0.81, vs 0.74-0.87 unrelated within Russian): lift it back
        cos += cross_lingual_lift(p.language, s.languages)
    # content = weighted mean of the signals both sides have (no vectors, or no entities, must not cap it)
    content = weight = 0.0
    if cos is not None:
        content, weight = cfg["w_cos"] * rescale_cos(cos), cfg["w_cos"]
    if p.entities and s.entities:
        content += cfg["w_entities"] * soft_jaccard(p.entities, s.top_entities())
        weight += cfg["w_entities"]
    score = content / weight if weight else 0.0
    if p.event_kind and s.kinds:
        # each language has its own trigger lists: across languages a differently named main event is weaker
        # evidence of another event ("agreement" read in Russian, "statement" in its translation)
        other = cfg["kind_other_cross_lingual"] if foreign else cfg["kind_other"]
        score += cfg["kind_same"] if p.event_kind == s.kinds.most_common(1)[0][0] else other
    if p.event_place and s.places:
        score += cfg["place_same"] if p.event_place in s.places else cfg["place_other"]
    if gap == 0 and p.precise:
        score += cfg["date_overlap"]
    return score


def story_threshold(p: Profile, s: StoryState) -> float:
    """The score an article needs to join a story: higher when either side has no date."""
    cfg = params()["story"]
    extra = cfg["undated_extra"] if not p.anchors or not s.dated else 0.0
    if not (p.entities and s.entities):  # the cosine alone: same-topic news reaches 0.9 within a language
        extra += cfg["no_entities_extra"]
    return cfg["threshold"] + extra


class StoryIndex:
    """Stories built one article at a time; feed articles in date order (``Profile.sort_key``) for stable ids."""

    def __init__(self) -> None:
        self.stories: list[StoryState] = []
        self.of_article: dict[str, int] = {}
        self._buckets: dict[int, list[int]] = defaultdict(list)
        self._postings: dict[str, deque] = {}
        self._cfg = params()["retrieval"]
        self._mat: np.ndarray | None = None  # normalised story centroids, row = story key (grown by doubling)

    def _bucket_keys(self, anchors: list[DayRange], pad: int = 0) -> set[int]:
        days = self._cfg["bucket_days"]
        keys: set[int] = set()
        for lo, hi in anchors:
            first, last = lo.toordinal() // days - pad, hi.toordinal() // days + pad
            if last - first <= 12:  # wider than ~3 months says little about the day: entities retrieve it
                keys.update(range(first, last + 1))
        return keys

    def candidates(self, p: Profile) -> set[int]:
        """Stories worth scoring: the nearest centroids in the article's date buckets (or, for vague dates, among
        the most recent stories), plus those sharing one of its top entities."""
        pool: set[int] = set()
        for key in self._bucket_keys(p.anchors, pad=1):
            pool.update(self._buckets.get(key, ()))
        vague = not p.precise
        if vague and self.stories:
            # no usable bucket: the most recent stories stand in (a bounded window keeps the cost linear)
            pool.update(range(max(0, len(self.stories) - self._cfg["recent_window"]), len(self.stories)))
        top = sorted(p.entities.items(), key=lambda kv: (-kv[1], kv[0]))[: self._cfg["entities_per_query"]]
        sharing: set[int] = set()
        for eid, _ in top:
            sharing.update(self._postings.get(eid, ()))
        k = self._cfg["nearest_per_query"]
        found = pool & sharing if not vague else set(sharing)
        if len(found) > 2 * k:
            found = self._nearest(found, p, 2 * k)
        if pool and len(pool) > k:
            pool = self._nearest(pool, p, k)  # a busy week holds hundreds of stories
        return found | pool

    def _nearest(self, keys: set[int], p: Profile, k: int) -> set[int]:
        """The ``k`` stories of ``keys`` whose centroids are nearest the article (all of them without vectors)."""
        if p.vector is None or self._mat is None:
            return set(sorted(keys)[-k:])  # the most recent ones
        arr = np.fromiter(keys, dtype=np.int64)
        arr = arr[arr < len(self._mat)]
        sims = self._mat[arr] @ np.asarray(p.vector, dtype=np.float32)
        return set(arr[np.argsort(-sims, kind="stable")[:k]].tolist())

    def _set_row(self, s: StoryState) -> None:
        c = s.centroid()
        if self._mat is None:
            if c is None:
                return
            self._mat = np.zeros((max(64, 2 * len(self.stories)), len(c)), dtype=np.float32)
        while s.key >= len(self._mat):
            grown = np.zeros((2 * len(self._mat), self._mat.shape[1]), dtype=np.float32)
            grown[: len(self._mat)] = self._mat
            self._mat = grown
        if c is not None:
            self._mat[s.key] = c

    def add(self, p: Profile) -> int:
        """Put one article in its best story (or a new one); returns the story's index."""
        best, best_score = None, 0.0
        for key in sorted(self.candidates(p)):
            s = self.stories[key]
            score = story_score(p, s)
            if score is not None and score >= story_threshold(p, s) and score > best_score:
                best, best_score = s, score
        if best is None:
            best = StoryState(key=len(self.stories))
            self.stories.append(best)
        best.add(p)
        self.of_article[p.id] = best.key
        self._set_row(best)
        for key in self._bucket_keys(p.anchors):
            bucket = self._buckets[key]
            if not bucket or bucket[-1] != best.key:
                bucket.append(best.key)
        for eid in p.entities:
            posting = self._postings.setdefault(eid, deque(maxlen=self._cfg["postings_per_entity"]))
            if best.key not in posting:
                posting.append(best.key)
        return best.key
