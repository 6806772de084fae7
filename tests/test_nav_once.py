"""hooks/nav_once.py: the menu of the pages not in it is rendered once per folder, and the site
comes out as Material's own partial renders every page's menu."""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from conftest import load_hook
from test_cli import EPOCH, ROOT, build_site, fixture_project, tree
from test_markdown_cache import without_the_hook

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.build
KEPT = re.compile(r"menus: (\d+) pages took the menu of another page in their folder")
# The real site's theme and a menu of its kind: chapters and section pages, not the records'
# pages. One record's page (Japan) is in the menu while its section's page is not, so a page
# outside the menu has a menu entry inside its own folder.
NAV = """
theme:
  name: material
  font: false
  custom_dir: {overrides}
  features: [navigation.sections, navigation.indexes]

nav:
  - Home: index.md
  - introduction.md
  - Reference:
      - timeline.md
      - countries/index.md
      - vendors/index.md
      - partners/japan.md
  - About: about.md
"""


def with_menu(project: Path, overrides: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    theme = "theme:\n  name: material\n  font: false\n"
    assert theme in text
    config.write_text(text.replace(theme, NAV.format(overrides=overrides)), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory,
          fixture_renders: Path) -> tuple[Path, Path, str]:
    """The fixture site with the real theme and a menu, built with the hook and, for
    comparison, without it and with Material's own nav partial."""
    tmp_path = tmp_path_factory.mktemp("nav")
    materials = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", materials)
    (materials / "partials" / "nav.html").unlink()
    built = {}
    for name in ("once", "as_is"):
        project = fixture_project(tmp_path / name, fixture_renders)
        with_menu(project, ROOT / "overrides" if name == "once" else materials)
        if name == "as_is":
            without_the_hook(project, "nav_once.py")
        result = build_site(project, tmp_path / name / "site", SOURCE_DATE_EPOCH=str(EPOCH))
        assert result.returncode == 0, result.stderr
        built[name] = result.stderr
    assert not KEPT.search(built["as_is"])
    return tmp_path / "once" / "site", tmp_path / "as_is" / "site", built["once"]


def test_the_site_is_the_one_materials_own_partial_renders(sites: tuple[Path, Path, str]) -> None:
    once, as_is, log = sites
    found = KEPT.search(log)
    assert found, log
    # The chart pages are outside the menu, in one folder: one of them renders it for all.
    charts = sum(1 for _ in once.glob("charts/*/index.html"))
    assert charts > 5
    assert int(found[1]) >= charts - 1
    assert tree(once) == tree(as_is)


def test_a_menu_entry_inside_a_pages_folder_is_linked_from_that_page(
        sites: tuple[Path, Path, str]) -> None:
    once, _, _ = sites
    for page, want in (("partners/index.html", "japan/"),
                       ("countries/indonesia/index.html", "../../partners/japan/"),
                       ("countries/singapore/index.html", "../../partners/japan/"),
                       ("vendors/nec/index.html", "../../partners/japan/")):
        soup = BeautifulSoup((once / page).read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("nav.md-nav--primary a.md-nav__link")]
        assert want in links, (page, links)


def test_without_a_menu_noted_for_the_build_every_page_renders_its_own() -> None:
    # on_env with no on_nav before it (a caller running only some events): no memo at all.
    from jinja2 import Environment

    hook = load_hook("nav_once")
    env = Environment()
    assert hook.on_env(env, None, None) is env
    assert "nav_once" not in env.globals
