"""The stacked taggers' decoding (nlp/tagger.py): BIO-valid paths only."""

import numpy as np

from crosswire.nlp.tagger import TAGS, viterbi


def test_viterbi_never_opens_with_inside_tag():
    scores = np.full((3, len(TAGS)), -5.0)
    scores[0, TAGS.index("I-PER")] = 0.0  # the best single tag is invalid at the start
    scores[0, TAGS.index("B-PER")] = -1.0
    scores[1, TAGS.index("I-PER")] = 0.0
    scores[2, TAGS.index("O")] = 0.0
    assert viterbi(scores) == ["B-PER", "I-PER", "O"]


def test_viterbi_inside_tag_keeps_type():
    scores = np.full((2, len(TAGS)), -5.0)
    scores[0, TAGS.index("B-LOC")] = 0.0
    scores[1, TAGS.index("I-ORG")] = 0.0
    path = viterbi(scores)
    assert path[0] == "B-LOC" and path[1] != "I-ORG"

