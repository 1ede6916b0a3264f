"""Alerts from what a run changed: the stored articles no alert pass has looked at yet.

For each watchlist, on its watched items:
- ``new_language`` / ``new_outlet``: a watched story picked up in a language, or by an outlet, it had not had;
- ``new_article``: an article matching the watchlist's article fields (one alert per article: a pick-up is the
  more telling kind and replaces it);
- ``estimate``: a new figure for a watched measure, with the figures stored before it;
- ``contradiction`` / ``update``: a claim group with that verdict that a new article takes part in, in a
  watched story or thread, or on a watched measure (``update`` once comparison gives that verdict);
- ``altered_quote``: a quote group judged altered that a new article takes part in (once quote groups exist).

An alert's id is a hash of (watchlist, kind, subject), the subject being the new articles or facts it is
about; the store keeps each id once, and marks the articles looked at in the same transaction, so re-runs and
restarts never raise an alert twice and a run that stopped before its alerts gets them on the next one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Sequence
from datetime import datetime, timezone

from ..model import Alert, ArticleFacts, ClaimGroup, Link, Story, Watchlist
from ..views.fmt import claim_value, snippet
from ..views.highlight import anchor, mention_ident
from .match import (
    article_criteria,
    article_reasons,
    claim_watched,
    measure_matches,
    scope_criteria,
    story_watched,
)

# verdicts that raise an alert on watched items, by the verdict's value (``update`` plugs in when it exists)
GROUP_KINDS = {"contradict": "contradiction", "update": "update"}
QUOTE_KINDS = {"altered": "altered_quote"}


def alert_id(watchlist: str, kind: str, *subject: str) -> str:
    """``a-`` + 16 hex of a hash of what happened: the same change always has the same id."""
    key = "|".join([watchlist, kind, *subject])
    return "a-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def raise_alerts(store, now: float | None = None) -> list[Alert]:
    """Look at the articles no alert pass has seen, store the alerts they raise, and return the new ones."""
    new_ids = store.unmonitored_ids()
    if not new_ids:
        return []
    lists = store.watchlists()
    found = find_alerts(store, lists, new_ids, now) if lists else []
    return store.record_alerts(found, new_ids)


def live_stories(store, w: Watchlist) -> Watchlist:
    """The watchlist with its story ids followed to where regrouping moved them (retired ids redirect)."""
    resolve = getattr(store, "resolve_story", None)
    if not w.stories or resolve is None:
        return w
    live = [x for x in (resolve(sid) for sid in w.stories) if x]
    return dataclasses.replace(w, stories=tuple(dict.fromkeys([*w.stories, *live])))


def resolve_names(store, w: Watchlist, facts) -> Watchlist:
    """A watched entity given as a name no stored entity had when the watchlist was made ("Доминик Рааб" in an
    empty store) becomes the id of the entity the new articles know by that name or alias (or whose mention
    reads so in its normal form); the watchlist is saved with the id, so later runs match it directly."""
    ids = {e.id for f in facts for e in f.entities}
    pending = [x for x in w.entities if x not in ids and not store.entities([x])]
    if not pending:
        return w
    by_name: dict[str, str] = {}
    for f in facts:
        for e in f.entities:
            for form in (e.name, *e.aliases):
                by_name.setdefault(form.casefold(), e.id)
        for m in f.mentions:
            by_name.setdefault((m.normal or m.text).casefold(), m.entity)
    found = {x: by_name[x.casefold()] for x in pending if x.casefold() in by_name}
    if not found:
        return w
    resolved = dataclasses.replace(w, entities=tuple(dict.fromkeys(found.get(x, x) for x in w.entities)))
    store.save_watchlist(dataclasses.replace(resolved, stories=tuple(x for x in w.stories)))
    return resolved


class _Run:
    """What the alert rules read about one run's new articles, read once for every watchlist."""

    def __init__(self, store, lists: Sequence[Watchlist], new_ids: Sequence[str]):
        self.store = store
        self.new = set(new_ids)
        self.facts = {f.article.id: f for f in store.facts(list(new_ids)) if f.article.duplicate_of is None}
        self.stories = store.stories(store.story_ids_of(list(self.facts))) if self.facts else []
        members = {a for s in self.stories for a in s.articles}
        self.meta = store.article_meta(members | set(self.facts))
        old = sorted(members - self.new)
        self.all_facts = dict(self.facts)
        if old and any(article_criteria(w) for w in lists):  # story membership by entity, word, outlet...
            self.all_facts.update({f.article.id: f for f in store.facts(old)})
        scopes = [s.id for s in self.stories] + sorted({s.thread for s in self.stories if s.thread})
        self.groups = [g for g in store.claim_groups(scopes) if self.new & set(g.articles)] if scopes else []
        # a group may compare a new article with one of a story the run did not touch (in the same thread)
        rest = sorted({a for g in self.groups for a in g.articles} - set(self.all_facts))
        if rest and any(article_criteria(w) for w in lists):
            self.all_facts.update({f.article.id: f for f in store.facts(rest)})
        quote_groups = getattr(store, "quote_groups", None)
        self.quote_groups = [q for q in quote_groups(scopes) if self.new & set(q.articles)] \
            if quote_groups and scopes else []
        self.story_of = {a: s for s in self.stories for a in s.articles}
        self.claim_ids = {c.id for f in self.facts.values() for c in f.claims}

    def outlet(self, article: str) -> str:
        return (self.meta.get(article) or (None,))[0] or ""

    def language(self, article: str) -> str:
        return (self.meta.get(article) or (None, None))[1] or ""


