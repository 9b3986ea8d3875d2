"""Every component id of the web view, in one place.

Tests, the benchmark and users' scripts address the page by these ids, so they are part of the
interface: change one only together with docs/web.md.
"""

from __future__ import annotations

# Components a user works with (stable, documented).
DIAGRAM = "diagram"
RISK_FILTER = "risk-filter"
CONTROL_TYPE_FILTER = "control-type-filter"
SECTION_FILTER = "section-filter"
SEARCH = "search"
DETAILS = "details"
RESET = "reset"
MODE = "mode"
DETAILS_SELECT = "details-select"
# Dash's single-value Dropdown names itself by `aria-labelledby="<id>-value-count <id>-value"` and
# only renders the first element in multi mode, so the visible label takes that id: screen readers
# then announce "Show details of" followed by the current choice.
DETAILS_SELECT_LABEL = f"{DETAILS_SELECT}-value-count"
DOWNLOAD_PDF = "download-pdf"
DOWNLOAD_SVG = "download-svg"
DOWNLOAD_PNG = "download-png"

# Page structure.
DETAILS_PANEL = "details-panel"
STATUS = "status"
NOTICES = "notices"

# Plumbing: where the URL and the state live between callbacks.
URL = "url"
STATE = "state"  # the ViewState as a dict (state.to_store)
FIGURE_DATA = "figure-data"  # the figure as the server built it, before zoom-aware text sizes
FIGURE_KEY = "figure-key"  # which base drawing the browser holds, so the server can send only a patch

DOWNLOADS = {"pdf": DOWNLOAD_PDF, "svg": DOWNLOAD_SVG, "png": DOWNLOAD_PNG}
