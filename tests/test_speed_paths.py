"""The speed paths give what the plain paths give, on real development articles (SlavicNER brexit, asia_bibi and
nord_stream, Russian):

- natasha's segmenter, morphology and NER taggers run over the whole article at once (``nlp.ru.segment``,
  ``tag_morph``/``tag_ner`` with ``nlp.cnn_exec``) find every sentence and token, tag every token and find every
  name as ``doc.segment``/``doc.tag_morph``/``doc.tag_ner`` do;
- the first layer's rows kept per word (``cnn_exec._Net._first_rows``) are bitwise the rows of the whole
  article's product, whether the words are new, known, or one new word among known ones;
- pymorphy3 with its C dictionary look-ups (DAWG2, the ``fast`` extra) parses every word of real articles, in both
  languages, exactly as with its pure-Python reader;
- razdel's tokens cut once per chunk between spaces (``nlp.tokenize``) are razdel's own, on real texts and on
  made-up strings full of dashes, digits, marks and spaces;
- role and head nouns looked up by stem (``read.stems``) answer as trying every noun of the lexicon at every word
  does, for every word of real articles and of the lexicon;
- a word the number reader is not tried at (``read.numbers._may_open``) is one it reads no number from, at every
  token of real articles and of made-up sentences with every number word of the lexicon;
- the quotes stage's speech-verb patterns with an article's own verb forms as pieces tried in order
  (``read.quotes._InOrder``) match what the lexicon's alternation with the forms appended, compiled whole, matches;
- natasha's news embedding loaded without navec's similarity tables has the codes, indexes, id and vectors of
  the one natasha loads;
- every packaged YAML file read by ``datafiles.load_yaml`` (libyaml's C parser where it can) gives the values
  PyYAML's Python parser gives;
- a run whose reading workers start at once (a large input foreseen) writes the JSON an in-process run writes;
- a reading process holds OpenBLAS to one thread once it has read an article (the limit is set before the
  taggers load numpy, so it must load it first), and once it has read its first article what it keeps (models,
  lexicons, caches) is frozen out of the garbage collector's passes, whose young-generation threshold is a run's.
"""

from __future__ import annotations

import dataclasses
import os
import shutil

import pytest

pytestmark = pytest.mark.slow


def _files(shared_data, per_topic: int) -> list:
    raw = shared_data / "slavicner" / "raw"
    picked = [f for topic in ("brexit", "asia_bibi", "nord_stream")
              for f in sorted((raw / topic / "ru").glob("*.txt"))[:per_topic]]
    if len(picked) < 3 * per_topic:
        pytest.skip("SlavicNER raw texts not found")
    return picked


def test_whole_article_taggers_equal_natasha(shared_data):
    from natasha import Doc

    from crosswire.ingest import ingest
    from crosswire.nlp.ru import models, segment, tag_morph, tag_ner
    from crosswire.nlp.uk import _UK_TO_RU

    segmenter, morph, ner, _, _ = models()
    tagged: dict[str, tuple[str, dict]] = {}
    names: set[tuple[str, str]] = set()
    texts = [a.text for a in ingest([str(f) for f in _files(shared_data, 4)])]
    uk = shared_data / "slavicner" / "raw" / "brexit" / "uk"
    texts += [f.read_text(encoding="utf-8").translate(_UK_TO_RU) for f in sorted(uk.glob("*.txt"))[:2]]
    for text in texts:
        plain, fast = Doc(text), Doc(text)
        plain.segment(segmenter)
        segment(fast)
        plain.tag_morph(morph)
        plain.tag_ner(ner)
        tag_morph(fast)
        tag_ner(fast)
        assert [(s.start, s.stop, [t.id for t in s.tokens]) for s in fast.sents] == \
            [(s.start, s.stop, [t.id for t in s.tokens]) for s in plain.sents]
        assert [(t.start, t.stop, t.text, t.id, t.pos, t.feats) for t in fast.tokens] == \
            [(t.start, t.stop, t.text, t.id, t.pos, t.feats) for t in plain.tokens]
        assert [(s.start, s.stop, s.type, [t.text for t in s.tokens]) for s in fast.spans] == \
            [(s.start, s.stop, s.type, [t.text for t in s.tokens]) for s in plain.spans]
        tagged.update((t.text, (t.pos, t.feats)) for t in fast.tokens)
        names.update((s.text, s.type) for s in fast.spans)
    # brexit ru: "Правительство Великобритании ... Брексита" - a noun and a proper noun keep their tags
    assert tagged["Великобритании"][0] == "PROPN" and tagged["Великобритании"][1].get("Case") == "Gen"
    assert ("Великобритании", "LOC") in names


