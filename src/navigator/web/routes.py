"""The Flask side of the app: downloads, fonts, security headers, and a gate for callback requests.

- `/download/navigator.<pdf|svg|png>?<filters>`: the filtered view made by the same renderers and
  the same `api.scene_of` slice as `navigator build`, so a download matches the CLI's output;
  rendered on a small bounded pool (`downloads`), answered 503 with `Retry-After` when it is full;
  saved under a name after the view (`navigator-risk-model-integrity.pdf`).
- `/fonts/<file>`: the vendored Noto Sans files and their Hebrew, Arabic and emoji fallbacks, for the
  @font-face rules of assets/navigator.css, so the browser draws text with the fonts the layout
  measured it with.
- Every response carries security headers; the Content-Security-Policy allows only this origin's
  scripts (plus the hash of Dash's one inline script), so nothing in a catalog can run script.
- A callback request must have exactly the shape of a registered callback before Dash sees it, so a
  malformed one gets a 400 instead of an exception deep inside Dash (a 500); so must a bundle under
  `/_dash-component-suites/` be one Dash registered, or it gets a 404 (Dash raises, a 500 and a
  traceback in the log).
"""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from typing import Any

import dash
import flask
from dash.fingerprint import check_fingerprint

from ..filters import Criteria
from ..resources import font_path
from ..text import vendored_files
from .callbacks import download_name
from .data import Context
from .downloads import POOL, Busy, normalised
from .state import checked, parse_query

log = logging.getLogger("navigator.web")

MAX_REQUEST_BYTES = 256 * 1024  # a callback request is a few kB; nothing is uploaded
MIMETYPES = {"pdf": "application/pdf", "svg": "image/svg+xml", "png": "image/png"}
FONT_NAMES = frozenset(vendored_files())  # Noto Sans and its fallbacks, nothing else in assets/fonts
DISPATCH = "_dash-update-component"

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
# A download is a file, never a page: if a browser shows one anyway, it can run nothing.
DOWNLOAD_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; sandbox"


def content_security_policy(script_hashes: list[str]) -> str:
    """The page's policy; docs/web.md says why each directive is there."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _bad(message: str, status: int = 400) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _matches(entries: Any, expected: list[dict[str, Any]]) -> bool:
    """Whether a list of {id, property, ...} entries names exactly the expected ones, in order."""
    if not isinstance(entries, list) or len(entries) != len(expected):
        return False
    return all(
        isinstance(e, dict) and e.get("id") == x["id"] and e.get("property") == x["property"]
        for e, x in zip(entries, expected)
    )


def _output_spec(output: Any) -> dict[str, Any]:
    """{id, property} of a registered output (an `Output`, or 'id.property' text)."""
    if hasattr(output, "component_id"):
        return {"id": output.component_id, "property": output.component_property}
    component_id, _, prop = str(output).rpartition(".")
    return {"id": component_id, "property": prop}


def callback_problem(app: dash.Dash, body: Any) -> str | None:
    """Why a callback request body does not fit any registered server callback, or None if it fits."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    spec = app.callback_map.get(output) if isinstance(output, str) else None
    if not isinstance(spec, dict) or "callback" not in spec:
        return "unknown callback"
    if not _matches(body.get("inputs"), spec.get("inputs") or []):
        return "inputs do not match the callback"
    if not _matches(body.get("state", []), spec.get("state") or []):
        return "state does not match the callback"
    names = spec.get("output")
    expected = [_output_spec(n) for n in (names if isinstance(names, list) else [names])]
    outputs = body.get("outputs")
    if not _matches(outputs if isinstance(names, list) else [outputs], expected):
        return "outputs do not match the callback"
    changed = body.get("changedPropIds", [])
    allowed = {f"{i['id']}.{i['property']}" for i in spec.get("inputs") or []}
    if not isinstance(changed, list) or not all(isinstance(c, str) and c in allowed for c in changed):
        return "changedPropIds do not match the callback"
    return None


def render_download(context: Context, fmt: str, criteria: Criteria) -> bytes:
    """The file of the filtered view, from the bounded render pool (which may raise `Busy`)."""
    criteria = normalised(criteria, context.catalog)
    return POOL.get((id(context), fmt, criteria), fmt, lambda: context.scene(criteria))


