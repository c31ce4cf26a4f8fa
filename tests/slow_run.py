"""`python -m tests.slow_run <kopienas args>`: the real `kopienas` command, except that reading the
sheet waits until the process is killed — a run that holds the lock for as long as a test needs.
It says "holding" on stderr once it is inside the lock."""

import sys
import time

import kopienas.app.jobs.steps as run_command  # where every job reads and checks the sheet


def _check_slowly(*args, **kwargs):
    print("holding", file=sys.stderr, flush=True)
    time.sleep(120)
    raise SystemExit("not killed in time")


run_command.check = _check_slowly

from kopienas.cli import main

main(prog_name="kopienas")
