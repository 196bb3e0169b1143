"""Self-checks for the exercises of chapter 3."""

from ._core import Case, run_check

__all__ = []
