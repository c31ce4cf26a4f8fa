"""Small timing helpers: medians of repeated runs, with a warm-up run first."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_time(fn: Callable[[], object], repeats: int, *, warmup: bool = True) -> float:
    """Median wall time of `fn()`. The warm-up run fills caches (templates compiled, regexes,
    lru_caches) that a scheduled job fills once per process as well."""
    if warmup:
        fn()
    return median(timed(fn)[0] for _ in range(repeats))