def test_first_layer_rows_kept_per_word_equal_the_whole_product(shared_data):
    import numpy as np

    from crosswire.ingest import ingest
    from crosswire.nlp.cnn_exec import _Net
    from crosswire.nlp.ru import models
    from crosswire.run.local import limit_blas

    texts = [a.text for a in ingest([str(f) for f in _files(shared_data, 3)])]
    with limit_blas():
        for tagger in models()[1:3]:  # morphology and NER: their own weights, the same embeddings
            net = _Net(tagger)
            taps = net.layers[0][0]
            for text in [*texts, texts[0], texts[0] + " Шпицберген"]:  # new words, then known, then one new word
                words = text.split()
                x = np.zeros((len(words) + 2, taps.shape[0]), dtype=taps.dtype)  # a zero row each side, as before
                x[1:-1] = net._embed([net._ids(w) for w in words])
                assert np.array_equal(net._first_rows(words), (x @ taps)[1:-1])
            assert len(net._slots) > 100


_PARSES = """
import hashlib, sys
if sys.argv[1] == "python":
    sys.modules["dawg"] = None  # pymorphy3 falls back to its pure-Python reader
import pymorphy3, pymorphy3.dawg
words = sys.stdin.read().split()
out = []
for lang in ("ru", "uk"):
    morph = pymorphy3.MorphAnalyzer(lang=lang)
    for w in words:
        for p in morph.parse(w):
            out.append((p.word, str(p.tag), p.normal_form, p.score, repr(p.methods_stack)))
            form = p.inflect({"nomn"})
            out.append(form and (form.word, str(form.tag)))
print(pymorphy3.dawg.EXTENSION_AVAILABLE, len(out), hashlib.sha256(repr(out).encode()).hexdigest())
"""


def test_morphology_in_c_parses_as_the_python_reader(shared_data):
    import subprocess
    import sys

    import pymorphy3.dawg

    if not pymorphy3.dawg.EXTENSION_AVAILABLE:
        pytest.skip("DAWG2 (pymorphy3[fast]) not installed: nothing to compare")
    raw = shared_data / "slavicner" / "raw"
    texts = [f.read_text(encoding="utf-8") for f in _files(shared_data, 2)]
    texts += [f.read_text(encoding="utf-8") for f in sorted((raw / "brexit" / "uk").glob("*.txt"))[:2]]
    words = " ".join(sorted({w.strip(".,:;!?«»()\"") for t in texts for w in t.split()} - {""}))
    fast, plain = (subprocess.run([sys.executable, "-c", _PARSES, side], input=words, capture_output=True,
                                  text=True, check=True).stdout.split() for side in ("c", "python"))
    assert fast[0] == "True" and plain[0] == "False"  # both readers were used
    assert int(fast[1]) > 1000 and fast[1:] == plain[1:]


def test_stems_answer_as_every_noun_tried(shared_data):
    import re

    from crosswire.read import quotes
    from crosswire.read.orgspeakers import _stem_in, stem_set
    from crosswire.read.stems import Stems

    lex = quotes.lexicon()
    raw = shared_data / "slavicner" / "raw"
    texts = [f.read_text(encoding="utf-8") for f in _files(shared_data, 3)]
    texts += [f.read_text(encoding="utf-8") for f in sorted((raw / "brexit" / "uk").glob("*.txt"))[:3]]
    words = {w.lower() for t in texts for w in re.findall(r"[\w'’-]+", t)}
    words |= {w + end for w in [*lex["role_set"], *lex["org_heads"]] for end in ("", "а", "ами", "ськими", "x" * 9)}
    words |= {w[:k] for w in lex["org_heads"] for k in range(1, len(w))}
    hits = 0
    for nouns in (lex["role_set"], lex["org_heads"], lex["plain_org_heads"]):
        stems, stems5 = stem_set(nouns), Stems(nouns, 5)
        for w in words:
            w2 = w.replace("’", "'")  # the rule as it read every noun at every word before the stem index
            before = len(w) >= 4 and any(w2.startswith(r[: max(4, len(r) - 2)]) and len(w2) - len(r) <= 3
                                         for r in nouns if len(r) >= 4)
            assert _stem_in(w, stems) == before, w
            every = any(w.startswith(r[: max(4, len(r) - 2)]) for r in nouns if len(r) >= 5)  # coref's test
            assert (w in stems5) == every, w
            hits += every
    assert hits > 100


