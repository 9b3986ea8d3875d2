"""The command line's option groups that several commands share, and `build`'s many options: kept
apart so the commands module stays small. Only argparse here: `--help` imports nothing heavy."""

from __future__ import annotations

import argparse


def _catalog_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalog", metavar="DIR", help="catalog directory (default: the OWASP AI Exchange catalog)")


def _filter_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters (repeatable; a build of just that slice)")
    g.add_argument(
        "--risk", action="append", default=[], metavar="ID", help="keep threats with this impact and their controls"
    )
    g.add_argument(
        "--control-type",
        action="append",
        default=[],
        metavar="ID",
        help="keep controls of this type and the threats they mitigate",
    )
    g.add_argument(
        "--section", action="append", default=[], metavar="ID", help="keep this section's threats and controls"
    )
    g.add_argument(
        "--threat",
        action="append",
        default=[],
        metavar="ID",
        help="keep this threat (with its sub-threats) and its controls",
    )
    g.add_argument(
        "--search",
        default="",
        metavar="TEXT",
        help="keep what matches this text (whole words in names, numbers and framework ids first), with its context",
    )
    g.add_argument(
        "--framework",
        action="append",
        default=[],
        metavar="NAME",
        help='keep threats mapped to an entry of this framework (e.g. "OWASP LLM Top 10", "MITRE ATLAS")',
    )
    g.add_argument(
        "--ref",
        action="append",
        default=[],
        metavar="ID",
        help="keep threats mapped to this framework entry (e.g. LLM01, AML.T0051) and their controls",
    )


def build_options(p: argparse.ArgumentParser) -> None:
    """`build`'s options: where and what to write, the medium, the look, filters, a tailored navigator."""
    _catalog_option(p)
    p.add_argument("--out", metavar="DIR", default="output", help="output directory (default: output)")
    p.add_argument(
        "--format",
        default="pdf,svg,png,json",
        metavar="LIST",
        help="comma-separated formats: pdf,svg,png,json,pptx (default: pdf,svg,png,json)",
    )
    p.add_argument("--name", default="navigator", help="base name of the output files (default: navigator)")
    p.add_argument("--width", type=int, metavar="PX", help="PNG width in pixels (default: 3840 along the longer side)")
    p.add_argument(
        "--dpi",
        type=float,
        metavar="DPI",
        help="PNG resolution; sets the width from the diagram size instead of --width",
    )
    p.add_argument("--slide", default="16:9", metavar="SHAPE", help="deck and section images: 16:9 (default) or 4:3")
    p.add_argument("--theme", default="light", metavar="NAME", help="every output's look: light (default) or dark")
    p.add_argument("--per-section", action="store_true", help="also an SVG and a PNG of each layer's slides")
    p.add_argument(
        "--paper",
        default="a3",
        metavar="SIZE",
        help="page size of the PDF and of page 1 everywhere: a4, a3, a2, letter, tabloid, or poster "
        "(one page sized to fit); default a3, the smallest on which the whole navigator is legible",
    )
    p.add_argument(
        "--orientation",
        default="",
        metavar="SIDE",
        help="portrait or landscape (default: whichever gives the larger text)",
    )
    p.add_argument(
        "--no-cache", action="store_true", help="do not read or write the caches (layout geometry, catalog snapshots)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    p.add_argument(
        "--compare",
        metavar="OLD_CATALOG",
        help="mark what is new, changed and removed since this older catalog directory (docs/sync.md)",
    )
    _filter_options(p)
    g = p.add_argument_group("your system (a tailored navigator; docs/assess.md)")
    g.add_argument("--answers", metavar="FILE", help="keep the threats that apply to the system these answers describe")
    g.add_argument("--status", metavar="FILE", help="mark each control's status and each threat's coverage")
