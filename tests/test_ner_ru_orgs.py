"""Russian NER fixes of nlp/ru_orgs.py on sentences of the factRuEval-2016 *devset* (MIT; the test set is the
benchmark's)."""

from __future__ import annotations

import pytest

from crosswire.nlp import get_analyzer


def spans(text: str) -> set[tuple[str, str]]:
    return {(s.text, s.type) for s in get_analyzer("ru").parse(text).ner}


@pytest.mark.parametrize("text,expected,absent", [
    ("Об этом сообщает Комитет защиты журналистов (КЗЖ) (Committee to Protect Journalists).",
     {("Комитет защиты журналистов", "ORG"), ("КЗЖ", "ORG")}, "Комитет защиты журналистов (КЗЖ)"),
    ("«Мы находимся на критическом этапе», сказал руководитель КЗЖ Джоэл Саймон (Joel Simon).",
     {("Джоэл Саймон", "PER"), ("Joel Simon", "PER")}, "Джоэл Саймон (Joel Simon)"),
    ("Несмотря на свою крайнюю занятость, архиепископ Лонгин Клинский (РПЦ МП) нашёл время.",
     {("РПЦ МП", "ORG")}, "Лонгин Клинский (РПЦ МП)"),
])
def test_a_name_and_its_bracketed_form_are_two_names(text, expected, absent):
    found = spans(text)
    assert expected <= found, found
    assert not any(t == absent for t, _ in found)
