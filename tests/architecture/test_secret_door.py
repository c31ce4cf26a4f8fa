"""One redactor for every secret (`kopienas.adapters.secrets`): each is registered where it is
loaded, and every text that leaves the process passes through it — in every form a secret takes
(raw, URL-encoded, the base64 of SMTP AUTH PLAIN and LOGIN), as whole tokens, never inside words."""

from __future__ import annotations

import ast
import base64
import email
import re
import sqlite3
import urllib.parse
import zipfile
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kopienas.adapters import secrets
from kopienas.adapters.secrets import SHORT, redact, register
from tests.helpers import activity, make_workbook, standard_tabs, write_config
from tests.smtp_server import USER, _test_ca, run_smtp_server

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kopienas"
# Where secrets are read from their sources, each registering what it reads.
LOADERS = {
    "adapters/mail/transports/password.py",
    "adapters/sources/gsheet/access.py",
    "adapters/sources/gsheet/sign_in.py",
    "adapters/translation/google_backend.py",
}
SECRET_SOURCES = ("KOPIENAS_SMTP_PASSWORD", "PASSWORD_ENV", "password_file", "token", "credentials", "client_secrets")
ECHO = "cli/echo.py"  # the one place that writes to stdout or stderr


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _reads_a_secret(call: ast.Call) -> bool:
    name = ast.unparse(call.func)
    text = ast.unparse(call)
    reads = name.endswith(("read_text", "read_bytes", ".open", "environ.get", "getenv", "_file")) or name in (
        "open",
        "json.load",
    )
    return reads and any(re.search(rf"\b{s}\b", text) for s in SECRET_SOURCES)


def test_secrets_are_read_only_by_the_loaders_which_register_them():
    outside = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _reads_a_secret(node) and rel not in LOADERS:
                outside.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
            environ = isinstance(node, ast.Subscript) and "environ" in ast.unparse(node.value)
            if environ and any(s in ast.unparse(node.slice) for s in SECRET_SOURCES[:2]) and rel not in LOADERS:
                outside.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    assert outside == []
    for rel in LOADERS:
        assert "register(" in (PACKAGE / rel).read_text(encoding="utf-8"), rel


def test_nothing_is_printed_or_mailed_or_recorded_around_the_redactor():
    bypass = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                writes = name.startswith(("sys.stdout", "sys.stderr")) and name.endswith(("write", "writelines"))
                if name == "print" or (writes and rel != ECHO):
                    bypass.append(f"{rel}:{node.lineno}: {name}")
                if name == "Console" and not any(k.arg == "file" for k in node.keywords):
                    bypass.append(f"{rel}:{node.lineno}: a rich Console writing to the terminal")
            if isinstance(node, ast.Attribute) and ast.unparse(node) in ("click.echo", "click.secho") and rel != ECHO:
                bypass.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    assert bypass == []
    # The free texts of the ledger, and every mail's words, pass the redactor on their way in.
    ledger = "\n".join((PACKAGE / "adapters" / f).read_text() for f in ("ledger.py", "ledger_mails.py"))
    for text in ("redact(detail)", "redact(last_error)", "redact(p.message)"):
        assert text in ledger
    message = (PACKAGE / "adapters" / "mail" / "message.py").read_text()
    assert "redact(subject), redact(text), redact(html)" in message


def test_every_log_record_is_redacted_whoever_handles_it(cli, workbook_with, monkeypatch, caplog):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", "Parole-no-vides-1")
    _, cfg = workbook_with(activity())
    import kopienas.app.jobs.steps as validate_command

    def broken(*args, **kwargs):
        import logging

        logging.getLogger("kopienas.test").error("server said %s", "Parole-no-vides-1")
        raise RuntimeError("Parole-no-vides-1")

    monkeypatch.setattr(validate_command, "check", broken)
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 3 and "Parole-no-vides-1" not in result.output
    assert "Parole-no-vides-1" not in caplog.text and "server said [redacted]" in caplog.text


# -- the redactor's rules ------------------------------------------------------------------------


def test_a_one_letter_password_never_redacts_inside_other_words():
    register("x", user=USER)
    line = "cannot open an SMTP session with smtp.nonexistent-host.invalid:587 (x)"
    assert redact(line) == "cannot open an SMTP session with smtp.nonexistent-host.invalid:587 ([redacted])"


def test_a_punctuation_password_is_redacted_where_it_stands_alone_and_never_twice():
    register("[")
    assert redact(redact("see [mail.smtp]: got [ back")) == "see [mail.smtp]: got [redacted] back"


_SHAPE_PIECES = st.sampled_from(
    [
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----END PRIVATE KEY-----",
        '"private_key": "',
        '"PRIVATE_KEY_ID":"',
        "Bearer ",
        "bearer\tabc.def",
        "Authorization: Basic ",
        "authorization=token ",
        "ya29.",
        "YA29.",
        "access_token=",
        "Refresh_Token: '",
        "ID_TOKEN=",
        "client_secret",
        "CLIENT_ſECRET=",
        "private_\u212aey",
        "bearer\u0131",
        "https://",
        "://u:p@h",
        "ſ",
        "\u212a",
        "\u0131",
        "\u0130",
        "=",
        ":",
        " ",
        "\n",
        "'",
        '"',
        "@",
        "/",
        "abc",
        "Kopienas",
    ]
)


