"""The store's tables (SQLAlchemy Core). Indexed columns for queries; the full record as JSON beside them.

Alembic revisions under ``migrations/versions`` create these tables; a test checks they match this module.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

# JSONB on PostgreSQL (indexable, compact); plain JSON text elsewhere
Json = JSON().with_variant(JSONB(), "postgresql")
# String() has no length on purpose: PostgreSQL enforces VARCHAR lengths and ids come from readers we do not bound

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("outlet", String()),
    Column("language", String()),
    Column("published", String()),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("content_hash", String(), index=True),
    Column("duplicate_of", String()),
    Column("data", Json, nullable=False),
    Column("run_at", Float),
    Column("ann_label", BigInteger),  # the article's key in the vector index (``group.ann.label``)
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_ann_label", articles.c.ann_label)
Index("ix_articles_outlet", articles.c.outlet)
Index("ix_articles_live", articles.c.id, articles.c.duplicate_of)  # which ids are originals, from the index alone

entities = Table(
    "entities", metadata,
    Column("id", String(), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String()),
    Column("wikidata", String()),
    Column("data", Json, nullable=False),
)


def _fact_table(name: str, *extra: Column) -> Table:
    return Table(
        name, metadata,
        Column("id", String(), primary_key=True),
        Column("article", String(), nullable=False, index=True),
        *extra,
        Column("data", Json, nullable=False),
    )


mentions = _fact_table("mentions", Column("entity", String(), index=True), Column("start", Integer))
timerefs = _fact_table("timerefs", Column("value", String()))
events = _fact_table("events", Column("kind", String()), Column("date", String()))
claims = _fact_table("claims", Column("measure", Text))
quotes = _fact_table("quotes", Column("speaker", String(), index=True))
framing = _fact_table("framing", Column("leaning", String()))
embeddings = Table(
    "embeddings", metadata,
    Column("article", String(), primary_key=True),
    Column("model", String(), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", String(), primary_key=True),
    Column("title", Text),
    Column("date", String()),
    Column("thread", String()),
    Column("data", Json, nullable=False),
)
story_articles = Table(
    "story_articles", metadata,
    Column("story", String(), primary_key=True),
    Column("article", String(), primary_key=True, index=True),
)
threads = Table(
    "threads", metadata,
    Column("id", String(), primary_key=True),
    Column("title", Text),
    Column("data", Json, nullable=False),
)
# users' corrections of stories (split a member off, merge two stories), replayed at every regroup, in order
story_corrections = Table(
    "story_corrections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Float, nullable=False),
    Column("action", String(), nullable=False),
    Column("data", Json, nullable=False),
)
# a story id that a regroup retired -> the story that took most of its articles (old links keep resolving)
story_redirects = Table(
    "story_redirects", metadata,
    Column("old", String(), primary_key=True),
    Column("new", String(), nullable=False),
    Column("at", Float),
)
# the persisted nearest-neighbour index of title+lead vectors, one per embedding model (group/ann.py)
ann_index = Table(
    "ann_index", metadata,
    Column("model", String(), primary_key=True),
    Column("dim", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    Column("blob", LargeBinary, nullable=False),
)
# what incremental grouping keeps between runs (group/incremental.py), so a run scores only the pairs its new or
# changed articles touch: per article its nearest-vector list and top entities, every scored pair's margin (NULL:
# never one story; candidate 0: scored only to complete a connected group), each story's entity weights
group_meta = Table(
    "group_meta", metadata,
    Column("key", String(), primary_key=True),
    Column("value", Text, nullable=False),
)
group_articles = Table(
    "group_articles", metadata,
    Column("article", String(), primary_key=True),
    Column("data", Json, nullable=False),
    # the date window of a published article (day ordinals; null without a publication date), and the cosine a new
    # vector must reach to enter its nearest list (null: the list is short, any vector enters)
    Column("day_lo", Integer),
    Column("day_hi", Integer),
    Column("near_last", Float),
    Index("ix_group_articles_day_hi", "day_hi", "day_lo"),
)
group_entities = Table(
    "group_entities", metadata,
    Column("entity", String(), primary_key=True),
    Column("article", String(), primary_key=True),
    Index("ix_group_entities_article", "article"),
)
group_pairs = Table(
    "group_pairs", metadata,
    Column("a", String(), primary_key=True),
    Column("b", String(), primary_key=True),
    Column("margin", Float),
    Column("candidate", Integer, nullable=False),
    Index("ix_group_pairs_b", "b"),
)
group_stories = Table(
    "group_stories", metadata,
    Column("story", String(), primary_key=True),
    Column("data", Json, nullable=False),
)
# each kept story's articles and top entities (what ``threads`` posts it under), so a run reads the kept stories
# its changes reach by lookup, not every story record (group/kept.py, group/thread_state.py)
group_story_articles = Table(
    "group_story_articles", metadata,
    Column("story", String(), primary_key=True),
    Column("article", String(), primary_key=True),
    Index("ix_group_story_articles_article", "article"),
)
group_story_entities = Table(
    "group_story_entities", metadata,
    Column("entity", String(), primary_key=True),
    Column("story", String(), primary_key=True),
    Index("ix_group_story_entities_story", "story"),
)
# what incremental thread linking keeps (group/thread_state.py): scored story pairs (a listed before b) and each
# story's connected group of linking pairs (grp, named by its first story id) and thread (its first story's id)
group_thread_pairs = Table(
    "group_thread_pairs", metadata,
    Column("a", String(), primary_key=True),
    Column("b", String(), primary_key=True),
    Column("margin", Float, nullable=False),
    # covering: a replayed block's pairs into its stories are read from the index alone (migration 0018)
    Index("ix_group_thread_pairs_b_a_margin", "b", "a", "margin"),
)
group_thread_stories = Table(
    "group_thread_stories", metadata,
    Column("story", String(), primary_key=True),
    Column("listed", String(), nullable=False),
    Column("thread", String(), nullable=False),
)
# LSH band keys of each original's MinHash (ingest.dedup), so near duplicates are found by lookup
dedup_bands = Table(
    "dedup_bands", metadata,
    Column("band", String(), primary_key=True),
    Column("article", String(), primary_key=True),
    Index("ix_dedup_bands_article", "article"),
)
# dated events by (kind, participant) and undated articles' main events (main 1), so a run finds the other
# reports that date an undated article's main event (group.eventmatch.disputed_dates) without reading every article
group_events = Table(
    "group_events", metadata,
    Column("key", String(), primary_key=True),
    Column("article", String(), primary_key=True),
    Column("event", String(), primary_key=True),
    Column("main", Integer, primary_key=True),
    Column("data", Json, nullable=False),
    Index("ix_group_events_article", "article"),
)
claim_groups = Table(
    "claim_groups", metadata,
    Column("id", String(), primary_key=True),
    Column("scope", String(), index=True),
    Column("verdict", String()),
    Column("data", Json, nullable=False),
)
quote_groups = Table(
    "quote_groups", metadata,
    Column("id", String(), primary_key=True),
    Column("scope", String(), index=True),
    Column("speaker", String(), index=True),
    Column("verdict", String()),
    Column("data", Json, nullable=False),
)
# where articles come from (group/derive.py): one row per derived article and source, replaced at every regroup
derivations = Table(
    "derivations", metadata,
    Column("id", String(), primary_key=True),
    Column("article", String(), nullable=False, index=True),
    Column("source", String()),
    Column("kind", String()),
    Column("data", Json, nullable=False),
)
# corpus-linking keys of each article's mentions of one entity (read/linkkeys.py): an incremental run relinks
# only the units that share a key with its new articles, closed over shared keys
link_keys = Table(
    "link_keys", metadata,
    Column("key", String(), primary_key=True),
    Column("article", String(), primary_key=True, index=True),
    Column("entity", String(), primary_key=True),
)
# each unit's form (read/linkkeys.unit_forms: units of one form take the same ids) and each form's keys: a run
# follows shared keys form by form and relinks one unit of each form it reaches
link_units = Table(
    "link_units", metadata,
    Column("article", String(), primary_key=True),
    Column("entity", String(), primary_key=True),
    Column("form", String(), nullable=False),
    # led by the form, with the unit: a form's first article and a form's units are read from the index alone
    # (the first article of each of 500 forms: 31 -> 4 ms at 10k, where the index of the form alone read every
    # unit's row)
    Index("ix_link_units_form_unit", "form", "article", "entity"),
)
link_form_keys = Table(
    "link_form_keys", metadata,
    Column("form", String(), primary_key=True),
    Column("key", String(), primary_key=True, index=True),
)
# vectors of an article's first sentences (float32, rows x dim), cached per model for translation checks, as older
# stores kept them (runs now keep each sentence's vector by its text in text_vectors; a full derivation moves these)
sentence_vectors = Table(
    "sentence_vectors", metadata,
    Column("article", String(), primary_key=True),
    Column("model", String(), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
)
# what incremental derivation (group/derive_state.py) keeps: every stored article's language and word 4-gram
# hashes, how many originals have each 4-gram that two or more have, which originals have each rare one (dropped
# once it turns boilerplate), and each original's nearest title+lead vectors in other languages
derive_meta = Table(
    "derive_meta", metadata,
    Column("key", String(), primary_key=True),
    Column("value", Text, nullable=False),
)
derive_articles = Table(
    "derive_articles", metadata,
    Column("article", String(), primary_key=True),
    Column("language", String()),
    Column("shingles", LargeBinary),  # NULL for a duplicate
)
derive_df = Table(  # 4-grams of two originals or more (one row per 4-gram: no rowid table on SQLite)
    "derive_df", metadata,
    Column("shingle", BigInteger, primary_key=True, autoincrement=False),
    Column("n", Integer, nullable=False),
    sqlite_with_rowid=False,
)
derive_postings = Table(
    "derive_postings", metadata,
    Column("shingle", BigInteger, primary_key=True, autoincrement=False),
    Column("article", String(), primary_key=True),
    sqlite_with_rowid=False,
)
derive_near = Table(
    "derive_near", metadata,
    Column("article", String(), primary_key=True),
    Column("near", String(), primary_key=True, index=True),
    Column("cos", Float, nullable=False),
)
# vectors of short texts (quotes, and articles' first sentences for translation checks) by a hash of (model,
# text), so a run embeds only the texts not seen before
text_vectors = Table(
    "text_vectors", metadata,
    Column("key", String(), primary_key=True),
    Column("vector", LargeBinary, nullable=False),
)
coverage = Table(
    "coverage", metadata,
    Column("id", String(), primary_key=True),
    Column("scope", String(), index=True),
    Column("data", JSON, nullable=False),  # free-form dicts: plain JSON keeps their key order (JSONB sorts keys)
)
input_errors = Table(
    "input_errors", metadata,
    Column("source", Text, primary_key=True),
    Column("error", Text, nullable=False),
    Column("run_at", Float),
)

# `crosswire watch`: per-feed HTTP validators and the entries already analysed
watch_feeds = Table(
    "watch_feeds", metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("modified", Text),
    Column("title", Text),
    Column("polled_at", Float),
    Column("status", Integer),
)
watch_seen = Table(
    "watch_seen", metadata,
    Column("feed", Text, primary_key=True),
    Column("entry", Text, primary_key=True),
    Column("article", String()),
    Column("seen_at", Float),
)

FACT_TABLES = {
    "mentions": mentions, "timerefs": timerefs, "events": events, "claims": claims,
    "quotes": quotes, "framing": framing,
}

# monitoring: saved searches, the alerts raised on them (keyed by a stable id: never twice), their deliveries
# per channel, the articles already looked at for alerts, and when each scheduled digest was last sent
watchlists = Table(
    "watchlists", metadata,
    Column("id", String(), primary_key=True),
    Column("name", Text, nullable=False),
    Column("data", Json, nullable=False),
)
alerts = Table(
    "alerts", metadata,
    Column("id", String(), primary_key=True),
    Column("watchlist", String(), nullable=False, index=True),
    Column("kind", String(), nullable=False),
    Column("at", Float, nullable=False, index=True),
    Column("data", Json, nullable=False),
)
alert_deliveries = Table(
    "alert_deliveries", metadata,
    Column("alert", String(), primary_key=True),
    Column("channel", String(), primary_key=True),
    Column("status", String(), nullable=False),  # sent, failed
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
    Column("at", Float),
)
monitor_seen = Table(
    "monitor_seen", metadata,
    Column("article", String(), primary_key=True),
    Column("at", Float),
)
digests_sent = Table(
    "digests_sent", metadata,
    Column("key", String(), primary_key=True),
    Column("at", Float, nullable=False),
)
