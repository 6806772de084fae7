"""The fonts' hash in the keys of the caches that hold chart renders: a font added, changed or
removed makes the renders afresh."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from sitegen import fonts, site_cache
from sitegen.charts.render import Renderer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def font_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "fonts"
    (folder / "truetype").mkdir(parents=True)
    (folder / "truetype" / "Sans.ttf").write_bytes(b"font one")
    monkeypatch.setattr(fonts, "FONT_DIRS", (str(folder), str(tmp_path / "absent")))
    fonts.fingerprint.cache_clear()
    yield folder
    fonts.fingerprint.cache_clear()


def fresh() -> str:
    fonts.fingerprint.cache_clear()
    return fonts.fingerprint()


def test_a_font_added_changed_or_removed_changes_the_hash(font_dir: Path) -> None:
    seen = [fresh()]
    (font_dir / "Serif.otf").write_bytes(b"font two")
    seen.append(fresh())
    sans = font_dir / "truetype" / "Sans.ttf"
    sans.write_bytes(b"font one, updated")
    seen.append(fresh())
    os.utime(sans, ns=(1, 1))
    seen.append(fresh())
    sans.unlink()
    seen.append(fresh())
    assert len(set(seen)) == len(seen)
    (font_dir / "README.txt").write_text("not a font", encoding="utf-8")
    assert fresh() == seen[-1], "only font files count"


def test_the_render_and_site_keys_hold_the_fonts_hash(font_dir: Path, tmp_path: Path) -> None:
    renderer = Renderer(tmp_path / "charts")
    settings = site_cache.Settings(
        root=tmp_path, docs_dir="content", site_name="A site", site_url=None, site_author=None,
        description="", citation=None)
    before = (renderer.key("vega-to-svg", {"marks": []}, {}),
              site_cache.fingerprint(settings, {}))
    (font_dir / "Serif.otf").write_bytes(b"font two")
    fonts.fingerprint.cache_clear()
    after = (renderer.key("vega-to-svg", {"marks": []}, {}),
             site_cache.fingerprint(settings, {}))
    assert before[0] != after[0] and before[1] != after[1]
