"""The instructor's nbgrader course configuration.

Copy it to the instructor's ~/.jupyter/nbgrader_config.py (README): then `nbgrader ...` from
a terminal and the Formgrader tab in JupyterLab both work on ~/course. The course id and the
exchange come from classroom/jupyter_config/nbgrader_config.py, which every account reads.
"""

import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "nnfs"
c.CourseDirectory.root = os.path.expanduser("~/course")
c.Exchange.root = os.environ.get("NNFS_EXCHANGE", "/srv/nbgrader/exchange")

# Autograding runs each student's notebook. A cell that runs longer than this many seconds
# is interrupted and fails (an endless loop, or endless printing, scores 0 for that exercise
# and the next notebook is graded). Chapters 1-5 need a few seconds per cell; chapter 6
# trains for about a minute in one cell: grade it with --Execute.timeout=300.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
# A cell's output kept in the graded notebook and the feedback: at most this many lines
# (a notebook that prints megabytes is cut, not stored).
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100
# A student who deletes a check cell is still graded on it: nbgrader puts the instructor's
# test cell back (locked cells are always replaced by the instructor's version).
c.OverwriteCells.add_missing_cells = True
# Submissions after the due date (nbgrader db assignment add ch01 --duedate=...) are marked
# late; "none" keeps their score, "zero" would give them 0.
c.LateSubmissionPlugin.penalty_method = "none"
