"""The store's tables (SQLAlchemy Core). Indexed columns for queries; the full record as JSON beside them."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, Index, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("outlet", String(200)),
    Column("language", String(8)),
    Column("published", String(10)),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("content_hash", String(40), index=True),
    Column("duplicate_of", String(32)),
    Column("data", JSON, nullable=False),
    Column("run_at", Float),
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_outlet", articles.c.outlet)

entities = Table(
    "entities", metadata,
    Column("id", String(120), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(8)),
    Column("wikidata", String(20)),
    Column("data", JSON, nullable=False),
)


def _fact_table(name: str, *extra: Column) -> Table:
    return Table(
        name, metadata,
        Column("id", String(80), primary_key=True),
        Column("article", String(32), nullable=False, index=True),
        *extra,
        Column("data", JSON, nullable=False),
    )


mentions = _fact_table("mentions", Column("entity", String(120), index=True), Column("start", Integer))
timerefs = _fact_table("timerefs", Column("value", String(40)))
events = _fact_table("events", Column("kind", String(40)), Column("date", String(40)))
claims = _fact_table("claims", Column("measure", Text))
quotes = _fact_table("quotes", Column("speaker", String(120), index=True))
framing = _fact_table("framing", Column("leaning", String(40)))
embeddings = Table(
    "embeddings", metadata,
    Column("article", String(32), primary_key=True),
    Column("model", String(80), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", String(40), primary_key=True),
    Column("title", Text),
    Column("date", String(40)),
    Column("thread", String(40)),
    Column("data", JSON, nullable=False),
)
story_articles = Table(
    "story_articles", metadata,
    Column("story", String(40), primary_key=True),
    Column("article", String(32), primary_key=True, index=True),
)
threads = Table(
    "threads", metadata,
    Column("id", String(40), primary_key=True),
    Column("title", Text),
    Column("data", JSON, nullable=False),
)
claim_groups = Table(
    "claim_groups", metadata,
    Column("id", String(80), primary_key=True),
    Column("scope", String(40), index=True),
    Column("verdict", String(20)),
    Column("data", JSON, nullable=False),
)
coverage = Table(
    "coverage", metadata,
    Column("id", String(80), primary_key=True),
    Column("scope", String(40), index=True),
    Column("data", JSON, nullable=False),
)
input_errors = Table(
    "input_errors", metadata,
    Column("source", Text, primary_key=True),
    Column("error", Text, nullable=False),
    Column("run_at", Float),
)

FACT_TABLES = {
    "mentions": mentions, "timerefs": timerefs, "events": events, "claims": claims,
    "quotes": quotes, "framing": framing,
}
