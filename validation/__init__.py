"""Validation generated from the contracts: a pandera gate, GX suites (committed JSON), cross-table keys."""
