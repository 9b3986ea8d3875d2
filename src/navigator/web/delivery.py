"""How responses travel: compression and cache headers, for every server that runs the app.

- **Compression** by flask-compress (the library Dash itself uses for `compress=True`): brotli or
  gzip, as the browser asks (`Vary: Accept-Encoding` on every response), for the text the page loads
  (HTML, JavaScript, CSS, JSON callback answers, SVG) and the fonts. What never changes while the
  process runs (Dash's bundles, our assets, the fonts, the layout) is compressed once per path and
  encoding and kept (`Compressed`, bounded in bytes); the key is the path alone, never the query, so
  no URL can make the server compress plotly.js again. Callback answers are compressed as they go.
- **Cache headers**: Dash names its bundles with a fingerprint of the Dash version and file time
  (`dash_renderer.v4_4_1m1796160952.min.js`) and our assets with `?m=<file time>`, so such a URL
  always means the same bytes: `public, max-age=31536000, immutable`. The page and Dash's layout
  and dependency JSON are `no-cache` (revalidated on each visit), so a restarted server with a new
  catalog or a new Dash is seen at once, and the bundles it names are fetched by their new names.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import dash
import flask
from dash.fingerprint import check_fingerprint
from flask_compress import Compress

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CACHE_BYTES = 48 * 1024 * 1024  # compressed bundles kept per process (about 3 MB per encoding today)
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "image/x-icon",
    "image/vnd.microsoft.icon",
    "font/ttf",
]
NOT_KEPT = "-"


class Compressed:
    """flask-compress's cache backend: compressed bodies by 'encoding;path', LRU, bounded in bytes.

    Keys ending in NOT_KEPT (answers that vary, such as callbacks) are never stored."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        if key.endswith(NOT_KEPT):
            return None
        with self._lock:
            data = self._items.get(key)
            if data is not None:
                self._items.move_to_end(key)
            return data

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(NOT_KEPT) or len(value) > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self._size += len(value) - (len(old) if old is not None else 0)
            self._items[key] = value
            while self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)


def _static_prefixes(prefix: str) -> tuple[str, ...]:
    return (f"{prefix}_dash-component-suites/", f"{prefix}assets/", f"{prefix}fonts/", f"{prefix}_favicon.ico")


def install(app: dash.Dash) -> None:
    """Compression and cache headers on the app's Flask server (after the routes are added)."""
    server: flask.Flask = app.server
    prefix = app.config.routes_pathname_prefix or "/"
    suites = f"{prefix}_dash-component-suites/"
    static = _static_prefixes(prefix)
    constant = static + (f"{prefix}_dash-layout", f"{prefix}_dash-dependencies")

    def cache_key(request: flask.Request) -> str:
        if request.method == "GET" and request.path.startswith(constant):
            return request.path
        return NOT_KEPT

    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_MIMETYPES=COMPRESSED_TYPES,
        COMPRESS_STREAMS=False,  # fonts are served whole (routes.font), so nothing large is streamed
        COMPRESS_CACHE_KEY=cache_key,
        COMPRESS_CACHE_BACKEND=Compressed,
    )
    Compress(server)

    @server.after_request
    def _cache_headers(response: flask.Response) -> flask.Response:
        request = flask.request
        path = request.path
        if request.method not in ("GET", "HEAD") or response.status_code >= 400:
            return response
        versioned = (path.startswith(suites) and check_fingerprint(path[len(suites) :])[1]) or (
            path.startswith(static) and ("m" in request.args or "v" in request.args)
        )
        if versioned:
            response.headers["Cache-Control"] = IMMUTABLE
        elif path == prefix or path.startswith((f"{prefix}_dash-layout", f"{prefix}_dash-dependencies")):
            response.headers["Cache-Control"] = REVALIDATE
        return response
