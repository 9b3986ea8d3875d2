"""The interactive web view (Dash + plotly): the only package that imports dash and plotly.

`gunicorn navigator.web:server` serves it. `server` here is the WSGI app of an app made from the
catalog directory in the environment variable NAVIGATOR_CATALOG (default: the shipped catalog),
created on first use, once per process (each gunicorn worker builds its own).
"""

from __future__ import annotations

import os
import threading
from typing import Any, Callable, Iterable

CATALOG_ENV = "NAVIGATOR_CATALOG"


class LazyServer:
    """A WSGI app that creates the real one (a Flask app) on first request or attribute access."""

    def __init__(self) -> None:
        self._app: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    from .app import create_app

                    self._app = create_app(os.environ.get(CATALOG_ENV) or None).server
        return self._app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        return self.load()(environ, start_response)  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.load(), name)


server = LazyServer()
