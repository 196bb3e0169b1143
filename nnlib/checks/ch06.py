"""Self-checks for the exercises of chapter 6."""

from ._core import Case, run_check

__all__ = []
