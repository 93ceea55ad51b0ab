"""Any graph from an expression: write a small Python function, get its ``Graph``.

    def neuron(w, x, b):
        y = sigmoid(w * x + b)
        return y

    g = graph_from(neuron, w=(0.5, -3, 3), x=(2.0, -3, 3), b=(-1.0, -3, 3))

``graph_from`` calls the function once with one ``Var`` per argument.  A
``Var`` stands for a value that is not known yet: ``+``, ``*``, unary ``-``,
``-``, ``/`` and ``** 2`` on it, and the functions ``exp``, ``sigmoid``,
``relu``, ``square`` and ``reciprocal`` below, do not compute anything; each
records one node holding a fresh layer from ``layers.py`` (``AddLayer``,
``MulLayer``, ``ExpLayer``, ``ReciprocalLayer``, ``SquareLayer``, ``Sigmoid``,
``Relu``).  The recorded nodes become an ordinary ``graph.Graph``, built in
the order the function ran them, and its forward pass is run by those layers.

Names.  A value the function keeps in a local variable gets that variable's
name (``y`` above); any other gets the expression that made it (``w*x``,
``w*x+b``).  A plain number becomes a constant (drawn from below its node,
no slider); the constants 1 and -1 are called ``one`` and ``minus_one``.

Only what these layers can do is traced: there is no subtraction layer, so
``a - b`` is ``a + (-b)`` (a "×" node with the constant -1, then "+"), and
``a / b`` is ``a * (1/b)``.  A ``Var`` has no truth value and no float: an
``if`` on it cannot be traced, and says so.

The locals are read when the function returns (``sys.setprofile`` watches for
that one return), so a name bound in a loop keeps only its last binding.
"""

import inspect
import re
import sys

import layers
from teaching.graph import Graph

__all__ = ["Var", "graph_from", "exp", "sigmoid", "relu", "square", "reciprocal"]

# how tightly an expression's text binds, to know where names need brackets
_ATOM, _UNARY, _PRODUCT, _SUM = 4, 3, 2, 1

_WORDS = {0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 10: "ten"}


class _Trace:
    """What one call of the traced function did: its inputs, constants and nodes, in order."""

    def __init__(self):
        self.nodes = []            # (op, layer class, input Vars, output Var)
        self.vars = []             # every Var made, so a text can point at one by number
        self.names = {}            # id(Var) -> the local variable naming it, once known

    def render(self, template):
        """A Var's text: each placeholder left by ``_placeholder`` replaced by that Var's own
        text (its local name if it has one), in brackets where precedence needs them."""
        def part(match):
            var, precedence = self.vars[int(match.group(1))], int(match.group(2))
            if id(var) in self.names:
                return self.names[id(var)]
            text = self.render(var.template)
            needs = var.precedence < precedence or (var.kind == "constant" and var.value < 0)
            return f"({text})" if needs else text
        return _PLACEHOLDER.sub(part, template)


