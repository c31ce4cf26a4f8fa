"""Write messages to a folder instead of sending them, with a browsable index.

Each message becomes ``<key>.eml`` (openable in any mail client); after every
batch ``index.html`` lists all of them with a rendered preview, so a person
can check exactly what would be sent.
"""

from __future__ import annotations

import base64
import email
import hashlib
import html
import logging
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from kopienas.adapters.files import make_folder, write_file
from kopienas.adapters.mail.message import CID_REFERENCE, MAIL_POLICY
from kopienas.adapters.mail.transports._base import Outgoing, ResultCallback, SendResult
from kopienas.core.language import timestamp
from kopienas.core.safepaths import inside

log = logging.getLogger(__name__)

RIGA = "Europe/Riga"

INDEX_NAME = "index.html"
_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_STEM = 100


class OutboxTransport:
    def __init__(self, folder: Path, zone: str = RIGA, root: Path | None = None) -> None:
        self.folder = Path(folder)
        self.zone = zone  # the index shows each mail's time here, as the rest of the tool does
        # No link is followed below `root` (the folder the outbox is in, which the settings name).
        self.root = Path(root) if root is not None else self.folder.parent

    def __repr__(self) -> str:
        return f"OutboxTransport({str(self.folder)!r})"

    def path_for(self, key: str) -> Path:
        inside(self.folder, eml_filename(key))
        return self.folder / eml_filename(key)

    def send_batch(self, items: Iterable[Outgoing], on_result: ResultCallback | None = None) -> list[SendResult]:
        make_folder(self.folder, root=self.root)
        results = []
        try:
            for item in items:
                result = self._write(item)
                results.append(result)
                if on_result is not None:
                    on_result(result)
        finally:
            write_index(self.folder, self.zone, self.root)
        return results

    def _write(self, item: Outgoing) -> SendResult:
        path = self.path_for(item.key)
        try:
            _write_atomically(path, item.message.as_bytes(policy=MAIL_POLICY), self.root)
        except OSError as exc:
            log.warning("%s: cannot write %s: %s", item.key, path, exc)
            return SendResult(item.key, "failed", f"cannot write {path}: {exc.strerror or exc}")
        log.info("%s written to %s", item.key, path)
        return SendResult(item.key, "sent", f"written to {path}")


def eml_filename(key: str) -> str:
    """A safe, stable file name for `key`; distinct keys get distinct names."""
    stem = _UNSAFE_FILENAME_CHARS.sub("_", key).lstrip(".")[:_MAX_STEM]
    if stem != key or not stem:
        # The key was altered, so two keys could now collide: a short hash of
        # the original keeps them apart while the name stays recognisable.
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
        stem = f"{stem}-{digest}" if stem else digest
    return f"{stem}.eml"


def _write_atomically(path: Path, data: bytes, root: Path | None) -> None:
    # Readers (a browser, a second run) must never see half a file. The file
    # stays private to its owner: mails carry contact details.
    write_file(path, data, mode=0o600, root=root)


def write_index(folder: Path, zone: str = RIGA, root: Path | None = None) -> Path:
    """Regenerate ``index.html`` in `folder` from the .eml files found there."""
    folder = Path(folder)
    path = folder / INDEX_NAME
    _write_atomically(path, render_index(folder, zone).encode("utf-8"), root if root is not None else folder.parent)
    return path


def render_index(folder: Path, zone: str = RIGA) -> str:
    entries = [_read_entry(path) for path in Path(folder).glob("*.eml") if not path.is_symlink()]
    entries.sort(key=lambda e: (e.when or _EPOCH, e.file), reverse=True)
    rows = "\n".join(_render_entry(e, ZoneInfo(zone)) for e in entries)
    return _PAGE.format(count=len(entries), rows=rows or _EMPTY)


_EPOCH = datetime.fromtimestamp(0, UTC)


@dataclass
class _Entry:
    file: str
    when: datetime | None = None
    to: str = ""
    subject: str = ""
    preview_html: str = ""
    attachments: list[str] = field(default_factory=list)


