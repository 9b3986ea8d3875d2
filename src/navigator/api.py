"""The library API that the CLI and the web view share: load, select, lay out, build."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .annotations import NONE, Annotations, Assessed
from .catalog import Catalog, load_catalog
from .catalog.load import shown_path
from .catalog.summary import summary
from .errors import CatalogError, RenderError, UsageError, printable
from .filters import Criteria, check_criteria, describe, select, subset
from .resources import default_catalog_dir
from .roles import PageKind
from .scene import Scene
from .target import (
    DEFAULT_PAPER,
    DOCUMENT,
    ORIENTATIONS,
    PAPER_NAMES,
    SLIDES,
    Target,
    deck_target,
    paper_target,
    sections_target,
)
from .theme import THEMES

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
    catalog: Catalog,
    criteria: Criteria = EVERYTHING,
    cache: PartCache | None = None,
    target: Target = DOCUMENT,
    annotations: Annotations = NONE,
) -> Scene:
    """Lay out the (possibly filtered) catalog for `target` (by default every page of the printed
    document), with what `annotations` mark on it (a tailored build's assessment, a comparison with an
    older catalog: `tailored`, `compared_with`)."""
    from .layout import layout

    part, description = sliced(catalog, criteria)
    return layout(part, cache, description, target=target, annotations=annotations)


def tailored(
    catalog: Catalog, answers: str, status: str | None = None, criteria: Criteria = EVERYTHING
) -> tuple[Criteria, Annotations]:
    """A tailored build's criteria (the other filters, narrowed to the threats that apply) and marks,
    from an answers file and a status file. Raises `assess.AssessInputError` with every problem of
    both files (`FILE:LINE: ...` and the valid choices), or `UsageError` for a catalog without questions."""
    from dataclasses import replace

    from .assess import evaluate, read_both
    from .assess.annotate import assessed

    if not catalog.questions:
        raise UsageError(
            "this catalog has no questionnaire, so --answers cannot be used: add a 'questions' list to one of "
            "its files (see docs/assess.md)"
        )
    given, marks = read_both(catalog, answers, status)
    assessment = evaluate(catalog, given, marks)
    marked = Annotations(assessed=assessed(catalog, assessment, shown_path(Path(answers))))
    return replace(criteria, applicable=assessment.applicable), marked


def compared_with(
    catalog: Catalog, old_dir: str | os.PathLike[str], use_cache: bool = True, annotations: Annotations = NONE
) -> Annotations:
    """`annotations` with what changed since the older catalog in `old_dir` (`build --compare`).

    The older catalog is loaded and validated like any other; its problems are reported as those of
    "the --compare catalog". It is named on the diagram by its version and date, or by its folder
    when those are the same as the catalog's (a hand-edited copy)."""
    from dataclasses import replace

    from .sync.compared import compared_of
    from .sync.diff import diff_catalogs

    where = shown_path(Path(old_dir))
    try:
        old = load(old_dir, use_cache)
    except CatalogError as e:  # its problems as those of the option that named it
        problems = [replace(p, message=p.message.replace("--catalog takes", "--compare takes")) for p in e.problems]
        raise CatalogError(problems, f"the --compare catalog {where}") from None
    m, n = old.meta, catalog.meta
    same = (m.version, m.date) == (n.version, n.date)
    label = where if same else f"version {m.version} of {m.date}"
    return replace(annotations, compared=compared_of(diff_catalogs(old, catalog), label))


class Layouts:
    """Scenes of one catalog for a long-running process (the web server), any thread may ask.

    Part layouts are kept in memory and shared by every layout, so a filtered view re-runs `dot`
    only for parts it has not seen; the cache starts afresh after `limit` misses, so it stays
    bounded however many distinct filters are asked for. `dot` runs in process and the cache is not
    thread-safe, so layouts run one at a time.
    """

    def __init__(self, catalog: Catalog, limit: int = 20_000, annotations: Annotations = NONE) -> None:
        self.catalog = catalog
        self.limit = limit
        self.annotations = annotations  # marked on every Scene (serve --compare)
        self._parts: PartCache | None = None
        self._lock = threading.Lock()

    def scene(
        self, criteria: Criteria = EVERYTHING, target: Target = DOCUMENT, assessed: Assessed | None = None
    ) -> Scene:
        """`assessed`: one system's assessment (the web view's "Your system") marked on this Scene,
        beside the comparison every Scene of this instance carries."""
        from dataclasses import replace

        from .layout import PartCache

        marks = self.annotations if assessed is None else replace(self.annotations, assessed=assessed)
        with self._lock:
            if self._parts is None or self._parts.misses > self.limit:
                self._parts = PartCache()
            return scene_of(self.catalog, criteria, self._parts, target, marks)


