"""Run another checkout's `navigator` command with this venv, to time two versions side by side.

Targets measured on an earlier, quieter machine are checked as ratios against the commit that met
them (docs/performance.md): make a worktree of it, then give `farm-bench` both commands:

    git worktree add --detach /tmp/old 18f1f48
    farm-bench --vs "python benchmarks/checkout_cli.py /tmp/old build --no-cache --out /tmp/oo -q" \\
        -- navigator build --no-cache --out /tmp/nn -q
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: python benchmarks/checkout_cli.py CHECKOUT [navigator arguments ...]", file=sys.stderr)
        return 2
    root = Path(sys.argv[1]).resolve()
    sys.path.insert(0, str(root / "src"))
    import navigator

    if not Path(navigator.__file__).resolve().is_relative_to(root):
        print(f"navigator was imported from {navigator.__file__}, not from {root}", file=sys.stderr)
        return 2
    from navigator.cli import main as cli

    sys.argv = ["navigator", *sys.argv[2:]]
    return int(cli() or 0)


if __name__ == "__main__":
    sys.exit(main())
