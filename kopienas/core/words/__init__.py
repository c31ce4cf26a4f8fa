"""The parts of `kopienas.core.language`: dates, numbers, names, places, quotes and messages.

Import from `kopienas.core.language`, which re-exports everything here.
"""
