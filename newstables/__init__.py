"""newstables: `newstables.open(DIR)` queries a release with DuckDB. The build, the contracts and the validator
live in the subpackages `newstables.build`, `newstables.schemas` and `newstables.validation`."""

from newstables.views import open

__all__ = ["open"]
