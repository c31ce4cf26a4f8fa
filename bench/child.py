"""`python -m bench.child COMMAND...`: run COMMAND and print its CPU seconds and peak memory as JSON.

The bench starts this small process, and this process starts the command: a process forked
from the bench itself would report the bench's own peak (hundreds of MB after the in-process
measurements) as its own, since Linux keeps the high-water mark across exec.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def main() -> None:
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    err = process.stderr.read().decode("utf-8", "replace")  # read before waiting: a full pipe would block it
    _, status, usage = os.wait4(process.pid, 0)
    print(
        json.dumps(
            {
                "exit": os.waitstatus_to_exitcode(status),
                "cpu": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024,
                "err": err[-500:],
            }
        )
    )


if __name__ == "__main__":
    main()
