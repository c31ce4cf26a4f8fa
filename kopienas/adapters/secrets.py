"""The one redactor: every secret is registered here when it is loaded, and every text that leaves
the process (the command's lines, logs, the ledger's details, mails, drafts) passes `redact`.

A secret is redacted in each form it can take on the way out: as it is, URL-encoded, and inside
base64 — the AUTH LOGIN answer (base64 of the password alone), the AUTH PLAIN string
(base64 of "\\0user\\0password") and, for longer secrets, the part of any base64 text that depends
on the secret alone. What is replaced is always a whole token (a run of word characters, or of
base64 characters), never a piece inside another word.

Very short secrets: a secret shorter than SHORT characters (a one-letter test password) is
redacted only where it stands as a whole token — a word character at its edge touches no other
word character, a punctuation character at its edge touches a space or the end of the text — so
`x` blanks the word `x` but not the x in `smtp.nonexistent-host.invalid`, and `[` blanks a lone
`[` but not the one in `[mail.smtp]`. Longer secrets are found anywhere, and the whole token
around them is replaced. A `[redacted]` already in a text is never redacted again.

Beside the registered secrets, anything shaped like a key or token (a PEM private key, a Bearer
header, a Google access token, `client_secret=…`) is redacted whatever registered it.
"""

from __future__ import annotations

import base64
import re
import threading
import urllib.parse
from dataclasses import dataclass

REDACTED = "[redacted]"
SHORT = 6  # shorter secrets are redacted only as whole tokens
_WORD = re.compile(r"\w")
_BASE64 = re.compile(r"[A-Za-z0-9+/=]")

# Each shape of a key or token, with the words (in lower case) every match of it contains: a
# text without one of them is not run through that pattern (most texts hold none).
_SHAPES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    # PEM private keys, also as they appear inside a service-account JSON (with "\n" escapes),
    # and a key cut off before its END line.
    (
        re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)", re.DOTALL),
        ("-----begin",),
    ),
    (re.compile(r"(?i)(\"private_key(?:_id)?\"\s*:\s*\")[^\"]*(\")"), ("private_key",)),
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*"), ("bearer",)),
    (re.compile(r"(?i)(authorization\s*[:=]\s*(?:basic|token)\s+)\S+"), ("authorization",)),
    (re.compile(r"\bya29\.[A-Za-z0-9\-_.]+"), ("ya29.",)),  # Google OAuth access tokens
    (
        re.compile(
            r"(?i)\b((?:access_token|refresh_token|id_token|client_secret)[\"']?\s*[:=]\s*[\"']?)"
            r"[A-Za-z0-9\-._~+/]+=*"
        ),
        ("_token", "client_secret"),
    ),
    (re.compile(r"(://[^/\s:@]+:)[^@\s/]+(@)"), ("://",)),  # user:password@host in a URL
)
_PATTERNS = [pattern for pattern, _ in _SHAPES]
# Letters the patterns' case rules take for an ASCII one that `str.lower` does not turn into it
# (İ ı ſ and the Kelvin sign): a text with one of them goes through every pattern.
_CASE_TWINS = "\u0130\u0131\u017f\u212a"


@dataclass(frozen=True, slots=True)
class _Form:
    alphabet: re.Pattern[str]  # what a token of this form is made of
    whole_only: bool  # True: only where it is a whole token; False: anywhere, its whole token replaced


_forms: dict[str, _Form] = {}
_lock = threading.Lock()
_finder: re.Pattern[str] | None = None


def register(value: str | None, *, user: str | None = None) -> None:
    """Keep `value` (a password, token, key) out of every text from now on; `user` is the name it
    is sent with in SMTP AUTH PLAIN."""
    global _finder
    if not value or not value.strip():
        return
    with _lock:
        for form, rule in forms(value, user).items():
            if form and (form not in _forms or _forms[form].whole_only):
                _forms[form] = rule
        _finder = None


def forms(secret: str, user: str | None = None) -> dict[str, _Form]:
    """Every form `secret` can take in text, with how it is matched."""
    short = len(secret) < SHORT
    out = {secret: _Form(_WORD, short)}
    for quoted in (urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)):
        if quoted != secret:
            out.setdefault(quoted, _Form(_WORD, short))
            out.setdefault(re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), quoted), _Form(_WORD, short))
    data = secret.encode("utf-8")
    wholes = [data, b"\0" + (user or "").encode("utf-8") + b"\0" + data]  # AUTH LOGIN and AUTH PLAIN
    for whole in wholes:
        encoded = base64.b64encode(whole).decode("ascii")
        out.setdefault(encoded, _Form(_BASE64, True))
        out.setdefault(encoded.rstrip("="), _Form(_BASE64, True))
    for core in base64_forms(secret):
        out[core] = _Form(_BASE64, False)
    for line in secret.splitlines() if "\n" in secret else ():
        if len(line.strip()) >= 16:  # a PEM key's lines
            out.setdefault(line.strip(), _Form(_BASE64, False))
    if "\n" in secret:
        out.setdefault(secret.replace("\n", "\\n"), _Form(_WORD, False))  # as JSON writes it
    return out


