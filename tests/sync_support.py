"""Where the sync tests find the AI Exchange reference docs, and small helpers they share.

The reference docs live beside the repository, in `../shared/reference/ai-exchange/` (CI checks the
repository out as /work/main). `NAVIGATOR_AI_EXCHANGE_DOCS` overrides that (a directory holding `docs/`
and `firebase.json`). A git worktree also looks beside its main checkout. When none is found the tests
that need the docs fail, loudly: they must never be skipped in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, ROOT

SYNC = DATA / "sync"
TODAY = SYNC / "today"
OLDER = SYNC / "older"
FIXTURE_CATALOG = SYNC / "catalog"
ENV = "NAVIGATOR_AI_EXCHANGE_DOCS"


def _main_checkout(root: Path) -> Path | None:
    """The main checkout of a git worktree (its .git is a file naming .../.git/worktrees/NAME)."""
    git = root / ".git"
    if not git.is_file():
        return None
    text = git.read_text(encoding="utf-8", errors="replace").strip()
    if not text.startswith("gitdir:"):
        return None
    gitdir = Path(text.split(":", 1)[1].strip())
    return gitdir.parent.parent.parent if gitdir.parent.name == "worktrees" else None


def reference_dir() -> Path:
    """The AI Exchange reference directory (docs/ and firebase.json), or a failed test saying where to put it."""
    if os.environ.get(ENV):
        found = Path(os.environ[ENV])
        if not (found / "docs").is_dir():
            pytest.fail(f"{ENV}={found} has no docs/ directory")
        return found
    candidates = [ROOT.parent / "shared" / "reference" / "ai-exchange"]
    main = _main_checkout(ROOT)
    if main is not None:
        candidates.append(main.parent / "shared" / "reference" / "ai-exchange")
    for c in candidates:
        if (c / "docs").is_dir():
            return c
    pytest.fail(
        "the AI Exchange reference docs are missing: looked in "
        + ", ".join(str(c) for c in candidates)
        + f"; put them there or set {ENV}"
    )


def history_dir() -> Path:
    found = reference_dir().parent / "ai-exchange-history"
    if not found.is_dir():
        pytest.fail(f"the AI Exchange history snapshots are missing: {found}")
    return found


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "navigator", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
    )
