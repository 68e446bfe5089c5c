"""Renaksi's benchmark suite: ``./dev bench`` (see bench/README.md)."""
