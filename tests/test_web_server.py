"""The Flask side, through Flask's test client: downloads, fonts, headers, and bad requests."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.web import WORKER_BOOT_ERROR, callbacks, ids
from navigator.web.app import create_app
from navigator.web.routes import MAX_REQUEST_BYTES, callback_problem


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def body(
    spec: tuple[tuple[str, str], ...],
    inputs: tuple[tuple[str, str], ...],
    values: list[Any],
    state: tuple[tuple[str, str], ...] = (),
    state_values: Sequence[Any] = (),
    changed: list[str] | None = None,
) -> dict[str, Any]:
    """A callback request as dash-renderer sends it."""
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in spec) + ".."
        if len(spec) > 1
        else f"{spec[0][0]}.{spec[0][1]}",
        "outputs": [{"id": i, "property": p} for i, p in spec],
        "inputs": [{"id": i, "property": p, "value": v} for (i, p), v in zip(inputs, values)],
        "state": [{"id": i, "property": p, "value": v} for (i, p), v in zip(state, state_values)],
        "changedPropIds": changed if changed is not None else [f"{inputs[0][0]}.{inputs[0][1]}"],
    }


WHOLE = {"width": 1086, "window": 1366, "whole": True}  # the viewport of "Whole navigator": the poster


def state_body(stored: Any, key: Any = None, viewport: Any = WHOLE) -> dict[str, Any]:
    return body(
        callbacks.STATE_OUTPUTS,
        callbacks.STATE_INPUTS,
        [stored, viewport],
        callbacks.STATE_STATE,
        [key],
        ["state.data"],
    )


def change_body(values: list[Any], stored: Any = None, changed: str = "risk-filter.value") -> dict[str, Any]:
    return body(callbacks.CHANGE_OUTPUTS, callbacks.CHANGE_INPUTS, values, callbacks.CHANGE_STATE, [stored], [changed])


STORE = {
    "risks": ["model-integrity"],
    "control_types": [],
    "sections": [],
    "search": "",
    "selected": "evasion",
    "mode": "faded",
}
CHANGE_VALUES = ["", ["model-integrity"], [], [], "", "faded", None, [], None, 0, 0]


def post(client, payload: Any, raw: bytes | None = None):
    data = raw if raw is not None else json.dumps(payload).encode()
    return client.post("/_dash-update-component", data=data, content_type="application/json")


def test_the_request_shape_matches_the_registered_callbacks(app) -> None:
    assert callback_problem(app, state_body(STORE)) is None
    assert callback_problem(app, change_body(CHANGE_VALUES)) is None


def test_callbacks_answer_over_http(client) -> None:
    r = post(client, state_body(STORE, "full"))
    assert r.status_code == 200
    answer = r.get_json()["response"]
    assert answer["figure-data"]["data"]["__dash_patch_update"] == "__dash_patch_update"
    assert answer["download-pdf"]["href"] == "/download/navigator.pdf?risk=model-integrity"
    r = post(client, change_body(CHANGE_VALUES, {"risks": []}))
    assert r.status_code == 200 and r.get_json()["response"]["url"]["search"] == "?risk=model-integrity"


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b"{}",
        b"null",
        b'"text"',
        json.dumps({"output": "nope.value"}).encode(),
        json.dumps({"output": 5}).encode(),
        json.dumps({**state_body(STORE), "inputs": []}).encode(),
        json.dumps({**state_body(STORE), "inputs": [{"id": "state", "property": "nope", "value": 1}]}).encode(),
        json.dumps({**state_body(STORE), "inputs": "state"}).encode(),
        json.dumps({**state_body(STORE), "state": [1]}).encode(),
        json.dumps({**state_body(STORE), "outputs": [{"id": "x", "property": "y"}]}).encode(),
        json.dumps({**state_body(STORE), "changedPropIds": ["diagram.figure"]}).encode(),
        json.dumps({**state_body(STORE), "changedPropIds": "state.data"}).encode(),
        json.dumps({**change_body(CHANGE_VALUES), "output": "diagram.figure"}).encode(),  # the clientside callback
        b"[" * 100_000,  # deeper than Python's JSON parser recurses
        b'{"a":' * 30_000 + b"1" + b"}" * 30_000,
    ],
)
def test_malformed_callback_requests_get_400(client, raw: bytes) -> None:
    r = post(client, None, raw)
    assert r.status_code == 400, r.data
    assert b"Traceback" not in r.data and b"File " not in r.data
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_oversized_requests_get_413(client) -> None:
    r = post(client, None, b'{"x": "' + b"a" * MAX_REQUEST_BYTES + b'"}')
    assert r.status_code == 413


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=15,
)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(json_values, min_size=len(callbacks.CHANGE_INPUTS), max_size=len(callbacks.CHANGE_INPUTS)),
    json_values,
    st.sampled_from([f"{i}.{p}" for i, p in callbacks.CHANGE_INPUTS]),
    json_values,
    json_values,
    json_values,
)
def test_any_values_in_a_well_formed_request_never_500(
    client, values: list[Any], stored: Any, changed: str, state: Any, key: Any, viewport: Any
) -> None:
    r = post(client, change_body(values, stored, changed))
    assert r.status_code in (200, 204), r.data
    r = post(client, state_body(state, key, viewport))
    assert r.status_code == (204 if viewport is None else 200), r.data


EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/_dash-layout",
        "/_dash-dependencies",
        "/assets/navigator.css",
        "/fonts/NotoSans-Regular.ttf",
        "/nope",
        pytest.param("/download/navigator.svg", marks=pytest.mark.slow),  # the whole diagram, rendered
    ],
)
def test_security_headers_on_every_response(client, path: str) -> None:
    r = client.get(path)
    for name, value in EXPECTED_HEADERS.items():
        assert r.headers.get(name) == value, (path, name)
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp or "sandbox" in csp
    assert "'unsafe-eval'" not in csp


def test_the_page_policy_allows_only_its_own_inline_script(client) -> None:
    r = client.get("/")
    csp = dict(part.strip().split(" ", 1) for part in r.headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in csp["script-src"]
    html = r.data.decode()
    inline = [
        m
        for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
        if "application/json" not in m[0]
    ]
    assert inline, "Dash's renderer bootstrap is the one inline script"
    for _, script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]
    assert '<html lang="en">' in html


@pytest.mark.parametrize(
    "fmt, mimetype, magic",
    [
        ("svg", "image/svg+xml", b"<?xml"),
        pytest.param("png", "image/png", b"\x89PNG\r\n\x1a\n", marks=pytest.mark.slow),  # rasterised: seconds
        ("pdf", "application/pdf", b"%PDF-"),
    ],
)
def test_downloads(client, fmt: str, mimetype: str, magic: bytes) -> None:
    r = client.get(f"/download/navigator.{fmt}?risk=model-availability")
    assert r.status_code == 200, r.data[:200]
    assert r.mimetype == mimetype
    assert r.data.startswith(magic)
    assert r.headers["Content-Disposition"] == f'attachment; filename="navigator-risk-model-availability.{fmt}"'
    assert "sandbox" in r.headers["Content-Security-Policy"]


def test_a_filtered_download_holds_only_the_selection(client) -> None:
    from navigator import api
    from navigator.filters import select

    catalog = api.load()
    sel = select(catalog, api.criteria_from(risks=["model-availability"]))
    svg = client.get("/download/navigator.svg?risk=model-availability&selected=evasion&mode=hidden").data.decode()
    drawn = set(re.findall(r'<g id="card:([^"]+)"', svg))
    threats = {t.id for t in catalog.threats}
    assert drawn & threats == set(sel.threats)
    assert "Filtered view" in svg
    whole = client.get("/download/navigator.svg").data.decode()
    assert set(re.findall(r'<g id="card:([^"]+)"', whole)) >= threats


@pytest.mark.parametrize(
    "query",
    [
        "risk=%ZZ",
        "risk=<script>alert(1)</script>",
        "foo=bar&&&",
        "mode=weird",
        "risk=nope",
        "search=" + "x" * 5000,
        "&".join(f"a{i}=1" for i in range(400)),
        "search=%00%01%02",
        "risk=model-availability&risk=model-availability",
    ],
)
def test_malformed_download_queries_are_ignored(client, query: str) -> None:
    r = client.get(f"/download/navigator.svg?{query}")
    assert r.status_code == 200 and r.data.startswith(b"<?xml")


@pytest.mark.parametrize(
    "path, status",
    [
        ("/_reload-hash", 404),
        ("/download/navigator.exe", 404),
        ("/download/other.svg", 404),
        ("/fonts/../../etc/passwd", 404),
        ("/fonts/OFL.txt", 404),
        ("/fonts/NotoSans-Bold.ttf", 200),
    ],
)
def test_only_known_files_are_served(client, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    if status == 200:
        assert r.mimetype == "font/ttf" and r.data[:4] == b"\x00\x01\x00\x00"


def test_layout_carries_the_documented_ids(client) -> None:
    layout = json.dumps(client.get("/_dash-layout").get_json())
    for component_id in (
        ids.DIAGRAM,
        ids.RISK_FILTER,
        ids.CONTROL_TYPE_FILTER,
        ids.SECTION_FILTER,
        ids.SEARCH,
        ids.DETAILS,
        ids.RESET,
        ids.DETAILS_SELECT,
        ids.MODE,
    ):
        assert f'"id": "{component_id}"' in layout, component_id


def test_gunicorn_entry_point_is_a_wsgi_app(monkeypatch: pytest.MonkeyPatch) -> None:
    import navigator.web

    server = navigator.web.server
    assert callable(server)
    assert server.test_client().get("/").status_code == 200


@pytest.mark.slow
def test_gunicorn_stops_on_a_broken_catalog_with_its_problems(tmp_path) -> None:
    """With --preload (as documented) gunicorn loads the catalog before forking; a broken one stops it
    with the loader's messages instead of serving 500s."""
    catalog = tmp_path / "cat"
    catalog.mkdir()
    (catalog / "items.yaml").write_text("threats:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    start = time.monotonic()
    done = subprocess.run(
        [str(gunicorn), "--preload", "--workers", "2", "--bind", "127.0.0.1:0", "navigator.web:server"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NAVIGATOR_CATALOG": str(catalog)},
    )
    assert done.returncode == WORKER_BOOT_ERROR
    assert (
        f"navigator: cannot serve NAVIGATOR_CATALOG={catalog}: 1 "
        "problem (check it with `navigator validate --catalog DIR`)" in done.stderr
    )
    assert f"{catalog / 'items.yaml'}:4: YAML syntax error" in done.stderr
    assert "Traceback" not in done.stderr
    assert time.monotonic() - start < 60


def deep_catalog(folder: Path, depth: int) -> Path:
    """A chain of nested threat groups, `depth` deep: it loaded, then broke the layout (RecursionError)."""
    import shutil

    from .conftest import MINIMAL

    folder.mkdir()
    shutil.copy(MINIMAL / "base.yaml", folder / "base.yaml")
    items = ["threats:"]
    for i in range(depth):
        kind = ", kind: group" if i < depth - 1 else ""
        parent = f", parent: t{i - 1}" if i else ""
        items.append(
            f"  - {{id: t{i}, title: Threat {i}, section: use, impacts: [integrity], summary: Level {i}., "
            f"controls: [filter]{kind}{parent}}}"
        )
    items += ["controls:", "  - {id: filter, name: FILTER, section: use, type: eng, summary: Filter.}"]
    (folder / "items.yaml").write_text("\n".join(items) + "\n", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_gunicorn_preload_stops_with_a_message_on_a_catalog_that_cannot_be_served(tmp_path) -> None:
    """Whatever stops the app from being built (here a nesting the layout could not follow), the
    --preload master says why in navigator's words and stops with the boot-error status."""
    catalog = deep_catalog(tmp_path / "deep", 1000)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    done = subprocess.run(
        [str(gunicorn), "--preload", "--workers", "2", "--bind", "127.0.0.1:0", "navigator.web:server"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NAVIGATOR_CATALOG": str(catalog)},
    )
    assert done.returncode == WORKER_BOOT_ERROR, done.stderr[-2000:]
    assert f"navigator: cannot serve NAVIGATOR_CATALOG={catalog}: " in done.stderr
    assert "Traceback" not in done.stderr
    assert not done.stderr.startswith("Error: ")


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/nopackage/x.js",
        "/_dash-component-suites/dash/dcc/nope.v4_4_1m1796160952.js",
        "/_dash-component-suites/os/__init__.py",
        "/_dash-component-suites/dash/../../etc/passwd",
    ],
)
def test_an_unknown_bundle_is_404_not_500(client, path: str, caplog) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert b"Traceback" not in r.data
    assert not [rec for rec in caplog.records if rec.levelname == "ERROR"]


def test_a_known_bundle_is_served(client) -> None:
    html = client.get("/").data.decode()
    bundles = re.findall(r'src="(/_dash-component-suites/[^"]+)"', html)
    assert bundles and all(client.get(b).status_code == 200 for b in bundles)