def test_number_reader_skips_only_words_it_reads_nothing_from(shared_data):
    from crosswire.ingest import ingest
    from crosswire.nlp import get_analyzer
    from crosswire.read import numbers

    lex = numbers.lexicon()
    raw = shared_data / "slavicner" / "raw"
    files = [str(f) for f in _files(shared_data, 3)] + [str(f) for f in sorted((raw / "brexit" / "uk").glob("*.txt"))[:3]]
    openers = [*map(str, lex["words"]), *map(str, lex["fractions"]), *lex["vague"], *lex["bare_multipliers"]]
    made = " ".join(f"{w} тысяч {w} людей, {w.capitalize()} %" for w in openers)
    texts = [(a.text, a.language) for a in ingest(files)] + [(made, "ru"), (made, "uk")]
    tried = skipped = 0
    for text, language in texts:
        parsed = get_analyzer(language).parse(text)
        for sent in parsed.sentences:
            toks = sent.tokens
            for i, t in enumerate(toks):
                if numbers._may_open(t.text, t.lemma):
                    tried += 1
                else:
                    skipped += 1
                    assert numbers._read_at(text, toks, i, language, lex) is None, t.text
    assert skipped > 1000 and tried > 100


def test_tokens_cut_per_chunk_are_razdels(shared_data):
    import random

    from razdel import tokenize as razdel_tokens

    from crosswire.nlp.tokenize import tokenize

    raw = shared_data / "slavicner" / "raw"
    texts = [f.read_text(encoding="utf-8") for f in _files(shared_data, 5)]
    texts += [f.read_text(encoding="utf-8") for f in sorted((raw / "brexit" / "uk").glob("*.txt"))[:5]]
    rng = random.Random(7)
    marks = [*"аБвёЁaZ19.,-–—_/\\!?…:;«»\"'()%$€№+*<>=^@&|~©° \n\t\u00a0", "yahoo", "Yahoo!", "...", ":)", ";-)"]
    texts += ["".join(rng.choice(marks) for _ in range(rng.randint(1, 40))) for _ in range(5000)]
    for text in texts:
        assert tokenize(text) == [(t.start, t.stop, t.text) for t in razdel_tokens(text)], text


def test_verb_pieces_match_the_whole_alternation(shared_data):
    import re

    from crosswire.ingest import ingest
    from crosswire.nlp import get_analyzer
    from crosswire.read import quotes

    lex = quotes.lexicon()
    verbs, opinion = quotes._compact(lex["verbs"]), quotes._compact(lex["opinion"])
    compared = with_forms = 0
    for article in ingest([str(f) for f in _files(shared_data, 4)]):
        parsed = get_analyzer("ru").parse(article.text)
        mine = quotes.article_lexicon(parsed)
        if mine is lex:
            continue
        with_forms += 1
        # the patterns as they were built before: the forms appended to the lexicon's alternation, compiled whole
        forms = [w for w in {t.text.lower().replace("ё", "е") for t in parsed.tokens}
                 if mine["verb_re"].fullmatch(w) and not lex["verb_re"].fullmatch(w)]
        ops = [w for w in {t.text.lower().replace("ё", "е") for t in parsed.tokens}
               if mine["opinion_re"].fullmatch(w) and not lex["opinion_re"].fullmatch(w)]
        extra = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
        extra_op = "|".join(sorted(map(re.escape, ops), key=len, reverse=True))
        whole = quotes._verb_patterns(verbs[:-1] + ("|" + extra if extra else "") + ")",
                                      opinion[:-1] + ("|" + extra_op if extra_op else "") + ")")
        low = article.text.lower().replace("ё", "е")
        for name, pattern in whole.items():
            def spans(m):
                return m and (m.span(), m.groupdict())
            assert [spans(m) for m in mine[name].finditer(low)] == [spans(m) for m in pattern.finditer(low)]
            for sent in parsed.sentences:
                part = low[sent.start:sent.end]
                assert spans(mine[name].search(part)) == spans(pattern.search(part))
                for t in sent.tokens:
                    compared += 1
                    assert spans(mine[name].match(low, t.start)) == spans(pattern.match(low, t.start))
    assert with_forms >= 4 and compared > 1000


