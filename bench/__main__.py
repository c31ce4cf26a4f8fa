"""`python -m bench`: run every benchmark and print one table."""

from __future__ import annotations


def main() -> None:
    print("stage | size | result")
    print("----- | ---- | ------")
    print("(no benchmarks yet)")


if __name__ == "__main__":
    main()
