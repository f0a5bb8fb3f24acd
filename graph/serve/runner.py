"""Queries run in worker processes, so that a query past its time limit can be stopped.

pyoxigraph cannot cancel a query and Python cannot kill a thread, so each
query runs in one of ``workers`` processes, each holding the store open
read-only. A request takes an idle worker (or waits for one, up to the time
limit, then answers 503 "busy"), sends it the query and waits at most
``timeout`` seconds. A worker that does not answer in time is killed, which
frees its slot at once, and a fresh one is started in its place in the
background. So a slow query costs at most its time limit, however many are
sent, and the endpoint's other resources (``/health``, the page) never wait
for a worker.

Workers are started with the ``spawn`` method: a fork of a threaded server
could inherit a lock held by another thread.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from multiprocessing.connection import Connection

from carekg.graph.serve.answers import Answer, answer
from carekg.graph.serve.negotiation import HttpError

log = logging.getLogger(__name__)


def _work(location: str, max_rows: int, conn: Connection) -> None:
    """A worker's loop: one (text, accept, formats) in, one answer or error out."""
    from carekg.graph.errors import CarekgError
    from carekg.graph.serve.watcher import StoreView

    view = StoreView(location)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        text, accept, formats, base_iri = job
        try:
            reply = ("ok", answer(view.get(), text, accept, formats, max_rows, base_iri))
        except HttpError as exc:
            reply = ("http", (exc.status, exc.message, exc.headers))
        except CarekgError as exc:
            reply = ("http", (503, str(exc), []))
        except Exception as exc:  # reported to the parent's log, never to the client
            reply = ("crash", repr(exc))
        conn.send(reply)


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context, location: str, max_rows: int):
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_work, args=(location, max_rows, child), name="carekg-query", daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryRunner:
    """A pool of ``workers`` query processes with a per-query time limit."""

    def __init__(self, location: str, *, workers: int, timeout: float, max_rows: int):
        self.location, self.timeout, self.max_rows = str(location), timeout, max_rows
        self.size = workers
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = Worker(self._context, self.location, self.max_rows)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        threading.Thread(target=self._add, name="carekg-respawn", daemon=True).start()

    def idle(self) -> int:
        """How many workers are free now."""
        return self._idle.qsize()

    def run(
        self, text: str, accept: str, formats: list[str], base_iri: str | None = None
    ) -> Answer:
        """The query's answer; ``HttpError`` 503 when busy or past the time limit."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise HttpError(
                503,
                f"busy: every one of the {self.size} query workers is in use; try again later",
                [("Retry-After", str(max(1, round(self.timeout))))],
            ) from None
        try:
            worker.conn.send((text, accept, formats, base_iri))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                raise HttpError(
                    503, f"the query did not finish within the time limit of {self.timeout:g} s"
                )
            kind, value = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise HttpError(500, "the query worker stopped; see the server's log") from None
        self._idle.put(worker)
        if kind == "ok":
            return value
        if kind == "http":
            raise HttpError(*value)
        log.error("query failed in a worker: %s", value)
        raise HttpError(500, "internal error; see the server's log")

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
