"""The records of the dataset: one pydantic model per kind, immutable once validated."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from sitegen.dates import DATE_PATTERN, Approx, check_date

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Text = Annotated[str, Field(min_length=1)]


def _as_text(value: object) -> object:
    # YAML reads an unquoted 2006 as a number; a date is text, so accept it as such.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _as_tuple(value: object) -> object:
    # `footnote: 12` and `footnote: [12, 13]` both mean "these footnotes".
    return (value,) if isinstance(value, int) and not isinstance(value, bool) else value


# json_schema_input_type: the exported JSON Schema describes what the files may hold (a bare
# year or footnote number too), not only the normalised value.
AsText = BeforeValidator(_as_text, json_schema_input_type=str | int)
OptText = Annotated[str | None, BeforeValidator(_as_text, json_schema_input_type=str | int | None)]
FootnoteNumber = Annotated[int, Field(ge=1)]
DateStr = Annotated[str, AsText, AfterValidator(check_date),
                    Field(json_schema_extra={"pattern": DATE_PATTERN})]
REPORT_ID = "okamoto-2022"


class Record(BaseModel):
    """Base of every record: immutable, and unknown fields are errors, not silently kept."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Cite(Record):
    """A place that supports a record: a source and, for the report, where in it."""

    source: Id
    section: Id | None = None
    footnote: Annotated[tuple[FootnoteNumber, ...], BeforeValidator(
        _as_tuple, json_schema_input_type=FootnoteNumber | list[FootnoteNumber])] = ()
    table: int | None = Field(default=None, ge=1)
    figure: int | None = Field(default=None, ge=1)
    pages: OptText = None

    @model_validator(mode="after")
    def _report_needs_locator(self) -> Cite:
        if self.source == REPORT_ID and not (
            self.section or self.footnote or self.table or self.figure
        ):
            raise ValueError("a citation of the report needs a section, table, figure or footnote")
        return self

    @property
    def locator_key(self) -> tuple[str, str | None, tuple[int, ...], int | None, int | None]:
        """A key that identifies this exact place, for de-duplicating citations."""
        return (self.source, self.section, self.footnote, self.table, self.figure)


Cites = Annotated[tuple[Cite, ...], Field(min_length=1)]


class Note(Record):
    """An editorial note: where the report contradicts itself or a checkable fact."""

    text: Text
    cite: tuple[Cite, ...] = ()
    # "general-knowledge": the note corrects the report from common knowledge (a name's
    # spelling, a well-known date) that no source the site may cite covers; pages say so.
    basis: Literal["general-knowledge"] | None = None


class Name(Record):
    """A person (family and given names) or a body (a literal name)."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Name:
        if bool(self.literal) == bool(self.family):
            raise ValueError("give either family (and given) for a person or literal for a body")
        return self

    @property
    def display(self) -> str:
        """The name as 'Family, Given' or the body's name."""
        if self.literal:
            return self.literal
        return f"{self.family}, {self.given}" if self.given else str(self.family)


SourceType = Literal[
    "report", "book", "article-journal", "chapter", "paper-conference", "thesis", "webpage",
    "post-weblog", "article-newspaper", "article-magazine", "speech", "dataset", "document",
    "legislation", "pamphlet",
]


class Source(Record):
    """A work the report cites, the report itself, or a data set; fields follow CSL-JSON."""

    id: Id
    type: SourceType
    title: Text
    author: tuple[Name, ...] = ()
    editor: tuple[Name, ...] = ()
    container_title: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    collection_title: str | None = None
    number: OptText = None
    volume: OptText = None
    issue: OptText = None
    page: OptText = None
    genre: str | None = None
    event_title: str | None = None
    issued: DateStr | None = None
    url: Annotated[str, Field(pattern=r"^https?://[^\s<>\"`]+$")] | None = None
    accessed: DateStr | None = None
    isbn: str | None = None
    licence: str | None = None
    origin: str | None = None
    language: str | None = None
    notes: tuple[Note, ...] = ()
    former_ids: tuple[Id, ...] = ()


class FootnoteCite(Record):
    """A work a footnote cites, with the pages it points to."""

    source: Id
    pages: OptText = None


class Footnote(Record):
    """One of the report's numbered footnotes."""

    number: int = Field(ge=1)
    section: Id
    cites: tuple[FootnoteCite, ...] = ()
    gloss: str | None = None
    notes: tuple[Note, ...] = ()

    @model_validator(mode="after")
    def _says_something(self) -> Footnote:
        if not self.cites and not self.gloss:
            raise ValueError("a footnote needs the sources it cites or a gloss of what it says")
        return self


class Place(Record):
    """A country or body: an ASEAN member, a major partner or another place."""

    id: Id
    name: Text
    iso3: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    part_of: Id | None = None
    summary: Text
    cite: Cites
    notes: tuple[Note, ...] = ()
    former_ids: tuple[Id, ...] = ()


