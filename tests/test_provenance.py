"""Derived articles and independent sources on real text: SlavicNER development pairs judged by reading them
(benchmarks/gold/provenance.yaml), a WMT22 translation, and the verdict rule (agreement among copies is none)."""

from __future__ import annotations

import json

import pytest

from crosswire.compare.independence import Provenance, no_confirmation
from crosswire.group.derive import derive
from crosswire.model import Article, ArticleFacts, Claim, Derivation, Qualifier, Story, Verdict


def _article(shared_data, rel: str, aid: str, outlet: str | None = None) -> Article:
    title, _, body = (shared_data / "slavicner" / "raw" / rel).read_text(encoding="utf-8").partition("\n")
    return Article(id=aid, source=rel, text=body.strip(), title=title.strip(), language=rel.split("/")[1][:2],
                   outlet=outlet)


def _derive(*arts: Article, story: bool = True):
    stories = [Story("s", "s", tuple(a.id for a in arts))] if story else []
    return derive([ArticleFacts(article=a) for a in arts], stories, {})


def test_a_copy_is_found_and_an_independent_report_is_not(shared_data):
    # brexit_ru 1027 and 1045: one text, the second with a date line (judged: copy)
    a = _article(shared_data, "brexit/ru/brexit_ru.txt_file_1027.txt", "a")
    b = _article(shared_data, "brexit/ru/brexit_ru.txt_file_1045.txt", "b")
    # brexit_ru 1085 (Interfax via Sky News) and 1123 (BBC Russian): one quoted statement, own reporting
    c = _article(shared_data, "brexit/ru/brexit_ru.txt_file_1085.txt", "c")
    d = _article(shared_data, "brexit/ru/brexit_ru.txt_file_1123.txt", "d")
    found = _derive(a, b, c, d)
    copies = [(k, x.article, x.kind) for k, xs in found.items() for x in xs if x.kind != "wire"]
    assert copies in ([("a", "b", "copy")], [("b", "a", "copy")])
    assert "order unknown" in found[copies[0][0]][0].evidence[-1]  # undated: the direction is a guess, said so


def test_a_rewrite_of_one_wire_text(shared_data):
    # brexit_ru 1087 and 1170: both rework one Reuters-based text (judged: rewrite), in one story
    a = _article(shared_data, "brexit/ru/brexit_ru.txt_file_1087.txt", "a")
    b = _article(shared_data, "brexit/ru/brexit_ru.txt_file_1170.txt", "b")
    found = _derive(a, b)
    kinds = {x.kind for xs in found.values() for x in xs if x.article in ("a", "b")}
    assert kinds == {"rewrite"}
    # not in one story and no vectors: shared background is no evidence that it is the same news
    assert not [x for xs in _derive(a, b, story=False).values() for x in xs if x.kind == "rewrite"]


def test_shared_background_in_other_news_is_no_article_derivation(shared_data):
    # brexit_ua 1021 and 1041: two UNN articles on different news sharing a background paragraph (judged: partial)
    a = _article(shared_data, "brexit/uk/brexit_ua.txt_file_1021.txt", "a")
    b = _article(shared_data, "brexit/uk/brexit_ua.txt_file_1041.txt", "b")
    assert not [x for xs in _derive(a, b, story=False).values() for x in xs if x.kind in ("copy", "rewrite")]


def test_a_lead_credit_is_wire_copy(shared_data):
    # brexit_ru 1001: "Об этом сообщает Associated Press."
    a = _article(shared_data, "brexit/ru/brexit_ru.txt_file_1001.txt", "a")
    (d,) = _derive(a)["a"]
    assert (d.kind, d.agency, d.article) == ("wire", "Associated Press", None)
    assert "сообщает Associated Press" in d.evidence[0]


def _claim(aid: str, text: str, value: float = 40) -> Claim:
    return Claim(id=f"{aid}:c1", article=aid, measure="flights cancelled", value=value, qualifier=Qualifier.EXACT,
                 unit=None, start=0, end=len(text), text=text)


def test_independent_sources_count_copies_wire_outlets_and_copied_sentences_once():
    arts = {i: Article(id=i, source=i, text="", outlet=o) for i, o in
            (("a", "X"), ("b", "Y"), ("c", "Z"), ("d", "X"), ("e", "W"), ("f", "V"))}
    derived = {"b": [Derivation("a", "rewrite", 0.8)], "c": [Derivation(None, "wire", 0.8, agency="ТАСС")],
               "e": [Derivation(None, "wire", 0.8, agency="ТАСС")]}
    prov = Provenance(arts, derived)
    assert prov.sources(["a", "b"]) == 1  # a rewrite
    assert prov.sources(["c", "e"]) == 1  # one agency's wire
    assert prov.sources(["a", "d"]) == 1  # one outlet
    assert prov.sources(["a", "c", "f"]) == 3
    # the same background sentence in two unrelated articles: one source for that figure
    s = "В 2011 году был убит губернатор Пенджаба Салман Тасир, на его похороны пришли сто тысяч человек."
    assert prov.claim_sources([_claim("a", s), _claim("f", s)]) == 1
    assert prov.claim_sources([_claim("a", s), _claim("f", "Проститься с губернатором пришли 100 тысяч.")]) == 2


