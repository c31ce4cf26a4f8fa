"""The spreadsheet contract: tabs, fields and their default (Latvian) headers.

Config may rename any header or tab; the field names on the left are what the code uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    help: str  # shown to coordinators (header notes, documentation)
    optional: bool = False  # read when the tab has it; `kopienas init` does not add it
    offered: bool = False  # optional, yet `kopienas init` adds it (with its dropdown)


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    columns: tuple[Column, ...]

    def headers(self) -> dict[str, str]:
        return {c.field: c.header for c in self.columns}


ACTIVITIES = TabSpec(
    "activities",
    "Aktivitātes",
    (
        Column("id", "ID", "Unikāls aktivitātes kods, piemēram, DGP-2020-07. Ja tukšs, rīks to piešķirs."),
        Column("title", "Nosaukums", "Aktivitātes nosaukums (obligāts)."),
        Column("community", "Kopiena", "Kopiena no lapas “Kopienas” (obligāta)."),
        Column("start", "Sākums", "Sākuma datums, piemēram, 24.09.2020 (obligāts)."),
        Column("end", "Beigas", "Beigu datums, ja aktivitāte ilga vairākas dienas; ne agrāks par sākumu."),
        Column("place", "Vieta", "Kur aktivitāte notika."),
        Column("description", "Apraksts", "Apraksts; rindkopas saglabājas."),
        Column("institutions", "Iestādes", "Iesaistītās iestādes, katra savā rindā vai atdalītas ar semikolu (;)."),
        Column("children", "Bērni un jaunieši", "Bērnu un jauniešu skaits, vesels skaitlis."),
        Column("adults", "Pieaugušie", "Pieaugušo skaits, vesels skaitlis."),
        Column("total", "Kopā", "Kopējais dalībnieku skaits; ja aizpildīts, tam jāsakrīt ar summu."),
        Column("coordinator", "Koordinators", "Koordinatora vārds un uzvārds."),
        Column("phone", "Tālrunis", "Koordinatora tālrunis, piemēram, 26825598."),
        Column("email", "E-pasts", "Koordinatora e-pasta adrese."),
        Column("links", "Saites", "Saites (video, foto), katra savā rindā."),
        Column("status", "Statuss", "“Plānota”, “Notikusi” vai “Atcelta”."),
        Column("press_release", "Relīze", "Jā, ja vajadzīgs preses relīzes melnraksts."),
        Column(
            "kind",
            "Veids",
            "Raksta veids relīzei: “Pasākums” (tukšs nozīmē to pašu), “Paziņojums”, “Centra atvēršana”, "
            "“Projekta sākums” vai “Atcelšana”.",
            optional=True,
            offered=True,
        ),
    ),
)

# Columns the tool writes; coordinators don't edit them.
CHECK = Column("check", "Pārbaude", "Rīka pārbaudes rezultāts: Labi vai kļūdas. Nerakstiet šeit.")
DRAFT = Column("draft", "Relīzes melnraksts", "Kur ir relīzes melnraksts vai kāpēc tā nav. Nerakstiet šeit.")
TOOL_COLUMNS = (CHECK, DRAFT)

COMMUNITIES = TabSpec(
    "communities",
    "Kopienas",
    (
        Column("code", "Kods", "Īss kopienas kods, piemēram, DGP."),
        Column("name", "Nosaukums", "Kopienas nosaukums, piemēram, Daugavpils."),
        Column("resource_centre", "Resursu centrs", "Resursu centra nosaukums un adrese."),
        Column("coordinator", "Koordinators", "Kopienas koordinators."),
        Column("email", "E-pasts", "Koordinatora e-pasts."),
        Column(
            "coordinator_gender",
            "Koordinatora dzimums",
            "Sieviete vai vīrietis — tikai tad, ja rīks to nenosaka pēc vārda (relīzē: koordinatore vai koordinators).",
            optional=True,
        ),
        Column("name_en", "Nosaukums angliski", "Kopienas nosaukums angliski (angļu relīzēm).", optional=True),
        Column("resource_centre_en", "Resursu centrs angliski", "Resursu centra nosaukums angliski.", optional=True),
    ),
)

INSTITUTIONS = TabSpec(
    "institutions",
    "Iestādes",
    (
        Column("abbreviation", "Saīsinājums", "Saīsinājums, piemēram, 26.PII."),
        Column("full_name", "Pilns nosaukums", "Pilns iestādes nosaukums."),
        Column("community", "Kopiena", "Kopiena, kurā iestāde darbojas."),
        Column("name_en", "Nosaukums angliski", "Iestādes nosaukums angliski (angļu relīzēm).", optional=True),
    ),
)

PARTNERS = TabSpec(
    "partners",
    "Partneri",
    (
        Column("name", "Nosaukums", "Organizācijas nosaukums."),
        Column("emails", "E-pasts", "Viena vai vairākas adreses, atdalītas ar semikolu (;)."),
        Column("communities", "Kopienas", "Kopienas (nosaukumi vai kodi, atdalīti ar ;) vai “Visas”."),
        Column("language", "Valoda", "“lv” vai “en”."),
        Column("active", "Aktīvs", "Jā, ja partneris saņem nedēļas kopsavilkumu."),
        Column("name_en", "Nosaukums angliski", "Organizācijas nosaukums angliski.", optional=True),
    ),
)

TABS = (ACTIVITIES, COMMUNITIES, INSTITUTIONS, PARTNERS)

STATUS_PLANNED, STATUS_HELD, STATUS_CANCELLED = "planned", "held", "cancelled"
STATUS_WORDS = {"plānota": STATUS_PLANNED, "notikusi": STATUS_HELD, "atcelta": STATUS_CANCELLED}
STATUS_LABELS = {STATUS_PLANNED: "Plānota", STATUS_HELD: "Notikusi", STATUS_CANCELLED: "Atcelta"}

# Article kinds (column `Veids`): what the press release is about; empty is an event report.
KIND_EVENT, KIND_ANNOUNCEMENT, KIND_OPENING, KIND_PROJECT, KIND_CANCELLATION = (
    "event", "announcement", "opening", "project", "cancellation",
)  # fmt: skip
KIND_LABELS = {
    KIND_EVENT: "Pasākums",
    KIND_ANNOUNCEMENT: "Paziņojums",
    KIND_OPENING: "Centra atvēršana",
    KIND_PROJECT: "Projekta sākums",
    KIND_CANCELLATION: "Atcelšana",
}
KIND_WORDS = {label.casefold(): kind for kind, label in KIND_LABELS.items()} | {
    "pasākuma apraksts": KIND_EVENT,
    "atvēršana": KIND_OPENING,
    "projekts": KIND_PROJECT,
    "atcelts": KIND_CANCELLATION,
    "atcelta": KIND_CANCELLATION,
}

# The tab the tool owns and rewrites on every run: the programme's figures.
TOTALS_TAB = "Kopsavilkums"
# The tool's own memory in the sheet: a witness outside the ledger of the last week summarised.
STATE_TAB = "Rīka stāvoklis"

OK_WORD = "Labi"
# The most the tool writes into one cell or note: well under Excel's 32,767 and Google's 50,000.
CELL_TEXT_LIMIT = 10_000
ALL_COMMUNITIES_WORD = "Visas"


@dataclass(frozen=True)
class SheetLayout:
    """The names one deployment gives the tabs and columns: all the core needs of the settings.

    `tabs`: tab key -> title; `headers`: tab key -> field -> header; `tool_headers`: the tool's
    columns, field -> header. Built by the config from the contract's defaults and the file's
    `[tabs]` and `[headers.*]`; `default()` is the contract alone."""

    tabs: Mapping[str, str]
    headers: Mapping[str, Mapping[str, str]]
    tool_headers: Mapping[str, str]
    guide: str = ""  # where coordinators read how to fill the sheet (`coordinators_guide`)

    @classmethod
    def default(
        cls,
        tabs: Mapping[str, str] | None = None,
        headers: Mapping[str, Mapping[str, str]] | None = None,
        tool_headers: Mapping[str, str] | None = None,
    ) -> SheetLayout:
        """The contract's names, each overridden by the given ones."""
        given = headers or {}
        return cls(
            tabs={t.key: t.title for t in TABS} | {"totals": TOTALS_TAB, "state": STATE_TAB} | dict(tabs or {}),
            headers={t.key: t.headers() | dict(given.get(t.key, {})) for t in TABS},
            tool_headers={c.field: c.header for c in TOOL_COLUMNS} | dict(tool_headers or {}),
        )