class Programme(Record):
    """A brand or programme an organisation runs."""

    name: Text
    date: DateStr | None = None
    cite: tuple[Cite, ...] = ()


class Status(Record):
    """What later happened to an organisation's smart-city business."""

    value: Literal["active", "withdrew"]
    date: DateStr | None = None
    text: Text
    cite: Cites


OrgKind = Literal[
    "company", "government-agency", "city-government", "international-organisation",
    "regional-organisation", "alliance", "research-institute", "initiative", "government",
]


class Organisation(Record):
    """A company, agency or body the report names."""

    id: Id
    name: Text
    short_name: Text
    kind: OrgKind
    home: Id | None = None
    vendor: bool = False
    programmes: tuple[Programme, ...] = ()
    status: Status | None = None
    summary: Text
    cite: Cites
    notes: tuple[Note, ...] = ()
    former_ids: tuple[Id, ...] = ()


class Participation(Record):
    """An organisation's part in a project."""

    id: Id
    role: str | None = None
    # False where the report mentions the organisation beside the project without saying it
    # took part (IBM and Rio's centre): pages show the role's caveat, charts leave it out.
    stated: bool = True
    cite: tuple[Cite, ...] = ()


class Involvement(Record):
    """A country the report says is involved in a project without naming a firm."""

    country: Id
    # False where the report only says the project invites the country's firms (Amata):
    # pages name them as invited, not involved, and charts leave them out.
    stated: bool = True
    cite: tuple[Cite, ...] = ()


ProjectKind = Literal[
    "new-city", "district", "city-programme", "operations-centre", "showcase", "corridor",
    "network",
]


class Project(Record):
    """A smart-city project or site."""

    id: Id
    name: Text
    country: Id
    location: str | None = None
    kind: ProjectKind
    date: DateStr | None = None
    approx: Approx | None = None  # the report's "late 2010"
    organisations: tuple[Participation, ...] = ()
    involved_countries: tuple[Involvement, ...] = ()
    summary: Text
    cite: Cites
    notes: tuple[Note, ...] = ()
    former_ids: tuple[Id, ...] = ()


Category = Literal[
    "concept", "corporate", "national-policy", "local-policy", "regional",
    "international-cooperation", "project",
]


class Event(Record):
    """A dated happening the report mentions."""

    id: Id
    date: DateStr
    approx: Approx | None = None
    title: Text
    summary: Text
    category: Category
    actors: tuple[Id, ...] = ()
    countries: tuple[Id, ...] = ()
    projects: tuple[Id, ...] = ()
    cite: Cites
    notes: tuple[Note, ...] = ()
    former_ids: tuple[Id, ...] = ()


class Fact(Record):
    """A number or target the report gives."""

    id: Id
    label: Text
    value: float
    unit: Text
    qualifier: Literal["exact", "about", "at-least", "more-than", "almost", "up-to"] = "exact"
    kind: Literal["count", "target", "money", "share", "estimate"]
    date: DateStr | None = None
    approx: Approx | None = None  # the report's "late 2010", "early 2000s"
    target_date: DateStr | None = None
    subjects: tuple[Id, ...] = ()
    cite: Cites
    notes: tuple[Note, ...] = ()


class Section(Record):
    """One of the report's five parts, and our page that retells it."""

    id: Id
    number: int = Field(ge=1)
    title: str | None = None  # the report's opening part has no heading
    page: Id

    @property
    def label(self) -> str:
        """How the site names the section: its printed title, or what it is."""
        return f"“{self.title}”" if self.title else "the untitled opening"


class TableRow(Record):
    """A row of one of the report's tables, pointing at the record it shows."""

    event: Id | None = None
    organisation: Id | None = None
    printed_date: str | None = None
    printed_country: str | None = None
    notes: tuple[Note, ...] = ()

    @model_validator(mode="after")
    def _one_target(self) -> TableRow:
        if bool(self.event) == bool(self.organisation):
            raise ValueError("a table row points at exactly one event or one organisation")
        return self


class Table(Record):
    """One of the report's tables, as references to records."""

    number: int = Field(ge=1)
    title: Text
    section: Id
    source_line: Text
    rows: Annotated[tuple[TableRow, ...], Field(min_length=1)]
    notes: tuple[Note, ...] = ()


class Figure(Record):
    """One of the report's figures and the data set behind it."""

    number: int = Field(ge=1)
    title: Text
    section: Id
    dataset: Id
    footnote: int | None = None
    source_line: str | None = None
    notes: tuple[Note, ...] = ()


class Report(Record):
    """How the report is organised: its sections, tables and figures."""

    source: Id
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()


class Column(Record):
    """A column of a tabular data set."""

    name: Text
    type: Literal["string", "integer", "number"]
    description: str | None = None
    unit: str | None = None


class TableMeta(Record):
    """The metadata beside a CSV file: which source it is and what its columns hold."""

    id: Id
    title: Text
    description: str | None = None
    columns: Annotated[tuple[Column, ...], Field(min_length=1)]
