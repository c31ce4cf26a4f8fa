"""The emulator answers like Google: recorded Google traffic is replayed against it.

Each recording (vcrpy JSON from gspread's own test suite) holds real requests and Google's real
responses. Every request is sent to the emulator in order, through the same session gspread
uses, and the emulator's status and JSON body must equal Google's once ids, which differ by
nature, are translated (see `Ids`) and timestamps are set aside (see `normalise`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from google.auth.credentials import AnonymousCredentials

from kopienas.adapters.sources.gsheet.http import sheets_session
from tests.helpers import ROOT
from tests.sheets_emulator import SheetsEmulator

RECORDINGS = ROOT / "tests" / "sheets_emulator" / "recordings"  # with gspread's MIT licence
FILES = sorted(RECORDINGS.glob("*.json"))
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
TIMESTAMP_KEYS = {"createdTime", "modifiedTime"}  # when a file was made/changed: differs on every run


class Ids:
    """Google's ids in the recording <-> the emulator's ids, learned as responses come in.

    Spreadsheet ids (Drive's "id", Sheets' "spreadsheetId") and sheet ids ("sheetId") are chosen
    by the server. When a response carries an id not seen before, the recorded and the emulator's
    value are paired; an id seen before must then match its pair, so a wrong id still fails.
    """

    def __init__(self):
        self.spreadsheets: dict[str, str] = {}  # recorded -> emulator
        self.sheets: dict[int, int] = {0: 0}

    def learn(self, recorded, actual) -> None:
        if isinstance(recorded, dict) and isinstance(actual, dict):
            for key, value in recorded.items():
                if key in ("id", "spreadsheetId") and isinstance(actual.get(key), str):
                    self.spreadsheets.setdefault(value, actual[key])
                elif key == "sheetId" and isinstance(actual.get(key), int):
                    self.sheets.setdefault(value, actual[key])
                self.learn(value, actual.get(key))
        elif isinstance(recorded, list) and isinstance(actual, list):
            for r, a in zip(recorded, actual, strict=False):
                self.learn(r, a)

    def to_emulator(self, value):
        """A recorded request (URL or JSON body) with the emulator's ids in it."""
        return _translate(value, self.spreadsheets, self.sheets)

    def to_recorded(self, value):
        """An emulator response with the recording's ids in it."""
        return _translate(value, {v: k for k, v in self.spreadsheets.items()}, {v: k for k, v in self.sheets.items()})


def _translate(value, spreadsheet_ids: dict, sheet_ids: dict, key: str | None = None):
    if isinstance(value, dict):
        return {k: _translate(v, spreadsheet_ids, sheet_ids, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_translate(v, spreadsheet_ids, sheet_ids, key) for v in value]
    if key == "sheetId" and isinstance(value, int):
        return sheet_ids.get(value, value)
    if isinstance(value, str):
        for old, new in spreadsheet_ids.items():
            value = value.replace(old, new)
    return value


def normalise(body):
    """Set aside what can't match between two runs: creation/modification timestamps.

    They must still be RFC 3339 timestamps with milliseconds, as Drive writes them.
    """
    if isinstance(body, dict):
        out = {}
        for key, value in body.items():
            if key in TIMESTAMP_KEYS and isinstance(value, str):
                assert RFC3339.fullmatch(value), f"{key}={value!r} is not a Drive timestamp"
                value = "<timestamp>"
            out[key] = normalise(value)
        return out
    if isinstance(body, list):
        return [normalise(v) for v in body]
    return body


def _json(text: str):
    return json.loads(text) if text.strip() else None


def test_the_recordings_are_there():
    # Never a silent skip: the replay below must have recordings to replay.
    assert len(FILES) >= 18, f"the recordings of Google's traffic are missing from {RECORDINGS}"


@pytest.mark.parametrize("recording", FILES, ids=[f.stem for f in FILES])
def test_replaying_a_recording_gets_googles_answers(recording: Path):
    interactions = json.loads(recording.read_text(encoding="utf-8"))["interactions"]
    ids = Ids()
    with SheetsEmulator() as emu:
        session = sheets_session(AnonymousCredentials(), emu.url)
        for n, interaction in enumerate(interactions):
            request, recorded = interaction["request"], interaction["response"]
            body = _json(request["body"] or "")
            response = session.request(
                request["method"],
                ids.to_emulator(request["uri"]),
                json=ids.to_emulator(body) if body is not None else None,
            )
            expected, actual = _json(recorded["body"]["string"]), _json(response.text)
            ids.learn(expected, actual)
            where = f"interaction {n}: {request['method']} {request['uri']}"
            assert response.status_code == recorded["status"]["code"], f"{where}\n{response.text}"
            assert normalise(ids.to_recorded(actual)) == normalise(expected), where
        assert emu.errors == []
