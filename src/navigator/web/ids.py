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
FRAMEWORK_FILTER = "framework-filter"  # one dropdown: whole frameworks and single entries
SEARCH_RESULTS = "search-results"  # what the search matched, or that nothing did
DETAILS_CLOSE = "details-close"  # "Close" (a "Back" on phones) in the details panel's bar
FILTERS_TOGGLE = "filters-toggle"  # opens and closes the filters drawer on narrow screens
FILTERS_DONE = "filters-done"  # closes it, from inside
ZOOM_OUT = "zoom-out"  # smaller text (the diagram reflows), or zoom out of the whole navigator
ZOOM_IN = "zoom-in"
ZOOM_RESET = "zoom-reset"
OVERVIEW = "overview"  # the "Whole navigator" toggle
DOWNLOAD_PDF = "download-pdf"
DOWNLOAD_SVG = "download-svg"
DOWNLOAD_PNG = "download-png"

# Page structure.
DETAILS_PANEL = "details-panel"
DETAILS_TITLE = "details-title"  # the panel's heading, focused when the keyboard opens the panel
STATUS = "status"
NOTICES = "notices"
SIDEBAR = "sidebar"
CANVAS = "canvas"  # the diagram's scrolling area, focusable: where focus returns from the panel

# Plumbing: where the URL and the state live between callbacks.
URL = "url"
STATE = "state"  # the ViewState as a dict (state.to_store)
FIGURE_DATA = "figure-data"  # the figure as the server built it, before zoom-aware text sizes
FIGURE_KEY = "figure-key"  # which base drawing the browser holds, so the server can send only a patch
VIEWPORT = "viewport"  # the canvas width, text zoom and overview toggle, set by assets/navigator.js

DOWNLOADS = {"pdf": DOWNLOAD_PDF, "svg": DOWNLOAD_SVG, "png": DOWNLOAD_PNG}
