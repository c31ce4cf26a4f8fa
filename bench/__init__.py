"""Benchmarks for kopienas: `make bench` prints one table."""
