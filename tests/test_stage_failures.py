"""Stage failures on real text: each crash found by benchmarks/corpus_smoke pinned on its sentence, and how a
failure is recorded (``Article.failures``) and reported (``crosswire analyze`` stderr, even with ``-q``)."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import seed_path
from crosswire.model import Article
from crosswire.pipeline import read_article

# SlavicNER asia_bibi/ru (asia_bibi_ru_extra.txt_file_37), cut after the second number: a text that ends on a
# count following an earlier count of the same sentence ("…, еще 42" or "…, еще 42 тыс." with no full stop).
# read/claims.py indexed the token after the number, and there is none.
ENDS_ON_A_COUNT = "Напомним, что на митинге в Пакистане 7 человек погибли , еще 42"


def test_a_text_ending_on_a_count_keeps_its_claims():
    for text in (ENDS_ON_A_COUNT, ENDS_ON_A_COUNT.replace(" , ", ", ") + " тыс."):
        facts = read_article(Article(id="t", source="t", text=text, language="ru"))
        assert facts.article.failures == ()
        assert [c.value for c in facts.claims] == [7, 42 if text.endswith("42") else 42000]


def test_a_failing_stage_is_recorded_with_its_place_and_the_rest_is_kept(monkeypatch):
    import crosswire.read.quotes as quotes

    def broken(*_args, **_kwargs):
        return [][1]

    monkeypatch.setattr(quotes, "read_quotes_and_speakers", broken)
    text = seed_path("000").read_text(encoding="utf-8")
    facts = read_article(Article(id="t", source="t", text=text, language="ru"))
    assert len(facts.article.failures) == 1
    failure = facts.article.failures[0]
    assert failure.startswith("quotes: IndexError: list index out of range (")
    assert "stage-failed:quotes" in facts.article.flags
    assert facts.timerefs and facts.framing  # the other stages kept their facts


def test_analyze_reports_stage_failures_even_when_quiet(tmp_path, monkeypatch):
    import crosswire.read.framing as framing
    from crosswire.cli import main

    def broken(*_args, **_kwargs):
        raise KeyError("lexicon")

    monkeypatch.setattr(framing, "read_framing", broken)
    db = tmp_path / "t.db"
    result = CliRunner().invoke(main, ["analyze", str(seed_path("001")), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    err = result.stderr if hasattr(result, "stderr") else result.output
    assert "stage failures: 1 (framing 1)" in err
    assert "framing: KeyError: 'lexicon' (" in err
    shown = CliRunner().invoke(main, ["show", err.split("stage failure: ")[1].split()[0], "--db", str(db)])
    assert "stage failed: framing: KeyError" in shown.output


def test_a_name_after_a_dash_and_a_no_break_space_parses():
    # trafilatura_eval haitiantimes.com-family: a line "—\xa0Profiles of Haitians at the top of their fields";
    # nlp/spans.is_credit split the words before the name, and there were none
    from crosswire.nlp import get_analyzer

    text = "The Haitian Times\n—\xa0Profiles of Haitians at the top of their fields\nMore stories follow here."
    parsed = get_analyzer("en").parse(text)
    assert parsed.sentences
    facts = read_article(Article(id="t", source="t", text=text, language="en"))
    assert facts.article.failures == ()
