"""Atomic file writes: the one place navigator replaces a file, for builds, the layout cache and the font metrics.

A file is written under a temporary name in its target's folder (same file system, so the rename is
atomic), then renamed over the target, so no reader ever sees half a file and a failed write leaves
the previous file as it was. `api.build` stages every format first and renames them only when all
have rendered; the cache and the font metrics write one file each with `write_atomic`.

Temporary names carry the writer's host and process id (`.navigator.pdf.3f2a9c-4242.k2j4l1q0.tmp`),
so a later build can tell an abandoned temporary file (its writer is gone: killed with SIGKILL, or
the machine stopped) from one that a build running right now is still writing, and remove only the
abandoned ones (`remove_abandoned`).

Whether a write is `durable` (fsync the file before the rename and the folder after) is the caller's
decision, made on purpose: a build's outputs are what the user asked for and may be copied away at
once, so they are synced; the layout cache and the font metrics table are hints, checked when read
(a checksum, a SHA-256 per font), where a torn file after a power cut costs only time, so they are not.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import socket
import time
from collections.abc import Iterator
from pathlib import Path

# Abandoned temporary files from another host (a shared folder) are removed only when this old, since
# whether their writer is still running cannot be checked from here.
FOREIGN_AGE_S = 24 * 3600
# Temporary files named before the writer's id was part of the name (navigator 0.1), removed when this old.
LEGACY_AGE_S = 3600

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_OURS = re.compile(r"^\.(?P<name>.+)\.(?P<host>[0-9a-f]{6})-(?P<pid>[0-9]+)\.[a-z0-9]{8}\.tmp$")
_LEGACY = re.compile(r"^\.(?:.+\.(?:pdf|svg|png|json|pptx)\.|layout-|metrics-)[a-z0-9_]{8}\.tmp$")


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def temporary_path(target: Path) -> Path:
    """A new, empty file beside `target`, named after it and after this process.

    Created with `O_EXCL` and mode 0666, so the kernel applies the process's umask exactly as for any
    new file: no need to read the umask (which can only be done by changing it, process-wide, racing
    every other thread).
    """
    tag = f"{_host_tag()}-{os.getpid()}"
    for _ in range(100):
        suffix = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        path = target.parent / f".{target.name}.{tag}.{suffix}.tmp"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise FileExistsError(f"no free temporary name beside {target}")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened or synced
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def commit(pairs: list[tuple[Path, Path]], *, durable: bool) -> None:
    """Rename each (temporary, target) pair into place, in order; `durable`: fsync first and after."""
    if durable:
        for tmp, _ in pairs:
            _fsync_file(tmp)
    for tmp, target in pairs:
        os.replace(tmp, target)
    if durable:
        for folder in dict.fromkeys(target.parent for _, target in pairs):
            _fsync_folder(folder)


def discard(paths: list[Path]) -> None:
    """Remove temporary files that were not committed (missing ones are fine)."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def atomic_write(target: Path, *, durable: bool) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on failure it is removed."""
    tmp = temporary_path(target)
    try:
        yield tmp
        commit([(tmp, target)], durable=durable)
    finally:
        discard([tmp])


def write_atomic(target: Path, data: bytes | str, *, durable: bool) -> None:
    with atomic_write(target, durable=durable) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _abandoned(name: str, age: float) -> bool:
    m = _OURS.match(name)
    if m is None:
        return bool(_LEGACY.match(name)) and age > LEGACY_AGE_S
    if m["host"] != _host_tag():
        return age > FOREIGN_AGE_S
    pid = int(m["pid"])
    return pid != os.getpid() and not _alive(pid)


def remove_abandoned(folder: Path) -> list[Path]:
    """Remove navigator's temporary files in `folder` whose writer is gone; return them.

    Only names of our own pattern are considered, and only files whose writing process no longer runs
    on this host: a build writing into the same folder right now keeps its files. (A recycled process
    id can keep an abandoned file a while longer, never the reverse.)
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if _abandoned(entry.name, age):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to remove
    return removed
