"""A tiny scalar reverse-mode automatic differentiation engine (chapter 4).

A :class:`Value` wraps one number.  Every arithmetic operation on Values
returns a new Value that remembers

* which Values it was computed from (its ``parents``), and
* the *local derivative* of the result with respect to each parent
  (``local_grads``), worked out at the moment the operation runs.

Together these records form a *computational graph*.  Calling
``out.backward()`` walks that graph from ``out`` back to the inputs in
reverse topological order (a node is visited only after every node that
uses it), and applies the chain rule at each step:

    parent.grad += local derivative × node.grad

so that afterwards ``v.grad`` holds ∂out/∂v for every Value ``v`` that
``out`` depends on.  A Value used twice (as in ``x * x``) simply receives
two contributions, which add up, as the multivariable chain rule says.

Example::

    >>> x = Value(2.0, label="x")
    >>> y = x * x + 3 * x          # y = x² + 3x
    >>> y.backward()
    >>> x.grad                     # dy/dx = 2x + 3
    7.0

``backward()`` first sets the gradient of every node in the graph to zero,
so calling it twice gives the same gradients (some popular toy engines keep
adding to the old gradients, which silently doubles them).

The design follows the idea of A. Karpathy's *micrograd* (2020); the code is
written afresh for this course.  The mathematics of reverse mode is in
A. Griewank & A. Walther, *Evaluating Derivatives* (2nd ed., SIAM, 2008).
"""

import math
import numbers

from .activations import sigmoid as _stable_sigmoid

def _describe(other):
    return f"{type(other).__name__} {other!r}" if not hasattr(other, "shape") \
        else f"{type(other).__name__} of shape {other.shape}"


