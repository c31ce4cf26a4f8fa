"""The one-line errors of a Google Sheet as a source, of Google's sign-in and of Google Drive
(Latvian, then English after a slash). `key` is the spreadsheet's id or address as configured."""

from __future__ import annotations

PROTECTION = "pelēkas un aizsargātas ar brīdinājumu"  # how `init` marks the tool's columns


def key_refused(reason: str) -> str:
    return (
        f"Google noraidīja piekļuves atslēgu ({reason}); izveidojiet jaunu servisa konta atslēgu "
        f"(`source.credentials`) vai palaidiet `kopienas auth`. / Google refused the key ({reason}): "
        "create a new key for the service account and save it where `source.credentials` points, or run "
        "`kopienas auth` again."
    )


def sheet_not_found(key: str) -> str:
    return f"Google tabula {key} nav atrasta: pārbaudiet saiti vai ID. / Spreadsheet {key} not found."


TAB_GONE_DURING_RUN = (
    "Tabulā vairs nav lapas, ko rīks izmanto (tā pārdēvēta vai izdzēsta darba laikā); nekas netika "
    "ierakstīts. Palaidiet vēlreiz. / A tab was renamed or deleted during the run; nothing was written."
)
CREDENTIALS_REFUSED = "Google noraidīja piekļuves atslēgu. / Google refused the credentials."


def api_error(code: int, message: str) -> str:
    return f"Google Sheets kļūda {code}: {message}"


def unreachable(kind: str) -> str:
    return (
        f"Nevar sazināties ar Google Sheets ({kind}); nekas netika ierakstīts. / "
        "Cannot reach Google Sheets; nothing was written."
    )


def write_stopped(code: object, written: int, total: int) -> str:
    return (
        f"Google Sheets pārtrauca rakstīšanu ({code}): ierakstītas {written} no {total} rindu pārbaudēm, pārējās "
        f"ierakstīs nākamā palaišana. / Google Sheets stopped the write ({code}): {written} of {total} rows written; "
        "the next run writes the rest."
    )


def tab_gone(title: str) -> str:
    return f"Tabulā vairs nav lapas “{title}”; nekas netika ierakstīts. / The tab is gone; nothing was written."


def tab_appeared(title: str) -> str:
    return (
        f"Tabulā tikko parādījās lapa “{title}”; nekas netika ierakstīts, palaidiet vēlreiz. / "
        "The tab appeared since the read; nothing was written, run again."
    )


# --- credentials (adapters/sources/gsheet/access.py) ------------------------------------------------


def no_id_in(source: str) -> str:
    return f"Nevar atrast tabulas ID adresē {source}. / No spreadsheet id in {source}."


def token_unusable(token: object) -> str:
    return (
        f"Pieteikšanās fails {token} ir bojāts; palaidiet `kopienas auth` vēlreiz. / "
        f"The token file {token} is unusable: run `kopienas auth` again."
    )


NO_CREDENTIALS = (
    "Nav Google piekļuves atslēgas: norādiet servisa konta JSON failu (konfigurācijā `source.credentials` "
    "vai GOOGLE_APPLICATION_CREDENTIALS) vai piesakieties ar `kopienas auth`. / No Google credentials: set "
    "`source.credentials` or GOOGLE_APPLICATION_CREDENTIALS to a service-account JSON file, or run `kopienas auth`."
)


def key_file_not_found(path: object) -> str:
    return f"Servisa konta fails nav atrasts: {path}. / Credentials file not found: {path}."


def key_file_unreadable(path: object, why: str | None) -> str:
    return (
        f"Servisa konta failu {path} nevar nolasīt ({why}); ļaujiet šim lietotājam to lasīt. / "
        f"Cannot read the credentials file {path} ({why}): let this user read it."
    )


def not_a_key_file(path: object, kind: str) -> str:
    return f"Fails {path} nav derīga servisa konta atslēga ({kind}). / {path} is not a usable service-account key file."