def find_alerts(store, lists: Sequence[Watchlist], new_ids: Sequence[str], now: float | None = None) -> list[Alert]:
    """Every alert the articles ``new_ids`` raise on ``lists`` (not yet checked against stored alerts)."""
    lists = [live_stories(store, w) for w in lists]
    run = _Run(store, lists, new_ids)
    lists = [resolve_names(store, w, run.facts.values()) for w in lists]
    stamp = datetime.fromtimestamp(now or time.time(), timezone.utc).isoformat(timespec="seconds")
    out: list[Alert] = []
    for w in lists:
        out.extend(_for_watchlist(w, run, stamp))
    return out


def _for_watchlist(w: Watchlist, run: _Run, stamp: str) -> list[Alert]:
    watched = [s for s in run.stories if story_watched(w, s, run.all_facts)]
    watched_ids = {s.id for s in watched} | {s.thread for s in watched if s.thread}
    # a pick-up is news about a story watched before the run: by its id or thread, or through an older article
    # naming the watched entity or word; a watchlist of outlets or languages follows sources, not stories
    old_facts = {a: f for a, f in run.all_facts.items() if a not in run.new}
    follows_stories = scope_criteria(w) or ((w.entities or w.words) and not (w.outlets or w.languages))
    out: list[Alert] = []
    picked: set[str] = set()
    estimated: set[str] = set()
    for s in watched if follows_stories else ():
        if not story_watched(w, s, old_facts):
            continue
        for alert, arts in _pickups(w, s, run, stamp):
            out.append(alert)
            picked.update(arts)
    for aid, f in run.facts.items():
        reasons = article_reasons(w, f)
        in_scope = not scope_criteria(w) or (run.story_of.get(aid) and run.story_of[aid].id in watched_ids)
        if reasons is None or not in_scope:
            continue
        if article_criteria(w) and aid not in picked:
            out.append(_new_article(w, f, reasons, run, stamp))
        if w.measures:
            out.extend(_estimates(w, f, run, stamp))
            estimated.update(c.id for c in f.claims if c.value is not None and claim_watched(w, c))
    # a new figure already raised as an estimate of a watched measure is not raised again as an update
    for g in run.groups:
        kind = GROUP_KINDS.get(getattr(g.verdict, "value", str(g.verdict)))
        fresh_claims = set(g.claims) & run.claim_ids
        if kind == "update" and fresh_claims and fresh_claims <= estimated:
            continue
        on_watch = g.scope in watched_ids or (w.measures and g.kind == "claim" and measure_matches(w.measures, g.measure)) \
            or (article_criteria(w) and any(a in run.all_facts and article_reasons(w, run.all_facts[a]) is not None
                                            for a in g.articles))
        if kind and on_watch:
            out.append(_group_alert(w, g, kind, run, stamp))
    for q in run.quote_groups:
        kind = QUOTE_KINDS.get(str(q.verdict))
        if kind and (q.scope in watched_ids or (q.speaker and q.speaker in w.entities)):
            out.append(_quote_alert(w, q, kind, run, stamp))
    return out


