"""The `navigator` command: a thin shell over `navigator.api`.

It parses options, calls one library function, and turns the package's own errors into a message on
stderr and exit status 2. Heavy libraries are imported inside the commands, so `--help` stays instant.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TextIO

from .. import __version__
from ..errors import CatalogError, NavigatorError, printable
from .options import _catalog_option, build_options

EXIT_USAGE = 2


def _say(message: object, file: TextIO | None = None) -> None:
    """Print a message line by line with control characters escaped: the last line of defence
    against catalog text, file names or option values that would drive the terminal."""
    text = "\n".join(printable(line) for line in str(message).split("\n"))
    print(text, file=sys.stderr if file is None else file)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="navigator",
        description="Generate the AI security threats and controls navigator from a catalog.",
        epilog="Run 'navigator COMMAND --help' for a command's options. Docs: README.md and docs/.",
    )
    parser.add_argument("--version", action="version", version=f"navigator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "build", help="write the navigator as PDF, SVG, PNG and JSON", description="Write the navigator diagram."
    )
    build_options(p)
    p.set_defaults(run=_build)

    p = sub.add_parser(
        "validate", help="check a catalog and summarise it", description="Check a catalog; list every problem."
    )
    _catalog_option(p)
    p.set_defaults(run=_validate)

    p = sub.add_parser("catalog", help="print the normalized catalog", description="Print the normalized catalog.")
    _catalog_option(p)
    p.add_argument("--format", choices=("json",), default="json", help="output format (json)")
    p.set_defaults(run=_catalog)

    p = sub.add_parser(
        "schema", help="print the JSON Schema of catalog files", description="Print the JSON Schema of a catalog file."
    )
    p.set_defaults(run=_schema)

    p = sub.add_parser(
        "sync",
        help="compare the catalog with the AI Exchange docs (and update it)",
        description=(
            "Compare the catalog with the AI Exchange markdown: threats, controls, their relations, "
            "references and links. Exit status 0 when in sync, 1 when drift is found, 2 on unreadable input."
        ),
        epilog="Workflow and report format: docs/sync.md.",
    )
    p.add_argument("docs", metavar="DOCS_DIR", help="the AI Exchange's docs folder (its *.md files)")
    p.add_argument("--redirects", metavar="FILE", help="the site's firebase.json, to check /go/ links and renames")
    _catalog_option(p)
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="report format")
    p.add_argument("--write", action="store_true", help="update the catalog's YAML files to match the docs")
    p.set_defaults(run=_sync)

    p = sub.add_parser(
        "diff",
        help="list what changed between two catalogs",
        description="List the items added, removed and changed between two catalogs. Exit 0 when equal, 1 when not.",
    )
    p.add_argument("old", metavar="OLD_CATALOG", help="catalog directory before")
    p.add_argument("new", metavar="NEW_CATALOG", help="catalog directory after")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="report format")
    p.set_defaults(run=_diff)

    p = sub.add_parser(
        "assess",
        help="which threats apply to your AI system, and how well they are covered",
        description="Assess an AI system: its answers to the catalog's questionnaire say which threats apply, "
        "a status file which controls are in place. See docs/assess.md.",
    )
    p.add_argument("answers", nargs="?", metavar="ANSWERS", help="answers file (YAML: `question id: answer` a line)")
    _catalog_option(p)
    p.add_argument("--status", metavar="STATUS", help="status file (YAML: `control id: implemented|partial|...`)")
    p.add_argument(
        "--format", default="text", metavar="FORMAT", help="text (default), json, csv, xlsx (a sheet per view) or md"
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    p.add_argument(
        "--interactive",
        action="store_true",
        help="ask the questions in the terminal and write the answers file (to --out, or ANSWERS, or stdout)",
    )
    p.set_defaults(run=_assess)

    p = sub.add_parser(
        "serve",
        help="start the interactive web view",
        description="Serve the interactive web view on waitress, ready for production (docs/web.md).",
    )
    _catalog_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port",
        type=_port,
        default=8050,
        metavar="PORT",
        help="port, 1 to 65535, or 0 for any free one (default 8050)",
    )
    p.add_argument(
        "--workers",
        type=_count("--workers", 1, 64),
        default=1,
        metavar="N",
        help="processes, each with its own threads (default 1; up to one per core speeds up downloads)",
    )
    p.add_argument(
        "--threads",
        type=_count("--threads", 2, 256),
        default=8,
        metavar="N",
        help="threads per process (default 8)",
    )
    p.add_argument(
        "--debug",
        action="store_true",
        help="Dash's development server in debug mode (reloader, dev tools); never in production",
    )
    p.add_argument(
        "--compare",
        metavar="OLD_CATALOG",
        help="mark what is new, changed and removed since this older catalog directory, downloads included",
    )
    p.set_defaults(run=_serve)
    return parser


def _validate(args: argparse.Namespace) -> int:
    from ..api import load, validate_summary
    from ..catalog.warnings import catalog_warnings

    catalog = load(args.catalog)
    _say(validate_summary(catalog, args.catalog), sys.stdout)
    for warning in catalog_warnings(args.catalog):
        _say(f"{warning.file}:{warning.line}: warning: {warning.message}")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from ..sync.cli import run_sync

    return run_sync(args.docs, args.redirects, args.catalog, args.format, args.write)


def _diff(args: argparse.Namespace) -> int:
    from ..sync.cli import run_diff

    return run_diff(args.old, args.new, args.format)


def _catalog(args: argparse.Namespace) -> int:
    from ..api import load
    from ..catalog.export import catalog_json

    sys.stdout.write(catalog_json(load(args.catalog)))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from ..catalog.schema import schema_json

    sys.stdout.write(schema_json())
    return 0


def _build(args: argparse.Namespace) -> int:
    from ..api import BuildOptions, build, criteria_from

    options = BuildOptions(
        formats=tuple(f.strip().lower() for f in args.format.split(",") if f.strip()),
        out_dir=args.out,
        name=args.name,
        png_width=args.width,
        png_dpi=args.dpi,
        use_cache=not args.no_cache,
        slide=args.slide,
        theme=args.theme,
        per_section=args.per_section,
        answers=args.answers,
        status=args.status,
        compare=args.compare,
        paper=args.paper.strip(),
        orientation=args.orientation.strip(),
    )
    criteria = criteria_from(
        risks=args.risk,
        control_types=args.control_type,
        sections=args.section,
        threats=args.threat,
        search=args.search,
        frameworks=args.framework,
        refs=args.ref,
    )
    report = None if args.quiet else _progress
    from ..assess.files import AssessInputError, problem_lines

    try:
        written = build(args.catalog, options, criteria, progress=report, note=None if args.quiet else _note)
    except AssessInputError as e:  # as `navigator assess` reports them: a line per problem, then a count
        _say(problem_lines(e, "; nothing was written"))
        return EXIT_USAGE
    if not args.quiet:
        for path in written:
            _say(f"wrote {path}", sys.stdout)
    return 0


def _assess(args: argparse.Namespace) -> int:
    from ..assess.command import run

    return run(
        args.answers,
        catalog_dir=args.catalog,
        status=args.status,
        fmt=args.format.strip().lower(),
        out=args.out,
        interactive=args.interactive,
    )


def _note(message: str) -> None:
    _say(f"navigator: note: {message}")


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\033[K{printable(message)}", end="", file=sys.stderr, flush=True)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; give 1 to 65535, or 0 for any free port")
    return port


def _count(option: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is out of range; give {low} to {high}")
        return value

    return parse


def _serve(args: argparse.Namespace) -> int:
    from ..web.serve import ServeOptions, listen, serve, url_of

    if args.debug:
        from ..web.app import run_debug

        sock = listen(args.host, args.port)  # the same checks and messages as without --debug
        url, port = url_of(sock), sock.getsockname()[1]
        sock.close()
        print(f"navigator: debug server on {url}; never in production", file=sys.stderr)
        run_debug(args.catalog, args.host, port, args.compare)
        return 0
    options = ServeOptions(
        host=args.host, port=args.port, workers=args.workers, threads=args.threads, compare=args.compare
    )
    return serve(args.catalog, options, lambda message: print(f"navigator: {message}", file=sys.stderr, flush=True))


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that `finally` blocks remove temporary files."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return run(args)
    except CatalogError as e:
        for problem in e.problems:
            _say(problem)
        n = len(e.problems)
        print(f"navigator: {n} problem{'s' if n != 1 else ''} in {e.subject}", file=sys.stderr)
        return EXIT_USAGE
    except NavigatorError as e:
        _say(f"navigator: {e}")
        return EXIT_USAGE
    except KeyboardInterrupt as e:
        print("navigator: interrupted; no output file was left half-written", file=sys.stderr)
        return 143 if isinstance(e, _Terminated) else 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug: say so in one line, never a traceback unless asked
        if os.environ.get("NAVIGATOR_DEBUG"):
            raise
        _say(
            f"navigator: internal error: {type(e).__name__}: {e} (set "
            "NAVIGATOR_DEBUG=1 for details, and please report it)"
        )
        return 1
