"""A run holds Python's cyclic collector to fewer passes and gives the host's threshold back."""

import gc
import threading

import crosswire.run.analyze as run
from conftest import SEEDS
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


def test_a_reading_process_keeps_the_raised_threshold_and_exits_quietly():
    """A reading process (started as the local engine starts one) holds the raised threshold for its life and
    ends without a word on stderr: a collector context held open for the process's life was finalised at
    interpreter exit, after the module's globals were cleared, and printed a TypeError from every process."""
    import subprocess
    import sys

    seed = sorted(SEEDS.glob("*.txt"))[0]  # a real article read there: what the process holds at its exit
    script = (
        "import gc, logging, multiprocessing, sys\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from crosswire.ingest import ingest\n"
        "from crosswire.run import local\n"
        "from crosswire.settings import current\n"
        "if __name__ == '__main__':\n"
        "    article = next(a for a in ingest([sys.argv[1]]) if hasattr(a, 'text'))\n"
        "    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context('spawn'), initializer=local._start,\n"
        "                             initargs=(current(), logging.WARNING)) as pool:\n"
        "        assert pool.submit(local._read_in_worker, article).result(timeout=300).mentions\n"
        "        print(pool.submit(gc.get_threshold).result(timeout=60)[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(seed)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) == YOUNG
    assert done.stderr == ""
