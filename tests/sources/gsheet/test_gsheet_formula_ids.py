"""A formula in a Google Sheet's ID column is read as its value; one whose result is empty is a
problem on its cell, never replaced by a new ID."""

from __future__ import annotations

from tests.helpers import COMMUNITIES, INSTITUTIONS, activity, activity_rows, gsheet_config, sheet_tabs


def test_formula_ids_in_a_google_sheet(cli, sheets, tmp_path):
    rows = activity_rows(activity(id=""), activity(id="", title="Otrā"), activity(id="", title="Trešā"))
    tabs = {"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS}
    key = sheets.create_spreadsheet("Darbīgās kopienas", sheet_tabs(tabs), value_input_option="RAW")
    sheets.set_values(key, "Aktivitātes", "A2", [['="DGP-2020-"&"05"']], value_input_option="USER_ENTERED")
    sheets.set_values(key, "Aktivitātes", "A3", [['=IF(1=2,"x","")']], value_input_option="USER_ENTERED")
    cfg = gsheet_config(tmp_path, key, sheets.url)
    for _ in range(2):  # the same every run: no new ID for the empty formula
        result = cli("--config", cfg, "validate")
        assert result.exit_code == 1, result.output
        values = sheets.values(key, "Aktivitātes")
        check = values[0].index("Pārbaude")
        assert values[1][0] == "DGP-2020-05" and values[1][check] == "Labi"
        assert values[2][check].startswith("ID: šūnā ir formula ar tukšu rezultātu")
        assert values[3][0] == "DGP-2020-06"
    assert sheets.values(key, "Aktivitātes", render="FORMULA")[2][0] == '=IF(1=2,"x","")'