class Var:
    """A value inside a traced function: an input, a constant or a node's output."""

    def __init__(self, trace, template, precedence=_ATOM, kind="node", value=None):
        self._trace = trace
        self.template = template         # the expression that made it (see _placeholder)
        self.precedence = precedence
        self.kind = kind                 # "input", "constant" or "node"
        self.value = value               # a constant's number
        self._index = len(trace.vars)
        trace.vars.append(self)

    @property
    def text(self):
        """The expression that made this value, as written (w*x+b)."""
        return self._trace.render(self.template)

    def __repr__(self):
        return f"<traced {self.kind} {self.text}>"

    # --- arithmetic: each records a node ------------------------------------------
    def __add__(self, other):
        other = self._operand(other, "+")
        return _record("+", layers.AddLayer, [self, other],
                       f"{_placeholder(self, _SUM)}+{_placeholder(other, _SUM)}", _SUM)

    def __radd__(self, other):           # 1 + v: the constant is drawn below, so it goes second
        other = self._operand(other, "+")
        return _record("+", layers.AddLayer, [self, other],
                       f"{_placeholder(other, _SUM)}+{_placeholder(self, _SUM)}", _SUM)

    def __mul__(self, other):
        other = self._operand(other, "*")
        return _record("×", layers.MulLayer, [self, other],
                       f"{_placeholder(self, _PRODUCT)}*{_placeholder(other, _PRODUCT)}", _PRODUCT)

    def __rmul__(self, other):
        other = self._operand(other, "*")
        return _record("×", layers.MulLayer, [self, other],
                       f"{_placeholder(other, _PRODUCT)}*{_placeholder(self, _PRODUCT)}", _PRODUCT)

    def __neg__(self):
        minus_one = self._operand(-1, "-")
        return _record("×", layers.MulLayer, [self, minus_one], f"-{_placeholder(self, _UNARY)}",
                       _UNARY)

    def __sub__(self, other):            # a - b = a + (-b): there is no subtraction layer
        if isinstance(other, Var):
            other._check(self._trace, "-")
            negated = -other
        else:                            # subtracting a number is adding its negative
            negated = self._operand(-_number(other, "-"), "-")
            other = self._operand(other, "-")          # only to be written in the name
        return _record("+", layers.AddLayer, [self, negated],
                       f"{_placeholder(self, _SUM)}-{_placeholder(other, _PRODUCT)}", _SUM)

    def __rsub__(self, other):           # c - v = (-v) + c
        other = self._operand(other, "-")
        return _record("+", layers.AddLayer, [-self, other],
                       f"{_placeholder(other, _SUM)}-{_placeholder(self, _PRODUCT)}", _SUM)

    def __truediv__(self, other):        # a / b = a * (1/b)
        if isinstance(other, Var):
            other._check(self._trace, "/")
            factor = reciprocal(other)
        else:
            number = _number(other, "/")
            if number == 0:
                raise ZeroDivisionError("a traced value divided by the constant 0")
            factor = self._operand(1 / number, "/")
            other = self._operand(number, "/")         # only to be written in the name
        return _record("×", layers.MulLayer, [self, factor],
                       f"{_placeholder(self, _PRODUCT)}/{_placeholder(other, _UNARY)}", _PRODUCT)

    def __rtruediv__(self, other):       # c / v: one "/" node (1/v), then × c unless c is 1
        number = _number(other, "/")
        if number == 1:
            return reciprocal(self)
        constant = self._operand(number, "/")
        return _record("×", layers.MulLayer, [reciprocal(self), constant],
                       f"{_placeholder(constant, _PRODUCT)}/{_placeholder(self, _UNARY)}", _PRODUCT)

    def __pow__(self, power):
        if power == 2:
            return square(self)
        if power == -1:
            return reciprocal(self)
        raise ValueError(f"({self.text}) ** {power!r}: only ** 2 (SquareLayer) and ** -1 "
                         "(ReciprocalLayer) have a layer")

    # --- what a traced value cannot do ----------------------------------------------
    def __bool__(self):
        raise TypeError(f"{self.text} has no value while the graph is traced, so it cannot "
                        "decide an if or a comparison; write the function without branches "
                        "(relu(x) instead of max(x, 0))")

    def __float__(self):
        raise TypeError(f"{self.text} has no value while the graph is traced; use exp, "
                        "sigmoid, relu, square and reciprocal from teaching.trace, not math or "
                        "numpy")

    __array_ufunc__ = None               # numpy * Var: numpy steps aside, Var.__rmul__ answers

    def __lt__(self, other):
        self.__bool__()

    __le__ = __gt__ = __ge__ = __lt__

    def _operand(self, other, symbol):
        """``other`` as a Var of this trace: a Var as it is, a number as a constant."""
        if isinstance(other, Var):
            other._check(self._trace, symbol)
            return other
        return Var(self._trace, _fmt_number(_number(other, symbol)), kind="constant",
                   value=_number(other, symbol))

    def _check(self, trace, symbol):
        if self._trace is not trace:
            raise ValueError(f"{symbol}: the two values come from different traced functions")


def _number(x, symbol):
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"{symbol}: a traced value can be combined with another traced value or "
                        f"a plain number, not {type(x).__name__}")
    return float(x)


def _fmt_number(x):
    return str(int(x)) if x == int(x) else repr(x)


_PLACEHOLDER = re.compile("\x00(\\d+)\\|(\\d+)\x00")


def _placeholder(var, precedence):
    """A placeholder for the text of ``var`` inside an expression binding at ``precedence``.

    The text itself is only written out later (``_Trace.render``), when the names of the
    function's local variables are known: ``(y-t)**2``, not ``(sigmoid(w*x+b)-t)**2``.
    """
    return f"\x00{var._index}|{precedence}\x00"


def _record(op, layer_class, inputs, text, precedence):
    trace = inputs[0]._trace
    out = Var(trace, text, precedence)
    trace.nodes.append((op, layer_class, inputs, out))
    return out


def _unary(name, op, layer_class, pattern=None):
    def apply(x):
        if not isinstance(x, Var):
            raise TypeError(f"{name}() here records a node of a traced graph; give it a value "
                            f"of the traced function, not {type(x).__name__} "
                            f"(for numbers use numpy.{name} or layers.{layer_class.__name__})")
        if pattern is None:
            return _record(op, layer_class, [x], f"{name}({_placeholder(x, _SUM)})", _ATOM)
        return _record(op, layer_class, [x], pattern.format(_placeholder(x, _ATOM)), _PRODUCT)
    apply.__name__ = name
    apply.__doc__ = f"Record a {op!r} node ({layer_class.__name__}) on a traced value."
    return apply


