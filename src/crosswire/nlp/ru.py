"""Russian analyzer: natasha segmentation, morphology, lemmas and NER, with fixes for foreign names and credits.

natasha's own MorphVocab needs pymorphy2 (and pkg_resources), so lemmas and normal forms go through a small
pymorphy3 adapter that speaks natasha's UD tags. Syntax (NewsSyntaxParser) runs only with CROSSWIRE_RU_SYNTAX=1.
"""

from __future__ import annotations

import functools
import threading

from .base import NerSpan, ParsedText, Sentence, Token
from .names import looks_foreign_syllable, strip_case_ending
from .ru_orgs import (
    bracket_type,
    keep_person,
    place_adjective_orgs,
    quoted_place,
    split_lines,
    split_parenthetical,
)
from .spans import dedupe, gazetteer_type, is_credit, retype

_LOCK = threading.Lock()
WORDS = 200_000  # (word, tag) readings kept per analyzer; all are dropped past this


class _Form:
    """One pymorphy3 parse seen through natasha's UD tags (what natasha.norm / natasha lemma expect)."""

    __slots__ = ("parse", "normal", "pos", "feats", "word")

    def __init__(self, parse):
        from natasha.morph.vocab import ud_feats, ud_pos

        self.parse = parse
        self.word = parse.word
        self.normal = parse.normal_form
        self.pos = ud_pos(parse.tag)
        self.feats = dict(ud_feats(parse.tag))

    def inflect(self, grams):
        from natasha.morph.vocab import oc_grams

        form = self.parse.inflect(set(oc_grams(grams)))
        return _Form(form) if form is not None else None


class Pymorphy3Vocab:
    """natasha's MorphVocab interface (``vocab(word)``, ``lemmatize``) over pymorphy3."""

    def __init__(self) -> None:
        from .base import morph_analyzer

        self.morph = morph_analyzer("ru")  # parses shared with the other stages

    @functools.lru_cache(maxsize=100_000)  # noqa: B019 - one vocab per process
    def __call__(self, word: str) -> list[_Form]:
        return [_Form(p) for p in self.morph.parse(word)]

    @functools.lru_cache(maxsize=200_000)  # noqa: B019
    def lemmatize(self, word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> tuple[str, frozenset[str]]:
        """natasha's lemma for the tagged word and the pymorphy3 grammemes of the reading it chose."""
        from natasha.morph.lemma import best_form, normal_word

        forms = self(normal_word(word))
        form = best_form(forms, pos, dict(feats)) or (forms[0] if forms else None)
        if form is None:
            return normal_word(word), frozenset()
        return normal_word(form.normal), frozenset(form.parse.tag.grammemes)


@functools.lru_cache(maxsize=1)
def models():
    """natasha models, loaded once per process (about 1.3 s, 330 MB)."""
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = _news_embedding(NewsEmbedding)
    syntax = None
    from ..settings import current

    if current().ru_syntax:
        from natasha import NewsSyntaxParser

        syntax = NewsSyntaxParser(emb)
    return Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb), syntax, Pymorphy3Vocab()


def _news_embedding(news_embedding):
    """natasha's ``NewsEmbedding`` without navec's similarity tables.

    navec computes, as it loads, the norm of every one of its 250,000 vectors (through a 100 MB temporary) and the
    centroids' products, for its ``sim``; the taggers read only the codes, the indexes and the id
    (slovnet's ``InjectNavecVisitor``), and nothing here asks for a similarity. About 0.2 s of every reading
    process's start. Should navec or natasha load otherwise, their own loader runs."""
    try:
        import numpy as np
        from natasha.data import NEWS_EMBEDDING
        from navec.meta import Meta
        from navec.navec import META, PQ_, VOCAB, Navec
        from navec.pq import PQ
        from navec.tar import Tar
        from navec.vocab import Vocab

        class CodesOnly(PQ):
            def precompute(self):
                self.qdims = np.arange(self.qdim)  # what __getitem__ and unpack read

        with Tar(NEWS_EMBEDDING) as tar:
            meta = Meta.from_file(tar.load(META))
            Meta.check_protocol(meta.protocol)
            vocab = Vocab.from_file(tar.load(VOCAB))
            pq = CodesOnly.from_file(tar.load(PQ_))
        emb = news_embedding.__new__(news_embedding)
        Navec.__init__(emb, meta, vocab, pq)
        return emb
    except (ImportError, AttributeError, TypeError, ValueError):  # pragma: no cover - another natasha or navec
        return news_embedding()


