"""A control's type from its Category line, by the rule of docs/catalog.md ("Control types of the AI Exchange").

Older docs said "data science control" (also misspelt "datasciuence", "datascience") where today's say
"AI engineer control"; both read the same.
"""

from __future__ import annotations

import re

_AI_ENGINEER = re.compile(r"\bai[ -]engineer|\bdata ?sci\w*", re.IGNORECASE)


def control_type(category: str) -> str:
    lowered = " ".join(category.lower().split())
    if "information security" in lowered or "conventional security" in lowered:
        return "infosec"
    if _AI_ENGINEER.search(lowered):
        if lowered.startswith("runtime"):
            return "runtime-ai"
        if lowered.startswith("development-time"):
            return "devtime-ai"
    return "other"
