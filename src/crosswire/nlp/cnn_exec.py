"""The slovnet CNN taggers (natasha's morphology and NER) run over a whole article at once.

slovnet's own numpy executor pads batches of eight sentences to their longest, copies every convolution's
windows out (im2col) before its matrix product, and decodes the NER's CRF with a batch axis. Here the same
weights run over one flat array per article: the sentences one after another with a zero row between them,
which is exactly what slovnet's zero padding and its zeroing of padded positions after each layer give (a
kernel of three sees one row either side). Each layer is then one matrix product of every token against the
three kernel taps side by side, and the taps are summed with shifted row views: no padding, no window copy.
The tags are slovnet's (tests/test_cnn_exec.py compares both on real articles); only the floating-point
summation order differs. The first layer's product depends on one word alone (its embedding against the three
taps), so its rows are kept per word for the life of the process (``_first_rows``): news repeats its words,
and about nine tokens in ten then skip that product, the largest of the three, and the embedding gather. A row
is computed by the same matrix product as before, over several rows at once (never a vector product, whose
sums run in another order), so every row is bitwise the one a whole-article product gives. Own code rather than
a library: slovnet ships only this numpy executor, and the other runtimes (onnxruntime, torch) would add a heavy
import to every reading process (see docs/benchmarks/e2e_speed.md for what each path costs).
"""

from __future__ import annotations

import functools

import numpy as np

ROWS = 16_384  # first-layer rows kept per tagger (48 MB at most); all are dropped when a new one finds no room


class _Net:
    """The weights of one slovnet tagger (embeddings, CNN encoder, linear head), laid out for ``_encode``."""

    def __init__(self, api) -> None:
        infer = api.infer
        model = infer.model
        self.words_vocab = infer.encoder.words_vocab
        self.shapes_vocab = infer.encoder.shapes_vocab
        self.tags_vocab = infer.decoder.tags_vocab
        word = model.emb.word
        self.navec_indexes = word.indexes.array
        self.navec_codes = word.codes.array
        self.qdims = np.arange(self.navec_codes.shape[0])
        self.shape_weight = model.emb.shape.weight.array
        self.layers = []
        for layer in model.encoder.layers:
            conv, norm = layer.conv, layer.norm
            if conv.padding != 1 or conv.weight.shape[2] != 3:
                raise ValueError("only slovnet's kernel-3, padding-1 convolutions are supported")
            w = conv.weight.array  # filters x in x kernel
            taps = np.ascontiguousarray(np.concatenate([w[:, :, k].T for k in range(3)], axis=1))  # in x 3*filters
            self.layers.append((taps, conv.bias.array, norm.mean.array, norm.std.array, norm.weight.array,
                                norm.bias.array))
        self.proj_weight = model.head.proj.weight.array
        self.proj_bias = model.head.proj.bias.array
        self.crf = getattr(model.head, "crf", None)
        self._ids = functools.lru_cache(maxsize=200_000)(self._word_ids)
        self._slots: dict[tuple[int, int], int] = {}  # (word id, shape id) -> its row in self._rows
        self._rows = np.zeros((0, self.layers[0][0].shape[1]), dtype=self.layers[0][0].dtype)

    def _word_ids(self, word: str) -> tuple[int, int]:
        from slovnet.shape import word_shape

        return self.words_vocab.encode(word.lower()), self.shapes_vocab.encode(word_shape(word))

    def _embed(self, ids: list[tuple[int, int]]) -> np.ndarray:
        """The input rows [words, navec + shape dimensions] of words by their (word id, shape id)."""
        ix = np.array(ids, dtype=np.int64).reshape(-1, 2)
        return np.concatenate([
            self.navec_codes[self.qdims, self.navec_indexes[ix[:, 0]]].reshape(len(ix), -1),
            self.shape_weight[ix[:, 1]],
        ], axis=1)

    def _first_rows(self, words: list[str]) -> np.ndarray:
        """Each word's input row times the first layer's three taps [words, 3 * filters], kept per (word id,
        shape id): words the vocabulary does not know share one row per shape."""
        keys = [self._ids(w) for w in words]
        slots = self._slots
        new = [k for k in dict.fromkeys(keys) if k not in slots]
        if new:
            if len(slots) + len(new) > max(ROWS, len(new)):
                slots.clear()  # no room: start again (the words of this text are computed anew)
                new = list(dict.fromkeys(keys))
            emb = self._embed(new)
            if len(new) == 1:  # a matrix product of one row runs as a vector product, whose sums differ
                emb = np.concatenate([emb, np.zeros_like(emb)])
            rows = emb @ self.layers[0][0]
            at = len(slots)
            if at + len(new) > len(self._rows):
                grown = np.zeros((max(2 * len(self._rows), at + len(new), 1024), rows.shape[1]), dtype=rows.dtype)
                grown[:at] = self._rows[:at]
                self._rows = grown
            self._rows[at:at + len(new)] = rows[:len(new)]
            for i, k in enumerate(new):
                slots[k] = at + i
        return self._rows[[slots[k] for k in keys]]

    def emissions(self, seqs: list[list[str]]) -> tuple[np.ndarray, list[int]]:
        """Head outputs [tokens, tags] of every word of ``seqs`` in order, and where each sequence starts."""
        words = [w for seq in seqs for w in seq]
        first = self._first_rows(words)
        # one zero row before every sequence and after the last: rows[i] is where word i sits in the flat array
        starts, rows, gaps, at = [], [], [0], 1
        for seq in seqs:
            starts.append(len(rows))
            rows.extend(range(at, at + len(seq)))
            at += len(seq) + 1
            gaps.append(at - 1)
        rows_ix = np.asarray(rows, dtype=np.int64)
        x = None
        for taps, bias, mean, std, weight, shift in self.layers:
            f = bias.shape[0]
            if x is None:  # the first layer: the kept rows (a zero row gives zeros)
                z = np.zeros((at, first.shape[1]), dtype=first.dtype)
                z[rows_ix] = first
            else:
                z = x @ taps  # every row against the left, centre and right taps
            # in place, in slovnet's order: left + centre + right + bias, ReLU, then batch norm as slovnet computes it
            x = np.empty((at, f), dtype=z.dtype)
            x[0] = x[-1] = 0
            inner = x[1:-1]
            np.add(z[:-2, :f], z[1:-1, f:2 * f], out=inner)
            inner += z[2:, 2 * f:]
            inner += bias
            x.clip(0, out=x)
            x -= mean
            x /= std
            x *= weight
            x += shift
            x[gaps] = 0  # the rows between sequences stay zero, as slovnet's padding
        out = x[rows_ix] @ self.proj_weight
        out += self.proj_bias  # in place: the same sums, one [tokens, tags] array fewer (753 tags for morphology)
        return out, starts

    def viterbi(self, emissions: np.ndarray) -> list[int]:
        """The best tag path of one sequence under the CRF (slovnet's decode for a batch of one)."""
        trans = self.crf.transitions.array
        score = emissions[0]
        history = []
        # score[i] + trans[i, j] + step[j] summed in that order into one array per sequence, as before; the best
        # score of each tag is the maximum itself (the value at the first argmax): four array calls a step, not seven
        s = np.empty(trans.shape, dtype=np.result_type(score, trans, emissions))
        for step in emissions[1:]:
            np.add(score[:, None], trans, out=s)
            s += step
            history.append(s.argmax(0))
            score = s.max(0)
        tag = int(score.argmax())
        path = [tag]
        for best in reversed(history):
            tag = int(best[tag])
            path.append(tag)
        path.reverse()
        return path