def _pickups(w: Watchlist, s: Story, run: _Run, stamp: str) -> list[tuple[Alert, set[str]]]:
    """A watched story's new languages and new outlets (not for a story that is new as a whole)."""
    old = [a for a in s.articles if a not in run.new]
    fresh = [a for a in s.articles if a in run.facts]
    if not old or not fresh:
        return []
    had_langs = {run.language(a) for a in old}
    had_outlets = {run.outlet(a) for a in old}
    by_lang: dict[str, list[str]] = {}
    by_outlet: dict[str, list[str]] = {}
    for a in fresh:
        if run.language(a) and run.language(a) not in had_langs:
            by_lang.setdefault(run.language(a), []).append(a)
        elif run.outlet(a) and run.outlet(a) not in had_outlets:
            by_outlet.setdefault(run.outlet(a), []).append(a)
    title = s.title or s.id
    out = []
    for kind, found, what in (("new_language", by_lang, "in"), ("new_outlet", by_outlet, "by")):
        for value, arts in sorted(found.items()):
            arts = sorted(arts)
            links = [_article_link(run.facts[a].article) for a in arts] + [Link("story", f"/stories/{s.id}", title)]
            before = sorted(had_langs if kind == "new_language" else had_outlets - {""})
            summary = (f"{len(arts)} new article(s) {what} {value}; the story had "
                       f"{len(old)} article(s) {what} {', '.join(before) or 'unnamed outlets'}.")
            out.append((Alert(alert_id(w.id, kind, value, *arts), w.id, kind,
                              f"Story picked up {what} {value}: {snippet(title, 120)}", summary, stamp,
                              tuple(arts), s.id, tuple(links)), set(arts)))
    return out


def _article_link(a) -> Link:
    return Link(f"{a.outlet or 'article'} · {a.language} · {a.published or 'undated'}", f"/articles/{a.id}",
                snippet(a.title or a.text, 160))


def _new_article(w: Watchlist, f: ArticleFacts, reasons: list[str], run: _Run, stamp: str) -> Alert:
    a = f.article
    links = [_article_link(a)]
    hit = next((m for m in f.mentions if m.entity in w.entities), None)
    if hit is not None:
        links.append(Link("named here", f"/articles/{a.id}#{anchor('mention', mention_ident(hit))}",
                          _around(a.text, hit.start, hit.end)))
    story = run.story_of.get(a.id)
    if story is not None:
        links.append(Link("story", f"/stories/{story.id}", story.title or story.id))
    who = f"from {a.outlet}" if a.outlet else f"in {a.language}"
    return Alert(alert_id(w.id, "new_article", a.id), w.id, "new_article",
                 f"New article {who}: {snippet(a.title or a.text, 120)}",
                 "Matches: " + ("; ".join(reasons) or "the watched story") + ".", stamp, (a.id,),
                 story.id if story else None, tuple(links))


