"""What a job returns: its exit code, the lines a person reads, and the error that ended it.

Jobs never print: the CLI shows `lines` (then the error, if any) and exits with `exit_code`; the
scheduler logs the counts instead of the whole report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kopienas.core.errors import ExitCode, KopienasError


@dataclass
class Outcome:
    exit_code: int = ExitCode.OK
    lines: list[str] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)
    error: KopienasError | None = None  # set when the job stopped after producing `lines`

    def say(self, *lines: str) -> None:
        self.lines.extend(lines)

    def failed(self, error: KopienasError) -> Outcome:
        self.error = error
        self.exit_code = error.exit_code
        return self
