"""Progress for long work: a bar in a terminal, plain lines everywhere else.

A bar redrawn in place is unreadable in a cron log or the journal, so when stderr is not a terminal
the same progress becomes a few ordinary lines ("Melnraksti: 5/20") — at most one per tenth of the
work, plus the last.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def track(items: Iterable[T], description: str, *, total: int | None = None,
          stream: TextIO | None = None) -> Iterator[T]:
    """Yield `items`, showing how far along they are on `stream` (default: stderr)."""
    stream = stream or sys.stderr
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if stream.isatty():
        yield from _bar(items, description, total, stream)
    else:
        yield from _lines(items, description, total, stream)


def _bar(items: Iterable[T], description: str, total: int | None, stream: TextIO) -> Iterator[T]:
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=stream), transient=True) as progress:
        task = progress.add_task(description, total=total)
        for item in items:
            yield item
            progress.advance(task)


def _lines(items: Iterable[T], description: str, total: int | None, stream: TextIO) -> Iterator[T]:
    def show(done: int) -> None:
        stream.write(f"{description}: {done}/{total}\n" if total else f"{description}: {done}\n")
        stream.flush()

    step = max(1, total // 10) if total else 10
    done = shown = 0
    for item in items:
        yield item
        done += 1
        if done % step == 0 or done == total:
            show(done)
            shown = done
    if done != shown:
        show(done)
