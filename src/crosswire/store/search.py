"""Full-text search over stored articles: SQLite FTS5 kept in sync by triggers, PostgreSQL tsvector.

User input never reaches the query language raw: it is cut into word tokens that are quoted (FTS5) or
passed as a bound tsquery parameter (PostgreSQL), each as a prefix so inflected forms match.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import text

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12

# External-content FTS5 index over articles(title, text); the triggers keep it in step with every write,
# whoever writes (the store deletes and re-inserts rows, which fires delete + insert).
_SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text); END",
]
# angle brackets become spaces first: PostgreSQL's parser would otherwise drop "<script>" as a markup tag
_PG_DOC = "to_tsvector('simple', translate(coalesce(title, '') || ' ' || text, '<>', '  '))"
_PG_DDL = f"CREATE INDEX IF NOT EXISTS ix_articles_tsv2 ON articles USING gin ({_PG_DOC})"


def terms(query: str) -> list[str]:
    """The word tokens of a user query (lower-cased, at most MAX_TERMS)."""
    return [t.lower() for t in _WORD.findall(query or "")][:MAX_TERMS]


def ensure_index(engine) -> bool:
    """Create the search index and its triggers if missing, rebuilding it when out of step; False if none."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text(_PG_DDL))
        return True
    if engine.dialect.name != "sqlite":
        return False
    try:
        with engine.begin() as conn:
            for ddl in _SQLITE_DDL:
                conn.execute(text(ddl))
            indexed = conn.execute(text("SELECT count(*) FROM articles_fts_docsize")).scalar()
            stored = conn.execute(text("SELECT count(*) FROM articles")).scalar()
            if indexed != stored:  # created over existing rows, or written while the triggers were absent
                conn.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"))
        return True
    except Exception as exc:  # noqa: BLE001 - SQLite built without FTS5: fall back to LIKE
        log.warning("full-text index unavailable (%s); search falls back to substring match", exc)
        return False


def search_ids(engine, query: str, limit: int = 100) -> list[str]:
    """Ids of the articles matching every term of ``query``, best first."""
    words = terms(query)
    if not words:
        return []
    if engine.dialect.name == "postgresql":
        tsq = " & ".join(f"{w}:*" for w in words)
        sql = text(f"SELECT id FROM articles WHERE {_PG_DOC} @@ to_tsquery('simple', :q) "
                   f"ORDER BY ts_rank({_PG_DOC}, to_tsquery('simple', :q)) DESC, published DESC LIMIT :n")
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(sql, {"q": tsq, "n": limit})]
    if engine.dialect.name == "sqlite" and ensure_index(engine):
        # each token is a quoted FTS5 string with a prefix star: no operator in user text is interpreted
        match = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
        sql = text("SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                   "WHERE articles_fts MATCH :m ORDER BY f.rank LIMIT :n")
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(sql, {"m": match, "n": limit})]
    return _like_ids(engine, words, limit)


def _like_ids(engine, words: list[str], limit: int) -> list[str]:
    clauses = " AND ".join(f"lower(coalesce(title, '') || ' ' || text) LIKE :w{i} ESCAPE '\\'"
                           for i in range(len(words)))
    # the words are literal: "_" and "%" in them are no wildcards
    params = {f"w{i}": "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
              for i, w in enumerate(words)}
    params["n"] = limit
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text(f"SELECT id FROM articles WHERE {clauses} LIMIT :n"), params)]
