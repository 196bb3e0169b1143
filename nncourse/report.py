"""Values glued into the book's prose, so that the prose never types a computed number.

A chapter's hidden cell computes a value and *glues* it under a name; the markdown says
``{glue:text}`ch6_acc```. The book (myst-nb) renders the role with the stored value, and
:mod:`nncourse.learner` writes the same value into the learner notebooks as text.
"""

from IPython.display import display

GLUE_PREFIX = "application/papermill.record/"  # how myst-nb finds a glued value in the outputs


def glue(name, value):
    """Store the text of ``value`` under ``name`` in the cell's outputs, as myst-nb's ``glue``
    with ``display=False`` does, without importing myst-nb (seconds per chapter).

    ``value`` should already be the text the prose needs (``f"{accuracy:.1%}"``).
    """
    display({GLUE_PREFIX + "text/plain": repr(value)}, raw=True,
            metadata={"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}})
