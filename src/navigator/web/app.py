"""The Dash app: `create_app(catalog_dir)` for tests and gunicorn, `run(...)` for `navigator serve`.

The catalog is loaded and laid out when the app is created, so a broken catalog stops the server at
start (with the loader's message) rather than failing requests, and the first visitor waits for
nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import dash

from . import callbacks, page
from .routes import install
from .data import context

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(catalog_dir: str | os.PathLike[str] | None = None) -> dash.Dash:
    ctx = context(catalog_dir)
    app = dash.Dash(
        __name__,
        title=page.TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,  # no "Updating..." flicker in the tab title on every filter change
        meta_tags=[{"name": "description", "content": "Filter the AI security threats and the controls against them."}],
    )
    app.index_string = page.INDEX_STRING
    app.layout = page.layout(ctx.catalog)
    callbacks.register(app, ctx)
    install(app, ctx)
    return app


def run(
    catalog_dir: str | os.PathLike[str] | None = None, host: str = "127.0.0.1", port: int = 8050, debug: bool = False
) -> None:
    """Serve with Flask's development server (use gunicorn in production; see docs/web.md)."""
    app = create_app(catalog_dir)
    app.run(host=host, port=port, debug=debug, dev_tools_ui=debug, dev_tools_hot_reload=debug)
