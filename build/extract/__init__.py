"""Per-article extraction: pure functions from an article and its spaCy Doc to rows."""
