"""Whether an article, a claim or a story is watched by a watchlist.

Each field of a watchlist is a set of alternatives; the fields that are set must all hold (an entity and a
language: articles in that language naming that entity). A word matches at a word start, case-insensitively,
so a stem ("газопровод") finds its inflections ("газопровода").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..model import ArticleFacts, Claim, Story, Watchlist


def article_criteria(w: Watchlist) -> bool:
    """Whether the watchlist says anything about articles themselves (entities, words, outlets, languages)."""
    return bool(w.entities or w.words or w.outlets or w.languages)


def scope_criteria(w: Watchlist) -> bool:
    """Whether it names stories or threads to watch as they are."""
    return bool(w.stories or w.threads)


@functools.lru_cache(maxsize=256)
def _word_re(word: str) -> re.Pattern[str]:
    # a phrase matches across any run of spaces or line breaks
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(p) for p in word.split()), re.IGNORECASE)


def word_hit(w: Watchlist, text: str) -> re.Match[str] | None:
    """The first place in ``text`` one of the watched words starts."""
    hits = [m for word in w.words if word.strip() for m in [_word_re(word).search(text)] if m]
    return min(hits, key=lambda m: m.start()) if hits else None


def article_reasons(w: Watchlist, f: ArticleFacts) -> list[str] | None:
    """Why the article matches the watchlist's article fields (None when one of them fails; [] when it sets
    none)."""
    a = f.article
    why: list[str] = []
    if w.outlets:
        if a.outlet not in w.outlets:
            return None
        why.append(f"outlet {a.outlet}")
    if w.languages:
        if a.language not in w.languages:
            return None
        why.append(f"language {a.language}")
    if w.entities:
        named = sorted({m.entity for m in f.mentions} & set(w.entities))
        if not named:
            return None
        names = {e.id: e.name for e in f.entities}
        why.append("names " + ", ".join(names.get(e, e) for e in named))
    if w.words:
        hit = word_hit(w, f"{a.title}\n{a.text}")
        if hit is None:
            return None
        why.append(f"word “{hit.group(0)}”")
    return why


def measure_matches(watched: Iterable[str], measure: str) -> bool:
    """A claim measure is watched when it is one of ``watched`` or refines one: "troops sent" watches
    "troops sent | North Korea"; "share" watches "share (8 percent)"."""
    m = measure.strip().lower()
    for x in watched:
        x = x.strip().lower()
        if x and (m == x or m.startswith(x + " |") or m.startswith(x + " (")):
            return True
    return False


def claim_watched(w: Watchlist, c: Claim) -> bool:
    return bool(w.measures) and measure_matches(w.measures, c.measure)


def story_watched(w: Watchlist, story: Story, facts: dict[str, ArticleFacts]) -> bool:
    """A story is watched when the watchlist names it or its thread, or (given article fields) one of its
    articles matches them; ``facts`` holds the story's articles' facts."""
    if story.id in w.stories or (story.thread and story.thread in w.threads):
        return True
    if not article_criteria(w):
        return False
    return any(article_reasons(w, facts[a]) is not None for a in story.articles if a in facts)