def test_news_embedding_loads_without_similarity_tables():
    import numpy as np
    from natasha import NewsEmbedding

    from crosswire.nlp.ru import _news_embedding

    full, light = NewsEmbedding(), _news_embedding(NewsEmbedding)
    assert isinstance(light, NewsEmbedding) and light.meta == full.meta
    assert np.array_equal(light.pq.codes, full.pq.codes) and np.array_equal(light.pq.indexes, full.pq.indexes)
    assert np.array_equal(light["путин"], full["путин"]) and light.vocab.words == full.vocab.words
    assert hasattr(full.pq, "norm") and not hasattr(light.pq, "norm")  # navec's own loader did not run


def test_packaged_yaml_reads_as_with_the_python_parser():
    from importlib import resources

    import yaml

    from crosswire.datafiles import load_yaml

    files = [f for f in _walk(resources.files("crosswire") / "data") if f.name.endswith(".yaml")]
    assert len(files) > 25
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), f.name
    # a flow sequence with "фото:" in it: libyaml refuses it, PyYAML reads a one-key mapping; the fallback keeps that
    assert load_yaml("[a, фото:, b]") == yaml.safe_load("[a, фото:, b]") == ["a", {"фото": None}, "b"]


def _walk(folder):
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _walk(entry)
        else:
            yield entry


def test_workers_started_at_once_write_the_in_process_json(shared_data, tmp_path, monkeypatch):
    import crosswire
    from crosswire.run import local
    from crosswire.serialize import dumps
    from crosswire.settings import current

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, f in enumerate(_files(shared_data, 4)):
        shutil.copy(f, corpus / f"{i:03d}_{f.name}")
    started: list[int] = []
    real = local._read_in_workers

    def spy(items, workers, settings, *more):
        started.append(workers)
        return real(items, workers, settings, *more)

    monkeypatch.setattr(local, "_read_in_workers", spy)
    monkeypatch.setattr(local, "MIN_PARALLEL", 8)  # 12 articles count as a large run here
    here = crosswire.analyze([str(corpus)], db=str(tmp_path / "here.db"), progress=False,
                             settings=dataclasses.replace(current(), workers=1))
    assert started == []
    workers = crosswire.analyze([str(corpus)], db=str(tmp_path / "workers.db"), progress=False,
                                settings=dataclasses.replace(current(), workers=2))
    assert started == [2]
    assert len(here.articles) == 12
    assert dumps(workers) == dumps(here)


def _blas_threads_after_reading(path: str) -> list[int]:
    """In a reading process: read one real article, then the thread count of every BLAS pool it has loaded."""
    from threadpoolctl import threadpool_info

    from crosswire.ingest import ingest
    from crosswire.pipeline import read_article

    article = next(a for a in ingest([path]) if hasattr(a, "text"))
    assert read_article(article).mentions  # the taggers ran (they are what loads numpy's OpenBLAS)
    return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]


def _frozen_after_reading(path: str) -> tuple[int, int, int, int]:
    """In a reading process: objects frozen before its first article, after it, and after its second; its
    young-generation threshold."""
    import gc

    from crosswire.ingest import ingest
    from crosswire.run import local

    article = next(a for a in ingest([path]) if hasattr(a, "text"))
    before = gc.get_freeze_count()
    local._read_in_worker(article)
    first = gc.get_freeze_count()
    local._read_in_worker(article)
    return before, first, gc.get_freeze_count(), gc.get_threshold()[0]


def test_reading_process_holds_blas_to_one_thread(shared_data):
    import logging
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from crosswire.run import local
    from crosswire.settings import current

    path = str(_files(shared_data, 1)[0])
    # a fresh process started exactly as the local engine starts its readers (spawn, the same initializer)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=local._start,
                             initargs=(current(), logging.WARNING)) as pool:
        threads = pool.submit(_blas_threads_after_reading, path).result(timeout=300)
        before, first, second, young = pool.submit(_frozen_after_reading, path).result(timeout=300)
        niceness = pool.submit(os.nice, 0).result(timeout=60)
    assert threads and set(threads) == {1}
    # a little nicer than the run, whose embedding thread then keeps up with reading
    assert niceness == min(19, os.nice(0) + local.READ_NICE)
    assert before == 0 and first > 50_000  # the models and lexicons, frozen once the first article is read
    assert second == first  # the next settling comes SETTLE_EVERY articles later
    from crosswire.run.collect import YOUNG

    assert young == YOUNG  # the run's young-generation threshold, for the life of the process
