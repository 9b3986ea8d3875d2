"""The Dash app: `create_app(catalog_dir)` for `navigator serve` (web/serve.py), gunicorn and tests;
`run_debug(...)` for `navigator serve --debug`, on Dash's development server.

The catalog is loaded and laid out when the app is created, so a broken catalog stops the server at
start (with the loader's message) rather than failing requests, and the first visitor waits for
nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dash
import plotly.io  # type: ignore[import-untyped]  # no stubs; one setting is read here

from . import callbacks, delivery, page, sidebar
from .data import context
from .routes import install

ASSETS = Path(__file__).resolve().parent / "assets"
UNUSED_BUNDLES = ("/dash/dash_table/",)  # Dash loads its table's bundle on every page; this app has no table


def json_engine() -> None:
    """Dash encodes every callback's answer with plotly's JSON encoder, whose default ("auto") takes
    orjson when it is installed (it is, for the Scene's JSON). orjson cannot encode Dash components
    (the details panel, the search results), so plotly then walks every value of the answer in Python
    first, the overlays' tens of thousands of coordinates included: four times the time of the
    standard library's encoder, which calls back only for the components (docs/performance.md, "Web
    view"). The same values either way."""
    plotly.io.json.config.default_engine = "json"


class App(dash.Dash):
    """Dash, without the scripts of components the page never uses.

    plotly.js itself comes from `assets/plotly-basic.min.js`, plotly's official partial bundle
    (scatter, bar, pie: the figure uses scatter traces only) of the same version as the full one
    Dash would load; dcc.Graph uses a `window.Plotly` it finds instead of fetching its own. The first
    visit moves about a third of what the full bundle costs (docs/performance.md)."""

    def interpolate_index(self, **kwargs: Any) -> Any:  # type: ignore[override]  # dash's is untyped
        scripts = kwargs.get("scripts", "")
        if isinstance(scripts, str):
            kwargs["scripts"] = "\n".join(
                line for line in scripts.split("\n") if not any(b in line for b in UNUSED_BUNDLES)
            )
        return super().interpolate_index(**kwargs)  # type: ignore[no-untyped-call]


def create_app(
    catalog_dir: str | os.PathLike[str] | None = None, compare: str | os.PathLike[str] | None = None
) -> dash.Dash:
    ctx = context(catalog_dir, compare)
    json_engine()
    app = App(
        __name__,
        title=sidebar.TITLE,
        assets_folder=str(ASSETS),
        serve_locally=True,
        # no "Updating..." flicker in the tab title on every filter change (Dash documents None; its type says str)
        update_title=None,  # type: ignore[arg-type]
        meta_tags=[{"name": "description", "content": "Filter the AI security threats and the controls against them."}],
    )
    app.index_string = page.INDEX_STRING
    app.layout = page.layout(ctx.catalog)
    callbacks.register(app, ctx)
    install(app, ctx)
    delivery.install(app)
    return app


def run_debug(
    catalog_dir: str | os.PathLike[str] | None, host: str, port: int, compare: str | os.PathLike[str] | None = None
) -> None:
    """Dash's development server with its debug mode (reloader, dev tools): for working on the app only."""
    app = create_app(catalog_dir, compare)
    app.run(host=host, port=port, debug=True, dev_tools_ui=True, dev_tools_hot_reload=True)
