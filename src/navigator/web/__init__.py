"""The interactive web view (Dash + plotly): the only package that imports dash and plotly.

`gunicorn navigator.web:server` serves it. `server` is the WSGI app of an app made from the catalog
directory in the environment variable NAVIGATOR_CATALOG (default: the shipped catalog). It is made
when first asked for (a module `__getattr__`), so importing this package stays cheap for the CLI,
while gunicorn, which asks for it as each worker boots, loads the catalog before serving anything.
A broken catalog then stops the worker with the loader's messages and gunicorn's boot-error exit
status (gunicorn halts: "Worker failed to boot"), instead of a server answering every request with 500;
so does any other failure to build the app (a catalog that loads but cannot be laid out), in one line
naming the cause, never a bare "Error: ..." from gunicorn.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

CATALOG_ENV = "NAVIGATOR_CATALOG"
WORKER_BOOT_ERROR = 3  # gunicorn's exit status for a worker that cannot boot: the arbiter stops

_lock = threading.Lock()
_server: Any = None


def make_server() -> Any:
    """The Flask app of the catalog in NAVIGATOR_CATALOG, or exit with the catalog's problems."""
    from ..errors import CatalogError
    from .app import create_app

    catalog_dir = os.environ.get(CATALOG_ENV) or None
    try:
        return create_app(catalog_dir).server
    except CatalogError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        where = f"{CATALOG_ENV}={catalog_dir}" if catalog_dir else "the shipped catalog"
        n = len(e.problems)
        print(
            (
                f"navigator: cannot serve {where}: {n} problem{'s' if n != 1 else ''} "
                "(check it with `navigator validate --catalog DIR`)"
            ),
            file=sys.stderr,
        )
        raise SystemExit(WORKER_BOOT_ERROR) from None
    except Exception as e:  # a bug or a limit: one line with the cause, then stop
        where = f"{CATALOG_ENV}={catalog_dir}" if catalog_dir else "the shipped catalog"
        print(
            f"navigator: cannot serve {where}: internal error: {type(e).__name__}: {e} "
            "(check it with `navigator validate --catalog DIR`, and please report it)",
            file=sys.stderr,
        )
        raise SystemExit(WORKER_BOOT_ERROR) from None


def __getattr__(name: str) -> Any:
    global _server
    if name != "server":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    with _lock:
        if _server is None:
            _server = make_server()
    return _server