@given(st.lists(st.one_of(_SHAPE_PIECES, st.text(max_size=6)), max_size=12).map("".join))
@example("\u212a" * 3)
def test_a_pattern_the_quick_look_leaves_out_is_one_that_would_change_nothing(text):
    """The quick look for each shape's words, which spares most texts the patterns, never skips a
    pattern that would have found a key, a token or a password in a link: every text comes out as
    the whole set of patterns leaves it."""
    skipped = [p for p in secrets._PATTERNS if p not in secrets._shapes_in(text)]
    assert all(p.search(text) is None for p in skipped)
    whole = text
    for pattern in secrets._PATTERNS:
        whole = pattern.sub(secrets._keep_groups, whole)
    assert redact(text) == whole


def test_a_long_secret_is_redacted_with_its_whole_token():
    register("Slepens-42")
    assert redact("a Slepens-42 b xSlepens-42y c") == "a [redacted] b [redacted] c"


# -- through the command, against servers that echo what they were sent --------------------------


def _echoing(server):
    """The server refuses every login, quoting the AUTH data in its 535 reply as some do: the
    base64 of AUTH PLAIN and of the password (AUTH LOGIN), and the password itself."""

    def authenticate(srv, session, envelope, mechanism, auth_data):
        login, password = auth_data.login, auth_data.password
        plain = base64.b64encode(b"\0" + login + b"\0" + password).decode()
        shown = f"{plain} {base64.b64encode(password).decode()} {password.decode('utf-8', 'replace')}"
        return AuthResult(success=False, handled=False, message=f"535 5.7.8 {mechanism} {shown} rejected")

    server._controller.SMTP_kwargs["authenticator"] = authenticate


TEXT_COLUMNS = {"detail", "last_error", "message", "content"}  # the ledger's words (times and counts are the tool's)
TIME = re.compile(r"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d ")  # a log line's own clock


def _outputs(result, folder: Path) -> dict[str, str]:
    """Every text the run left: its stdout and stderr, the ledger's words, each file in out/."""
    out = {"output": TIME.sub("", result.output)}
    for ledger in folder.rglob("*.sqlite"):
        db = sqlite3.connect(ledger)
        db.row_factory = sqlite3.Row
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            for row in db.execute(f"SELECT * FROM {table}"):
                for column in TEXT_COLUMNS & set(row.keys()):
                    value = row[column]
                    if isinstance(value, bytes):
                        msg = email.message_from_bytes(value, policy=policy.default)
                        value = str(msg["Subject"]) + "".join(
                            p.get_content() for p in msg.walk() if p.get_content_maintype() == "text"
                        )
                    out[f"ledger {table}.{column}"] = out.get(f"ledger {table}.{column}", "") + f"\n{value}"
        db.close()
    for file in (folder / "out").rglob("*"):
        if file.is_file() and not file.name.endswith((".sqlite", "-wal", "-shm", ".lock")):
            out[str(file)] = file.read_bytes().decode("utf-8", "replace")
    return out


def shows(text: str, secret: str, user: str) -> bool:
    """Whether `text` shows `secret` in any form, as the README promises: a short secret as a
    whole token, a longer one anywhere."""
    data = secret.encode()
    forms = {
        secret,
        urllib.parse.quote(secret, safe=""),
        base64.b64encode(data).decode(),
        base64.b64encode(b"\0" + user.encode() + b"\0" + data).decode(),
    } | secrets.base64_forms(secret)
    text = text.replace(secrets.REDACTED, " ")  # the tool's own marker
    for form in forms:
        if len(secret) >= SHORT and form in text:
            return True
        edge = r"[\w+/=]" if form != secret else r"\w"
        # a token character at an edge touches no other; punctuation at an edge touches a space
        before = f"(?<!{edge})" if re.match(edge, form[0]) else r"(?<!\S)"
        after = f"(?!{edge})" if re.match(edge, form[-1]) else r"(?!\S)"
        if re.search(before + re.escape(form) + after, text):
            return True
    return False


