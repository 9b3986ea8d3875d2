"""Atomic output files: write beside the target, then rename, so no reader ever sees half a file.

A build renders every format to temporary files first and renames them into place only when all have
succeeded, so a failed or killed build leaves the previous outputs as they were.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what open() would give a new file; mkstemp's 0600 would surprise users


def temporary_path(target: Path) -> Path:
    """A new, empty file in the target's folder (same file system, so the rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.chmod(name, _MODE)
    return Path(name)


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on failure it is removed."""
    tmp = temporary_path(target)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_write(target) as tmp:
        tmp.write_bytes(data)


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        with open(path, "rb+") as f:
            os.fsync(f.fileno())
