"""Evaluation against gold data that researchers bring (dev sets are read from disk, never shipped)."""
