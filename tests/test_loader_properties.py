"""Property tests: whatever the files hold, loading either succeeds or raises CatalogError."""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.catalog import Catalog, load_catalog
from navigator.catalog.model import COLLECTIONS, Meta, field_specs
from navigator.errors import CatalogError

from .conftest import MINIMAL

# property tests over thousands of generated catalogs; the bad-catalog corpus is the fast lane's check
pytestmark = pytest.mark.slow

FIELD_NAMES = sorted({name for cls in (Meta, *COLLECTIONS.values()) for name in field_specs(cls)})
KEYS = st.sampled_from(["meta", *COLLECTIONS, *FIELD_NAMES]) | st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.text(alphabet="ab \x00\x07\x1b\r\n\x85\u202e\u2028", max_size=12)
    | st.sampled_from(
        [
            "integrity",
            "secrecy",
            "use",
            "general",
            "sec",
            "eng",
            "filter",
            "align",
            "injection",
            "https://x.org/",
            "javascript:x",
            "#12345G",
            "2026-02-30",
        ]
    )
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=25
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=6)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_with(extra: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "cat"
        shutil.copytree(MINIMAL, d)
        for name, content in extra.items():
            if isinstance(content, bytes):
                (d / name).write_bytes(content)
            else:
                (d / name).write_text(content, encoding="utf-8")
        try:
            assert isinstance(load_catalog(d), Catalog)
        except CatalogError as e:
            assert e.problems and all(str(p) for p in e.problems)
            for p in e.problems:  # whatever the files hold, a message never carries a raw control character
                assert not [c for c in str(p) if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")], p


@SETTINGS
@given(DOCUMENTS)
def test_random_structures_added_to_a_valid_catalog(doc):
    load_with({"zz-random.yaml": yaml.safe_dump(doc, allow_unicode=True)})


@SETTINGS
@given(DOCUMENTS)
def test_random_structures_replacing_the_items(doc):
    load_with({"items.yaml": yaml.safe_dump(doc, allow_unicode=True)})


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(data):
    load_with({"zz-bytes.yaml": data})


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"%@` #\n\t abc123,?")), max_size=120))
def test_random_yaml_punctuation(text):
    load_with({"zz-text.yaml": text})


@SETTINGS
@given(
    st.lists(
        st.sampled_from(["controls", "impacts", "control_groups", "parent", "section", "type"]), min_size=1, max_size=3
    ),
    st.text(max_size=12),
)
def test_random_references_in_a_valid_threat(fields, target):
    item: dict[str, Any] = {"id": "zz", "title": "Z", "section": "use", "summary": "S."}
    for f in fields:
        item[f] = [target] if f in ("controls", "impacts", "control_groups") else target
    load_with({"zz-ref.yaml": yaml.safe_dump({"threats": [item]}, allow_unicode=True)})
