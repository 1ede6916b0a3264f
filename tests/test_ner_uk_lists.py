"""Regions listed together (nlp/uk_lists.py): each listed name is a place, the last one with the shared noun."""

from __future__ import annotations

import pytest

from crosswire.nlp import get_analyzer

pytest.importorskip("pymorphy3_dicts_uk", reason="the uk extra (pymorphy3-dicts-uk) is not installed")


def spans(text: str) -> list[tuple[str, str, str]]:
    return [(s.text, s.type, s.normal) for s in get_analyzer("uk").parse(text).ner]


def test_regions_listed_before_their_noun():
    assert spans("Снігопади пройдуть у Кіровоградській, Полтавській та в Сумській областях.") == [
        ("Кіровоградській", "LOC", "Кіровоградська область"), ("Полтавській", "LOC", "Полтавська область"),
        ("Сумській областях", "LOC", "Сумська область")]
    assert spans("Посуха вразила степи Херсонської та Запорізької областей.") == [
        ("Херсонської", "LOC", "Херсонська область"), ("Запорізької областей", "LOC", "Запорізька область")]


def test_regions_listed_after_their_noun_and_a_colon():
    assert [s[:2] for s in spans("Він відвідав три області: Одеську, Херсонську і Полтавську.")] == [
        ("Одеську", "LOC"), ("Херсонську", "LOC"), ("Полтавську", "LOC")]