def test_copied_sentences_counted_through_shared_4grams_equal_every_pair_compared(shared_data):
    """``claim_sources`` tests only sentences that share a 4-gram, once per distinct sentence; it must count
    what testing every pair of figures with ``shared_sentence`` counts."""
    from crosswire.compare.independence import shared_sentence
    from crosswire.unionfind import UnionFind

    first = _article(shared_data, "brexit/ru/brexit_ru.txt_file_1027.txt", "x").text.split("\n")[0]
    other = _article(shared_data, "brexit/ru/brexit_ru.txt_file_1123.txt", "y").text.split("\n")[2]
    s1, s2 = first.split(". ")[0], other.split(". ")[1]  # "Премьер-министр ... Доминика Раба, ...", "Утром о ..."
    trimmed = s1.replace("44-летнего ", "")  # a rewrite that drops one word: still the copied sentence
    texts = [s1, s1, trimmed, s2, s2[:20], s2, "Об этом сообщило правительство."]
    arts = {i: Article(id=i, source=i, text="", outlet=o) for i, o in
            (("a", "X"), ("b", "Y"), ("c", "Z"), ("d", "W"), ("e", "V"), ("f", "X"), ("g", "U"))}
    items = [_claim(aid, t) for aid, t in zip("abcdefg", texts, strict=True)]
    prov = Provenance(arts, {})

    def every_pair(items) -> int:
        uf = UnionFind(len(items))
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if prov.root(items[i].article) == prov.root(items[j].article) or (
                        items[i].article != items[j].article and shared_sentence(items[i].text, items[j].text)):
                    uf.union(i, j)
        return len(uf.groups())

    # s1 three times (one trimmed) is one source; s2 in d and in f (outlet X, as a) joins them too; the
    # 20-character stub and the unrelated sentence stand alone
    assert prov.claim_sources(items) == every_pair(items) == 3
    for k in range(len(items)):
        assert prov.claim_sources(items[k:] + items[:k]) == every_pair(items[k:] + items[:k])


def test_agreement_among_copies_is_no_confirmation():
    verdict, reason = no_confirmation(Verdict.AGREE, "consistent", 1, 3)
    assert verdict == Verdict.SINGLE_SOURCE and reason.startswith("3 articles agree, but all take it from one source")
    assert no_confirmation(Verdict.AGREE, "consistent", 2, 3) == (Verdict.AGREE, "consistent")
    assert no_confirmation(Verdict.DIVERGE, "x", 1, 2) == (Verdict.DIVERGE, "x")


def test_a_translation_aligns_and_a_same_event_report_in_another_language_does_not(shared_data):
    from crosswire.group.derive import params
    from crosswire.group.embed import get_embedder
    from crosswire.group.translation import SentenceVectors

    rows = [json.loads(x) for x in (shared_data / "wmt22_general_ru_uk_en_docs" /
                                    "wmttest2022.ru-en.src_ref.jsonl").open(encoding="utf-8")]
    doc = next(d for d in rows if d["doc_id"] == "kommersant.51685")  # G7 ministers' warning to Russia
    ru = Article(id="ru", source="ru", title=doc["src_segments"][0], text="\n".join(doc["src_segments"][1:]),
                 language="ru")
    en = Article(id="en", source="en", title=doc["ref_segments"][0], text="\n".join(doc["ref_segments"][1:]),
                 language="en")
    # asia_bibi uk_5 and ru_203: Rizvi's arrest, reported by a Ukrainian and a Russian outlet on their own
    uk = _article(shared_data, "asia_bibi/uk/asia_bibi_uk.txt_file_5.txt", "uk")
    ru2 = _article(shared_data, "asia_bibi/ru/asia_bibi_ru.txt_file_203.txt", "ru2")
    p = params()
    sentences = SentenceVectors(get_embedder(), p["translation_sentences"], p["translation_words"])
    found = derive([ArticleFacts(article=a) for a in (ru, en, uk, ru2)],
                   [Story("s1", "", ("ru", "en")), Story("s2", "", ("uk", "ru2"))], {}, sentences)
    pairs = {(k, x.article, x.kind) for k, xs in found.items() for x in xs if x.kind != "wire"}
    assert pairs in ({("en", "ru", "translation")}, {("ru", "en", "translation")})


@pytest.fixture(scope="module")
def rewrite_store(shared_data, tmp_path_factory):
    """Two development articles that rework one Reuters text, and an independent one, analysed together."""
    import crosswire

    db = tmp_path_factory.mktemp("prov") / "p.db"
    raw = shared_data / "slavicner" / "raw" / "brexit" / "ru"
    files = [str(raw / f"brexit_ru.txt_file_{n}.txt") for n in (1087, 1170, 1123)]
    crosswire.analyze(files, db=str(db), progress=False)
    return db


def test_story_view_and_cli_say_how_many_independent_sources(rewrite_store):
    from click.testing import CliRunner

    from crosswire import api
    from crosswire.cli import main
    from crosswire.views.provenance import derivation_svg, sources_line

    with api.open_store(str(rewrite_store)) as cw:
        result = cw.store.load()
        story = max(result.stories, key=lambda s: len(s.articles))
        view = cw.story_view(story.id)
    pv = view["provenance"]
    derived = [e for e in pv["edges"] if e["kind"] == "rewrite"]
    assert derived and pv["independent_sources"] < pv["articles"]
    assert sources_line(pv).startswith(f"{pv['articles']} articles, {pv['independent_sources']} independent source")
    assert "<svg" in derivation_svg(pv) and "rewrite" in derivation_svg(pv)
    doc = {a.id: a for a in result.articles}
    assert any(d.kind == "rewrite" for a in doc.values() for d in a.derived_from)
    shown = CliRunner().invoke(main, ["story", story.id, "--db", str(rewrite_store)])
    assert sources_line(pv) in " ".join(shown.output.split())
