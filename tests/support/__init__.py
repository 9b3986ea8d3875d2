"""Helpers shared by the tests and the benchmarks (which import them from here)."""