exp = _unary("exp", "exp", layers.ExpLayer)
sigmoid = _unary("sigmoid", "sigmoid", layers.Sigmoid)
relu = _unary("relu", "relu", layers.Relu)
square = _unary("square", "**2", layers.SquareLayer, "{}**2")
reciprocal = _unary("reciprocal", "/", layers.ReciprocalLayer, "1/{}")


def _slider(name, spec):
    """(value, low, high, step) from ``value`` or ``(value, low, high[, step])``."""
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        value = float(spec)
        reach = 5 * max(1.0, abs(value))
        return value, value - reach, value + reach, 0.1
    if isinstance(spec, (tuple, list)) and len(spec) in (3, 4):
        return (*spec, 0.1) if len(spec) == 3 else tuple(spec)
    raise TypeError(f"input {name!r}: give its value, or (value, low, high) or "
                    f"(value, low, high, step) for its slider, not {spec!r}")


def _run_with_locals(f, args):
    """Call ``f(*args)`` and return (result, f's local variables when it returned)."""
    seen = {}
    previous = sys.getprofile()

    def watch(frame, event, arg):
        if event == "return" and frame.f_code is f.__code__ and not seen:
            seen.update(frame.f_locals)

    sys.setprofile(watch)
    try:
        result = f(*args)
    finally:
        sys.setprofile(previous)
    return result, seen


def graph_from(f, title=None, dout=1.0, **inputs):
    """The ``Graph`` of ``f``, built from the real layers, its forward pass run.

    Give every argument of ``f`` by name: its value, or ``(value, low, high)`` or
    ``(value, low, high, step)`` for its slider in an explorer.  ``title`` names
    the graph (default: the function's name); ``dout`` is the upstream gradient
    fed in at the output.
    """
    if not callable(f):
        raise TypeError(f"graph_from needs a function, not {type(f).__name__}")
    names = list(inspect.signature(f).parameters)
    missing = [n for n in names if n not in inputs]
    extra = [n for n in inputs if n not in names]
    if missing or extra:
        raise TypeError(f"graph_from({f.__name__}): give each argument of {f.__name__} "
                        f"({', '.join(names)}) a value or range"
                        + (f"; missing: {', '.join(missing)}" if missing else "")
                        + (f"; not arguments: {', '.join(extra)}" if extra else ""))
    trace = _Trace()
    args = [Var(trace, name, kind="input") for name in names]
    out, local = _run_with_locals(f, args)
    if not isinstance(out, Var) or out._trace is not trace:
        raise TypeError(f"{f.__name__} must return a value computed from its arguments, "
                        f"not {type(out).__name__}")
    if out.kind != "node":
        raise ValueError(f"{f.__name__} returns {out.text} unchanged: there is no operation "
                         "to draw")

    # only the nodes the result depends on, in the order they ran
    needed, todo = set(), [out]
    while todo:
        v = todo.pop()
        if id(v) not in needed:
            needed.add(id(v))
            todo.extend(i for node in trace.nodes if node[3] is v for i in node[2])
    nodes = [node for node in trace.nodes if id(node[3]) in needed]
    unused = [v.text for v in args if id(v) not in needed]
    if unused:
        raise ValueError(f"{f.__name__} does not use its argument(s) {', '.join(unused)}; "
                         "every input needs a path to the result")

    # a node's output is named after the first local variable holding it, else its expression
    chosen = {}
    for name, value in local.items():
        if isinstance(value, Var) and value.kind == "node" and id(value) not in chosen:
            chosen[id(value)] = name
    g = Graph(title or f.__name__)
    g.dout = float(dout)
    edge = {}                            # id(Var) -> its edge name in the graph
    for v, name in zip(args, names):
        edge[id(v)] = g.input(name, *_slider(name, inputs[name]))
    taken = set(names)

    def unique(name):
        candidate, k = name, 2
        while candidate in taken:
            candidate, k = f"{name} ({k})", k + 1
        taken.add(candidate)
        return candidate

    for op, layer_class, ins, v in nodes:
        for i in ins:
            if i.kind == "constant" and id(i) not in edge:
                word = _WORDS.get(abs(i.value)) if i.value == int(i.value) else None
                name = (("minus_" if i.value < 0 else "") + word) if word else i.text
                edge[id(i)] = g.constant(unique(name), i.value)
        edge[id(v)] = g.node(op, layer_class(), [edge[id(i)] for i in ins],
                             unique(chosen.get(id(v), v.text)))
        if id(v) in chosen:              # later expressions say y, not what y was made of
            trace.names[id(v)] = edge[id(v)]
    g.forward()
    return g