class Value:
    """One scalar in a computational graph, with its gradient.

    Parameters
    ----------
    data : real number
        The value itself, stored as a Python float in ``.data``.
    label : str, optional
        A name used by ``repr`` and by graph drawings (e.g. ``"w"``).
    parents, local_grads, op : optional
        Set by the operations below when they build a new node; an input
        (a leaf of the graph) has none.  You can pass them yourself to add a
        new operation, e.g. ``Value(t, parents=(v,), local_grads=(1 - t*t,),
        op="tanh")``.

    Attributes
    ----------
    data : float
        The number this node holds (computed in the forward pass).
    grad : float
        ∂(output)/∂(this node), filled in by the last ``backward()`` call on
        an output that depends on this node; 0.0 before that.
    parents : tuple of Value
        The nodes this one was computed from (empty for an input).
    local_grads : tuple of float
        ∂(this node)/∂(parent) for each parent, in the same order.
    op : str
        The operation that made this node ("+", "*", "exp", ...), "" for an input.
    """

    # NumPy must not try to broadcast over a Value: with this attribute set to
    # None, ``np.float64(2) * v`` defers to ``v.__rmul__`` and ``array + v``
    # raises a TypeError instead of building an array of Values.
    __array_ufunc__ = None

    def __init__(self, data, label="", parents=(), local_grads=(), op=""):
        if isinstance(data, Value):
            raise TypeError("Value(...) needs a plain number; this is already a Value "
                            "(use it directly).")
        if not isinstance(data, numbers.Real):
            raise TypeError(f"A Value holds one real number (int or float); "
                            f"got {_describe(data)}.")
        self.data = float(data)
        self.grad = 0.0
        self.label = str(label)
        self.parents = tuple(parents)
        self.local_grads = tuple(float(g) for g in local_grads)
        if len(self.local_grads) != len(self.parents):
            raise ValueError(f"a node needs one local derivative per parent; got "
                             f"{len(self.parents)} parents and {len(self.local_grads)} "
                             "local derivatives.")
        for parent in self.parents:
            if not isinstance(parent, Value):
                raise TypeError(f"the parents of a Value must be Values; got "
                                f"{_describe(parent)}.")
        self.op = str(op)

    # --- turning plain numbers into Values ----------------------------------

    @staticmethod
    def _lift(other, symbol):
        """Return ``other`` as a Value: a Value is kept, a real number is wrapped
        as a constant (a leaf whose gradient nobody reads), anything else is a
        TypeError that says what is allowed."""
        if isinstance(other, Value):
            return other
        if isinstance(other, numbers.Real):
            return Value(other)
        raise TypeError(f"unsupported operand for {symbol!r} with a Value: {_describe(other)}. "
                        "A Value combines only with another Value or a real number "
                        "(int or float).")

    # --- arithmetic: each op computes the result AND its local derivatives ---

    def __add__(self, other):
        other = Value._lift(other, "+")
        # d(a + b)/da = 1 and d(a + b)/db = 1
        return Value(self.data + other.data, parents=(self, other), local_grads=(1.0, 1.0),
                     op="+")

    def __mul__(self, other):
        other = Value._lift(other, "*")
        # d(a·b)/da = b and d(a·b)/db = a
        return Value(self.data * other.data, parents=(self, other),
                     local_grads=(other.data, self.data), op="*")

    def __neg__(self):
        # d(−a)/da = −1
        return Value(-self.data, parents=(self,), local_grads=(-1.0,), op="neg")

    def __sub__(self, other):
        other = Value._lift(other, "-")
        # d(a − b)/da = 1 and d(a − b)/db = −1
        return Value(self.data - other.data, parents=(self, other), local_grads=(1.0, -1.0),
                     op="-")

    def __truediv__(self, other):
        other = Value._lift(other, "/")
        if other.data == 0.0:
            raise ZeroDivisionError("division of a Value by zero")
        # d(a/b)/da = 1/b and d(a/b)/db = −a/b²
        return Value(self.data / other.data, parents=(self, other),
                     local_grads=(1.0 / other.data, -self.data / other.data ** 2), op="/")

    def __pow__(self, exponent):
        if isinstance(exponent, Value):
            raise TypeError("the exponent of a Value must be a plain number; for x ** y with "
                            "y a Value write (y * x.log()).exp() (x > 0).")
        if not isinstance(exponent, numbers.Real):
            raise TypeError(f"unsupported exponent for a Value: {_describe(exponent)}; "
                            "use an int or a float.")
        n = float(exponent)
        try:
            result = math.pow(self.data, n)
            # d(aⁿ)/da = n·aⁿ⁻¹  (n = 0 gives 0 everywhere, even at a = 0)
            local = 0.0 if n == 0 else n * math.pow(self.data, n - 1)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{self.data!r} ** {n!r} is not a real number with a "
                             "derivative") from None
        return Value(result, parents=(self,), local_grads=(local,), op=f"**{n:g}")

    # The reflected forms handle ``number OP value``.  Addition and
    # multiplication commute; subtraction and division need the order kept.
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Value._lift(other, "-") - self

    def __rtruediv__(self, other):
        return Value._lift(other, "/") / self

    # --- functions of one Value ---------------------------------------------

    def exp(self):
        e = math.exp(self.data)  # raises OverflowError above ≈ 709, honestly
        # d(eᵃ)/da = eᵃ
        return Value(e, parents=(self,), local_grads=(e,), op="exp")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a positive number; this Value holds {self.data!r}.")
        # d(ln a)/da = 1/a
        return Value(math.log(self.data), parents=(self,), local_grads=(1.0 / self.data,),
                     op="log")

    def sigmoid(self):
        # nnlib's sigmoid only evaluates e^(−|a|): no overflow at a = ±1000, and
        # full relative accuracy for negative a (σ(−40) = 4.25e-18, not 0)
        s = float(_stable_sigmoid(self.data))
        # dσ(a)/da = σ(a)(1 − σ(a)) = σ(a) σ(−a), the second form accurate for large a too
        return Value(s, parents=(self,), local_grads=(s * float(_stable_sigmoid(-self.data)),),
                     op="sigmoid")

    def tanh(self):
        t = math.tanh(self.data)
        # d tanh(a)/da = 1 − tanh(a)²
        return Value(t, parents=(self,), local_grads=(1.0 - t * t,), op="tanh")

    def relu(self):
        # relu(a) = max(0, a); slope 1 for a > 0 and 0 otherwise (0 at a = 0)
        positive = self.data > 0
        return Value(self.data if positive else 0.0, parents=(self,),
                     local_grads=(1.0 if positive else 0.0,), op="relu")

    # --- the backward pass --------------------------------------------------

    def topological_order(self):
        """Every node this Value depends on, itself included, each listed
        after all of its parents (inputs first, ``self`` last).

        Iterative depth-first search, so that a long chain of operations does
        not hit Python's recursion limit.
        """
        order, visited = [], set()
        stack = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)       # all its parents are already in `order`
                continue
            if id(node) in visited:
                continue
            visited.add(id(node))
            stack.append((node, True))   # come back to it after its parents
            for parent in node.parents:
                if id(parent) not in visited:
                    stack.append((parent, False))
        return order

    def zero_grad(self):
        """Set the gradient of this node and of every node it depends on to 0."""
        for node in self.topological_order():
            node.grad = 0.0

    def backward(self):
        """Compute ∂self/∂v for every Value v that self depends on.

        1. List the graph in topological order.
        2. Reset every gradient to 0 (so repeated calls give the same result).
        3. Seed ∂self/∂self = 1.
        4. Visit the nodes from self back to the inputs; each node passes its
           gradient to its parents, multiplied by the local derivative, and
           the contributions to a parent add up.
        """
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):          # every user of a node comes before it
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad   # the chain rule, one edge at a time

    def __repr__(self):
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{label})"


def numerical_derivative(f, x, h=1e-6):
    """Central-difference estimate of f'(x) for a scalar function f.

    (f(x + h) − f(x − h)) / (2h) has an error that shrinks like h²; with h
    around 1e-6 in float64 it is usually good to 8–10 significant digits.
    """
    if not h > 0:
        raise ValueError(f"the step h must be a positive number; got {h!r}.")
    x = float(x)
    return (float(f(x + h)) - float(f(x - h))) / (2.0 * h)


