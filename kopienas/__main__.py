"""`python -m kopienas`: the same as the `kopienas` command."""

from kopienas.cli import main

main(prog_name="kopienas")
