"""The font faces text is measured in, and which one a layout is measuring in now.

Each style (regular, bold, italic) is a chain of files: its face's own file, then Hebrew, Arabic and
emoji fallbacks (`navigator.text` measures with the first file of the chain that has a character).
Two faces share those fallbacks: `noto`, which the PDF embeds and the images and the web view load,
and `arial` for the deck, which carries no fonts (see `Face`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

# Font keys used in the Scene, and the vendored file each stands for in the default face.
FONT_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
}
FONT_FAMILY = "Noto Sans"
# What each style falls back to, in order, for characters its own face lacks. The fallbacks
# have no italic; emoji have one weight.
_FALLBACK_REGULAR = ("NotoSansHebrew-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoEmoji-Regular.ttf")
FALLBACK_FILES: dict[str, tuple[str, ...]] = {
    "regular": _FALLBACK_REGULAR,
    "bold": ("NotoSansHebrew-Bold.ttf", "NotoSansArabic-Bold.ttf", "NotoEmoji-Regular.ttf"),
    "italic": _FALLBACK_REGULAR,
}
FALLBACK_FAMILIES = ("Noto Sans Hebrew", "Noto Sans Arabic", "Noto Emoji")
# The family list for SVG, CSS and plotly: the same order as the chains, so a viewer falls back alike.
FONT_STACK = ", ".join((FONT_FAMILY, *FALLBACK_FAMILIES))
# Files of joining scripts: their runs are measured and drawn shaped, not as separate characters.
SHAPED_FILES = frozenset({"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"})
ELLIPSIS = "…"


@dataclass(frozen=True)
class Face:
    """A family that text is measured in: its name in outputs and its file per style.

    `noto` is what the PDF embeds and the images and the web view draw with. `arial` is for the deck,
    which cannot carry its fonts: PowerPoint draws it with Arial and LibreOffice with Liberation Sans,
    whose advances are Arial's, so text measured with the vendored Liberation Sans fits in both.
    Both share the Noto fallback chains for the scripts and emoji their own files lack.
    """

    name: str
    family: str
    files: dict[str, str]  # style ("regular", "bold", "italic") -> file


FACES = {
    "noto": Face("noto", FONT_FAMILY, FONT_FILES),
    "arial": Face(
        "arial",
        "Arial",
        {
            "regular": "LiberationSans-Regular.ttf",
            "bold": "LiberationSans-Bold.ttf",
            "italic": "LiberationSans-Italic.ttf",
        },
    ),
}
# Style keys qualified by face ("arial:bold"), what the measuring functions below cache by; the
# default face's keys are the styles themselves.
KEY_FILES = FONT_FILES | {
    f"{name}:{style}": file for name, face in FACES.items() if name != "noto" for style, file in face.files.items()
}
_face: ContextVar[str] = ContextVar("navigator_face", default="noto")


@contextmanager
def measuring_in(face: str) -> Iterator[None]:
    """Text measured (and `metrics` read) in `face` inside the block: layout wraps a whole layout in it,
    so every measurement of a slide deck uses the deck's face without being told at each call. A
    context variable, so layouts in other threads keep their own face."""
    if face not in FACES:
        raise ValueError(f"unknown face {face!r}; choose from {', '.join(FACES)}")
    token = _face.set(face)
    try:
        yield
    finally:
        _face.reset(token)


def current_face() -> Face:
    return FACES[_face.get()]


def face_of(fonts: tuple[tuple[str, str], ...]) -> Face:
    """The face whose files a Scene's `fonts` name (the default face when they name none of another)."""
    files = {file for _, file in fonts}
    for face in FACES.values():
        if files and files <= set(face.files.values()):
            return face
    return FACES["noto"]


def style_key(font: str) -> str:
    face = _face.get()
    return font if face == "noto" else f"{face}:{font}"


def _style(key: str) -> str:
    return key.rpartition(":")[2]


def chain(font: str) -> tuple[str, ...]:
    """The files that draw style `font` in the current face, first choice first."""
    return key_chain(style_key(font))


def key_chain(key: str) -> tuple[str, ...]:
    return (KEY_FILES[key], *FALLBACK_FILES.get(_style(key), _FALLBACK_REGULAR))
