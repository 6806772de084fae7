"""The chart list, and the Vega-Lite spec of each chart in its three forms."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import altair as alt
import yaml
from altair.utils.schemapi import debug_mode

from sitegen import memo
from sitegen.charts import maps, report, series
from sitegen.charts.theme import (
    DOWNLOAD_PADDING,
    DOWNLOAD_WIDTH,
    STATIC_WIDTH,
    SUBTITLE_SIZE,
    TEXT_EM,
    portable_config,
    site_config,
)

log = logging.getLogger("mkdocs.plugins.sitegen")

if TYPE_CHECKING:
    from collections.abc import Callable

    from sitegen.charts.model import AltChart, Chart
    from sitegen.dataset import Dataset

Variant = Literal["static", "live", "download"]


@dataclass(frozen=True)
class Site:
    """What the charts need to know about the site: its address, name and author."""

    url: str
    name: str
    author: str

    def __post_init__(self) -> None:
        if not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    def absolute(self, path: str) -> str:
        """The full address of a path under the site."""
        return self.url + path.lstrip("/")


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving MkDocs' Python tags (!!python/name, !ENV)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                      lambda loader, suffix, node: None)


def site_from_config(config_file: Path) -> Site:
    """The site's address, name and author as mkdocs.yml gives them (for use without MkDocs)."""
    raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    return Site(url=str(raw.get("site_url") or "/"), name=str(raw.get("site_name") or ""),
                author=str(raw.get("site_author") or raw.get("site_name") or ""))


def definitions(data: Dataset) -> tuple[Chart, ...]:
    """Every chart on the site: the main ones in reading order, then one per country profile."""
    main = (
        series.urban_population(data),
        series.urban_population_revision(data),
        series.urban_population_editions(data),
        series.internet_economy(data),
        report.timeline_overview(data),
        report.targets(data),
        maps.ascn_pilot_cities(data),
        report.ascn_engagements(data),
        report.who_builds_where(data),
    )
    profiles = tuple(series.urbanisation_profile(data, c.id) for c in data.countries)
    return main + profiles


# Vega draws a subtitle line as given, however long: a line longer than this runs out of the
# download's image, so longer ones are broken.
SUBTITLE_CHARS = int((DOWNLOAD_WIDTH - 2 * DOWNLOAD_PADDING) / (SUBTITLE_SIZE * TEXT_EM))


def subtitle(chart: Chart, site: Site, source_labels: list[str]) -> list[str]:
    """The lines under a download's title: data sources, licence, and where it comes from."""
    lines = [f"Data: {'; '.join(source_labels)} · {chart.licence}",
             f"Chart: {site.name}, CC BY 4.0 · {site.absolute(f'charts/{chart.id}/')}"]
    return [part for line in lines for part in wrap(line, SUBTITLE_CHARS)]


def wrap(line: str, chars: int) -> list[str]:
    """A line broken into lines of at most `chars` characters, after a ' · ' or '; ' if it can."""
    # The last ' · ' that fits comes first: the dot ends the line, as the site's separators do
    # (none starts one); then the last '; ', then the last space.
    out = []
    while len(line) > chars:
        cut = _break(line, chars)
        if cut is None:
            break
        start, end = cut
        out.append(line[:start])
        line = line[end:]
    return [*out, line]


def _break(line: str, chars: int) -> tuple[int, int] | None:
    """Where to break a line (the end of the first part, the start of the rest), or None."""
    for separator, keep in ((" · ", 2), ("; ", 1), (" ", 0)):
        at = line.rfind(separator, 0, chars - keep + len(separator))
        # A space before a dot is no place to break: no line starts with a separator.
        while separator == " " and at > 0 and line.startswith("·", at + 1):
            at = line.rfind(separator, 0, at)
        if at > 0:
            return at + keep, at + len(separator)
    # No break within the budget (a long address): the first space after it, if any.
    at = line.find(" ", chars)
    return (at, at + 1) if at > 0 else None


