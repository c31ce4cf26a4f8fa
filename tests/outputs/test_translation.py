"""English drafts through the translation port: DeepL's official client and Google Cloud
Translation's REST API, each against a local fake on 127.0.0.1 answering in the documented shapes
(DeepL `POST /v2/glossaries`, `POST /v2/translate`; Google `POST /v3/…:translateText`)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from google.auth.credentials import AnonymousCredentials

from kopienas.adapters.translation import TranslationError, deepl_key, translator_for
from kopienas.adapters.translation.deepl_backend import DeepLTranslator
from kopienas.adapters.translation.google_backend import GoogleTranslator
from kopienas.core.models import Activity, Community, Institution, Programme
from kopienas.core.words.glossary import PROGRAMME_NAMES, glossary, substitute
from kopienas.outputs.drafts import render_draft

MADE_AT = datetime(2026, 11, 21, 8, 15, tzinfo=UTC)
# What the fake services answer for each Latvian text (a real service would translate it).
ENGLISH = {
    "Rudens talka": "Autumn clean-up",
    "Aktīvisti sakopa Gubiščes ezera krastu.": "The activists cleaned up the shore of Lake Gubišče.",
    "Visiem dalībniekiem liels paldies!": "Many thanks to all participants!",
}


class Fake:
    """A local HTTP service: records each request, answers with `respond(path, body)`."""

    def __init__(self, respond):
        self.requests: list[tuple[str, str, Any, dict[str, str]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                body = json.loads(raw) if "json" in self.headers.get("Content-Type", "") else parse_qs(raw)
                fake.requests.append(("POST", self.path, body, dict(self.headers)))
                status, answer = respond(self.path, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def deepl_answer(path: str, body: dict[str, Any]) -> tuple[int, Any]:
    if path == "/v2/glossaries":
        entries = body["entries"].count("\n") + 1
        return 201, {
            "glossary_id": "def3a26b-3e84-45b3-84ae-0c0aaf3525f7",
            "name": body["name"],
            "ready": True,
            "source_lang": body["source_lang"].lower(),
            "target_lang": body["target_lang"].lower(),
            "creation_time": "2026-11-21T08:15:00.000000Z",
            "entry_count": entries,
        }
    if path == "/v2/translate":
        return 200, {
            "translations": [
                {"detected_source_language": "LV", "text": ENGLISH.get(t, f"[en] {t}"), "billed_characters": len(t)}
                for t in body["text"]
            ]
        }
    return 404, {"message": "not found"}


def google_answer(path: str, body: dict[str, Any]) -> tuple[int, Any]:
    if path.startswith("/v3/projects/") and path.endswith("/locations/global:translateText"):
        return 200, {"translations": [{"translatedText": ENGLISH.get(t, f"[en] {t}")} for t in body["contents"]]}
    return 404, {"error": {"code": 404, "message": "not found", "status": "NOT_FOUND"}}


@pytest.fixture
def deepl_server() -> Iterator[Fake]:
    fake = Fake(deepl_answer)
    yield fake
    fake.close()


@pytest.fixture
def google_server() -> Iterator[Fake]:
    fake = Fake(google_answer)
    yield fake
    fake.close()


DAUGAVPILS = Community("DGP", "Daugavpils", "Daugavpils Kopienas resursu centrs", "Arvita Jukša", name_en="Daugavpils")
PROGRAMME = Programme(
    activities=(),
    communities=(DAUGAVPILS,),
    institutions=(Institution("11.psk", "Daugavpils 11. pamatskola", "DGP", "Daugavpils Primary School No. 11"),),
    partners=(),
)


def clean_up() -> Activity:
    return Activity(
        row=5,
        id="DGP-2020-07",
        title="Rudens talka",
        community="DGP",
        start=date(2020, 9, 24),
        end=date(2020, 9, 27),
        place="Smilšu ielā 92",
        description="Aktīvisti sakopa Gubiščes ezera krastu.\n\nVisiem dalībniekiem liels paldies!",
        institutions=("11.psk",),
        institution_names=("Daugavpils 11. pamatskola",),
        children=332,
        adults=48,
        total=380,
        status="held",
        press_release=True,
        community_code="DGP",
        community_name="Daugavpils",
    )


def test_deepl_translates_with_the_programmes_glossary(deepl_server):
    translate = DeepLTranslator("fake-key:fx", glossary(PROGRAMME), server_url=deepl_server.url)
    draft = render_draft(clean_up(), PROGRAMME, made_at=MADE_AT, lang="en", translate=translate)
    paragraphs = [b.text for b in draft.blocks if b.kind == "paragraph"]
    assert draft.title == "“Autumn clean-up” in the Daugavpils Active Community"
    assert "The activists cleaned up the shore of Lake Gubišče." in paragraphs
    assert "Many thanks to everyone who took part!" in paragraphs  # the tool's own closing sentence
    assert "Venue: Smilšu iela 92." in paragraphs  # the nominative, never "Smilšu ielā"
    assert "Participating institution: Daugavpils Primary School No. 11." in paragraphs  # from `Nosaukums angliski`
    note = draft.blocks[0].text
    assert "translated by machine (DeepL)" in note and "still in Latvian" not in note
    assert not any(b.lang == "lv" for b in draft.blocks)
    # The glossary went first, once, with the programme's names; then the texts, from Latvian.
    glossaries = [r for r in deepl_server.requests if r[1] == "/v2/glossaries"]
    assert len(glossaries) == 1
    entries = dict(line.split("\t") for line in glossaries[0][2]["entries"].splitlines())
    assert entries["Darbīgās kopienas"] == "Active Communities"
    assert entries["Daugavpils 11. pamatskola"] == "Daugavpils Primary School No. 11"
    [*_, (_, path, body, headers)] = deepl_server.requests
    assert path == "/v2/translate"
    assert body["source_lang"] == "LV" and body["target_lang"] == "EN-GB"
    assert body["glossary_id"] == "def3a26b-3e84-45b3-84ae-0c0aaf3525f7"
    assert headers["Authorization"] == "DeepL-Auth-Key fake-key:fx"


def test_google_translates_with_names_substituted(google_server):
    translate = GoogleTranslator(
        "kopienas-demo", AnonymousCredentials(), glossary(PROGRAMME), endpoint=google_server.url
    )
    assert translate(["Projekts “Darbīgās kopienas” Daugavpils 11. pamatskolā", "Rudens talka"]) == [
        "[en] Projekts “Active Communities” Daugavpils 11. pamatskolā",
        "Autumn clean-up",
    ]
    [(_, path, body, _)] = google_server.requests
    assert path == "/v3/projects/kopienas-demo/locations/global:translateText"
    assert body["sourceLanguageCode"] == "lv" and body["targetLanguageCode"] == "en"
    assert body["mimeType"] == "text/plain"
    draft = render_draft(clean_up(), PROGRAMME, made_at=MADE_AT, lang="en", translate=translate)
    assert "translated by machine (Google Cloud Translation)" in draft.blocks[0].text


def test_a_service_that_fails_leaves_the_draft_made_and_says_what_is_latvian():
    def broken(texts: list[str]) -> list[str]:
        raise TranslationError("DeepL netulkoja: quota / DeepL did not translate")

    draft = render_draft(clean_up(), PROGRAMME, made_at=MADE_AT, lang="en", translate=broken)
    note = draft.blocks[0].text
    assert "The translation service failed (DeepL netulkoja: quota / DeepL did not translate), so these parts" in note
    assert note.endswith("still in Latvian and need translating: the title and one paragraph of the description.")


def test_google_errors_are_one_line(google_server):
    translate = GoogleTranslator("kopienas-demo", AnonymousCredentials(), {}, endpoint=google_server.url + "/nowhere")
    with pytest.raises(TranslationError, match="atbildēja 404"):
        translate(["Rudens talka"])


def test_without_a_service_the_note_lists_exactly_what_is_latvian():
    draft = render_draft(clean_up(), PROGRAMME, made_at=MADE_AT, lang="en")
    assert draft.blocks[0].text.endswith(
        "No translation service is set up, so these parts are still in Latvian and need translating: "
        "the title and one paragraph of the description."
    )
    # The tool's own sentences are English whatever the service: headline, lead, venue, thanks.
    assert draft.title == "“Rudens talka” in the Daugavpils Active Community"
    assert "Venue: Smilšu iela 92." in draft.markdown
    assert "liels paldies" not in draft.markdown


def test_the_configured_backend_and_its_key(tmp_path, monkeypatch, deepl_server):
    monkeypatch.delenv("KOPIENAS_DEEPL_KEY", raising=False)
    assert translator_for("", {}) is None
    with pytest.raises(TranslationError.__mro__[1], match="DeepL needs a key"):
        deepl_key(None)
    key_file = tmp_path / "deepl-key"
    key_file.write_text("file-key:fx\n", encoding="utf-8")
    translate = translator_for(
        "deepl", {"Darbīgās kopienas": "Active Communities"}, key_file=key_file, server_url=deepl_server.url
    )
    assert translate is not None and translate(["Rudens talka"]) == ["Autumn clean-up"]
    assert deepl_server.requests[-1][3]["Authorization"] == "DeepL-Auth-Key file-key:fx"


def test_substitution_replaces_the_longest_name_first():
    entries = {
        "Kopienas resursu centrs": "Community Resource Centre",
        "Daugavpils Kopienas resursu centrs": "Daugavpils CRC",
    }
    assert substitute("Daugavpils Kopienas resursu centrs un Kopienas resursu centrs", entries) == (
        "Daugavpils CRC un Community Resource Centre"
    )
    assert PROGRAMME_NAMES["Izglītības iniciatīvu centrs"] == "Education Initiatives Centre"
