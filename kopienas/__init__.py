"""kopienas: the "Darbīgās kopienas" activity sheet, checked, drafted and summarised."""

__version__ = "0.1.0"
