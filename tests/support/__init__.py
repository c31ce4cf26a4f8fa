"""Shared pieces of the tests: builders and data more than one test module needs (never a test module)."""
