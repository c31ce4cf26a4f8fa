"""The one policy for every call the tool makes over the network: Sheets, Drive, Google's token
endpoint and SMTP (an architecture test keeps every connection in this module).

Each call gets a connect timeout, a read timeout (per wait for bytes) and a total deadline: a
watchdog shuts the call's socket when the deadline passes, so a server that trickles one byte
a second cannot stretch a call (nor the run and its lock) past it.

Which answers are tried again (`classify`): every 5xx whatever its body, 408, a dropped or
timed-out connection (RETRY); 429 and Google's rate-limit reasons, also on a 403 (WAIT). The
answers only a person can fix (an API not enabled, a service account with no storage, an expired
sign-in, a file not shared) are never retried: they get one line with the fix (core/words/google).
The waiting between tries is `Backoff`: jittered, exponential, bounded by wall-clock time.
"""

from kopienas.adapters.calls.answers import (
    RATE_REASONS,
    Answer,
    Backoff,
    Kind,
    classify,
    classify_answer,
    retryable,
)
from kopienas.adapters.calls.transport import (
    GOOGLE_API_ROOTS,
    DeadlinePassed,
    Policy,
    deadline,
    google_session,
    gspread_client,
    guard,
    http_session,
    interactive_sign_in,
    open_smtp,
    policy_of,
    redirected,
    smtp_step,
    token_request,
)

__all__ = [
    "GOOGLE_API_ROOTS",
    "RATE_REASONS",
    "Answer",
    "Backoff",
    "DeadlinePassed",
    "Kind",
    "Policy",
    "classify",
    "classify_answer",
    "deadline",
    "google_session",
    "gspread_client",
    "guard",
    "http_session",
    "interactive_sign_in",
    "open_smtp",
    "policy_of",
    "redirected",
    "retryable",
    "smtp_step",
    "token_request",
]
