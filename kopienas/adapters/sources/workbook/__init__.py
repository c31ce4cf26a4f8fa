"""Workbook (.xlsx) source."""
