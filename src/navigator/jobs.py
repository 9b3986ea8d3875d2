"""Render several formats at once on two cores: the PDF here, the others in one forked child.

The PDF is the slowest format on large catalogs and the PNG the next (rasterising holds the GIL, so
threads would not overlap them); a forked child shares the Scene without copying or pickling it.
Without a PDF, the child takes the PNG and this process the rest. Where fork is unavailable, or for a
single format, everything runs here, one after the other. A child that fails reports its error
back; an interrupted build stops the child before its temporary files are removed, and a build
killed outright (SIGKILL, where nothing of it runs again) takes the child with it: the kernel sends
the child SIGKILL when its parent dies (`PR_SET_PDEATHSIG`), so no renderer keeps writing into a
folder nobody owns any more. The next build there removes the temporary files (`outputs.remove_abandoned`).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .scene import Scene


@dataclass(frozen=True)
class Job:
    fmt: str
    path: Path
    options: dict[str, Any] = field(default_factory=dict)


class JobError(Exception):
    def __init__(self, fmt: str, cause: str) -> None:
        super().__init__(cause)
        self.fmt = fmt
        self.cause = cause


def _run(job: Job, scene: Scene) -> None:
    from .render import renderer

    try:
        renderer(job.fmt)(scene, job.path, **job.options)
    except Exception as e:  # reported with the format that failed
        raise JobError(job.fmt, f"{type(e).__name__}: {e}") from e


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this (forked) process when its parent dies; leave now if it already has.

    The check after the prctl closes the race where the parent died between the fork and the call.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _child(jobs: list[Job], scene: Scene, conn: Any, parent: int) -> None:
    """Body of the forked child: render, send back None or (format, error), and leave at once."""
    die_with_parent(parent)
    code = 0
    try:
        for job in jobs:
            _run(job, scene)
        conn.send(None)
    except JobError as e:
        conn.send((e.fmt, e.cause))
        code = 1
    except BaseException:  # an interrupt: the parent is cleaning up; say nothing more
        code = 1
    finally:
        conn.close()
        os._exit(code)  # skip the parent's atexit handlers and buffered output


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _split(jobs: list[Job]) -> tuple[list[Job], list[Job]]:
    """(jobs for this process, jobs for the child)."""
    if len(jobs) < 2 or not _can_fork():
        return jobs, []
    if any(j.fmt == "pdf" for j in jobs):
        return [j for j in jobs if j.fmt == "pdf"], [j for j in jobs if j.fmt != "pdf"]
    return [j for j in jobs if j.fmt != "png"], [j for j in jobs if j.fmt == "png"]


def render_all(scene: Scene, jobs: list[Job], say: Callable[[str], None]) -> None:
    """Render every job; raise JobError for the first that fails (the others may be unfinished)."""
    here, forked = _split(jobs)
    child = None
    try:
        if forked:
            ctx = multiprocessing.get_context("fork")
            receive, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(forked, scene, send, os.getpid()), daemon=True)
            proc.start()
            send.close()
            child = (proc, receive)
        for job in here:
            say(f"rendering {job.fmt}")
            _run(job, scene)
        if child is not None:
            proc, receive = child
            say(f"rendering {', '.join(j.fmt for j in forked)}")
            try:
                error = receive.recv()
            except EOFError:
                error = (forked[0].fmt, "the rendering process stopped without a result")
            proc.join()
            if error is not None:
                raise JobError(*error)
    finally:
        if child is not None:
            proc, receive = child
            if proc.is_alive():
                proc.terminate()
                proc.join()
            with contextlib.suppress(OSError):
                receive.close()
