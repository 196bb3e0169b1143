"""What every chapter's table of wrong answers shares: the words of the general hints, the
general mistakes made from a right answer, and the reference sigmoid several answers use.

Each tests/wrong_answers_chNN.py holds one chapter's TABLE:
exercise -> (check, right answer, [(wrong answer, words its hint must contain), ...]);
tests/test_wrong_answers.py runs them all.
"""

import numpy as np

IN_PLACE = "in place"
LIST = "got a list"
FLOAT32 = "float32 although the inputs are float64"
PARTIAL = "although it answers others"
SCALAR = "expected a single number"
LIBRARY = "nnlib's own version"



# --- generic mistakes made from a right answer ----------------------------------------------

def in_place(right, index=0):
    """The right result, but the function scribbles on its argument ``index`` afterwards."""
    def wrong(*args):
        result = right(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])
        args[index][...] = 0
        return result
    return wrong


def as_list(right):
    return lambda *args: np.asarray(right(*args)).tolist()


def as_float32(right):
    return lambda *args: np.asarray(right(*args)).astype(np.float32)


def as_one_element(right):
    return lambda *args: np.atleast_1d(right(*args))


def partial(right):
    """Answers the first case, raises NotImplementedError afterwards."""
    calls = []

    def wrong(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise NotImplementedError("the general case")
        return right(*args, **kwargs)
    return wrong


# --- a right answer several chapters use --------------------------------------------------

def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

