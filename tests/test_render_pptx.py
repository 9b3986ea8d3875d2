"""PPTX: one editable slide with native shapes, every link kept, text as text, same bytes twice."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.util import Emu

from navigator.api import load, scene_of
from navigator.render.pptx import EMU_PER_PT, pptx_bytes

from .conftest import DATA


@pytest.mark.slow
def test_one_slide_the_size_of_the_scene_with_every_link(tmp_path):
    catalog = load()
    scene = scene_of(catalog)
    path = tmp_path / "n.pptx"
    path.write_bytes(pptx_bytes(scene))
    prs = Presentation(str(path))
    assert len(prs.slides) == 1
    assert prs.slide_width == Emu(round(scene.width * EMU_PER_PT))
    [slide] = prs.slides
    addresses = {s.click_action.hyperlink.address for s in slide.shapes if s.click_action.hyperlink.address}
    for t in catalog.threats:
        assert t.url in addresses, t.id
    for c in catalog.controls:
        assert c.url in addresses, c.id
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]
    assert any(t.startswith("2.2.1 Direct prompt") for t in texts)  # a card title (it may wrap)
    assert "PROMPT INJECTION I/O HANDLING" in texts
    assert prs.core_properties.title == scene.info.title


def test_same_scene_same_bytes():
    scene = scene_of(load(DATA / "catalogs" / "minimal"))
    assert pptx_bytes(scene) == pptx_bytes(scene)


@pytest.mark.slow
def test_hostile_text_stays_text():
    scene = scene_of(load(DATA / "catalogs" / "hostile"))
    import io

    prs = Presentation(io.BytesIO(pptx_bytes(scene)))
    texts = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "<SCRIPT>ALERT(1)</SCRIPT>" in texts
    assert "</text>&amp;<tspan>" in texts
    addresses = [s.click_action.hyperlink.address for s in prs.slides[0].shapes if s.click_action.hyperlink.address]
    assert addresses and all(a.startswith(("http://", "https://")) for a in addresses)
