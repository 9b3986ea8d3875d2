"""Which files of a catalog folder are read, and reading them without following them anywhere.

A catalog may come from a pull request, so its folder is not trusted: a `*.yaml` that is a symbolic
link to `/etc/shadow`, a FIFO that would block the reader forever, or a device must be refused by its
name, never opened, and nothing of its content may reach a message. Catalog files must be regular
files; a symbolic link is followed only when it leads to a regular file inside the catalog folder.
Each file is opened without following a link and without blocking, and checked again once open, so
a file swapped for something else between the check and the read is refused too.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem

SUFFIXES = (".yaml", ".yml")  # but not Emacs's lock files `.#name.yaml`, dangling links while a file is edited
MAX_FILE_BYTES = 8 * 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_MUST_BE_REGULAR = "catalog files must be regular files in the catalog folder"


@dataclass(frozen=True)
class CatalogFile:
    """A file of the folder that passed the checks: its name as listed, and what it resolved to."""

    path: Path  # as listed in the folder (what messages show)
    real: str  # the regular file it is, links resolved
    device: int
    inode: int


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _inside(root: str, real: str) -> bool:
    return real != root and os.path.commonpath([root, real]) == root


def _check(path: Path, root: str) -> CatalogFile | Problem:
    """The file to read, or why it is refused (by its name in the folder, never by its target)."""
    shown = shown_path(path)
    try:
        own = os.lstat(path)
    except OSError as e:
        return Problem(shown, 0, f"cannot read the file: {e.strerror or e}")
    real = str(path)
    if stat.S_ISLNK(own.st_mode):
        real = os.path.realpath(path)
        if not _inside(root, real):
            return Problem(
                shown,
                0,
                "is a symbolic link to a file outside the catalog folder; copy the file into the folder instead",
            )
        try:
            target = os.stat(path)
        except OSError as e:
            if e.errno == errno.ELOOP:
                return Problem(shown, 0, "is a symbolic link that leads back to itself (a loop of links); remove it")
            return Problem(
                shown, 0, "is a symbolic link to nothing (its target does not exist); remove it or copy the file here"
            )
        if not stat.S_ISREG(target.st_mode):
            return Problem(shown, 0, f"is a symbolic link to a {file_kind(target.st_mode)}; {_MUST_BE_REGULAR}")
        return CatalogFile(path, real, target.st_dev, target.st_ino)
    if not stat.S_ISREG(own.st_mode):
        return Problem(shown, 0, f"is a {file_kind(own.st_mode)}, not a regular file; {_MUST_BE_REGULAR}")
    return CatalogFile(path, real, own.st_dev, own.st_ino)


def list_files(directory: Path) -> tuple[list[CatalogFile], list[Problem]]:
    """The catalog files of `directory` in name order, and a problem for each one refused.

    Raises OSError when the directory cannot be listed."""
    root = os.path.realpath(directory)
    names = sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES and not p.name.startswith(".#"))
    files: list[CatalogFile] = []
    problems: list[Problem] = []
    for path in names:
        checked = _check(path, root)
        if isinstance(checked, Problem):
            problems.append(checked)
        else:
            files.append(checked)
    return files, problems


def read_bytes(file: CatalogFile) -> tuple[bytes | None, list[Problem]]:
    """The content of a checked file, or the problem: never blocks, never follows a swapped-in link."""
    shown = shown_path(file.path)
    try:
        fd = os.open(file.real, _OPEN_FLAGS)
    except OSError as e:
        if e.errno == errno.ELOOP:  # the file became a link after it was checked
            return None, [Problem(shown, 0, f"changed into a symbolic link while being read; {_MUST_BE_REGULAR}")]
        return None, [Problem(shown, 0, f"cannot read the file: {e.strerror or e}")]
    with os.fdopen(fd, "rb") as f:
        now = os.fstat(f.fileno())
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (file.device, file.inode):
            return None, [Problem(shown, 0, f"was replaced while being read; {_MUST_BE_REGULAR}")]
        if now.st_size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    shown,
                    0,
                    f"file is {now.st_size / 1048576:.1f} MiB; the limit is {MAX_FILE_BYTES // 1048576} MiB per "
                    "catalog file: split it into several files",
                )
            ]
        try:
            data = f.read(MAX_FILE_BYTES + 1)
        except OSError as e:
            return None, [Problem(shown, 0, f"cannot read the file: {e.strerror or e}")]
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        return None, [
            Problem(shown, 0, f"file is over the limit of {MAX_FILE_BYTES // 1048576} MiB: split it into several files")
        ]
    return data, []


def read_named(path: Path) -> tuple[bytes | None, list[Problem]]:
    """The content of one file a user named on the command line (an answers or status file).

    Naming it is consent to follow a link, but a FIFO, device or directory is still refused by name
    and never opened (opening a FIFO blocks), and the file is read through the same checks as a
    catalog file: opened without blocking, checked again once open, at most MAX_FILE_BYTES.
    """
    shown = shown_path(path)
    try:
        st = os.stat(path)
    except OSError as e:
        return None, [Problem(shown, 0, f"cannot read the file: {e.strerror or e}")]
    if not stat.S_ISREG(st.st_mode):
        return None, [Problem(shown, 0, f"is a {file_kind(st.st_mode)}, not a regular file; give a YAML file")]
    return read_bytes(CatalogFile(path, os.path.realpath(path), st.st_dev, st.st_ino))
