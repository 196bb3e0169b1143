"""nncourse: the course's own tools, kept out of the learner's library.

``nnlib`` is what the chapters build; this package is what the course needs around it:

* :mod:`nncourse.checks`: the exercises' self-checks (also nbgrader's hidden tests)
* :mod:`nncourse.learner`: the learner notebooks (no solutions, prose that reads in JupyterLab)
* :mod:`nncourse.release`: student releases and nbgrader source notebooks for instructors
* :mod:`nncourse.report`: values glued into the book's prose
* :mod:`nncourse.studies`: stored long runs that a chapter reads instead of repeating

Imports run one way: this package uses ``nnlib``; ``nnlib`` never imports it.
"""