def base64_forms(secret: str) -> set[str]:
    """What of `secret` shows in the base64 of any text that contains it (an SMTP AUTH PLAIN or
    LOGIN line, a Basic authorization header): base64 turns each 3 bytes into 4 characters, so
    for each of the 3 positions the secret can start at, the characters that depend on the secret
    alone are the same whatever surrounds it."""
    data = secret.encode("utf-8")
    found = set()
    for offset in range(3):
        encoded = base64.b64encode(bytes(offset) + data).decode("ascii").rstrip("=")
        start = 4 if offset else 0  # the first group mixes in what came before
        end = (offset + len(data)) // 3 * 4  # whole groups only: the last mixes in what follows
        core = encoded[start:end]
        if len(core) >= 8:
            found.add(core)
    return found


def clear() -> None:
    """Forget every registered secret (a new process state, for tests)."""
    global _finder
    with _lock:
        _forms.clear()
        _finder = None


def redact(text: str) -> str:
    """`text` with every registered secret (in each of its forms) and anything shaped like a key
    or token replaced by [redacted]."""
    text = _redact_registered(text)
    for pattern in _shapes_in(text):
        text = pattern.sub(_keep_groups, text)
    return text


def _shapes_in(text: str) -> list[re.Pattern[str]]:
    """The shape patterns that may match `text` (the others cannot)."""
    if any(twin in text for twin in _CASE_TWINS):
        return _PATTERNS
    lower = text.lower()
    return [pattern for pattern, words in _SHAPES if any(word in lower for word in words)]


def any_registered() -> bool:
    """Whether any secret is registered: with none, `redact_registered` returns every text as it is."""
    return bool(_forms)


def redact_registered(text: str) -> str:
    """`text` with the registered secrets replaced (not the shapes: for cell text a coordinator
    typed, which goes back to the sheet it came from)."""
    return _redact_registered(text)


def _compiled() -> re.Pattern[str] | None:
    """One pattern for the forms found anywhere (at each place the longest: its token is widened
    to the whole word anyway)."""
    global _finder
    with _lock:
        anywhere = [f for f, rule in _forms.items() if not rule.whole_only]
        if _finder is None and anywhere:
            alternatives = "|".join(re.escape(f) for f in sorted(anywhere, key=len, reverse=True))
            _finder = re.compile(f"(?=({alternatives}))")
        return _finder


def _redact_registered(text: str) -> str:
    if not _forms or not text:
        return text
    spans: list[tuple[int, int]] = []
    finder = _compiled()
    for match in finder.finditer(text) if finder else ():
        spans.append(_token(text, match.start(1), match.end(1), _forms[match.group(1)]) or (0, 0))
    for form, rule in list(_forms.items()):
        if rule.whole_only:  # each on its own: a longer one that is not a whole token hides no shorter one
            start = text.find(form)
            while start >= 0:
                spans.append(_token(text, start, start + len(form), rule) or (0, 0))
                start = text.find(form, start + 1)
    marks = [m.span() for m in re.finditer(re.escape(REDACTED), text)] if spans else []
    spans = [s for s in spans if s != (0, 0) and not any(s[0] < e and b < s[1] for b, e in marks)]
    for start, end in reversed(_merged(spans)):
        text = text[:start] + REDACTED + text[end:]
    return text


def _token(text: str, start: int, end: int, rule: _Form) -> tuple[int, int] | None:
    def inner(i: int) -> bool:
        return 0 <= i < len(text) and bool(rule.alphabet.match(text[i]))

    def glued(edge: int, neighbour: int) -> bool:
        # A token character at the edge must not touch another; punctuation must touch a space.
        if not 0 <= neighbour < len(text):
            return False
        return inner(neighbour) if inner(edge) else not text[neighbour].isspace()

    if rule.whole_only:
        return None if glued(start, start - 1) or glued(end - 1, end) else (start, end)
    while inner(start - 1):
        start -= 1
    while inner(end):
        end += 1
    return start, end


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _keep_groups(match: re.Match[str]) -> str:
    # Patterns with groups keep their surroundings (`Bearer `, the JSON key) and lose the middle.
    groups = [g for g in match.groups() if g is not None]
    if not groups:
        return REDACTED
    if len(groups) == 1:
        return groups[0] + REDACTED
    return groups[0] + REDACTED + groups[-1]
