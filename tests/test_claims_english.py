"""English figures read without a tagger (read/enforms.py): the scale's bands, the verb a figure follows; and the
place after a figure (ru, en); real sentences of tgcontest_pairs_dev (English news), WMT22 (Russian news and their
English references) and NEREL."""

from __future__ import annotations

import pytest

from crosswire.compare.align import comparable
from crosswire.model import Article, Qualifier
from crosswire.nlp import get_analyzer
from crosswire.read.claims import read_claims


def claims_of(text: str, lang: str = "en"):
    article = Article(id="t", source="t", text=text, language=lang, outlet="Outlet")
    return read_claims(article, get_analyzer(lang).parse(text), [], [], [])


@pytest.mark.parametrize(
    "text",
    [
        # tgcontest_pairs_dev (English news of Delhi's air): the AQI scale's definition, no measured quantity;
        # "0-50" was read as a count of "considered", "above 500" as a count of "falls"
        "An AQI between 0-50 is considered 'good', 51-100 'satisfactory', 101-200 'moderate', 201-300 'poor', "
        "301-400 'very poor' and 401-500 'severe'.",
        "An AQI above 500 falls in the 'severe plus' category.",
    ],
)
def test_a_scale_band_is_no_figure(text):
    assert [(c.measure_text, comparable(c)) for c in claims_of(text) if comparable(c)] == []


@pytest.mark.parametrize(
    "text,figure,predicate",
    [
        # WMT22 (English reference): the verb before the figure says what it counts; before, no predicate was read
        # and "people" alone was too vague to compare
        ("The damage from the disaster affected more than 85 thousand people in the region.",
         "more than 85 thousand people", "affected"),
        # tgcontest_pairs_dev (English news)
        ("“We learned with amazement and regret the score of the match in which our junior team scored 27 goals,” "
         "Brogelli said in a statement reported in the Italian press.", "27 goals", "scored"),
    ],
)
def test_the_past_verb_before_a_figure_is_its_predicate(text, figure, predicate):
    c = next(c for c in claims_of(text) if c.measure_text == figure)
    assert c.predicate == predicate and comparable(c)


def test_an_adverb_ends_the_counted_phrase():
    # WMT22 (English reference): "illegally" was read as the counted thing
    c = claims_of("Egypt has returned about 30 thousand artifacts illegally exported from the country")[0]
    assert (c.measure_text, c.counted, c.qualifier) == ("about 30 thousand artifacts", "artifacts", Qualifier.APPROX)


def test_the_place_after_the_figure_is_its_place():
    # WMT22 (English reference of a lenta.ru report): "in the United Kingdom" after the figure
    c = claims_of("The total number of those infected with the new COVID-19 variant reached 3,137 people in the "
                  "United Kingdom.")[0]
    assert (c.value, c.place) == (3137, "United Kingdom")


def test_a_price_level_stays_a_figure():
    # NEREL (Wikinews, train/383): "уровня" before a price is no band of a scale (уровень is no identifier prefix)
    text = ("После заявления генерального директора корпорации Apple С.Джобса о том, что он покидает свой пост, акции "
            "компании упали на 7% на внебиржевом рынке, опустившись до уровня 357,4 доллара.")
    assert 357.4 in [c.value for c in claims_of(text, "ru")]


def test_no_more_than_is_an_upper_bound():
    # the YAML list of negations held the boolean False for "no" (an unquoted YAML 1.1 word): "no more than"
    # was read as "more than"; "on" in the English function words was True the same way
    from crosswire.read.measures import measures_lexicon
    from crosswire.read.numbers import lexicon

    assert "no" in lexicon()["negations"] and "on" in measures_lexicon()["function_words"]


def test_the_place_in_the_figures_segment_wins_over_an_earlier_one():
    # WMT22 (ru news of the UK's omicron cases): the 38 were England's, from the segment before; the 1196 had none
    text = ('В частности, 1196 новых случаев штамма "омикрон" зафиксировали в Англии, 38 человек заболели новой '
            'разновидностью инфекции в Шотландии и пять - в Северной Ирландии.')
    places = {c.value: c.place for c in claims_of(text, "ru")}
    assert (places[1196], places[38]) == ("England", "Scotland")
