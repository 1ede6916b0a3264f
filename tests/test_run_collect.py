"""A run holds Python's cyclic collector to fewer passes and gives the host's threshold back."""

import gc
import threading

import crosswire.run.analyze as run
from crosswire.run.collect import YOUNG, fewer_collections


def test_a_run_raises_the_young_threshold_and_restores_it(monkeypatch):
    seen = []
    monkeypatch.setattr(run, "_analyze", lambda *a, **k: seen.append(gc.get_threshold()))
    before = gc.get_threshold()
    run.analyze([], db=None)
    assert seen[0][0] >= YOUNG and seen[0][1:] == before[1:]
    assert gc.get_threshold() == before


def test_overlapping_runs_restore_the_first_threshold():
    before = gc.get_threshold()
    inner_started, outer_done = threading.Event(), threading.Event()

    def other():
        with fewer_collections():
            inner_started.set()
            outer_done.wait(5)
        # the first block ended while this one was open: the threshold stays raised until now

    t = threading.Thread(target=other)
    with fewer_collections():
        t.start()
        inner_started.wait(5)
    assert gc.get_threshold()[0] >= YOUNG  # the other run still works
    outer_done.set()
    t.join(5)
    assert gc.get_threshold() == before


def test_a_switched_off_collector_is_left_so():
    before = gc.get_threshold()
    gc.set_threshold(0)
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
