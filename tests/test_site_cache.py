"""The assembled site kept between builds: what its key covers, how it is stored, and that a
kept output builds the same site as a fresh one (and is not reused once an input changes)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_cli import EPOCH, build_site, fixture_project, tree

from sitegen import site_cache
from sitegen.site import Assembled

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(autouse=True)
def _no_kept_output() -> Iterator[None]:
    site_cache._memory.clear()
    yield
    site_cache._memory.clear()


def settings_for(root: Path, **changes: object) -> site_cache.Settings:
    values: dict[str, object] = {
        "root": root, "docs_dir": "content", "site_name": "A site",
        "site_url": "https://example.org/", "site_author": None, "description": "",
        "citation": {"authors": [{"literal": "Us"}], "version": "1.0.0"}}
    values.update(changes)
    return site_cache.Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "events.yaml").write_text("- id: a\n  title: A\n", encoding="utf-8")
    return tmp_path


def output(*warnings: str) -> Assembled:
    return Assembled(files={"x.md": "# X\n", "x.png": b"\x89PNG"}, written={"index.md": "# I\n"},
                     heads={"x.md": "<meta name='a' content='b'>"},
                     redirects={"old/index.html": "<p>moved</p>"}, warnings=warnings)


PAGES = {"index.md": "# Home\n"}


def test_the_key_is_stable_for_the_same_inputs(root: Path) -> None:
    assert site_cache.fingerprint(settings_for(root), PAGES) == \
        site_cache.fingerprint(settings_for(root), dict(PAGES))


def test_the_key_changes_with_every_kind_of_input(root: Path) -> None:
    before = site_cache.fingerprint(settings_for(root), PAGES)
    keys = {
        "page": site_cache.fingerprint(settings_for(root), {"index.md": "# Home!\n"}),
        "new page": site_cache.fingerprint(settings_for(root), {**PAGES, "b.md": ""}),
        "address": site_cache.fingerprint(settings_for(root, site_url="https://b.org/"), PAGES),
        "citation": site_cache.fingerprint(
            settings_for(root, citation={"authors": [], "version": "1.0.1"}), PAGES),
    }
    (root / "data" / "events.yaml").write_text("- id: a\n  title: B\n", encoding="utf-8")
    keys["data"] = site_cache.fingerprint(settings_for(root), PAGES)
    (root / "data" / "new.csv").write_text("a\n", encoding="utf-8")
    keys["data file"] = site_cache.fingerprint(settings_for(root), PAGES)
    assert before not in keys.values()
    assert len(set(keys.values())) == len(keys)


def test_the_key_covers_the_packages_code(root: Path, tmp_path_factory: pytest.TempPathFactory,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path_factory.mktemp("package")
    (package / "templates").mkdir()
    (package / "templates" / "page.md.j2").write_text("{{ a }}", encoding="utf-8")
    monkeypatch.setattr(site_cache, "PACKAGE", package)
    before = site_cache.fingerprint(settings_for(root), PAGES)
    (package / "templates" / "page.md.j2").write_text("{{ b }}", encoding="utf-8")
    assert site_cache.fingerprint(settings_for(root), PAGES) != before


def test_an_output_is_kept_on_disk_for_its_key_only(tmp_path: Path) -> None:
    site_cache.put(tmp_path, "k1", output())
    site_cache._memory.clear()
    assert site_cache.get(tmp_path, "k2") is None
    assert site_cache.get(tmp_path, "k1") == output()


def test_a_stale_output_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site_cache.put(tmp_path, "k1", output())
    site_cache._memory.clear()
    loads = []
    real_load = site_cache.pickle.load

    def counted(handle: object) -> object:
        loads.append(1)
        return real_load(handle)  # type: ignore[arg-type]

    monkeypatch.setattr(site_cache.pickle, "load", counted)
    assert site_cache.get(tmp_path, "k2") is None
    assert len(loads) == 1  # the key only


def test_an_unreadable_cache_file_is_a_miss(tmp_path: Path) -> None:
    (tmp_path / site_cache.FILE_NAME).write_bytes(b"not a pickle")
    assert site_cache.get(tmp_path, "k1") is None


def test_a_kept_output_is_reused_and_says_again_what_it_warned(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    settings = settings_for(root)
    site_cache.put(tmp_path, site_cache.fingerprint(settings, PAGES), output("page.md: odd"))
    site_cache._memory.clear()

    def must_not_run(*args: object) -> Assembled:
        raise AssertionError("the site was assembled again")

    monkeypatch.setattr(site_cache, "_make", must_not_run)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.sitegen"):
        assert site_cache.assembled(settings, PAGES, tmp_path) == output("page.md: odd")
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "page.md: odd"]


@pytest.mark.build
def test_a_kept_output_builds_the_same_site_and_a_changed_record_is_rebuilt(
        tmp_path: Path, fixture_renders: Path) -> None:
    project = fixture_project(tmp_path, fixture_renders)
    first, second, third = (tmp_path / name for name in ("first", "second", "third"))
    made = build_site(project, first, SOURCE_DATE_EPOCH=str(EPOCH))
    assert made.returncode == 0, made.stderr
    assert "output is reused" not in made.stderr
    assert (project / ".cache" / "site" / site_cache.FILE_NAME).is_file()
    reused = build_site(project, second, SOURCE_DATE_EPOCH=str(EPOCH))
    assert reused.returncode == 0, reused.stderr
    assert "output is reused" in reused.stderr
    assert tree(first) == tree(second)

    events = project / "data" / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace('"The network starts"', '"The network is launched"'),
                      encoding="utf-8")
    changed = build_site(project, third, SOURCE_DATE_EPOCH=str(EPOCH))
    assert changed.returncode == 0, changed.stderr
    assert "output is reused" not in changed.stderr
    timeline = (third / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "The network is launched" in timeline
    assert "The network starts" not in timeline
