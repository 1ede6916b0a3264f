"""Analyses started from the web app run in one worker process, one at a time, in a bounded queue.

The worker is a separate process, so an analysis never holds the server's interpreter (page views go on at full
speed) and can be stopped: when the client that asked for it goes away (closed tab, timeout), a waiting job
leaves the queue and a running one is ended by ending the worker (the store's transactions and its run lock are
released by the operating system; the next job starts a fresh worker). When ``pending`` jobs already wait, a new
one is refused at once (503) instead of piling up.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections import deque
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
POLL = 0.1  # seconds between looks at the client and the worker


class Busy(Exception):
    """The queue is full."""


class Gone(Exception):
    """The client left before its analysis finished; the job was dropped or stopped."""


def _work(conn, db: str, warm: bool = False) -> None:  # pragma: no cover - runs in the worker process
    """The worker: analyse each list of inputs it receives into ``db``; answer ids and errors. ``warm``: load the
    reading models and the embedder first, before any job asks."""
    from .. import api

    if warm:
        try:
            api.warm()
        except Exception:  # noqa: BLE001 - the first job loads them again, and says what fails
            log.exception("warming the analysis worker failed")
    with api.open_store(db) as cw:
        while True:
            try:
                inputs = conn.recv()
            except EOFError:
                return
            try:
                result = cw.analyze(inputs, progress=False)
                conn.send({"articles": [a.id for a in result.articles],
                           "errors": [(e.source, e.error) for e in result.errors],
                           "failures": [(a.id, a.source, f) for a in result.articles for f in a.failures],
                           "truncated": [a.id for a in result.articles if "truncated" in a.flags]})
            except Exception as exc:  # noqa: BLE001 - reported to the page, the worker goes on
                log.exception("web analysis failed")
                conn.send({"failed": f"{type(exc).__name__}: {exc}"})


class JobQueue:
    """One worker process, jobs in arrival order, at most ``pending`` waiting behind the running one."""

    def __init__(self, db: str, pending: int = 4, warm: bool = False):
        self.db = db
        self.pending = pending
        self.warm = warm  # each worker loads its models as it starts, not at its first job
        self.line: deque[object] = deque()
        self.running = False
        self.process = None
        self.conn = None
        self.stats = {"done": 0, "cancelled": 0, "refused": 0, "workers": 0}

    async def run(self, inputs: list[str], gone: Callable[[], Awaitable[bool]]) -> dict:
        """The worker's answer for ``inputs``; ``Busy`` when the queue is full, ``Gone`` when ``gone()`` said
        the client left first."""
        if len(self.line) >= self.pending:
            self.stats["refused"] += 1
            raise Busy
        ticket = object()
        self.line.append(ticket)
        try:
            while self.running or self.line[0] is not ticket:  # the event loop runs one coroutine at a time
                if await gone():
                    self.stats["cancelled"] += 1
                    raise Gone
                await asyncio.sleep(POLL)
        finally:
            self.line.remove(ticket)
        self.running = True
        try:
            return await self._ask(inputs, gone)
        finally:
            self.running = False

    async def _ask(self, inputs: list[str], gone: Callable[[], Awaitable[bool]]) -> dict:
        conn = self._worker()
        conn.send(inputs)
        while not conn.poll():
            if await gone():
                self.stop()
                self.stats["cancelled"] += 1
                raise Gone
            if not self.process.is_alive():
                self.stop()
                return {"failed": "the analysis worker stopped"}
            await asyncio.sleep(POLL)
        try:
            answer = conn.recv()
        except EOFError:
            self.stop()
            return {"failed": "the analysis worker stopped"}
        self.stats["done"] += 1
        return answer

    def _worker(self):
        if self.process is None or not self.process.is_alive():
            ctx = multiprocessing.get_context("spawn")  # a clean interpreter: no threads or locks of the server
            self.conn, child = ctx.Pipe()
            self.process = ctx.Process(target=_work, args=(child, self.db, self.warm), daemon=True,
                                       name="crosswire-analyse")
            self.process.start()
            child.close()
            self.stats["workers"] += 1
        return self.conn

    def start(self) -> None:
        """Start the worker now (with ``warm``, it loads its models while no job waits)."""
        self._worker()

    def stop(self) -> None:
        """End the worker now (a running analysis is abandoned; its transaction rolls back)."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None