def _run_against_echo(cli, tmp_path, monkeypatch, password, source, mechanism):
    ca = tmp_path / "ca.pem"
    _test_ca().cert_pem.write_to_path(str(ca))
    other = "LOGIN" if mechanism == "PLAIN" else "PLAIN"
    with run_smtp_server("starttls", password="never-this", exclude_auth=(other,)) as server:
        _echoing(server)
        secret_line = ""
        if source == "env":
            monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", password)
        else:
            monkeypatch.delenv("KOPIENAS_SMTP_PASSWORD", raising=False)
            pw = tmp_path / "smtp-password"
            pw.write_bytes(password.encode())
            pw.chmod(0o600)
            secret_line = f'password_file = "{pw if source == "file (absolute)" else pw.name}"\n'
        workbook = make_workbook(tmp_path / "wb.xlsx", standard_tabs(activity()))
        cfg = write_config(
            tmp_path / "cfg",
            workbook,
            f'\n[mail]\ntransport = "smtp"\nsender = "K <k@example.com>"\n[mail.smtp]\nhost = "{server.host}"\n'
            f'port = {server.port}\nuser = "{USER}"\nca_file = "{ca}"\ntimeout = 5\n{secret_line}',
        )
        if source == "file (relative)":
            (cfg.parent / pw.name).write_bytes(password.encode())
            (cfg.parent / pw.name).chmod(0o600)
        result = cli("--config", cfg, "-v", "summary", "--week", "2020-W39")
    return result, cfg.parent


@pytest.mark.parametrize("source", ["env", "file (absolute)"])
def test_a_password_quoted_back_by_the_server_is_in_no_output(cli, tmp_path, monkeypatch, source):
    password = "Slēpenā-Parole-2020"
    result, folder = _run_against_echo(cli, tmp_path, monkeypatch, password, source, "LOGIN")
    assert result.exit_code == 2 and "535 5.7.8" in result.output and "[redacted]" in result.output
    leaks = {where for where, text in _outputs(result, folder).items() if shows(text, password, USER)}
    assert leaks == set()


PASSWORDS = st.one_of(
    st.characters(categories=["L", "N"]),  # one character
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]), min_size=2, max_size=12),
    st.sampled_from(["smtp", "nonexistent", "host", "invalid", "127.0.0.1", "localhost", "example.com", "kopienas"]),
    st.sampled_from([".*", "a+b", "(x)", "[", "\\d", "$^", "a|b", "?", "*"]),
).filter(lambda p: p.strip() and "\0" not in p and p == p.strip())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    password=PASSWORDS,
    source=st.sampled_from(["env", "file (absolute)", "file (relative)"]),
    mechanism=st.sampled_from(["PLAIN", "LOGIN"]),
)
@example(password="x", source="file (absolute)", mechanism="PLAIN")
@example(password="nonexistent", source="env", mechanism="LOGIN")
@example(password="[", source="env", mechanism="PLAIN")
def test_no_password_shows_in_any_output_whatever_the_server_echoes(
    cli, tmp_path_factory, monkeypatch, password, source, mechanism
):
    tmp_path = tmp_path_factory.mktemp("echo")
    secrets.clear()
    result, folder = _run_against_echo(cli, tmp_path, monkeypatch, password, source, mechanism)
    assert result.exit_code == 2 and "Traceback" not in result.output
    leaks = {where for where, text in _outputs(result, folder).items() if shows(text, password, USER)}
    assert leaks == set(), result.output


# -- drafts: every file built from the redacted words --------------------------------------------


def test_a_draft_is_made_into_files_only_through_the_redactor():
    """`draft_files` builds the Markdown, HTML and Word bytes; only `app/drafts/redacted.py`, which
    gives it the draft after the redactor, may call it."""
    callers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "outputs/drafts" not in path.as_posix()
        and any(
            isinstance(node, ast.Name | ast.Attribute)
            and (getattr(node, "id", None) or getattr(node, "attr", None)) == "draft_files"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert callers == ["app/drafts/redacted.py"]


_TOKEN = "ya29.a0AfH6SMBx-Zz_0123456789abcdef"


@given(secret=st.text(st.characters(codec="utf-8", categories=("L", "N", "P")), min_size=8, max_size=24))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(secret="Slepens-Parole-42")
def test_no_secret_or_token_in_a_description_reaches_any_file_of_its_draft(secret, tmp_path):
    from dataclasses import replace

    from kopienas.app.drafts.making import write_draft
    from tests.support.drafts import clean_up, draft_of

    secrets.clear()
    register(secret)
    activity = clean_up()
    draft = draft_of(replace(activity, description=f"{activity.description}\n\nParole: {secret}; atslēga {_TOKEN}."))
    folder = tmp_path / secrets.REDACTED.strip("[]")
    write_draft(draft, folder)
    for name in ("draft.md", "draft.html"):
        text = (folder / name).read_text(encoding="utf-8")
        assert secret not in text and _TOKEN not in text and "[redacted]" in text, name
    with zipfile.ZipFile(folder / "draft.docx") as docx:
        # Where a draft's words go: the body, headers and footers, the document's properties (the
        # styles and font tables hold only what python-docx's template brings).
        parts = {n: docx.read(n).decode("utf-8") for n in docx.namelist() if _carries_words(n)}
    assert not [n for n, xml in parts.items() if _TOKEN in xml or _escaped(secret) in xml]
    assert "[redacted]" in parts["word/document.xml"]
    secrets.clear()


def _carries_words(part: str) -> bool:
    return part.endswith(".xml") and (
        part == "word/document.xml" or part.startswith(("docProps/", "word/header", "word/footer"))
    )


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