def draw_graph(output, ax=None, title="Computational graph", show_local=True):
    """Draw the computational graph of ``output`` with matplotlib: one box per
    node (its label or operation, ``data`` and ``grad``), an arrow from each
    parent to the node computed from it, labelled with the local derivative.

    Inputs sit on the left, the output on the right; a node's column is the
    length of the longest path from an input to it.  Text is at least 9 pt when
    the figure is shown 7.5 inches wide (larger in a wider figure).  Returns the axes.
    """
    import matplotlib.pyplot as plt

    order = output.topological_order()
    position, children = _graph_layout(order)
    n_cols = round(max(x for x, _ in position.values()) / GRAPH_DX) + 1
    n_rows = max(sum(1 for x, _ in position.values() if x == col * GRAPH_DX)
                 for col in range(n_cols))
    if ax is None:
        _, ax = plt.subplots(figsize=(GRAPH_DX * n_cols + 0.5, GRAPH_DY * n_rows + 0.8))
    fontsize = 9 * max(1.0, ax.figure.get_figwidth() / 7.5)
    for node in order:
        _draw_node(ax, node, position[id(node)], node is output, fontsize)
        seen = {}
        for parent, local in zip(node.parents, node.local_grads):
            k = seen[id(parent)] = seen.get(id(parent), -1) + 1
            _draw_edge(ax, position[id(parent)], position[id(node)], k,
                       f"{local:.3g}" if show_local else None, fontsize)
    ax.set_xlim(-GRAPH_BOX[0], (n_cols - 1) * GRAPH_DX + GRAPH_BOX[0])
    half = (n_rows - 1) * GRAPH_DY / 2 + GRAPH_BOX[1]
    ax.set_ylim(-half, half)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    ax.title.set_fontsize(max(ax.title.get_fontsize(), fontsize))
    return ax


GRAPH_BOX = (1.5, 0.9)       # width and height of a node's box, in the units of the axes
GRAPH_DX, GRAPH_DY = 2.3, 1.3  # distance between columns and between rows


def _graph_layout(order):
    """{id(node): (x, y)} for the nodes in topological order, and each node's users."""
    # Columns: each node sits one column left of its leftmost user, so the
    # output is in the last column and inputs sit next to where they are used.
    children = {id(node): [] for node in order}
    for node in order:
        for index, parent in enumerate(node.parents):
            children[id(parent)].append((node, index))
    column = {}
    for node in reversed(order):             # users come before their parents here
        users = [column[id(child)] for child, _ in children[id(node)]]
        column[id(node)] = min(users) - 1 if users else 0
    shift = -min(column.values())
    columns = {}
    for node in reversed(order):
        columns.setdefault(column[id(node)] + shift, []).append(node)
    # Rows: from right to left, sort each column by the height of the nodes
    # that use it (then by operand order), which keeps arrows from crossing.
    position = {}

    def key(node):
        users = children[id(node)]
        if not users:
            return (0.0, 0)
        mean_y = sum(position[id(c)][1] for c, _ in users) / len(users)
        return (-mean_y, min(i for _, i in users))

    for col in sorted(columns, reverse=True):
        nodes = sorted(columns[col], key=key)
        for row, node in enumerate(nodes):
            position[id(node)] = (col * GRAPH_DX, ((len(nodes) - 1) / 2 - row) * GRAPH_DY)
    return position, children


def _draw_node(ax, node, xy, is_output, fontsize):
    from matplotlib.patches import FancyBboxPatch

    (x, y), (width, height) = xy, GRAPH_BOX
    colour = "#d5efd0" if is_output else "#fde5c8" if node.parents else "#d8e8f8"
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.02", facecolor=colour,
                                edgecolor="#555", linewidth=1))
    name = node.label or (f"({node.op})" if node.op else "const")
    if node.label and node.op:
        name += f"  ({node.op})"
    ax.text(x, y, f"{name}\ndata {node.data:.4g}\ngrad {node.grad:.4g}",
            ha="center", va="center", fontsize=fontsize)


def _draw_edge(ax, parent_xy, child_xy, k, label, fontsize):
    """The k-th arrow from a parent to its child, with the local derivative on it."""
    (px, py), (x, y), width = parent_xy, child_xy, GRAPH_BOX[0]
    start, end = (px + width / 2, py), (x - width / 2, y)
    skips = round((x - px) / GRAPH_DX) > 1      # an arrow jumping over a column
    rad = 0.35 * k + (0.25 if skips and py == y else 0.0)
    ax.annotate("", xy=end, xytext=start,
                arrowprops=dict(arrowstyle="-|>", color="#444", lw=1,
                                connectionstyle=f"arc3,rad={rad}"))
    if label is not None:
        # the middle of the (possibly curved) arrow: an arc3 curve passes
        # rad/2 of the arrow's length to the side of the straight line
        mx = (start[0] + end[0]) / 2 + rad / 2 * (end[1] - start[1])
        my = (start[1] + end[1]) / 2 - rad / 2 * (end[0] - start[0])
        ax.text(mx, my, label, fontsize=fontsize, color="#a03000",
                ha="center", va="bottom" if rad == 0 else "center",
                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
