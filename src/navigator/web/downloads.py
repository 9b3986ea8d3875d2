"""Downloads rendered on request, bounded so that the page stays fast while they queue.

A PDF, SVG or PNG of a filtered view costs up to seconds of CPU, and the PNG rasteriser (resvg) holds
Python's GIL for all of it: rendered on a thread of the server, one PNG stops every other thread of
that process, the page included, for as long. So, per server process:

- renders run in one separate **render process** (`RENDER_PROCESSES`), a `concurrent.futures`
  process pool started by multiprocessing's fork server (a clean, single-threaded parent, safe to
  start from a threaded server; it stops when the server process does). The server lays out the
  filtered Scene (fast, memoised) and sends it; the render process returns the file's bytes. More
  renders at once come from more server processes (`navigator serve --workers`);
- a few waiting places (`slots`, from the server's thread count: a waiting download holds a server
  thread, and at least two threads must stay free for the page, its callbacks and its assets);
- when they are all taken, `Busy`: the route answers 503 with `Retry-After` at once;
- a memo of rendered files keyed by the format and the normalised filters (ids in catalog order,
  search words single-spaced), bounded in bytes and entries, and one render per key at a time:
  requests for a file being rendered wait for it instead of rendering it again.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..catalog.model import Catalog, ControlType, Impact, Section, Threat
from ..filters import Criteria
from ..filters.frameworks import slug
from ..scene import Scene

RENDER_PROCESSES = 1
QUEUE = 4  # downloads that may wait for the render process, at most (fewer with few server threads)
FREE_THREADS = 2  # server threads never taken by downloads
MEMO_BYTES = 64 * 1024 * 1024
MEMO_ENTRIES = 256
WAIT_S = 120.0  # a download waiting longer than this is answered 503
WATCH_S = 0.5  # how often a render process checks that its server still runs


class Busy(Exception):
    """Every render place is taken; try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"busy; retry after {retry_after} s")
        self.retry_after = retry_after


def slots_for(threads: int) -> int:
    """Downloads in flight (rendering or waiting) that leave FREE_THREADS of `threads` to the page."""
    return max(1, min(RENDER_PROCESSES + QUEUE, threads - FREE_THREADS))


def normalised(criteria: Criteria, catalog: Catalog) -> Criteria:
    """The same filters in one spelling: ids in catalog order without repeats, frameworks as slugs and
    entries sorted, search single-spaced."""

    def ordered(values: tuple[str, ...], items: tuple[Impact | ControlType | Section | Threat, ...]) -> tuple[str, ...]:
        wanted = set(values)
        return tuple(i.id for i in items if i.id in wanted)

    return Criteria(
        risks=ordered(criteria.risks, catalog.impacts),
        control_types=ordered(criteria.control_types, catalog.control_types),
        sections=ordered(criteria.sections, catalog.sections),
        threats=ordered(criteria.threats, catalog.threats),
        search=" ".join(criteria.search.split()),
        frameworks=tuple(sorted({slug(f) for f in criteria.frameworks})),
        refs=tuple(sorted(set(criteria.refs))),
    )


class ByteMemo:
    """A thread-safe LRU of bytes, bounded in entries and in total size."""

    def __init__(self, max_bytes: int = MEMO_BYTES, max_entries: int = MEMO_ENTRIES) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            data = self._items.get(key)
            if data is not None:
                self._items.move_to_end(key)
            return data

    def put(self, key: Hashable, data: bytes) -> None:
        if len(data) > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self._size -= len(old) if old is not None else 0
            self._items[key] = data
            self._size += len(data)
            while self._size > self.max_bytes or len(self._items) > self.max_entries:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)


def render_bytes(fmt: str, scene: Scene) -> bytes:
    """In the render process: the file of `scene` in `fmt`, made by the same renderer as a build."""
    from ..render import renderer

    with tempfile.TemporaryDirectory(prefix="navigator-web-") as tmp:
        path = Path(tmp) / f"navigator.{fmt}"
        renderer(fmt)(scene, path)
        return path.read_bytes()


def _ready() -> bool:
    return True


def _gone(pid: int) -> bool:
    """Whether a process has ended (a zombie waiting to be reaped has ended too)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True
    except (OSError, IndexError):  # no /proc here: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        return False


def _watch(server: int) -> None:
    while not _gone(server):
        time.sleep(WATCH_S)
    os._exit(0)


def _in_render_process(server: int) -> None:
    """The render process's initializer: leave when the server process is gone, even killed outright.

    Its parent is the fork server, not the server, and the fork server lives as long as any process it
    forked (they hold its lifeline), so neither PR_SET_PDEATHSIG nor the fork server can stop it: it
    watches the server itself."""
    threading.Thread(target=_watch, args=(server,), name="navigator-render-watch", daemon=True).start()


PRELOAD = ["navigator.web.downloads", "navigator.render.png", "navigator.render.pdf", "navigator.render.svg"]


class RenderPool:
    """Renders by key in a render process, with a bounded number of waiting requests."""

    def __init__(self, slots: int = RENDER_PROCESSES + QUEUE, processes: int = RENDER_PROCESSES) -> None:
        self.slots = slots
        self.processes = processes
        self.memo = ByteMemo()
        self._mean_s = 1.0  # seconds per render, a moving average, for Retry-After
        self._fresh()

    def _fresh(self) -> None:
        """Per process: a forked server worker starts with no render process, whatever its parent had."""
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._inflight: dict[Hashable, Future[bytes]] = {}
        self._taken = 0

    def configure(self, slots: int) -> None:
        self.slots = max(1, slots)

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(PRELOAD)
                self._executor = ProcessPoolExecutor(
                    self.processes, mp_context=ctx, initializer=_in_render_process, initargs=(os.getpid(),)
                )
            return self._executor

    def start(self) -> None:
        """Start the render process now (a server calls this at start, so the first download waits less)."""
        if self._pid != os.getpid():
            self._fresh()
        self._pool().submit(_ready).result(timeout=WAIT_S)

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def retry_after(self) -> int:
        return max(1, min(60, math.ceil(self._mean_s * (self._taken + 1) / self.processes)))

    def get(self, key: Hashable, fmt: str, scene_of: Callable[[], Scene]) -> bytes:
        """The bytes for `key`: from the memo, from a render in progress, or rendered now; or `Busy`."""
        data = self.memo.get(key)
        if data is not None:
            return data
        if self._pid != os.getpid():
            self._fresh()
        with self._lock:
            if self._taken >= self.slots:
                raise Busy(self.retry_after())
            self._taken += 1
            future = self._inflight.get(key)
            owner = future is None
            if future is None:
                future = self._inflight[key] = Future()
        try:
            if owner:
                return self._render(key, fmt, scene_of, future)
            return future.result(timeout=WAIT_S)
        except FutureTimeout:
            raise Busy(self.retry_after()) from None
        finally:
            with self._lock:
                self._taken -= 1

    def _render(self, key: Hashable, fmt: str, scene_of: Callable[[], Scene], future: Future[bytes]) -> bytes:
        try:
            scene = scene_of()
            start = time.perf_counter()
            try:
                data = self._pool().submit(render_bytes, fmt, scene).result(timeout=WAIT_S)
            except BrokenProcessPool:
                self.shutdown()  # the render process died (out of memory?): the next download starts another
                raise
            self._mean_s = 0.7 * self._mean_s + 0.3 * (time.perf_counter() - start)
            self.memo.put(key, data)
            future.set_result(data)
            return data
        except BaseException as e:
            future.set_exception(e)
            raise
        finally:
            with self._lock:
                self._inflight.pop(key, None)


POOL = RenderPool()
