"""nbgrader's settings for EVERY account on the hub: which course, where the exchange is.

The hub puts this folder on JUPYTER_CONFIG_PATH for each user's server
(classroom/jupyterhub_config.py), so students' Assignments tab and the instructor's
commands all meet in the same exchange. The instructor's own course settings are in
classroom/nbgrader_config.py.
"""

import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "nnfs"
c.Exchange.root = os.environ.get("NNFS_EXCHANGE", "/srv/nbgrader/exchange")
