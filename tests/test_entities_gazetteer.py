"""Gazetteer: packaged files, the user extension file, and the builder on the shared training data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crosswire.nlp import gazetteer as gz

ROOT = Path(__file__).resolve().parents[1]


def test_packaged_gazetteer_links_ru_uk_en_names():
    g = gz.gazetteer()
    assert g.lookup("Путін").id == g.lookup("Putin").id == "Q7747"
    assert g.lookup("Північна Корея").id == g.lookup("КНДР").id == "Q423"
    assert g.lookup("Пхеньян").actor == "Q423"
    assert g.lookup("Ким") is None  # a bare Korean surname is not one person


def test_user_gazetteer_file_extends_and_adds(tmp_path, monkeypatch):
    extra = tmp_path / "mine.tsv"
    extra.write_text("Q1234567\tPER\tJane Example\tДжейн Экзампл|Джейн Екзампл\n"
                     "Q7747\tPER\tVladimir Putin\tВВП\n", encoding="utf-8")
    monkeypatch.setenv("CROSSWIRE_GAZETTEER", str(extra))
    gz.gazetteer.cache_clear()
    try:
        g = gz.gazetteer()
        assert g.lookup("Джейн Екзампл").id == "Q1234567"
        assert g.lookup("ВВП").id == "Q7747"
        assert g.lookup("Владимир Путин").name == "Vladimir Putin"
    finally:
        gz.gazetteer.cache_clear()


def test_builder_reads_training_data(shared_data, tmp_path):
    out = tmp_path / "built.tsv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--data", str(shared_data),
                    "--out", str(out), "--limit", "300"], check=True, capture_output=True)
    rows = [r.split("\t") for r in out.read_text(encoding="utf-8").splitlines() if not r.startswith("#")]
    assert 200 <= len(rows) <= 300
    assert sum(r[0].startswith("Q") for r in rows) > 100  # Wikidata ids joined from NEREL
    assert all(len(r) == 4 and r[1] in {"PER", "LOC", "ORG", "EVT", "PRO"} for r in rows)
    assert (tmp_path / "derived.tsv").exists()


def test_shipped_gazetteer_keeps_generic_and_foreign_names_off_one_countrys_body():
    # SlavicNER annotations link "Верховный суд" and even "Верховный суд США" to Pakistan's court in articles
    # about Pakistan; the builder drops such aliases (Places.one_entity) and keeps the qualified ones
    g = gz.gazetteer()
    for name in ("Верховний суд", "Верховный суд", "Местный суд", "Верховный суд США"):
        hit = g.lookup(name, "ORG")
        assert hit is None or hit.id != "Q190752", name
    assert g.lookup("Кабмин") is None or g.lookup("Кабмин").id != "Q640506"  # shortened "Кабинет министров"
    assert g.lookup("Верховный суд Пакистана").id == g.lookup("Суд Пакистана").id == "Q190752"
    assert g.lookup("Белый дом", "ORG").id == "ORG:white-house"  # common words, but one body's name
    assert g.lookup("Конгрес").id == "ORG:united-states-congress"  # the only country's congress the data names
