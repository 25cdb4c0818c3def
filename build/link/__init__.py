"""Corpus-level steps: they see the rows of every article and run after all per-article steps."""
