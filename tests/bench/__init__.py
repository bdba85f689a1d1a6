"""Benchmarks: run with `make bench` (see run_bench.py)."""
