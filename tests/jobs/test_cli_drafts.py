"""`kopienas drafts`: files for the press office, the note in the sheet, and idempotence."""

from docx import Document
from openpyxl import load_workbook

from tests.helpers import activity


def note(path, row):
    ws = load_workbook(path)["Aktivitātes"]
    col = next(c.column for c in ws[1] if c.value == "Relīzes melnraksts")
    return ws.cell(row, col).value


def test_a_marked_valid_row_gets_a_draft_in_three_formats(cli, workbook_with, tmp_path):
    path, cfg = workbook_with(activity())
    result = cli("--config", cfg, "drafts")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "cfg" / "out" / "drafts" / "DGP-2020-07"
    md = (folder / "draft.md").read_text(encoding="utf-8")
    assert "# Rudens talka" in md and "Kopā piedalījās 380 cilvēki: bērni un jaunieši – 332, pieaugušie – 48." in md
    assert "Daugavpils pilsētas 26. pirmsskolas izglītības iestāde" in md
    assert '<html lang="lv">' in (folder / "draft.html").read_text(encoding="utf-8")
    assert Document(folder / "draft.docx").paragraphs
    assert "drafts/DGP-2020-07/ (sagatavots 21.11.2026. plkst. 12.00)" in note(path, 2)
    assert result.output.startswith("Relīžu melnraksti: 1 jauns.\n")


def test_rows_not_drafted_say_why(cli, workbook_with):
    path, cfg = workbook_with(
        activity(id="A-1", total=1),
        activity(id="A-2", status="Atcelta"),
        activity(id="A-3", press_release="Nē"),
    )
    result = cli("--config", cfg, "drafts")
    assert "Nav sagatavots: A-1 – rindā ir kļūdas" in result.output
    assert "Nav sagatavots: A-2 – aktivitāte ir atcelta" in result.output
    assert note(path, 2) == "Nav sagatavots: rindā ir kļūdas (skat. “Pārbaude”)."
    assert note(path, 3) == "Nav sagatavots: aktivitāte ir atcelta."
    assert note(path, 4) is None


def test_a_second_run_changes_nothing_and_a_changed_row_is_redrafted(cli, workbook_with, tmp_path):
    path, cfg = workbook_with(activity())
    cli("--config", cfg, "drafts")
    md = tmp_path / "cfg" / "out" / "drafts" / "DGP-2020-07" / "draft.md"
    first = md.stat().st_mtime_ns
    again = cli("--config", cfg, "drafts")
    assert again.output.startswith("Relīžu melnraksti: 1 bez izmaiņām.\n") and md.stat().st_mtime_ns == first

    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    ws.cell(2, 2).value = "Pavasara talka"
    wb.save(path)
    changed = cli("--config", cfg, "drafts")
    assert "Relīžu melnraksti: 1 jauns." in changed.output and "# Pavasara talka" in md.read_text(encoding="utf-8")
    forced = cli("--config", cfg, "drafts", "--force")
    assert "Relīžu melnraksti: 1 jauns." in forced.output


def test_dry_run_writes_nothing(cli, workbook_with, tmp_path):
    path, cfg = workbook_with(activity())
    before = path.read_bytes()
    result = cli("--config", cfg, "drafts", "--dry-run")
    assert "Tiktu sagatavots: DGP-2020-07" in result.output
    assert result.output.startswith("Relīžu melnraksti: 1 tiktu sagatavots.\n")
    assert not (tmp_path / "cfg" / "out" / "drafts").exists() and path.read_bytes() == before


def test_one_row_by_id_and_an_unknown_id(cli, workbook_with, tmp_path):
    _path, cfg = workbook_with(activity(id="A-1"), activity(id="A-2"))
    result = cli("--config", cfg, "drafts", "--id", "a-2")
    assert "A-2" in result.output and "A-1" not in result.output
    missing = cli("--config", cfg, "drafts", "--id", "NAV-1")
    assert missing.exit_code == 2 and "Nav rindas ar ID NAV-1" in missing.output


def test_english_drafts_for_the_british_council(cli, workbook_with, tmp_path):
    _path, cfg = workbook_with(activity())
    cli("--config", cfg, "drafts", "--lang", "en")
    md = (tmp_path / "cfg" / "out" / "drafts" / "DGP-2020-07" / "en" / "draft.md").read_text(encoding="utf-8")
    assert "took place from 24 to 27 September 2020." in md and "380 people" in md


def test_cell_text_is_never_template_code(cli, workbook_with, tmp_path):
    _path, cfg = workbook_with(activity(title="{{ 7*7 }} <script>alert(1)</script>", description="{% raw %}x"))
    cli("--config", cfg, "drafts")
    folder = tmp_path / "cfg" / "out" / "drafts" / "DGP-2020-07"
    md = (folder / "draft.md").read_text(encoding="utf-8")
    html = (folder / "draft.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in md and "49" not in md.split("\n# ")[1].splitlines()[0]
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_the_press_office_gets_each_new_draft_once_with_the_docx(cli, workbook_with, tmp_path):
    from email import message_from_bytes, policy

    _path, cfg = workbook_with(activity(), config_extra='\n[mail]\npress_office = "prese@example.com"\n')
    cli("--config", cfg, "drafts")
    cli("--config", cfg, "drafts")  # unchanged row: no new draft, no new mail
    outbox = tmp_path / "cfg" / "out" / "outbox"
    emls = list(outbox.glob("draft_*.eml"))
    assert len(emls) == 1
    msg = message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    assert (
        msg["To"] == "prese@example.com"
        and msg["Subject"] == "Relīzes melnraksts: Rudens talka Daugavpils darbīgajā kopienā (DGP-2020-07)"
    )
    attachment = next(msg.iter_attachments())
    assert attachment.get_filename() == "DGP-2020-07.docx"
    assert attachment.get_content()[:2] == b"PK"  # a Word document (zip)
    # The text part is plain text, not Markdown: a greeting, what is attached and where the rest is.
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith(
        "Labdien!\n\nPielikumā ir relīzes melnraksts Word formātā (DGP-2020-07.docx); tas pats melnraksts HTML "
        "un Markdown formātā ir mapē "
    )
    assert "\n\nRudens talka Daugavpils darbīgajā kopienā\n=====" in text
    assert "\\" not in text and "<https://" not in text and "\n> " not in text and "\n# " not in text
    assert "Saite uz video: https://youtu.be/WzLscVGTHj4" in text