# --- sign-in (adapters/sources/gsheet/sign_in.py) --------------------------------------------------

SIGN_IN_UNREACHABLE = (
    "Nevar sazināties ar Google pieteikšanās serveri (oauth2.googleapis.com); nekas netika ierakstīts. "
    "Pārbaudiet tīklu un mēģiniet vēlāk. / Cannot reach Google's sign-in server; nothing was written."
)


def sign_in_failed(kind: str) -> str:
    return f"Google pieteikšanās neizdevās ({kind}). / Signing in to Google failed."


# --- Drive (adapters/sources/gsheet/drive.py) ------------------------------------------------------

NO_DRIVE_SCOPE = (
    "Google pieteikšanās neatļauj Google Drive: palaidiet `kopienas auth` vēlreiz. / The Google sign-in "
    "lacks the Drive scope: run `kopienas auth` again (a service account needs nothing)."
)


def folder_unavailable(folder: str, who: str, why: str) -> str:
    return (
        f"Google Drive mape {folder} nav atrasta vai nav kopīgota: kopīgojiet to ar {who} (rediģētājs) "
        f"vai labojiet `drafts.drive_folder`{why}. / The Drive folder {folder} is missing or not shared: "
        f"share it with {who} as an editor, or fix `drafts.drive_folder`."
    )


# What only a person can fix (README, "First day on Google"): one line each, with the exact fix.

API_NAMES = {"sheets.googleapis.com": "Google Sheets API", "drive.googleapis.com": "Google Drive API"}


def service_disabled(service: str, link: str) -> str:
    name = API_NAMES.get(service, service or "Google API")
    where = link or "https://console.cloud.google.com/apis/library"
    return (
        f"{name} šim Google Cloud projektam nav ieslēgts: ieslēdziet to {where} un pēc dažām minūtēm palaidiet "
        f"vēlreiz. / {name} is not enabled for this Google Cloud project: enable it at {where}, wait a few "
        "minutes, run again."
    )


def no_storage(folder: str, account: str) -> str:
    who = account or "the service account"
    return (
        f"Servisa kontam ({who}) nav savas Google Drive krātuves, tāpēc tas nevar veidot dokumentus mapē {folder}: "
        "norādiet `drafts.drive_folder` mapi koplietojamā diskā (shared drive) vai piesakieties ar `kopienas auth`. "
        f"/ A service account ({who}) owns no files, so it cannot create Docs in {folder}: point "
        "`drafts.drive_folder` at a folder in a shared drive, or sign in with `kopienas auth`."
    )


def storage_full(folder: str) -> str:
    return (
        f"Google Drive krātuve ir pilna, dokumentu mapē {folder} nevar izveidot: atbrīvojiet vietu vai izmantojiet "
        "mapi koplietojamā diskā. / The Drive storage quota is used up, no Doc can be created in "
        f"{folder}: free space, or use a folder in a shared drive."
    )


def sign_in_expired() -> str:
    return (
        "Google pieteikšanās vairs nav derīga (invalid_grant): palaidiet `kopienas auth` vēlreiz; ja tas atkārtojas "
        "ik pēc 7 dienām, OAuth lietotne ir statusā “Testing” – publicējiet to (Google Cloud konsole → OAuth "
        "consent screen → Publish app). / The Google sign-in expired (invalid_grant): run `kopienas auth` again; "
        "if it recurs every 7 days the OAuth app is in Testing status: publish it (OAuth consent screen → Publish app)."
    )


def not_shared(key: str, account: str) -> str:
    return (
        f"Nav piekļuves tabulai {key}: kopīgojiet to ar {account or 'servisa kontu'} (rediģētājs). / "
        f"No access: share the sheet with {account or 'the service account'} as an editor."
    )


def gave_up(service: str, code: object) -> str:
    return (
        f"{service} neatbild ({code}) arī pēc atkārtotiem mēģinājumiem; nekas netika ierakstīts. Mēģiniet vēlāk. / "
        f"{service} kept failing ({code}); nothing was written."
    )