@cache
def _font(name: str) -> tuple[bytes, str]:
    data = font_path(name).read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:32]


def known_bundle(app: dash.Dash, rest: str) -> bool:
    """Whether `<package>/<file>` after /_dash-component-suites/ names a bundle Dash registered."""
    package, _, fingerprinted = rest.partition("/")
    path, _ = check_fingerprint(fingerprinted)
    return path in app.registered_paths.get(package, ())


def install(app: dash.Dash, context: Context) -> None:
    """Add the routes, the request gate and the headers to the app's Flask server."""
    server: flask.Flask = app.server
    prefix = app.config.routes_pathname_prefix or "/"
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    csp = content_security_policy(list(app.csp_hashes()))
    dispatch_path = f"{prefix}{DISPATCH}"
    reload_path = f"{prefix}_reload-hash"

    catchall = f"{prefix}<path:path>"
    suites = f"{prefix}_dash-component-suites/"

    @server.before_request
    def _gate() -> flask.Response | None:
        rule = flask.request.url_rule
        if rule is not None and rule.rule == catchall:
            return _bad("404 Not Found", 404)  # Dash serves its page at any path; this app has one page
        if flask.request.path == reload_path and not app._dev_tools.get("hot_reload"):
            return _bad("404 Not Found", 404)  # Dash answers it even with debug off; it only serves dev tools
        if flask.request.path.startswith(suites) and not known_bundle(app, flask.request.path[len(suites) :]):
            return _bad("404 Not Found", 404)
        if flask.request.path == dispatch_path and flask.request.method == "POST":
            try:
                body = flask.request.get_json(silent=True)
            except (RecursionError, ValueError):  # JSON nested deeper than Python's parser goes
                return _bad("bad callback request: the body is not JSON this server reads")
            problem = callback_problem(app, body)
            if problem:
                return _bad(f"bad callback request: {problem}")
        return None

    @server.after_request
    def _headers(response: flask.Response) -> flask.Response:
        for name, value in STATIC_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", csp)
        return response

    def download(fmt: str) -> flask.Response:
        if fmt not in MIMETYPES:
            return _bad("no such download; use navigator.pdf, navigator.svg or navigator.png", 404)
        state, _ = parse_query(flask.request.query_string.decode("utf-8", "replace"))
        state, _ = checked(state, context.catalog)
        try:
            data = render_download(context, fmt, state.criteria())
        except Busy as busy:
            response = _bad(f"the server is busy making other downloads; try again in {busy.retry_after} s", 503)
            response.headers["Retry-After"] = str(busy.retry_after)
            return response
        except ModuleNotFoundError:
            log.exception("no renderer for %s", fmt)
            return _bad(f"{fmt.upper()} output is not available on this server", 503)
        except Exception:  # logged here; the client gets no internals
            log.exception("could not render %s", fmt)
            return _bad(f"could not make the {fmt.upper()}", 500)
        response = flask.Response(data, mimetype=MIMETYPES[fmt])
        name = download_name(normalised(state.criteria(), context.catalog))  # ASCII, named after the view
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
        response.headers["Cache-Control"] = "no-cache"
        return response

    def font(name: str) -> flask.Response:
        if name not in FONT_NAMES:
            return _bad("no such font", 404)
        data, etag = _font(name)  # whole, not streamed, so its compressed form is kept (delivery.py)
        response = flask.Response(data, mimetype="font/ttf")
        response.cache_control.public = True
        response.cache_control.max_age = 86400
        response.set_etag(etag)
        response.make_conditional(flask.request)  # in place
        return response

    server.add_url_rule(f"{prefix}download/navigator.<fmt>", "navigator_download", download, methods=["GET"])
    server.add_url_rule(f"{prefix}fonts/<name>", "navigator_font", font, methods=["GET"])

    @server.errorhandler(400)
    @server.errorhandler(404)
    @server.errorhandler(405)
    @server.errorhandler(413)
    @server.errorhandler(414)
    @server.errorhandler(431)
    @server.errorhandler(500)
    def _http_error(error: Any) -> flask.Response:
        return _bad(
            f"{error.code} {error.name}", error.code
        )  # Flask has logged a 500's cause; the client gets no internals
