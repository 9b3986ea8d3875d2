"""The Scene's vocabulary: what an element is (`Role`), what a page is (`PageKind`), and the prefixes of
element ids and destination names.

Layout writes these and every reader (renderers, the web view, tests) matches on them, so each is
spelled once, here. Roles are `StrEnum`s: they compare, hash and serialise as the plain strings
they stand for, so a Scene read back from JSON holds the same values.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What an element of a page stands for."""

    # cards and what they hold
    THREAT = "threat"
    THREAT_GROUP = "threat-group"
    CONTROL_GROUP = "control-group"
    OTHER_CONTROLS = "other-controls"  # the controls of a section that nothing lists
    TITLE = "title"  # a card's header: number and title, a link to the item's page
    TAB = "tab"  # an impact tab above a threat card
    CONTROL = "control"  # a control row of a card
    GROUP_REF = "group-ref"  # a "See ..." row: a control group the card refers to
    DETAIL_LINK = "detail-link"  # a card's (i), a jump to the threat's detail page
    CONNECTOR = "connector"  # the bus from a threat group to its sub-threats
    # layers
    SECTION = "section"  # a layer's band and header column
    SECTION_TITLE = "section-title"
    SECTION_SUMMARY = "section-summary"
    LAYER_LINK = "layer-link"  # in a layer's header: a jump to the layer's own pages (paper too small for all)
    # around the layers
    TITLE_BLOCK = "title-block"
    SOURCE_LINK = "source-link"
    SUBTITLE = "subtitle"
    FILTERS = "filters"  # what a filtered view shows
    LEGEND = "legend"
    LEGEND_TYPE = "legend-type"
    LEGEND_IMPACT = "legend-impact"
    LEGEND_FRAME = "legend-frame"
    FOOTER = "footer"
    EMPTY = "empty"  # the notice that nothing matches
    # other pages
    INDEX = "index"  # text of the index page of a split overview
    INDEX_ENTRY = "index-entry"  # a section's line there, a jump to its page
    BACK_LINK = "back-link"
    PAGE_LABEL = "page-label"  # running head or foot: which threat, page number, source
    TEXT = "text"  # a line of a detail page
    FACT = "fact"  # a row of a detail page's table of facts
    DETAIL_CONTROL = "detail-control"  # a control's badge and name on a detail page
    SLIDE_HEADING = "slide-heading"  # a slide's heading: the layer's number and title, its part
    SLIDE_FOOT = "slide-foot"  # a slide's foot: source and slide number
    # a tailored build (`build --answers`): what the assessment of one system adds
    COVERAGE = "coverage"  # a threat card's coverage bar and percentage, and a risk's on the summary page
    STATUS = "status"  # a control row's status mark (symbol and colour), on cards and detail pages
    NOT_ANSWERED = "not-answered"  # the tag of a threat kept in because a question deciding it is not answered
    LEGEND_STATUS = "legend-status"  # the legend's entries for status marks and coverage
    SUMMARY = "summary"  # text of the summary page: the answers and the coverage per risk
    # build --compare OLD: what changed since an older catalog
    CHANGE_TAG = "change-tag"  # a NEW or CHANGED tag on a card or row
    CHANGES = "changes"  # the "Changes since ..." box under the legend
    REMOVED = "removed"  # an item removed since, a dashed chip in that box
    LEGEND_CHANGE = "legend-change"  # the legend's entry for a tag or a removed chip


CARD_ROLES = frozenset({Role.THREAT, Role.THREAT_GROUP, Role.CONTROL_GROUP, Role.OTHER_CONTROLS})
THREAT_ROLES = frozenset({Role.THREAT, Role.THREAT_GROUP})
ROW_ROLES = frozenset({Role.CONTROL, Role.GROUP_REF})


class PageKind(StrEnum):
    OVERVIEW = "overview"  # the whole diagram: what images, slides and the web view draw
    INDEX = "index"  # a printed overview too large for one page: title, legend, sections, footer
    SECTION = "section"  # one layer of such an overview, or a layer's own page (part of it) at a legible size
    DETAIL = "detail"  # a threat's detail page (or a continuation of it)
    TITLE = "title"  # a deck's title slide
    LAYER = "layer"  # a slide (or image) of one layer, or of part of one, at a size that reads projected
    LEGEND = "legend"  # a deck's legend slide
    SUMMARY = "summary"  # a tailored build's first printed page: the answers and the coverage per risk


# Element ids are a prefix and catalog ids, so they are stable and say what they stand for:
# f"{CARD}{threat_id}", f"{ROW}{card_ref}:{control_id}".
CARD = "card:"
TITLE = "title:"
TAB = "tab:"
ROW = "row:"
SEE = "see:"
DETAIL_LINK = "detail-link:"
EDGE = "edge:"
SECTION = "section:"
SECTION_TITLE = "section-title:"
SECTION_SUMMARY = "section-summary:"
LAYER_LINK = "layer-link:"
LEGEND = "legend:"
COVERAGE = "coverage:"  # f"{COVERAGE}{threat_id}", on the card
STATUS = "status:"  # f"{STATUS}{card_ref}:{control_id}", on the row
NOT_ANSWERED = "not-answered:"  # f"{NOT_ANSWERED}{threat_id}"
CHANGE = "change:"  # f"{CHANGE}{card_ref}" a card's tag, f"{CHANGE}{card_ref}:{row_ref}" a row's
REMOVED = "removed:"  # f"{REMOVED}{item_id}": an item removed since the older catalog
OTHER_CONTROLS = "other-controls-"  # the ref of a section's "Other controls" card: f"{OTHER_CONTROLS}{section_id}"

# Destinations: names a link (`Element.target`) or a bookmark jumps to, and pages' anchors define.
# A section's band and a card are destinations under their element ids.
OVERVIEW = "overview"
DETAIL = "detail:"  # f"{DETAIL}{threat_id}": the first page of a threat's details
SUMMARY = "summary"  # a tailored build's summary page
LAYER = "layer:"  # f"{LAYER}{section_id}": the first of a layer's own pages (and its page id; then ":2" ...)
