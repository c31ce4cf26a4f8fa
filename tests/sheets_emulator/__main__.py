"""Run the emulator on its own: ``python -m tests.sheets_emulator --port 8123``."""

from __future__ import annotations

import argparse
import threading

from . import SheetsEmulator


def main() -> None:
    parser = argparse.ArgumentParser(description="In-memory Google Sheets API emulator on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: any free port)")
    parser.add_argument("--title", help="also create an empty spreadsheet with this title and print its id")
    args = parser.parse_args()
    emulator = SheetsEmulator(port=args.port).start()
    print(emulator.url, flush=True)
    if args.title:
        print(emulator.create_spreadsheet(args.title), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