class FastMorph:
    """``map(list of word lists)`` giving each word's (pos, feats) as natasha's NewsMorphTagger would."""

    def __init__(self, api) -> None:
        from slovnet.conll import parse_conll_tag

        self.net = _Net(api)
        self.tags = [parse_conll_tag(t) for t in self.net.tags_vocab.items]

    def tag_ids(self, sentences: list[list[str]]) -> list[int]:
        """The tag id (an index of ``tags``) of every word of every sentence, in order."""
        seqs = [s for s in sentences if s]
        if not seqs:
            return []
        out, _ = self.net.emissions(seqs)
        return out.argmax(-1).tolist()

    def map(self, sentences: list[list[str]]) -> list[list[tuple[str, dict]]]:
        """(pos, feats) per word of every sentence (empty sentences give empty lists)."""
        ids = self.tag_ids(sentences)
        result, at = [], 0
        for s in sentences:
            result.append([(self.tags[i][0], dict(self.tags[i][1])) for i in ids[at:at + len(s)]])
            at += len(s)
        return result


class FastNER:
    """``spans(text)``: the (start, stop, type) names natasha's NewsNERTagger finds (the text is one sequence)."""

    def __init__(self, api) -> None:
        from slovnet.bio import parse_bio

        self.net = _Net(api)
        self.bio = [parse_bio(t) for t in self.net.tags_vocab.items]  # (part, type) per tag id

    def spans(self, text: str, words: list[str] | None = None) -> list[tuple[int, int, str]]:
        """Names in ``text``; ``words``: its razdel tokens when the caller has them already.

        Each word is found in the text after the one before and the BIO tags are read into spans, as slovnet's
        ``BIOMarkup.to_span`` does, without a record per word."""
        from slovnet.const import B, I, O
        from slovnet.token import tokenize

        if words is None:
            words = [t.text for t in tokenize(text)]
        if not words:
            return []
        out, _ = self.net.emissions([words])
        spans: list[tuple[int, int, str]] = []
        previous, start, stop, offset = None, 0, 0, 0
        for word, tag in zip(words, self.net.viterbi(out), strict=True):
            at = text.find(word, offset)
            offset = at + len(word)
            part, type_ = self.bio[tag]
            if part == O:
                if previous:
                    spans.append((start, stop, previous))
                    previous = None
            elif part == B:
                if previous:
                    spans.append((start, stop, previous))
                previous, start, stop = type_, at, offset
            elif part == I:
                stop = offset
        if previous:
            spans.append((start, stop, previous))
        return spans
