"""Duplicates on real text: a near copy and an exact copy of a seed are linked, not analysed twice;
a Ukrainian translation of a Russian article (SlavicNER, us_election_2020) is not a duplicate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import seed_path

UK_DOC = "slavicner/raw/us_election_2020/uk/usa_elections_uk.txt_file_20004.txt"
RU_DOC = "slavicner/raw/us_election_2020/ru/elections_ru_68.txt"


def _near_copy(text: str) -> str:
    """The text with one sentence of its longest paragraph rewritten."""
    lines = text.split("\n")
    i = max(range(len(lines)), key=lambda k: len(lines[k]))
    sentences = re.split(r"(?<=[.!?])\s+", lines[i])
    sentences[-1] = "Эксперты пока воздерживаются от прогнозов о том, чем закончатся эти переговоры."
    lines[i] = " ".join(sentences)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def run(shared_data, tmp_path_factory):
    import crosswire

    d = tmp_path_factory.mktemp("dups")
    original = seed_path("000")
    text = original.read_text(encoding="utf-8")
    near = d / "near_copy.txt"
    near.write_text(_near_copy(text), encoding="utf-8")
    exact = d / "exact_copy.txt"
    exact.write_text("\n\n".join("  ".join(line.upper().split()) for line in text.split("\n")), encoding="utf-8")
    ru, uk = shared_data / RU_DOC, shared_data / UK_DOC
    db = str(d / "dups.db")
    result = crosswire.analyze([str(original), str(near), str(exact), str(ru), str(uk)], db=db, progress=False)
    by_name = {Path(a.source).name: a for a in result.articles}
    return result, by_name, db, original.name


def test_near_copy_links_to_original(run):
    _, arts, _, orig = run
    assert arts["near_copy.txt"].duplicate_of == arts[orig].id
    assert "near-duplicate" in arts["near_copy.txt"].flags


def test_exact_copy_with_other_case_and_spacing(run):
    _, arts, _, orig = run
    copy = arts["exact_copy.txt"]
    assert copy.id != arts[orig].id and copy.duplicate_of == arts[orig].id
    assert "exact-duplicate" in copy.flags


def test_translation_is_not_a_duplicate(run):
    _, arts, _, _ = run
    ru, uk = arts[Path(RU_DOC).name], arts[Path(UK_DOC).name]
    assert (ru.language, uk.language) == ("ru", "uk")
    assert ru.duplicate_of is None and uk.duplicate_of is None


def test_duplicates_are_not_analysed_twice(run):
    from crosswire import api

    _, arts, db, orig = run
    original = api.get_article(db, arts[orig].id)
    assert original.mentions or original.timerefs  # the original was read
    for name in ("near_copy.txt", "exact_copy.txt"):
        facts = api.get_article(db, arts[name].id)
        assert facts.article.duplicate_of == arts[orig].id
        assert not (facts.mentions or facts.timerefs or facts.events or facts.claims or facts.quotes)


def test_a_later_run_catches_a_copy_of_a_stored_article(run, tmp_path):
    import crosswire

    _, arts, db, orig = run
    again = tmp_path / "moved_copy.txt"
    again.write_text(seed_path("000").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (art,) = crosswire.analyze([str(again)], db=db, progress=False).articles
    assert art.duplicate_of == arts[orig].id and "exact-duplicate" in art.flags


def test_handed_over_articles_are_checked_without_reading_every_stored_id(run, tmp_path, monkeypatch):
    """As `watch` and a web paste hand their articles over: a copy of a stored article is still caught, a stored
    article is not read again, and the run looks up only its own articles' ids (not the whole store's)."""
    from crosswire.ingest import ingest
    from crosswire.model import Article
    from crosswire.run.analyze import analyze
    from crosswire.store import Store

    _, arts, db, orig = run
    copy = tmp_path / "handed_copy.txt"
    copy.write_text(seed_path("000").read_text(encoding="utf-8").replace("\n", "\n\n"), encoding="utf-8")
    handed = [a for a in ingest([str(copy), str(seed_path("000"))]) if isinstance(a, Article)]
    assert [a.id for a in handed][1] == arts[orig].id and handed[0].id != arts[orig].id
    calls = []
    plain = Store.article_ids
    monkeypatch.setattr(Store, "article_ids", lambda self: calls.append(1) or plain(self))
    result = analyze([], db=db, articles=handed, progress=False)
    by_id = {a.id: a for a in result.articles}
    assert by_id[handed[0].id].duplicate_of == arts[orig].id and "exact-duplicate" in by_id[handed[0].id].flags
    assert by_id[arts[orig].id].duplicate_of is None  # the stored original, reused as stored
    assert not calls
