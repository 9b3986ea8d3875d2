"""The library API that the CLI and the web view share: load, select, lay out, build."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog import Catalog, load_catalog
from .catalog.load import shown_path
from .catalog.summary import summary
from .errors import RenderError, UsageError
from .filters import Criteria, check_criteria, describe, select, subset
from .resources import default_catalog_dir
from .scene import Scene
from .target import DEFAULT_PAPER, DOCUMENT, ORIENTATIONS, PAPER_NAMES, Target, paper_target

if TYPE_CHECKING:  # layout is imported only by the functions that lay out, so commands that draw nothing stay fast
    from .layout import PartCache

Progress = Callable[[str], None] | None


def load(catalog_dir: str | os.PathLike[str] | None = None, use_cache: bool = True) -> Catalog:
    """Load and validate a catalog directory (default: the OWASP AI Exchange). `use_cache=False`
    skips the snapshot of a catalog loaded before (catalog/snapshot.py)."""
    return load_catalog(catalog_dir, use_cache=use_cache)


def validate_summary(catalog: Catalog, catalog_dir: str | os.PathLike[str] | None = None) -> str:
    where = shown_path(Path(catalog_dir) if catalog_dir else default_catalog_dir())
    return summary(catalog, where)


def criteria_from(
    risks: Iterable[str] = (),
    control_types: Iterable[str] = (),
    sections: Iterable[str] = (),
    threats: Iterable[str] = (),
    search: str = "",
    frameworks: Iterable[str] = (),
    refs: Iterable[str] = (),
) -> Criteria:
    """Criteria from option values: ids may be repeated or separated by commas. Framework names
    contain spaces and no commas, so they are taken whole."""

    def norm(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.strip() for value in values for v in value.split(",") if v.strip()))

    return Criteria(
        norm(risks),
        norm(control_types),
        norm(sections),
        norm(threats),
        search.strip(),
        frameworks=tuple(dict.fromkeys(" ".join(f.split()) for f in frameworks if f.strip())),
        refs=norm(refs),
    )


def sliced(catalog: Catalog, criteria: Criteria) -> tuple[Catalog, str]:
    """The catalog narrowed to `criteria` (all of it when there are none), and a description."""
    if criteria.is_empty():
        return catalog, ""
    return subset(catalog, select(catalog, criteria)), describe(catalog, criteria)


EVERYTHING = Criteria()  # no filter


def scene_of(
    catalog: Catalog, criteria: Criteria = EVERYTHING, cache: PartCache | None = None, target: Target = DOCUMENT
) -> Scene:
    """Lay out the (possibly filtered) catalog for `target` (by default every page of the printed document)."""
    from .layout import layout

    part, description = sliced(catalog, criteria)
    return layout(part, cache, description, target=target)


class Layouts:
    """Scenes of one catalog for a long-running process (the web server), any thread may ask.

    Part layouts are kept in memory and shared by every layout, so a filtered view re-runs `dot`
    only for parts it has not seen; the cache starts afresh after `limit` misses, so it stays
    bounded however many distinct filters are asked for. `dot` runs in process and the cache is not
    thread-safe, so layouts run one at a time.
    """

    def __init__(self, catalog: Catalog, limit: int = 20_000) -> None:
        self.catalog = catalog
        self.limit = limit
        self._parts: PartCache | None = None
        self._lock = threading.Lock()

    def scene(self, criteria: Criteria = EVERYTHING, target: Target = DOCUMENT) -> Scene:
        from .layout import PartCache

        with self._lock:
            if self._parts is None or self._parts.misses > self.limit:
                self._parts = PartCache()
            return scene_of(self.catalog, criteria, self._parts, target)


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...] = ("pdf", "svg", "png", "json")
    out_dir: str | os.PathLike[str] = "output"
    name: str = "navigator"
    png_width: int | None = None
    png_dpi: float | None = None
    use_cache: bool = True
    paper: str = DEFAULT_PAPER  # a name of `target.PAPER_NAMES`
    orientation: str = ""  # "" (the one with the larger text), "portrait" or "landscape"

    def target(self) -> Target:
        """The layout target these options ask for."""
        return paper_target(self.paper.lower(), self.orientation.lower())  # type: ignore[arg-type]


def _check_options(options: BuildOptions) -> None:
    from .render import FORMATS

    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown or not options.formats:
        raise UsageError(
            f"unknown format {', '.join(repr(f) for f in unknown) or '(none given)'} "
            f"for --format; choose from {', '.join(FORMATS)}"
        )
    if not options.name or "/" in options.name or options.name.startswith("."):
        raise UsageError(f"--name '{options.name}' must be a plain file name without '/' and not starting with '.'")
    if options.png_width is not None and not 16 <= options.png_width <= 30000:
        raise UsageError(f"--width {options.png_width} is out of range; give 16 to 30000 pixels")
    if options.png_dpi is not None and not 10 <= options.png_dpi <= 2400:
        raise UsageError(f"--dpi {options.png_dpi:g} is out of range; give 10 to 2400")
    if options.paper.lower() not in PAPER_NAMES:
        raise UsageError(f"unknown paper {options.paper!r} for --paper; choose from {', '.join(PAPER_NAMES)}")
    if options.orientation and options.orientation.lower() not in ORIENTATIONS:
        raise UsageError(
            f"unknown orientation {options.orientation!r} for --orientation; choose from {', '.join(ORIENTATIONS)}"
        )


def _check_not_empty(catalog: Catalog, criteria: Criteria) -> None:
    """A build of nothing is a mistake in the filters, not a diagram: say so instead of drawing a blank."""
    if criteria.is_empty():
        return
    selection = select(catalog, criteria)
    if not selection.threats and not selection.controls:
        raise UsageError(
            f"no threat or control matches all of these filters at once ({describe(catalog, criteria)}); "
            "filters of different kinds intersect, so drop one or add values to it"
        )


def build(
    catalog_dir: str | os.PathLike[str] | None,
    options: BuildOptions = BuildOptions(),
    criteria: Criteria = EVERYTHING,
    progress: Progress = None,
    note: Progress = None,
) -> list[Path]:
    """Write the navigator in each format. Every format is rendered to a temporary file first; only
    when all have succeeded is each renamed over its previous version (each rename is atomic), so a
    failure changes nothing and no file is ever seen half-written. `note` hears what the user asked
    for but did not get (a PNG smaller than asked)."""
    from .jobs import Job, JobError, render_all
    from .layout import PartCache, default_cache_dir
    from .outputs import commit, discard, remove_abandoned, temporary_path

    say = progress or (lambda _message: None)
    _check_options(options)
    say("loading the catalog")
    catalog = load(catalog_dir, options.use_cache)
    check_criteria(catalog, criteria)
    _check_not_empty(catalog, criteria)
    out = Path(options.out_dir)
    where = shown_path(out)
    try:
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {where} is a file, not a folder; give a folder for the outputs")
    except OSError as e:
        raise UsageError(f"cannot use the output folder {where}: {_reason(e)}") from None
    say("laying out")
    cache = PartCache(default_cache_dir() if options.use_cache else None)
    scene = scene_of(catalog, criteria, cache, options.target())
    cache.save()
    if "png" in options.formats and note:
        from .render.png import MAX_PIXELS, png_size

        width, _, capped = png_size(scene, options.png_width, options.png_dpi)
        if capped:
            note(
                f"the PNG is {width} pixels wide, less than asked, to stay within "
                f"{MAX_PIXELS / 1e6:g} megapixels; use the SVG or PDF for more detail"
            )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(
            f"cannot create the output folder {where}: {_reason(e)}; give a folder you can write with --out"
        ) from None
    remove_abandoned(out)  # what builds killed with SIGKILL left behind; never a running build's files
    done: list[tuple[Path, Path]] = []
    try:
        jobs = []
        for fmt in options.formats:
            target = out / f"{options.name}.{fmt}"
            try:
                tmp = temporary_path(target)
            except OSError as e:
                raise UsageError(
                    f"cannot write in the output folder {where}: {_reason(e)}; give a folder you can write with --out"
                ) from None
            done.append((tmp, target))
            jobs.append(Job(fmt, tmp, {"width": options.png_width, "dpi": options.png_dpi} if fmt == "png" else {}))
        try:
            render_all(scene, jobs, say)
        except JobError as e:
            raise RenderError(f"could not write the {e.fmt.upper()} ({e.cause}); no output was changed") from e
        try:
            commit(done, durable=True)  # the user's deliverables: on disk before we say "wrote"
        except OSError as e:
            name = Path(e.filename2).name if isinstance(e.filename2, str) else "the outputs"
            raise UsageError(f"cannot replace {name} in {where}: {_reason(e)}") from None
    finally:
        discard([tmp for tmp, _ in done])
    say("")
    return [target for _, target in done]


def _reason(e: OSError) -> str:
    """An OSError as a user reads it: "permission denied", "no space left on device"."""
    text = e.strerror or type(e).__name__
    return text[:1].lower() + text[1:]
