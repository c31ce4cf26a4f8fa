"""What the tool says when Google refuses and only a person can fix it: one line each, Latvian then
English, naming the exact fix (see README, "First day on Google")."""

from __future__ import annotations

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
        "ik pēc 7 dienām, OAuth lietotne ir statusā “Testing” — publicējiet to (Google Cloud konsole → OAuth "
        "consent screen → Publish app). / The Google sign-in expired (invalid_grant): run `kopienas auth` again; "
        "if it recurs every 7 days the OAuth app is in Testing status: publish it (OAuth consent screen → Publish app)."
    )


def key_refused(reason: str) -> str:
    return (
        f"Google noraidīja piekļuves atslēgu ({reason}); izveidojiet jaunu servisa konta atslēgu "
        f"(`source.credentials`) vai palaidiet `kopienas auth`. / Google refused the key ({reason}): "
        "create a new key for the service account and save it where `source.credentials` points, or run "
        "`kopienas auth` again."
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