def _nominative(vocab: Pymorphy3Vocab, token) -> str:
    """natasha's nominative of a tagged token (``natasha.norm.inflect_word``), kept per word and tags."""
    return _inflected(vocab, token.text, token.pos, tuple(sorted((token.feats or {}).items())))


class _Tagged:
    """What ``inflect_word`` reads of a token."""

    __slots__ = ("text", "pos", "feats")

    def __init__(self, text: str, pos: str, feats: dict) -> None:
        self.text, self.pos, self.feats = text, pos, feats


@functools.lru_cache(maxsize=50_000)
def _inflected(vocab: Pymorphy3Vocab, text: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    from natasha.norm import inflect_word

    return inflect_word(vocab, _Tagged(text, pos, dict(feats)))


def normalize_span(vocab: Pymorphy3Vocab, tokens: list, type_: str) -> str:
    """Nominative form of a name: every part of a person name; for others the words up to the head noun only."""
    from natasha.shape import recover_shape

    words: list[str] = []
    head_seen = False
    for tok in tokens:
        if type_ != "PER" and head_seen:
            words.append(tok.text)  # genitive dependents stay: "Совет Безопасности ООН"
            continue
        word = recover_shape(_nominative(vocab, tok), tok.text)
        words.append(word)
        if tok.pos in ("NOUN", "PROPN"):
            head_seen = True
    if type_ == "PER":
        words = _fix_foreign_name(vocab, tokens, words)
    out = []
    for i, (tok, word) in enumerate(zip(tokens, words, strict=True)):
        if i:
            out.append(" " if tok.start > tokens[i - 1].stop else "")
        out.append(word)
    return "".join(out)


def _fix_foreign_name(vocab: Pymorphy3Vocab, tokens: list, words: list[str]) -> list[str]:
    """Korean/Chinese-style names are left declined by natasha ("Ким Чен Ына"): strip the case ending of the
    last part when the other parts are short indeclinable syllables and pymorphy3 does not know the last part."""
    if len(tokens) < 2 or not all(looks_foreign_syllable(t.text) for t in tokens[:-1]):
        return words
    last = tokens[-1]
    if words[-1].lower() != last.text.lower():
        return words  # natasha already changed it
    if last.feats.get("Case", "Nom") == "Nom":
        return words
    if any(p.parse.is_known and p.pos in ("NOUN", "PROPN") and "Name" in p.parse.tag.grammemes
           for p in vocab(last.text)):
        return words
    return [*words[:-1], strip_case_ending(last.text)]


@functools.lru_cache(maxsize=1)
def fast_taggers():
    """natasha's morphology and NER taggers run by ``cnn_exec`` (the same weights and tags, a fraction of the
    CPU), loaded once per process."""
    from .cnn_exec import FastMorph, FastNER

    _, morph, ner, _, _ = models()
    return FastMorph(morph), FastNER(ner)


def segment(doc) -> None:
    """natasha's ``doc.segment``: razdel's tokens (``nlp.tokenize``) and sentences of the whole text, each token in
    its sentence, made natasha's records directly (natasha's segmenter wraps every token in a record of its own
    first)."""
    from natasha.doc import DocSent, DocToken
    from razdel import sentenize

    from .tokenize import tokenize

    text = doc.text
    doc.tokens = [DocToken(start, stop, word) for start, stop, word in tokenize(text)]
    doc.sents = [DocSent(s.start, s.stop, s.text) for s in sentenize(text)] if text else []
    doc.envelop_sent_tokens()


def tag_morph(doc) -> list[int]:
    """natasha's ``doc.tag_morph`` with the news morphology tagger, every sentence of the text in one pass; the
    tagger's tag id of every token in text order (a tag id stands for one (pos, feats))."""
    morph, _ = fast_taggers()
    ids = morph.tag_ids([[t.text for t in s.tokens] for s in doc.sents])
    tags = morph.tags
    for token, i in zip((t for s in doc.sents for t in s.tokens), ids, strict=True):
        token.pos, token.feats = tags[i][0], dict(tags[i][1])
    return ids


def tag_ner(doc) -> None:
    """natasha's ``doc.tag_ner`` with the news NER tagger, on the tokens the segmenter already found.

    slovnet tokenises the whole text again with razdel; razdel joins two pieces into one token only where no
    space parts them, so where every sentence starts after a space its tokens are the segmenter's (sentence by
    sentence; equal on all 1,590 ru/uk development texts). razdel's sentenizer splits only at spaces today; a
    sentence glued to the one before would be tokenised again, as slovnet does."""
    from natasha.doc import DocSpan

    if not doc.text.strip():
        doc.spans = []
        return
    _, ner = fast_taggers()
    text = doc.text
    glued = any(s.start > 0 and not text[s.start - 1].isspace() for s in doc.sents)
    words = None if glued else [t.text for t in doc.tokens]
    doc.spans = [DocSpan(start, stop, type_, text[start:stop]) for start, stop, type_ in ner.spans(text, words)]
    doc.envelop_span_tokens()
    doc.envelop_sent_spans()


class RussianAnalyzer:
    """natasha-backed analyzer; thread-safe by a lock around the taggers."""

    language = "ru"

    def __init__(self) -> None:
        # the morphology and NER taggers run through ``fast_taggers`` (the same weights, loaded once per process)
        _, _, _, self.syntax_parser, self.vocab = models()  # razdel segments (``segment``), not natasha's
        # (word, morphology tag id) -> the token's (lemma, POS, grammemes): the same for every occurrence
        self._words: dict[tuple[str, int], tuple[str, str, frozenset[str]]] = {}

    def _word(self, tok) -> tuple[str, str, frozenset[str]]:
        """(lemma, POS, grammemes) of a tagged token: pymorphy3's reading natasha's lemmatiser chose, plus the
        tagger's UD features."""
        feats = tuple(sorted((tok.feats or {}).items()))
        if tok.text[:1].isalpha():
            lemma, grams = self.vocab.lemmatize(tok.text, tok.pos, feats)
        else:
            lemma, grams = tok.text.lower(), frozenset()
        return lemma, tok.pos or "", frozenset(grams | {f"{k}={v}" for k, v in feats})

    def parse(self, text: str) -> ParsedText:
        from natasha import Doc

        doc = Doc(text)
        with _LOCK:
            segment(doc)
            tag_ids = tag_morph(doc)
            tag_ner(doc)
            if self.syntax_parser is not None:
                doc.parse_syntax(self.syntax_parser)
        sentences: list[Sentence] = []
        syntax: list[tuple[int, int, str]] | None = [] if self.syntax_parser is not None else None
        index = 0
        words = self._words
        if len(words) > WORDS:
            words.clear()
        for sent in doc.sents:
            tokens = []
            local: dict[str, int] = {}
            for tok in sent.tokens:
                key = (tok.text, tag_ids[index + len(tokens)])
                known = words.get(key)
                if known is None:
                    known = words[key] = self._word(tok)
                tokens.append(Token(tok.text, tok.start, tok.stop, *known))
                local[tok.id] = index + len(tokens) - 1
            if syntax is not None:
                for tok in sent.tokens:
                    syntax.append((local[tok.id], local.get(tok.head_id, -1), tok.rel or ""))
            index += len(tokens)
            sentences.append(Sentence(sent.start, sent.stop, sent.text, tokens))
        spans: list[NerSpan] = []
        for span in doc.spans:
            if is_credit(text, NerSpan(span.start, span.stop, span.type, span.text)):
                continue
            for part in (p for line in split_lines(text, span.tokens, self.vocab) for p in split_parenthetical(line)):
                start, stop = part[0].start, part[-1].stop
                type_ = bracket_type(span.type, span.tokens, part)
                if type_ is None:
                    continue
                normal = normalize_span(self.vocab, part, type_)
                typed = gazetteer_type(NerSpan(start, stop, type_, text[start:stop], normal))
                if typed is not None:
                    spans.append(quoted_place(text, keep_person(typed, retype(text, typed), part, self.vocab)))
        starts = {st.tokens[0].start for st in sentences if st.tokens}
        flat = [t for st in sentences for t in st.tokens]
        spans = merge_org_of_place(text, government_of_place(text, flat, dedupe(spans), starts))
        spans = place_adjective_orgs(text, flat, spans, _government_heads(), _ru_types()["government_names"],
                                     self.vocab.morph, starts)
        return ParsedText("ru", text, sentences, spans, syntax)


def merge_org_of_place(text: str, spans: list[NerSpan]) -> list[NerSpan]:
    """An organisation name followed directly by a place in the genitive is one name ("агентства новостей
    Северной Кореи", "МИД России"); the place stays as its own, nested span."""
    out: list[NerSpan] = []
    for s in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.type == "ORG" and s.type == "LOC" and text[prev.end:s.start] == " " \
                and s.normal and (s.normal != s.text or s.text.isupper()):  # genitive, or "МИД РФ", "Конгресс США"
            out[-1] = NerSpan(prev.start, s.end, "ORG", text[prev.start:s.end], f"{prev.normal} {s.text}")
        out.append(s)
    return out


@functools.lru_cache(maxsize=1)
def _ru_types() -> dict[str, frozenset[str]]:
    from importlib import resources

    from ..datafiles import load_yaml

    path = resources.files("crosswire") / "data" / "entities" / "ru_types.yaml"
    return {k: frozenset(v) for k, v in load_yaml(path.read_text(encoding="utf-8")).items()}


def _government_heads() -> frozenset[str]:
    return _ru_types()["government_heads"]


def government_of_place(text: str, tokens: list[Token], spans: list[NerSpan],
                        sentence_starts: frozenset[int] | set[int] = frozenset()) -> list[NerSpan]:
    """A lower-case organisation head before a place in the genitive is an organisation ("правительства
    Израиля", "мэрии Москвы"): natasha tags only the place, and the government then has no entity of its own.
    The place stays as its own, nested span."""
    heads = _government_heads()
    by_end = {t.end: t for t in tokens}
    out = list(spans)
    for s in spans:
        if s.type != "LOC" or not s.normal or (s.normal == s.text and not s.text.isupper()):
            continue  # only a place in an oblique case ("Израиля", not "Израиль") or a short form ("США")
        head = by_end.get(s.start - 1) if text[s.start - 1:s.start] == " " else None
        if head is None or head.lemma not in heads or not (head.text.islower() or head.start in sentence_starts):
            continue
        if any(o.type == "ORG" and o.start <= head.start < o.end for o in spans):
            continue  # the head ends a name already found: "Генеральная прокуратура ОАЭ"
        name = head.lemma[:1].upper() + head.lemma[1:] if head.start in sentence_starts else head.lemma
        out.append(NerSpan(head.start, s.end, "ORG", text[head.start:s.end], f"{name} {s.text}"))
    return sorted(out, key=lambda x: (x.start, -x.end))

