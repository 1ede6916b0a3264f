"""The result of a run: the stored articles it names and every story, group and entity they touch.

Read from the store by id (articles, their facts, the stories holding them, those stories' threads, groups and
coverage), so a run's view costs what it shows, not the size of the store; ``view(store)`` with no ids is the
whole store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import AnalysisResult, ArticleFacts

KINDS = ("mentions", "timerefs", "events", "claims", "quotes", "framing")


def view(store, article_ids: Iterable[str] | None = None,
         facts: Sequence[ArticleFacts] | None = None) -> AnalysisResult:
    """The stored result, restricted to ``article_ids`` and what touches them (all when None).

    ``facts``: stored articles' facts the caller has just read (every one when ``article_ids`` is None)."""
    if article_ids is None:
        return store.load(facts)
    keep = set(article_ids)
    known = {f.article.id: f for f in facts or ()}
    mine = [known[a] for a in keep if a in known]
    missing = sorted(keep - set(known))
    by_id = {f.article.id: f for f in mine + (store.facts(missing) if missing else [])}
    mine = [by_id[a] for a in store.article_order(sorted(by_id)) if a in by_id]
    result = AnalysisResult()
    result.articles = store.with_derivations([f.article for f in mine])
    for kind in KINDS:
        setattr(result, kind, [x for f in mine for x in getattr(f, kind)])
    used = {m.entity for m in result.mentions} | {p for e in result.events for p in e.participants} \
        | {q.speaker for q in result.quotes if q.speaker} | {c.source_entity for c in result.claims if c.source_entity}
    result.entities = store.entities(sorted(used)) if used else []
    # duplicates in the run bring their originals' stories along
    touched = keep | {f.article.duplicate_of for f in mine if f.article.duplicate_of}
    story_ids = store.story_ids_of(sorted(touched))
    result.stories = sorted(store.stories(story_ids), key=lambda s: s.id) if story_ids else []
    thread_ids = sorted({s.thread for s in result.stories if s.thread})
    result.threads = [t for t in store.threads(thread_ids) if story_ids & set(t.stories)] if thread_ids else []
    scopes = sorted(story_ids | {t.id for t in result.threads})
    result.claim_groups = sorted(store.claim_groups(scopes), key=lambda g: g.id) if scopes else []
    result.quote_groups = sorted(store.quote_groups(scopes), key=lambda g: g.id) if scopes else []
    result.coverage = store.coverage(scopes) if scopes else []
    result.corrections = store.corrections()
    return result