def _read_entry(path: Path) -> _Entry:
    entry = _Entry(file=path.name)
    try:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if msg["Date"] is not None and msg["Date"].datetime is not None:
            when = msg["Date"].datetime
            entry.when = when if when.tzinfo else when.replace(tzinfo=UTC)
        entry.to = _as_clients_show_it(msg, "To")
        entry.subject = str(msg["Subject"] or "")
        entry.attachments = [part.get_filename() or "?" for part in msg.iter_attachments()]
        entry.preview_html = _preview(msg)
    except Exception as exc:  # one broken file must not hide all the others
        entry.preview_html = f"<p class=error>cannot read this file: {html.escape(str(exc))}</p>"
    return entry


def _as_clients_show_it(msg: EmailMessage, name: str) -> str:
    # Decoded from the raw header: Python's address parser puts stray spaces
    # into long encoded display names, mail clients do not.
    raw = next((str(v) for k, v in msg.raw_items() if k.lower() == name.lower()), "")
    return str(make_header(decode_header(re.sub(r"\r?\n(?=[ \t])", "", raw))))


def _preview(msg: EmailMessage) -> str:
    body = msg.get_body(preferencelist=("html", "plain"))
    if body is None:
        return "<p class=error>no text part</p>"
    content = body.get_content()
    if body.get_content_subtype() != "html":
        return f"<pre>{html.escape(content)}</pre>"
    images = _inline_images_as_data_urls(msg)
    content = CID_REFERENCE.sub(lambda m: images.get(urllib.parse.unquote(m.group(1)), m.group(0)), content)
    # srcdoc is an attribute, so the whole document is attribute-escaped;
    # sandbox stops any script in the mail from running in the index page.
    return f'<iframe sandbox srcdoc="{html.escape(content, quote=True)}" loading="lazy"></iframe>'


def _inline_images_as_data_urls(msg: EmailMessage) -> dict[str, str]:
    images = {}
    for part in msg.walk():
        content_id = part.get("Content-ID")
        if content_id and part.get_content_maintype() == "image":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)  # a decoded non-multipart part
            data = base64.b64encode(payload).decode("ascii")
            images[content_id.strip().strip("<>")] = f"data:{part.get_content_type()};base64,{data}"
    return images


def _render_entry(entry: _Entry, zone: ZoneInfo) -> str:
    attachments = ", ".join(html.escape(name) for name in entry.attachments)
    return _ENTRY.format(
        date=html.escape(timestamp(entry.when.astimezone(zone))) if entry.when else "",
        to=html.escape(entry.to),
        subject=html.escape(entry.subject) or "(no subject)",
        href=html.escape(urllib.parse.quote(entry.file)),
        file=html.escape(entry.file),
        attachments=f"<p>Attachments: {attachments}</p>" if attachments else "",
        preview=entry.preview_html,
    )


_EMPTY = "<p>No messages.</p>"
_ENTRY = """<section>
<details>
<summary><span class=date>{date}</span> <span class=to>{to}</span> <b>{subject}</b></summary>
<p><a href="{href}">{file}</a></p>
{attachments}
{preview}
</details>
</section>"""
_PAGE = """<!DOCTYPE html>
<html lang="lv">
<head>
<meta charset="utf-8">
<title>kopienas outbox ({count})</title>
<style>
body {{ font-family: sans-serif; margin: 1em auto; max-width: 60em; }}
summary {{ cursor: pointer; padding: .3em 0; }}
.date {{ color: #555; font-variant-numeric: tabular-nums; }}
.to {{ color: #225; }}
iframe {{ width: 100%; height: 30em; border: 1px solid #ccc; }}
pre {{ white-space: pre-wrap; border: 1px solid #ccc; padding: .5em; }}
.error {{ color: #a00; }}
</style>
</head>
<body>
<h1>Outbox: {count} message(s)</h1>
{rows}
</body>
</html>
"""