def _code_version() -> str:
    # The charts' code decides their specs as much as their data does.
    folder = Path(__file__).parent
    digest = hashlib.sha256(alt.__version__.encode())
    for path in sorted(folder.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


_CODE_VERSION = _code_version()


def vega_lite(chart: Chart, variant: Variant, site: Site | None = None,
              source_labels: list[str] | None = None) -> dict[str, Any]:
    """The chart's Vega-Lite spec (made once per input and code: sitegen.memo)."""
    return dict(json.loads(_spec_text(chart, _inputs(chart), variant, site, source_labels)))


def spec_texts(chart: Chart, site: Site, source_labels: list[str]) -> tuple[str, str, str]:
    """The chart's download, static and live specs, as the JSON text vega_lite reads."""
    # A `make serve` rebuild asks for every chart's specs again: encoding the inputs (the
    # rows) once for the three, and handing on the text undecoded, saves about 0.1 s of it.
    inputs = _inputs(chart)
    # The three share one Altair chart, made at the first that is not in the memo: each adds
    # its own properties to a copy of it.
    top = functools.cache(lambda: chart.build(chart.rows))
    return (_spec_text(chart, inputs, "download", site, source_labels, top),
            _spec_text(chart, inputs, "static", None, None, top),
            _spec_text(chart, inputs, "live", None, None, top))


def _inputs(chart: Chart) -> str:
    return json.dumps({f.name: getattr(chart, f.name) for f in fields(chart) if f.name != "build"},
                      sort_keys=True, default=str)


def _spec_text(chart: Chart, inputs: str, variant: Variant, site: Site | None,
               source_labels: list[str] | None,
               top: Callable[[], AltChart] | None = None) -> str:
    entry = memo.key(_CODE_VERSION, inputs, variant, repr(site), source_labels)
    return memo.cached("vega-lite", entry, lambda: json.dumps(
        _vega_lite(chart, variant, site, source_labels, top)))


def _vega_lite(chart: Chart, variant: Variant, site: Site | None = None,
               source_labels: list[str] | None = None,
               top: Callable[[], AltChart] | None = None) -> dict[str, Any]:
    """The chart's Vega-Lite spec; `download`, the fullest, validated by Altair.

    `static` and `live` are drawn in the site's theme (text in currentColor, no title: the
    page gives it); `live` fits the width of its container. `download` is self-contained:
    explicit colours on white, with its title, sources and licence inside the image.
    """
    # Altair's debug mode validates every object as it is made, and to_dict then validates the
    # whole spec anyway: that final check still rejects an invalid spec, at 70% of the cost.
    with debug_mode(False):  # the chart too is made inside it
        made = top() if top is not None else chart.build(chart.rows)
        return _validated_spec(chart, made, variant, site, source_labels)


def _validated_spec(chart: Chart, top: AltChart, variant: Variant, site: Site | None,
                    source_labels: list[str] | None) -> dict[str, Any]:
    props = properties(chart, variant, site, source_labels)
    # The data shapes only what the three variants share (their layers, captions, sorting):
    # validating one of them checks it. What sets them apart (size, theme, title) is the
    # same code for every data set, checked against the schema for all three by
    # tests/test_charts.py. Validation is most of a spec's cost.
    spec: dict[str, Any] = with_properties(top, props).to_dict(
        validate=variant == "download")
    spec["datasets"] = chart.datasets
    return spec


def properties(chart: Chart, variant: Variant, site: Site | None = None,
               source_labels: list[str] | None = None) -> dict[str, Any]:
    """The top-level properties that make a chart's spec one variant or another."""
    props: dict[str, Any] = {
        "description": chart.alt,
        "height": chart.height,
        "autosize": alt.AutoSizeParams(type="fit-x", contains="padding"),
    }
    if variant == "download":
        assert site is not None and source_labels is not None, "downloads need the site"
        props["width"] = DOWNLOAD_WIDTH
        props["title"] = alt.TitleParams(text=chart.title,
                                         subtitle=subtitle(chart, site, source_labels))
        props["config"] = alt.Config(**portable_config())
    else:
        props["width"] = "container" if variant == "live" else STATIC_WIDTH
        props["config"] = alt.Config(**site_config())
    if variant == "live" and chart.live_height:
        # A parameter named `height` becomes the view's height signal (Vega merges it into
        # the one it makes from `height`), so the live view's height follows its width.
        props["params"] = [alt.VariableParameter(name="height", expr=chart.live_height)]
    return props


def with_properties(top: AltChart, props: dict[str, Any]) -> AltChart:
    """`top.properties(**props)` without checking each value against the schema on the way."""
    # Altair's properties() validates every value it is given, whatever debug_mode says: the
    # theme's whole config three times per chart, about 40% of a spec's cost. The download's
    # to_dict(validate=True) checks the same values again in place, and the other variants'
    # are checked by tests/test_charts.py. Setting them as attributes is what properties() then
    # does with them.
    copy = top.copy(deep=False)
    for key, value in props.items():
        setattr(copy, key, value)
    return copy


def default_site(data: Dataset) -> Site:
    """The site described by the mkdocs.yml beside the data folder (a placeholder without one)."""
    config = Path(data.root).parent / "mkdocs.yml"
    if not config.is_file():
        log.warning("charts: no mkdocs.yml beside %s; embed snippets will use relative "
                    "addresses (give the site's address to charts.build)", data.root)
        return Site(url="/", name="", author="")
    return site_from_config(config)
