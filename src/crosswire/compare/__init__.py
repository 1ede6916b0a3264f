"""Comparison inside stories and threads: claim groups with verdicts, framing profiles, coverage."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ArticleFacts, ClaimGroup, Story, Thread


def compare(facts: Sequence[ArticleFacts], stories: Sequence[Story], threads: Sequence[Thread]
            ) -> tuple[list[ClaimGroup], list[dict]]:
    """(claim groups with verdicts, coverage rows) — stub until the comparison stage lands."""
    return [], []
