"""The errors the package raises on purpose. The CLI turns each into a message and exit status 2.

Anything else escaping is a bug, and the property tests check that random input never produces one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located so an editor can jump to it."""

    file: str
    line: int  # 1-based; 0 when the problem is about the file or directory as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class NavigatorError(Exception):
    """Base of the errors a user can fix; the message says what is wrong and how to fix it."""


class CatalogError(NavigatorError):
    """A catalog that cannot be loaded. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(NavigatorError):
    """A bad command-line option or filter value (unknown risk id, bad format name, ...)."""


class RenderError(NavigatorError):
    """A renderer failed; says which format and why. Earlier outputs are left as they were."""
