"""The end-to-end benchmark's step timer finds every step it times in this tree, so a renamed function cannot
silently drop a row of the seconds-by-step table (benchmarks/e2e_steps.py skips a missing one for older trees)."""

from benchmarks.e2e_steps import STEPS, missing


def test_every_timed_step_exists():
    assert len(STEPS) >= 15
    assert missing() == []
