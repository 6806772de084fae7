"""The site's citation settings (mkdocs.yml `extra: citation:`), read from a plain dict."""

from __future__ import annotations

import logging
import re
import subprocess
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

# Re-exported: callers catch it from here as well.
from sitegen.errors import CitationConfigError as CitationConfigError
from sitegen.model import REPORT_ID, Name

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

log = logging.getLogger("mkdocs.plugins.sitegen")

CONFIG_HINT = "set it under `extra: citation:` in mkdocs.yml (see content/about.md)"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CitationSettings(BaseModel):
    """What the site's citations say about the site itself: who made it, which version, when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    authors: tuple[Name, ...] = Field(min_length=1)
    editors: tuple[Name, ...] = ()
    publisher: str | None = None
    version: str = Field(pattern=r"^\d+\.\d+\.\d+([-+.][0-9A-Za-z.-]+)?$")
    first_published: str
    release_date: str
    licence: str = "CC BY 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by/4.0/"
    key: str = Field(default="asean-smart-cities", pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    based_on: str = REPORT_ID
    repository: str | None = None

    @field_validator("first_published", "release_date", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        # YAML reads an unquoted 2026-11-25 as a date; accept it and keep the ISO text.
        text = value.isoformat() if hasattr(value, "isoformat") else value
        if not isinstance(text, str) or not _DAY.match(text):
            raise ValueError(f"{value!r} is not a day; write it as \"YYYY-MM-DD\"")
        return text


@dataclass(frozen=True)
class SiteInfo:
    """The site as its citations describe it: name, address, makers, version and dates."""

    name: str
    url: str
    description: str
    settings: CitationSettings
    root: Path
    docs_dir: str = "content"
    language: str = "en"
    _dates: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_config(cls, citation: Mapping[str, Any] | None, *, site_name: str,
                    site_url: str | None, root: Path, description: str = "",
                    docs_dir: str = "content") -> SiteInfo:
        """Build from plain values (MkDocs' config or mkdocs.yml read as YAML)."""
        if not citation:
            raise CitationConfigError(f"mkdocs.yml: extra.citation is missing ({CONFIG_HINT})")
        if not site_url:
            raise CitationConfigError(
                "mkdocs.yml: site_url is not set (citations and canonical links are made from "
                "it; set it to the address the site is published at)")
        try:
            settings = CitationSettings.model_validate(dict(citation))
        except ValidationError as exc:
            problems = "; ".join(
                f"extra.citation.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                for e in exc.errors())
            raise CitationConfigError(f"mkdocs.yml: {problems} ({CONFIG_HINT})") from None
        if settings.release_date < settings.first_published:
            raise CitationConfigError(
                "mkdocs.yml: extra.citation.release_date is before first_published "
                f"({CONFIG_HINT})")
        url = site_url if site_url.endswith("/") else site_url + "/"
        return cls(name=site_name, url=url, description=description, settings=settings,
                   root=root, docs_dir=docs_dir)

    def page_url(self, src_uri: str) -> str:
        """The canonical address of a page file, as MkDocs makes it with directory URLs."""
        return self.url + url_path(src_uri)

    def sources_of(self, src_uri: str) -> tuple[str, ...]:
        """The repository paths a page is made from: data and templates, and its Markdown file
        if it has one (a chapter's inserts, footnotes and links are filled in from the data)."""
        made = ("data", "src/sitegen/templates")
        if (self.root / self.docs_dir / src_uri).is_file():
            return (f"{self.docs_dir}/{src_uri}", *made)
        return made

    def last_updated(self, src_uri: str) -> str:
        """When the page's sources last changed (git), never before the first publication."""
        paths = self.sources_of(src_uri)
        if paths not in self._dates:
            changed = git_last_changed(self.root, paths) or self.settings.release_date
            self._dates[paths] = max(changed, self.settings.first_published)
        return self._dates[paths]


def url_path(src_uri: str) -> str:
    """The path of a page file's address below the site root: 'a/b.md' -> 'a/b/'."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@cache
def git_last_changed(root: Path, paths: tuple[str, ...]) -> str | None:
    """The day of the last commit touching any of these paths, or None without git history."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *paths], cwd=root,
            capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    day = result.stdout.strip()
    if result.returncode != 0 or not _DAY.match(day):
        # Not a git checkout, or the paths are not committed yet: the release date stands in.
        log.debug("no git history for %s; using the release date", ", ".join(paths))
        return None
    return day


def read_mkdocs_yaml(config_file: Path) -> SiteInfo:
    """Read the citation settings straight from mkdocs.yml, for use without MkDocs."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold MkDocs' own tags (!ENV, !!python/name); they are not needed here.
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    extra = raw.get("extra") or {}
    return SiteInfo.from_config(
        extra.get("citation"), site_name=str(raw.get("site_name", "")),
        site_url=raw.get("site_url"), root=config_file.parent,
        description=str(raw.get("site_description") or ""),
        docs_dir=str(raw.get("docs_dir", "docs")))
