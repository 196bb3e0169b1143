"""Reporting results in a notebook so that the prose stays true on every machine.

A chapter's prose never types a number that a training run produced: the
notebook computes it and either prints a sentence or *glues* the value into
the prose with myst-nb (``{glue:text}`name```), which the book renders.

* :func:`glue` stores a value under a name for the book (myst-nb's ``glue``)
  and still works where myst-nb is not installed (for example in Colab).
* :func:`agree` prints a verdict with its tolerance instead of a round-off
  figure: ``"agree to within 1e-12: True"`` reads the same on every CPU,
  whereas ``"largest difference: 4.4e-16"`` does not.
"""

import numpy as np


def glue(name, value, display=False):
    """Store ``value`` under ``name`` for the book's ``{glue:text}`name``` roles.

    Uses myst-nb when it is installed (``pip install -e ".[dev]"`` has it);
    elsewhere the value is only shown when ``display`` is true.
    """
    try:
        from myst_nb import glue as myst_glue
    except ImportError:  # myst-nb is a book-building tool, not a course requirement
        if display:
            from IPython.display import display as show
            show(value)
        return
    myst_glue(name, value, display=display)


def agree(a, b, tol, what="they"):
    """Print whether ``a`` and ``b`` agree to within ``tol`` (largest absolute difference).

    ``a`` and ``b`` are numbers or arrays of one shape.  Returns the verdict (a bool),
    so a cell can also ``assert`` it.  The printed sentence names the tolerance, not
    the difference itself, because the difference is round-off and depends on the CPU.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"agree: the shapes differ, {a.shape} and {b.shape}; "
                         "compare arrays of the same shape")
    verdict = bool(np.all(np.abs(a - b) <= tol))
    print(f"{what} agree to within {tol:g}: {verdict}")
    return verdict
