"""Writing the computed cross-article view incrementally: only the stories, threads and scopes that changed.

``Store.replace_groups`` rewrites everything (``crosswire rebuild``); ``update_groups`` rewrites the stories and
threads whose records differ from the stored ones and the claim groups, quote groups and coverage of the
scopes it is given, so a run that touches a few stories writes a few rows. Both leave the same tables.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import delete, insert, select

from ..model import ClaimGroup, QuoteGroup, Story, Thread
from ..serialize import to_dict
from . import schema as s
from .chunks import chunks


def coverage_rows(coverage: Sequence[dict]) -> list[dict[str, Any]]:
    """Coverage rows keyed ``<scope>:<position in its scope>``: a scope's rows keep their order and ids whether
    the whole view or only that scope is written."""
    seen: dict[str, int] = {}
    rows = []
    for c in coverage:
        scope = str(c.get("scope"))
        n = seen[scope] = seen.get(scope, -1) + 1
        rows.append({"id": f"{scope}:{n:05d}", "scope": scope, "data": c})
    return rows


def story_row(x: Story) -> dict[str, Any]:
    return {"id": x.id, "title": x.title, "date": x.date, "thread": x.thread, "data": to_dict(x)}


def thread_row(t: Thread) -> dict[str, Any]:
    return {"id": t.id, "title": t.title, "data": to_dict(t)}


def group_row(g: ClaimGroup) -> dict[str, Any]:
    return {"id": g.id, "scope": g.scope, "verdict": g.verdict.value, "data": to_dict(g)}


def quote_group_row(g: QuoteGroup) -> dict[str, Any]:
    return {"id": g.id, "scope": g.scope, "speaker": g.speaker, "verdict": g.verdict, "data": to_dict(g)}


class GroupWrites:
    """``update_groups`` (a mixin of ``Store``)."""

    engine = None

    def view_stories_of(self, articles: Collection[str]) -> dict[str, str]:
        """The stored view's story of each of ``articles`` that one holds."""
        t = s.story_articles
        with self.engine.connect() as conn:
            return {a: k for part in chunks(sorted(set(articles))) for k, a in conn.execute(
                select(t.c.story, t.c.article).where(t.c.article.in_(part)))}

    def view_records(self, stories: Collection[str] = (), threads: Collection[str] = ()
                     ) -> tuple[dict[str, dict], dict[str, dict]]:
        """The stored records of the given story and thread ids (those stored)."""
        st, th = s.stories, s.threads
        with self.engine.connect() as conn:
            return ({r[0]: r[1] for part in chunks(sorted(set(stories)))
                     for r in conn.execute(select(st.c.id, st.c.data).where(st.c.id.in_(part)))},
                    {r[0]: r[1] for part in chunks(sorted(set(threads)))
                     for r in conn.execute(select(th.c.id, th.c.data).where(th.c.id.in_(part)))})

    def view_threads_naming(self, entities: Collection[str], top: int = 3) -> dict[str, dict]:
        """The stored threads whose first ``top`` entities name one of ``entities``: thread id -> its record."""
        want = set(entities)
        with self.engine.connect() as conn:
            return {k: d for k, d in conn.execute(select(s.threads.c.id, s.threads.c.data))
                    if not want.isdisjoint((d.get("entities") or ())[:top])}

    def stored_view_state(self, stories: Collection[str] | None = None,
                          threads: Collection[str] | None = None) -> tuple[dict[str, dict], dict[str, dict]]:
        """(story id -> stored record, thread id -> stored record), to tell what a regroup changed: every one, or
        with ``stories`` given those stories and the threads ``threads`` and those stories' threads are."""
        if stories is None:
            st, th = s.stories, s.threads
            with self.engine.connect() as conn:
                return ({r[0]: r[1] for r in conn.execute(select(st.c.id, st.c.data))},
                        {r[0]: r[1] for r in conn.execute(select(th.c.id, th.c.data))})
        old_stories = self.view_records(stories=stories)[0]
        want = set(threads or ()) | {d["thread"] for d in old_stories.values() if d.get("thread")}
        return old_stories, self.view_records(threads=want)[1]

    def update_groups(self, stories: Sequence[Story], threads: Sequence[Thread], scopes: Collection[str],
                      groups: Sequence[ClaimGroup], coverage: Sequence[dict], quote_groups: Sequence[QuoteGroup],
                      before: tuple[dict[str, dict], dict[str, dict]] | None = None,
                      only: tuple[Collection[str], Collection[str]] | None = None) -> None:
        """Write ``stories`` and ``threads`` (all of them: those gone are removed, the changed rewritten) and
        replace the groups and coverage of ``scopes`` (story or thread ids, including ones gone) with these.
        ``only``: the story and thread ids whose records may have changed (every other is as stored); ``before``
        then holds their stored records (``stored_view_state`` of those ids)."""
        if only is not None:
            stories = [x for x in stories if x.id in only[0]]
            threads = [t for t in threads if t.id in only[1]]
        old_stories, old_threads = before if before is not None else self.stored_view_state(*only or (None, None))
        new_stories = {x.id: x for x in stories}
        new_threads = {t.id: t for t in threads}
        changed = [x for x in stories if old_stories.get(x.id) != to_dict(x)]
        gone = [sid for sid in old_stories if sid not in new_stories]
        t_changed = [t for t in threads if old_threads.get(t.id) != to_dict(t)]
        t_gone = [tid for tid in old_threads if tid not in new_threads]
        scopes = sorted(set(scopes))
        with self.engine.begin() as conn:
            old_members = {sid: list(data.get("articles") or ()) for sid, data in old_stories.items()}
            self._redirect(conn, old_members, {x.id: x.articles for x in stories})
            for part in chunks([x.id for x in changed] + gone):
                conn.execute(delete(s.story_articles).where(s.story_articles.c.story.in_(part)))
                conn.execute(delete(s.stories).where(s.stories.c.id.in_(part)))
            for part in chunks([t.id for t in t_changed] + t_gone):
                conn.execute(delete(s.threads).where(s.threads.c.id.in_(part)))
            for part in chunks(scopes):
                for table in (s.claim_groups, s.quote_groups, s.coverage):
                    conn.execute(delete(table).where(table.c.scope.in_(part)))
            if changed:
                conn.execute(insert(s.stories), [story_row(x) for x in changed])
                conn.execute(insert(s.story_articles), [{"story": x.id, "article": a}
                                                       for x in changed for a in dict.fromkeys(x.articles)])
            if t_changed:
                conn.execute(insert(s.threads), [thread_row(t) for t in t_changed])
            if groups:
                conn.execute(insert(s.claim_groups), [group_row(g) for g in groups])
            if quote_groups:
                conn.execute(insert(s.quote_groups), [quote_group_row(g) for g in quote_groups])
            if coverage:
                conn.execute(insert(s.coverage), coverage_rows(coverage))
