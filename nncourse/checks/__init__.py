"""Self-checks for the exercises, one module per chapter.

Each ``check_<exercise>(your_function)`` runs hidden cases and prints a verdict
in plain words (see :mod:`nncourse.checks._core`).
"""

from ._core import Case, ExerciseCheckFailed, ExerciseNotDone, WrongResult, grading, run_check
from .ch01 import *  # noqa: F401,F403
from .ch02 import *  # noqa: F401,F403
from .ch03 import *  # noqa: F401,F403
from .ch04 import *  # noqa: F401,F403
from .ch05 import *  # noqa: F401,F403
from .ch06 import *  # noqa: F401,F403
