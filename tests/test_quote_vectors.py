"""Quote groups read quote vectors kept in the store instead of embedding them again: the same groups, and a
second run over the same quotes embeds nothing. Real renderings: WMT22 ru->en sentences as one speaker's
quotes in a Russian and an English article, and other sentences of the same document as other quotes."""

from __future__ import annotations

import json

from crosswire.compare.quotes import CachedEmbed, quote_groups
from crosswire.model import Article, ArticleFacts, Quote, Story


def _facts(shared_data) -> tuple[list[ArticleFacts], Story]:
    rows = [json.loads(x) for x in (shared_data / "wmt22_general_ru_uk_en_docs" /
                                    "wmttest2022.ru-en.src_ref.jsonl").open(encoding="utf-8")]
    doc = next(d for d in rows if d["doc_id"] == "kommersant.51685")  # G7 ministers' warning to Russia
    out = []
    picked = (0, 3, 5, 10)  # renderings that share names (what links quotes across languages) and one that does not
    for lang, all_segs in (("ru", doc["src_segments"]), ("en", doc["ref_segments"])):
        segs = [all_segs[k] for k in picked]
        text = "\n".join(segs)
        quotes, at = [], 0
        for k, seg in enumerate(segs):
            quotes.append(Quote(f"{lang}-q{k}", lang, seg, at, at + len(seg), speaker="Q:g7"))
            at += len(seg) + 1
        out.append(ArticleFacts(article=Article(id=lang, source=lang, text=text, language=lang), quotes=quotes))
    return out, Story("s", "", ("ru", "en"))


def test_kept_quote_vectors_give_the_same_groups_and_are_not_embedded_again(shared_data):
    from crosswire.group.embed import get_embedder

    embedder = get_embedder()
    calls: list[int] = []

    def embed(texts):
        calls.append(len(texts))
        return embedder.embed(texts)

    kept: dict[str, bytes] = {}

    def load(keys):
        return {k: kept[k] for k in keys if k in kept}

    facts, story = _facts(shared_data)
    plain = quote_groups(facts, [story], embedder.embed)
    assert any({"ru", "en"} <= set(g.articles) for g in plain)  # translations of one statement join
    first = quote_groups(facts, [story], CachedEmbed(embed, embedder.name, load, kept.update))
    assert first == plain and calls == [8] and len(kept) == 8
    again = quote_groups(facts, [story], CachedEmbed(embed, embedder.name, load, kept.update))
    assert again == plain and calls == [8]  # every vector read back, none embedded
