"""Why a value typed in a cell or on the command line cannot be read (Latvian; English after a
slash where an operator reads the line). `shown` is the value as typed, already shortened."""

from __future__ import annotations

from datetime import date

# --- cells (core/cells.py): the reason after the column's header -----------------------------------

NOT_A_DATE = "jābūt datumam, piemēram, 24.09.2020"
NOT_A_COUNT = "jābūt veselam skaitlim, piemēram, 48"


def unreadable_date(shown: str) -> str:
    return f"“{shown}” nav saprotams datums; rakstiet, piemēram, 24.09.2020"


def no_such_day(shown: str) -> str:
    return f"datums “{shown}” neeksistē (pārbaudiet dienu un mēnesi)"


def serial_not_a_date(shown: str) -> str:
    return f"skaitlis {shown} nav datums; rakstiet, piemēram, 24.09.2020"


def not_whole(shown: str) -> str:
    return f"“{shown}” nav vesels skaitlis; cilvēkus skaita veselos skaitļos"


def not_a_number(shown: str) -> str:
    return f"“{shown}” nav skaitlis; ierakstiet tikai ciparus, piemēram, 48"


def negative(number: int) -> str:
    return f"skaits nevar būt negatīvs ({number})"


def not_yes_or_no(shown: str) -> str:
    return f"“{shown}” nav saprotams; rakstiet “Jā” vai “Nē” (vai atzīmējiet rūtiņu)"


def not_a_status(shown: str) -> str:
    return f"“{shown}” nav atļauts statuss; izvēlieties “Plānota”, “Notikusi” vai “Atcelta”"


# --- contacts (core/contacts.py): the {why} of a phone or address problem ----------------------------

NOT_A_PHONE = "nav tālruņa numurs"
INVALID_PHONE = "nav derīgs Latvijas vai starptautisks tālruņa numurs"
INVALID_EMAIL = "nav derīga e-pasta adrese"


# --- weeks (core/weeks.py): `--week` and the weeks the tool is given ----------------------------------


def year_out_of_range(year: int) -> str:
    return (
        f"{year}. gads ir ārpus atļautā (1901–9998); rakstiet, piemēram, 2020-W39. "
        f"/ Year {year} is out of range (1901–9998)."
    )


def no_such_week(year: int, week: int) -> str:
    return (
        f"{year}. gadā nav {week}. nedēļas; ISO gadam ir 52 vai 53 nedēļas. "
        f"/ Year {year} has no week {week}: an ISO year has 52 or 53 weeks."
    )


def not_an_iso_week(text: str) -> str:
    return (
        f"“{text}” nav ISO nedēļa; rakstiet gadu un nedēļas numuru, piemēram, 2020-W39. "
        f"/ {text!r} is not an ISO week: write the year and the week number, e.g. 2020-W39."
    )


def not_a_week(monday: date, sunday: date) -> str:
    return (
        f"{monday} – {sunday} nav nedēļa no pirmdienas līdz svētdienai. "
        f"/ {monday} – {sunday} is not a week from Monday to Sunday."
    )


# --- paths (core/safepaths.py) ------------------------------------------------------------------------


def path_outside(printable: str, base: object) -> str:
    return (
        f"Ceļš “{printable}” būtu ārpus mapes {base}; nekas netika ierakstīts. "
        f"/ The path “{printable}” would leave {base}; nothing was written."
    )


# --- input help (core/setup_plan.py): what a cell accepts, as `init` lists it -------------------------

RULE_KINDS = {"date": "datums", "count": "vesels skaitlis ≥ 0"}


def choice_of(values: list[str] | tuple[str, ...]) -> str:
    return "izvēle " + "/".join(values)


def choice_from_tab(tab: str) -> str:
    return f"izvēle no lapas “{tab}”"


def not_a_choice(shown: str, what: str, labels: list[str]) -> str:
    """A dropdown cell with a value not on its list (`Veids`): the choices, each in quotation marks."""
    quoted = [f"“{label}”" for label in labels]
    return f"“{shown}” nav atļauts {what}; izvēlieties {', '.join(quoted[:-1])} vai {quoted[-1]}"
