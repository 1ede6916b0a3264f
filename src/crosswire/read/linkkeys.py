"""What ties a mention to mentions in other articles in corpus linking (``crosslink``), as keys.

Corpus linking decides a person mention's id from the full names sharing its signature, its surname or its
first name and surname stem, and an organisation acronym's from the definitions of that acronym. Every such
dependency is a key here: two units (an article's mentions of one entity) can affect each other's ids only
through a chain of shared keys. So an incremental run relinks the closure of the keys its new articles carry
and leaves every other mention as it is, and gets what relinking the whole corpus would give.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from ..model import ArticleFacts, Mention
from ..nlp.names import loose_key
from .crosslink import (
    _defined,
    _known,
    _loose_endings,
    _own_org_id,
    acronym_id,
    name_of,
    pinned,
    signature,
    surnames,
)
from .linking import _stems, person_id


def mention_keys(m: Mention) -> set[str]:
    """The keys through which ``crosslink.corpus_ids`` can tie this mention's id to other articles' mentions."""
    keys: set[str] = set()
    if m.type == "PER":
        words = name_of(m)
        if len(words) >= 2:
            sig = signature(words)
            keys.add("sig:" + "|".join(sig))
            if len(sig) == 2:
                first, last = sig
                keys.add("last:" + last)  # close first names under one surname (Джо / Джозеф)
                keys.add(f"fl:{first}|{last}")  # one first name, a surname left in an oblique case
                for end in _loose_endings():
                    if last.endswith(end) and len(last) - len(end) >= 3:
                        keys.add(f"fl:{first}|{last[:-len(end)]}")
            keys.update("sur:" + k for k in surnames(words))
            keys.add("base:" + (m.entity if pinned(m.entity) and _known(m) else person_id(" ".join(words))))
        elif len(words) == 1:
            keys.add("sur:" + loose_key(words[0]))
            keys.update("sur:" + loose_key(s) for s in _stems(words[0]))
    elif m.type == "ORG":
        keys.add("org:" + _own_org_id(m))
        sid = acronym_id(m)
        if sid is not None:
            keys.add("acr:" + sid)
        found = _defined(m)
        if found is not None:
            keys.add("org:" + found[0])
            if found[1] is not None:
                keys.add("acr:" + found[1])
    return keys


def unit_keys(f: ArticleFacts) -> dict[str, set[str]]:
    """entity id -> the keys of the article's mentions of it, with the acronyms the article defines ("Long Name
    (ACR)") on both the long name and the acronym."""
    out: dict[str, set[str]] = {}
    for m in f.mentions:
        out.setdefault(m.entity, set()).update(mention_keys(m))
    for long_, short, sid in _defined_acronyms(f):
        out.setdefault(long_, set()).add("acr:" + sid)
        out.setdefault(short, set()).add("acr:" + sid)
    return {e: k for e, k in out.items() if k}


def _defined_acronyms(f: ArticleFacts) -> Iterator[tuple[str, str, str]]:
    """(long name's entity, acronym's entity, acronym id) of each "Long Name (ACR)" the article writes."""
    orgs = sorted((m for m in f.mentions if m.type == "ORG"), key=lambda m: m.start)
    text = f.article.text
    for long_, short in zip(orgs, orgs[1:], strict=False):
        if text[long_.end:short.start] == " (" and text[short.end:short.end + 1] == ")":
            sid = acronym_id(short)
            if sid is not None:
                yield long_.entity, short.entity, sid


def key_rows(facts: Iterable[ArticleFacts]) -> list[dict[str, str]]:
    """Rows of the store's ``link_keys`` table for these articles."""
    return [{"key": k[:250], "article": f.article.id, "entity": e}
            for f in facts for e, keys in sorted(unit_keys(f).items()) for k in sorted(keys)]


def unit_forms(f: ArticleFacts, keys: dict[str, set[str]] | None = None) -> dict[str, str]:
    """entity id -> the form of the article's unit of it: a hash of all that ``crosslink.corpus_ids`` reads of
    the unit (its entity id, its mentions' type, text and normal form in order, the acronyms it defines by a
    following "(ACR)"). Every unit of one form takes the same ids from the same corpus, and corpus-level linking
    depends on the set of forms, not on how many units share one: so a run relinks one unit of each form its
    keys reach (a frequent surname is a few forms in thousands of articles) and moves the rest of a form with
    it. Units with no keys have no form. ``keys``: the article's ``unit_keys``, when the caller has them."""
    keys = unit_keys(f) if keys is None else keys
    seen: dict[str, list] = {}
    for m in f.mentions:
        if m.entity in keys:
            seen.setdefault(m.entity, []).append([m.type, m.text, m.normal])
    defines: dict[str, set[str]] = {}
    for long_, _short, sid in _defined_acronyms(f):
        defines.setdefault(long_, set()).add(sid)
    out = {}
    for e, ms in seen.items():
        blob = json.dumps([e, ms, sorted(defines.get(e, ()))], ensure_ascii=False)
        out[e] = hashlib.blake2b(blob.encode(), digest_size=12).hexdigest()
    return out


def index_rows(facts: Iterable[ArticleFacts]) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows of ``link_keys``, ``link_units`` (each unit's form) and ``link_form_keys`` (each form's keys) for
    these articles."""
    keyed, units, forms = [], [], []
    for f in facts:
        keys = unit_keys(f)
        form = unit_forms(f, keys)
        for e in sorted(keys):
            units.append({"article": f.article.id, "entity": e, "form": form[e]})
            for k in sorted(keys[e]):
                keyed.append({"key": k[:250], "article": f.article.id, "entity": e})
                forms.append({"form": form[e], "key": k[:250]})
    return keyed, units, forms