def _estimates(w: Watchlist, f: ArticleFacts, run: _Run, stamp: str) -> list[Alert]:
    out = []
    a = f.article
    claims = [c for c in f.claims if c.value is not None and claim_watched(w, c)]
    if not claims:
        return out
    earlier = [c for c in run.store.claims_of_measures(sorted({c.measure for c in claims}))
               if c.article not in run.new and c.value is not None]
    meta = run.store.article_meta({c.article for c in earlier})
    for c in claims:
        before = sorted((x for x in earlier if x.measure == c.measure),
                        key=lambda x: (x.refers_to or (meta.get(x.article) or (None, None, ""))[2] or ""))[-3:]
        prev = "; ".join(f"{claim_value(x)} ({(meta.get(x.article) or ('',))[0] or x.article[:8]}, "
                         f"{x.refers_to or (meta.get(x.article) or (None, None, None))[2] or 'undated'})"
                         for x in before)
        links = [Link(f"{a.outlet or a.id[:8]}: {claim_value(c)}", f"/articles/{a.id}#{anchor('claim', c.id)}",
                      snippet(c.text, 240))]
        links += [Link(f"earlier: {claim_value(x)}", f"/articles/{x.article}#{anchor('claim', x.id)}",
                       snippet(x.text, 240)) for x in before]
        story = run.story_of.get(a.id)
        out.append(Alert(alert_id(w.id, "estimate", c.id), w.id, "estimate",
                         f"New estimate of {c.measure}: {claim_value(c)} ({a.outlet or a.language})",
                         (f"Per {c.source}. " if c.source else "") + (f"Figures stored before: {prev}." if prev else
                                                                       "No other figure stored."),
                         stamp, (a.id,), story.id if story else None, tuple(links)))
    return out


def _group_alert(w: Watchlist, g: ClaimGroup, kind: str, run: _Run, stamp: str) -> Alert:
    fresh = sorted(run.new & set(g.articles))
    facts = {a: run.all_facts.get(a) for a in g.articles}
    missing = [a for a in g.articles if facts[a] is None]
    if missing:
        facts.update({f.article.id: f for f in run.store.facts(missing)})
    members = {c.id: (c, f.article) for f in facts.values() if f for c in f.claims}
    members.update({e.id: (e, f.article) for f in facts.values() if f for e in f.events})
    links, parts = [], []
    for ident in g.claims:
        x, art = members.get(ident, (None, None))
        if x is None:
            continue
        is_claim = hasattr(x, "measure")
        value = claim_value(x) if is_claim else (getattr(x, "date", None) or getattr(x, "kind", ""))
        who = art.outlet or art.id[:8]
        parts.append(f"{who}: {value}")
        links.append(Link(f"{who}: {value}", f"/articles/{art.id}#{anchor('claim' if is_claim else 'event', ident)}",
                          snippet(x.text, 240)))
    scope = g.scope if g.scope.startswith("s-") else None
    story = scope or (run.story_of[fresh[0]].id if fresh and fresh[0] in run.story_of else None)
    if story:
        links.append(Link("story", f"/stories/{story}#contradictions" if kind == "contradiction" else
                          f"/stories/{story}"))
    label = "Contradiction" if kind == "contradiction" else "Update"
    return Alert(alert_id(w.id, kind, g.measure, *fresh), w.id, kind,
                 f"{label} on {g.measure}: " + "; ".join(dict.fromkeys(parts[:4])), g.reason, stamp,
                 tuple(fresh), story, tuple(links))


def _quote_alert(w: Watchlist, q, kind: str, run: _Run, stamp: str) -> Alert:
    """An altered quote: every rendering with its evidence link, the reference first."""
    fresh = sorted(run.new & set(q.articles))
    missing = [a for a in q.articles if a not in run.all_facts]
    facts = dict(run.all_facts)
    if missing:
        facts.update({f.article.id: f for f in run.store.facts(missing)})
    quotes = {x.id: (x, f.article) for a in q.articles if a in facts for f in [facts[a]] for x in f.quotes}
    names = {e.id: e.name for f in facts.values() for e in f.entities}
    links = []
    for ident in q.quotes:
        x, art = quotes.get(ident, (None, None))
        if x is not None:
            links.append(Link(f"{art.outlet or art.id[:8]} ({art.language})",
                              f"/articles/{art.id}#{anchor('quote', ident)}", snippet(x.text.strip(' «»"“”„'), 240)))
    links.append(Link("story", f"/stories/{q.scope}"))
    speaker = names.get(q.speaker, q.speaker or "someone")
    said = links[0].text if len(links) > 1 else ""
    return Alert(alert_id(w.id, kind, q.id, *fresh), w.id, kind,
                 f"Altered quote of {speaker}: «{snippet(said, 100)}»", q.reason, stamp, tuple(fresh), q.scope,
                 tuple(links))


def _around(text: str, start: int, end: int, width: int = 80) -> str:
    return snippet(text[max(0, start - width):end + width], 2 * width + (end - start))