# A section image's default width: PowerPoint's own export size for a slide, 2 pixels a point at 16:9 (a
# 12-point text 24 pixels high), and a quarter of the 3840 pixels' rasterising time.
SECTION_PNG_WIDTH = 1920


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...] = ("pdf", "svg", "png", "json")
    out_dir: str | os.PathLike[str] = "output"
    name: str = "navigator"
    png_width: int | None = None
    png_dpi: float | None = None
    use_cache: bool = True
    slide: str = "16:9"  # the deck's and the per-section images' shape (`target.SLIDES`)
    theme: str = "light"  # `theme.THEMES`
    per_section: bool = False  # also an SVG and a PNG of each layer slide
    answers: str | None = None  # a tailored build: the answers file (`build --answers`)
    status: str | None = None  # and the status file (`build --status`, only with answers)
    compare: str | os.PathLike[str] | None = None  # an older catalog: mark what changed since (--compare)
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
    _check_choice("--slide", options.slide, SLIDES)
    _check_choice("--theme", options.theme, THEMES)


def _check_choice(option: str, value: str, choices: Iterable[str]) -> None:
    if value not in choices:
        raise UsageError(f"unknown value '{printable(value)}' for {option}; choose from {', '.join(choices)}")


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
    annotations = NONE
    if options.status and not options.answers:
        raise UsageError(
            "--status marks the controls of a tailored navigator: give --answers too "
            "(an answers file of empty answers keeps every threat, each tagged not answered)"
        )
    if options.answers:
        criteria, annotations = tailored(catalog, options.answers, options.status, criteria)
    _check_not_empty(catalog, criteria)
    if options.compare is not None:
        say("loading the --compare catalog")
        annotations = compared_with(catalog, options.compare, options.use_cache, annotations)
    out = Path(options.out_dir)
    where = shown_path(out)
    try:
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {where} is a file, not a folder; give a folder for the outputs")
    except OSError as e:
        raise UsageError(f"cannot use the output folder {where}: {_reason(e)}") from None
    say("laying out")
    cache = PartCache(default_cache_dir() if options.use_cache else None)
    scene = scene_of(catalog, criteria, cache, replace(options.target(), theme=options.theme), annotations=annotations)
    deck = sections = None
    if "pptx" in options.formats:
        deck = scene_of(catalog, criteria, cache, deck_target(options.slide, options.theme), annotations=annotations)
    if options.per_section:
        sections = scene_of(
            catalog, criteria, cache, sections_target(options.slide, options.theme), annotations=annotations
        )
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

        def add(fmt: str, file: str, job_scene: Scene | None = None, page: str = "") -> None:
            target = out / file
            try:
                tmp = temporary_path(target)
            except OSError as e:
                raise UsageError(
                    f"cannot write in the output folder {where}: {_reason(e)}; give a folder you can write with --out"
                ) from None
            done.append((tmp, target))
            opts: dict[str, object] = {"width": options.png_width, "dpi": options.png_dpi} if fmt == "png" else {}
            if fmt == "png" and page and options.png_width is None and options.png_dpi is None:
                opts["width"] = SECTION_PNG_WIDTH
            jobs.append(Job(fmt, tmp, opts | ({"page": page} if page else {}), job_scene))

        for fmt in options.formats:
            add(fmt, f"{options.name}.{fmt}", deck if fmt == "pptx" else None)
        if sections is not None:
            for page, stem in section_pages(sections, catalog):
                add("svg", f"{options.name}-{stem}.svg", sections, page)
                add("png", f"{options.name}-{stem}.png", sections, page)
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


def section_pages(scene: Scene, catalog: Catalog) -> list[tuple[str, str]]:
    """(page id, file stem) of each layer slide of a deck: "section-2" for layer 2's first slide,
    "section-2-2" for its second, by the section's number (or its place, where it has none)."""
    numbers = {s.id: _stem(s.number) or str(i) for i, s in enumerate(catalog.sections, start=1)}
    out = []
    for page in scene.pages:
        if page.kind == PageKind.LAYER:
            _, section, k = page.id.split(":")
            stem = f"section-{numbers.get(section, section)}"
            out.append((page.id, stem if k == "1" else f"{stem}-{k}"))
    return out


def _stem(number: str) -> str:
    """A section number as a file name may hold it ("2", "2.1"); "" when nothing of it is safe."""
    return "".join(ch for ch in number if ch.isascii() and (ch.isalnum() or ch in ".-")).strip(".-")


def _reason(e: OSError) -> str:
    """An OSError as a user reads it: "permission denied", "no space left on device"."""
    text = e.strerror or type(e).__name__
    return text[:1].lower() + text[1:]
