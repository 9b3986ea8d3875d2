"""Render several formats at once: the PNG in a forked child process, the rest in this one.

Rasterising holds the GIL (resvg), so threads would not overlap it with the PDF; a forked child
shares the Scene without copying or pickling it. Where fork is unavailable, or for a single format,
everything runs here, one after the other. A child that fails reports its error back; an interrupted
build stops the child before its temporary file is removed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .scene import Scene

PARALLEL_FORMATS = ("png",)


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
    except Exception as e:  # noqa: BLE001 - reported with the format that failed
        raise JobError(job.fmt, f"{type(e).__name__}: {e}") from e


def _child(job: Job, scene: Scene, conn: Any) -> None:
    """Body of the forked child: render, send back None or the error text, and leave at once."""
    code = 0
    try:
        _run(job, scene)
        conn.send(None)
    except JobError as e:
        conn.send(e.cause)
        code = 1
    except BaseException:  # an interrupt: the parent is cleaning up; say nothing more
        code = 1
    finally:
        conn.close()
        os._exit(code)  # skip the parent's atexit handlers and buffered output


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def render_all(scene: Scene, jobs: list[Job], say: Callable[[str], None]) -> None:
    """Render every job; raise JobError for the first that fails (the others may be unfinished)."""
    forked = [j for j in jobs if j.fmt in PARALLEL_FORMATS] if len(jobs) > 1 and _can_fork() else []
    children = []
    try:
        if forked:
            ctx = multiprocessing.get_context("fork")
            for job in forked:
                receive, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(job, scene, send), daemon=True)
                proc.start()
                send.close()
                children.append((job, proc, receive))
        for job in jobs:
            if job not in forked:
                say(f"rendering {job.fmt}")
                _run(job, scene)
        for job, proc, receive in children:
            say(f"rendering {job.fmt}")
            try:
                error = receive.recv()
            except EOFError:
                error = "the rendering process stopped without a result"
            proc.join()
            if error is not None:
                raise JobError(job.fmt, error)
    finally:
        for _, proc, receive in children:
            if proc.is_alive():
                proc.terminate()
                proc.join()
            with contextlib.suppress(OSError):
                receive.close()
