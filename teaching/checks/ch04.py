"""Checks for the exercises of chapter 04, simple layers."""

import contextlib
import inspect
import sys

import numpy as np

import layers
from teaching.reveal import answer_button, lecturing

from .core import (
    LIBRARY_FILES,
    NotAttempted,
    NotYet,
    answer,
    call,
    check,
    close,
    dict_answer,
    floats,
    frame_owner,
    gradient_checked,
    layer_answers,
    library_unused,
    method,
    mistake,
    profiled,
    shown,
    untouched,
)


def _library_function(func):
    """The name of the function of ``layers`` that ``func`` is, or None."""
    code = getattr(func, "__code__", None)
    for name, found in vars(layers).items():
        if inspect.isroutine(found) and (func is found or code is getattr(found, "__code__", 0)):
            return name
    return None


# A shared price, by hand: one price 100 times the counts (2, 0, 5, 1) gives the bills
# (200, 0, 500, 100); the rest of the graph sends them back w = (1, 2, 1, 3). The price is
# used in all four bills, a fork, so dL/dprice = 1*2 + 2*0 + 1*5 + 3*1 = 10; SimpleMulLayer
# hands back the four uses w * counts = (2, 0, 5, 3) unsummed.
_PRICE = 100.0
_COUNTS = np.array([2.0, 0.0, 5.0, 1.0])
_W = np.array([1.0, 2.0, 1.0, 3.0])
_DPRICE = 10.0


# The apple-orange graph of section 5.4: apples 100 x 2 = 200, oranges 150 x 3 = 450, sum
# 650, times tax 1.1 = 715. Backward from 1: dtax = 650; the sum gets 1.1 and the add passes
# it to both bills; multiply swaps: dapple = 1.1 * 2 = 2.2, dapple_num = 1.1 * 100 = 110,
# dorange = 1.1 * 3 = 3.3, dorange_num = 1.1 * 150 = 165.
_SHOP_GRADS = {"dapple": 2.2, "dapple_num": 110.0, "dorange": 3.3, "dorange_num": 165.0,
               "dtax": 650.0}


@contextlib.contextmanager
def _layer_calls(counts, returned):
    """Count, into ``counts`` ({(owner, method): n}), the forward/backward calls run inside,
    and collect into ``returned`` every number the backward of the chapter's classes returns."""
    def watch(frame, event, arg):
        if frame.f_code.co_name not in ("forward", "backward"):
            return
        key = (frame_owner(frame), frame.f_code.co_name)
        if event == "call":
            counts[key] = counts.get(key, 0) + 1
        elif (event == "return" and key[1] == "backward" and key[0] in _SHOP_CLASSES
              and isinstance(arg, tuple)):
            returned.extend(v for v in (floats(g) for g in arg)
                            if v is not None and v.shape == ())

    with profiled(watch):
        yield


_SHOP_CLASSES = ("SimpleMulLayer", "SimpleAddLayer")


def _shop_by_library():
    """The shopping graph run on layers.py's layers; prints its five gradients."""
    apple, orange, add, tax = (layers.MulLayer(), layers.MulLayer(), layers.AddLayer(),
                               layers.MulLayer())
    tax.forward(add.forward(apple.forward(100.0, 2.0), orange.forward(150.0, 3.0)), 1.1)
    dtotal, dtax = tax.backward(1.0)
    dapples, doranges = add.backward(dtotal)
    grads = dict(zip(("dapple", "dapple_num", "dorange", "dorange_num"),
                     (*apple.backward(dapples), *orange.backward(doranges))), dtax=dtax)
    print(", ".join(f"{name} = {float(value):.4g}" for name, value in grads.items()))


@check
def apple_orange(func):
    """The learner's apple-orange graph: three multiply layers and one add layer, forward in
    order, backward in reverse, returning the five gradients as a dict; each of the five
    must be a number one of the layers' backward returned while the check watched.  In the
    lecture view, where nobody writes the graph, a button shows the five from layers.py."""
    if lecturing():
        from IPython.display import display
        display(answer_button(_shop_by_library))
    counts, returned = {}, []
    with _layer_calls(counts, returned):
        got = answer(func, what="shop_gradients",
                     if_none="shop_gradients returns None: return the dict of five gradients.")
    dict_answer(got, tuple(_SHOP_GRADS), "{'dapple': 0.5, ...}", "a gradient, one number")
    for name, want in _SHOP_GRADS.items():
        value = floats(got[name])
        if value is None or value.shape != ():
            raise NotYet(f"'{name}' is one gradient, one number; got {shown(got[name])}.")
        if not close(value, want):
            raise NotYet(f"'{name}' is not right yet: start backward from 1 at the end, run "
                         "the layers' backward in reverse order of forward, and hand each "
                         "layer the gradient of its own output.")
    used = {key: n for key, n in counts.items() if key[0] in _SHOP_CLASSES}
    wanted = {("SimpleMulLayer", "forward"): 3, ("SimpleMulLayer", "backward"): 3,
              ("SimpleAddLayer", "forward"): 1, ("SimpleAddLayer", "backward"): 1}
    for key, n in wanted.items():
        if used.get(key, 0) < n:
            raise NotYet(f"the numbers are right, but {key[0]}.{key[1]} ran "
                         f"{used.get(key, 0)} times, not {n}: build the graph from the "
                         "layers, one object per node, and let their backward compute.")
    for name, want in _SHOP_GRADS.items():
        if not any(close(value, want) for value in returned):
            raise NotYet(f"the numbers are right, but no backward of your layers returned "
                         f"'{name}': hand each layer the gradient of its own output, and "
                         "return what their backward gives.")
    return "dapple 2.2, dapple_num 110, dorange 3.3, dorange_num 165, dtax 650."


# One multiply layer used for both fruits: forward(100, 2) then forward(150, 3) leave it
# keeping x = 150, y = 3, so backward(1.1) gives dx = 1.1 * 3 = 3.3 (two layers: 1.1 * 2 = 2.2).
@check
def predicted_shared(my_dapple):
    """The learner's prediction of dapple from one SimpleMulLayer shared by both fruits."""
    if untouched(my_dapple):
        raise NotAttempted("write your prediction into my_dapple, then run this cell again.")
    got = floats(my_dapple)
    if got is None or got.shape != ():
        raise NotYet(f"my_dapple should be one number, got {shown(my_dapple)}.")
    if not close(got, 1.1 * 3):
        raise NotYet(mistake(got, [
            (1.1 * 2, "that is what two separate layers give. This one layer keeps a single x "
                      "and y: which forward call set them last?"),
            (1.1 * 150, "dapple is dout times the other input, the count, not the price."),
        ], "backward returns dout * self.y: what is self.y after the second forward call?"))
    return "3.3 = 1.1 * 3."


class _SimpleAddLayer:
    """The warm-up's answer, shown in the lecture view, where nobody writes it."""

    def forward(self, x, y):
        return x + y                     # nothing to keep: both local derivatives are 1

    def backward(self, dout):
        return dout, dout                # add passes dout on to both inputs


def _class_text(cls, name):
    """``cls`` as source text under the class name ``name``: its methods' own source, which
    a notebook cell's functions have too (its classes do not, before Python 3.13)."""
    methods = [inspect.getsource(f) for f in vars(cls).values() if inspect.isfunction(f)]
    return f"class {name}:\n" + "\n".join(methods)


def _both_classes(layer_class):
    """Print the chapter's SimpleMulLayer (found beside ``layer_class``) and the warm-up's
    answer."""
    mul = getattr(sys.modules.get(getattr(layer_class, "__module__", "")), "SimpleMulLayer",
                  None)
    if inspect.isclass(mul):
        print(_class_text(mul, "SimpleMulLayer"))
    print(_class_text(_SimpleAddLayer, "SimpleAddLayer"), end="")


@check
def simple_add_layer(layer_class):
    # The worked answer, out of the docstring that `?` shows:
    # The warm-up: ``SimpleAddLayer`` with forward(x, y) = x + y and backward -> (dout, dout).
    #
    # By hand at x = 2, y = 3, dout = 1.5: out = 5, and both local derivatives are 1, so
    # (dx, dy) = (1.5, 1.5); then a gradient check on arrays.  In the lecture view, where code
    # is hidden and nobody writes the class, a button shows SimpleMulLayer and the answer.
    """The warm-up: ``SimpleAddLayer`` with forward(x, y) and backward(dout) -> (dx, dy),
    checked by hand at one point, then with a gradient check on arrays.  In the lecture view,
    where code is hidden and nobody writes the class, a button shows SimpleMulLayer and the
    answer."""
    if lecturing():
        from IPython.display import display
        display(answer_button(lambda: _both_classes(layer_class)))
    if inspect.isclass(layer_class) and issubclass(layer_class, layers.AddLayer):
        raise NotYet("that class is (or inherits from) layers.AddLayer: write SimpleAddLayer "
                     "yourself.")
    with library_unused("SimpleAddLayer runs {name}: write forward and backward yourself, "
                         "one line each."):
        layer_answers(layer_class, (2.0, 3.0), 1.5, 5.0, (1.5, 1.5), wrong_out=[
            (6.0, "forward multiplies; the add layer returns x + y."),
        ], wrong_back=[
            ((1.5 * 3.0, 1.5 * 2.0), "that is multiply's swap; what are the local derivatives "
                                     "of x + y?"),
            ((1.0, 1.0), "those are the local derivatives alone: multiply each by dout."),
        ])
    rng = np.random.default_rng(2)
    gradient_checked(layer_class, rng.standard_normal((2, 3)), rng.standard_normal((2, 3)))
    return "x + y forward, and dout for both inputs backward."


# The bias prediction: SimpleAddLayer's backward returns dout itself, shape (4, 3), as db of
# b (3,); b - rate * db broadcasts (3,) against (4, 3) into (4, 3) with no error: one bias
# per example, not b's shape. (The true db, the columns of dout summed, has b's shape (3,).)
_NEW_B_SHAPE = (4, 3)


def _one_shape(value, key):
    """``value`` as a shape (a tuple of whole numbers), or ``NotYet`` naming ``key``."""
    if isinstance(value, (list, tuple)) and all(
            isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in value):
        return tuple(int(n) for n in value)
    raise NotYet(f"{key} should be a shape written as a tuple, such as (2, 5), or \"error\"; "
                 f"got {shown(value)}.")


@check
def new_bias_shape(my_new_b_shape):
    """The learner's shape of b after b - rate * db, db from SimpleAddLayer.backward(dout),
    dout (4, 3), for the bias b (3,); or "error" if numpy would raise."""
    if untouched(my_new_b_shape):
        raise NotAttempted("write your prediction into my_new_b_shape, then run this cell "
                           "again.")
    if isinstance(my_new_b_shape, str) and my_new_b_shape.strip().lower() == "error":
        raise NotYet("numpy raises nothing here. What shape is the db that SimpleAddLayer's "
                     "backward returns? Line it up with b's from the right, as numpy does.")
    shape = _one_shape(my_new_b_shape, "my_new_b_shape")
    if shape != _NEW_B_SHAPE:
        raise NotYet("(3,) is b's shape before the step, and the shape a right step keeps; but "
                     "what does SimpleAddLayer's backward return as db, exactly?"
                     if shape == (3,) else
                     "db is what SimpleAddLayer's backward returns as its second gradient: "
                     "read its return line, then line db up with b from the right, as numpy "
                     "does.")
    return "(4, 3), and no error."


# The worked answers the lecture view shows behind a button, where nobody writes them (the
# tests run them through the checks).
_SUM_TO_ANSWER = """\
def sum_to(grad, shape):
    extra = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(extra)))          # the axes numpy added in front
    stretched = tuple(axis for axis, size in enumerate(shape)
                      if size == 1 and grad.shape[axis] != 1)
    return grad.sum(axis=stretched, keepdims=True)     # the axes it stretched from size 1
"""


def _answer_in_lecture(text):
    """In the lecture view, where nobody writes the exercise, ``text`` behind a button."""
    if lecturing():
        from IPython.display import display
        display(answer_button(lambda: print(text, end="")))


# Exercise 4.1 by hand, with grad = 0, 1, ..., 11 as a (4, 3) array (rows [0 1 2],
# [3 4 5], [6 7 8], [9 10 11]): column sums 18, 22, 26; row sums 3, 12, 21, 30; all 66.
# With grad = 0, ..., 23 as (2, 4, 3), column h holds h, h + 3, ..., h + 21 (8 numbers):
# 8h + 3 * (0 + 1 + ... + 7) = 8h + 84, so 84, 92, 100. Element [a, r, h] is 12a + 3r + h:
# row r summed over a = 0, 1 and h = 0, 1, 2 is 36 + 18r + 6 = 42 + 18r, so 42, 60, 78, 96.
_GRAD = np.arange(12.0).reshape(4, 3)
_GRAD3 = np.arange(24.0).reshape(2, 4, 3)
_SUM_CASES = [
    (_GRAD, (3,), np.array([18.0, 22.0, 26.0]), "a bias of shape (3,) added to a (4, 3) batch"),
    (_GRAD, (), np.array(66.0), "a single number added to a (4, 3) batch"),
    (_GRAD, (1, 3), np.array([[18.0, 22.0, 26.0]]), "a (1, 3) row added to a (4, 3) batch"),
    (_GRAD, (4, 1), np.array([[3.0], [12.0], [21.0], [30.0]]),
     "a (4, 1) column added to a (4, 3) batch"),
    (_GRAD, (4, 3), _GRAD, "a (4, 3) array added to a (4, 3) array: nothing was broadcast"),
    (_GRAD3, (3,), np.array([84.0, 92.0, 100.0]), "a (3,) bias added to a (2, 4, 3) array"),
    (_GRAD3, (1, 3), np.array([[84.0, 92.0, 100.0]]), "a (1, 3) row added to a (2, 4, 3) array"),
    (_GRAD3, (4, 1), np.array([[42.0], [60.0], [78.0], [96.0]]),
     "a (4, 1) column added to a (2, 4, 3) array"),
    (_GRAD, (1, 1), np.array([[66.0]]), "a (1, 1) array added to a (4, 3) batch"),
    (_GRAD3, (2, 1, 3), _GRAD3.sum(axis=1, keepdims=True),
     "a (2, 1, 3) array added to a (2, 4, 3) array"),
    (_GRAD3, (1, 4, 1), _GRAD3.sum(axis=(0, 2), keepdims=True),
     "a (1, 4, 1) array added to a (2, 4, 3) array"),
    (_GRAD3, (), np.array(276.0), "a single number added to a (2, 4, 3) array"),
]
# A few more broadcastable pairs, seeded, with whole-number gradients.
for _out, _shape in [((3, 2, 5), (1, 2, 1)), ((2, 3, 4, 5), (3, 1, 5)), ((5, 2, 3), (5, 1, 1)),
                     ((3, 1, 4), (4,))]:
    _g = np.random.default_rng(sum(_out)).integers(-5, 6, _out).astype(float)
    _lead = len(_out) - len(_shape)
    _axes = tuple(range(_lead)) + tuple(_lead + i for i, n in enumerate(_shape)
                                        if n == 1 and _out[_lead + i] != 1)
    _SUM_CASES.append((_g, _shape, _g.sum(axis=_axes).reshape(_shape),
                       f"a {_shape} array added to a {_out} array"))


def _summed_axes(grad_shape, shape):
    """The axes of grad_shape broadcasting added (leading) and stretched (size 1 in shape)."""
    lead = len(grad_shape) - len(shape)
    stretched = [lead + i for i, n in enumerate(shape) if n == 1 and grad_shape[lead + i] != 1]
    return list(range(lead)), stretched


def _shape_hint(grad_shape, shape, got_shape, case):
    """What is wrong with a sum_to result of the wrong shape, naming the axes concerned."""
    added, stretched = _summed_axes(grad_shape, shape)
    if got_shape == grad_shape:
        if added and stretched:
            uses = "each of its numbers is used at many places"
        elif added:
            axes = "axis 0" if added == [0] else f"axes {', '.join(map(str, added))}"
            uses = f"it is used at every index of {axes}, the axes broadcasting added in front"
        else:
            uses = (f"each of its numbers is used {grad_shape[stretched[0]]} times, once per "
                    f"index of axis {stretched[0]} (the axis where shape has a 1)")
        return f"for {case}, nothing was summed: {uses}, so its gradient adds up those uses."
    if int(np.prod(got_shape)) == int(np.prod(shape)):
        return (f"for {case}, the shape is {got_shape}, not {shape}: a stretched axis stays, "
                "with size 1 (keepdims=True).")
    return (f"for {case}, the result must have shape {shape}; got {got_shape}. Line the shapes "
            "up from the right: sum the leading axes shape does not have, and the axes where "
            "shape has a 1 and grad does not.")


def _copy_of(func, library):
    """True only if ``func`` is ``library``'s code itself: the same bytecode, names,
    constants (its docstring among them) and variable names, as pasting it gives."""
    code, theirs = getattr(func, "__code__", None), library.__code__
    return inspect.iscode(code) and all(
        getattr(code, attr) == getattr(theirs, attr)
        for attr in ("co_code", "co_names", "co_consts", "co_varnames"))


@check
def sum_to(func):
    # The worked answer, out of the docstring that `?` shows:
    # Exercise 4.1: ``sum_to(grad, shape)`` sums ``grad`` back to ``shape``, over the axes
    # that broadcasting added (leading ones) or stretched (size 1 in ``shape``).  In the
    # lecture view, a button shows a worked one.
    """Exercise 4.1: ``sum_to(grad, shape)`` returns ``grad`` summed back to ``shape``, the
    shape it was broadcast from.  In the lecture view, a button shows a worked one."""
    _answer_in_lecture(_SUM_TO_ANSWER)
    library = _library_function(func)
    if library is not None:
        raise NotYet(f"that is layers.{library}, a function of the library: write sum_to "
                     "yourself.")
    if _copy_of(func, layers.sum_to_shape):
        raise NotYet("this sum_to is layers.sum_to_shape, docstring and all: the exercise "
                     "asks for a sum_to you write.")
    for grad, shape, want, case in _SUM_CASES:
        given = grad.copy()
        with library_unused("sum_to calls {name}, from the library: write the sums "
                             "yourself."):
            got = answer(func, given, shape, what="sum_to", keep={"grad": given},
                         fix="build the sum as a new array (grad.sum(...)), never write into "
                             "grad.",
                         if_none="sum_to returns None: return the summed gradient.")
        arr = floats(got)
        if arr is None:
            raise NotYet(f"sum_to must return a number or an array, got {type(got).__name__}.")
        if arr.shape != want.shape:
            raise NotYet(_shape_hint(grad.shape, shape, arr.shape, case))
        if not close(arr, want):
            n = grad.size / max(want.size, 1)
            raise NotYet(mistake(arr, [
                (want / n, "a sum, not a mean: every use of the input adds its own share."),
            ], f"for {case}, the shape is right but the numbers are not: sum over the "
               "broadcast axes."))
    return (f"sum_to gives the right sums and shapes in all {len(_SUM_CASES)} cases, and "
            "leaves grad as it was.")


# Exercise 4.1's add layer, by hand with dout = 0, 1, ..., 11 as a (4, 3) array (_GRAD:
# column sums 18, 22, 26; row sums 3, 12, 21, 30): x (4, 3) + y (3,) gives dx = dout and
# dy = (18, 22, 26); with the inputs swapped, the other way round; x (4, 1) + y (1, 3) gives
# dx = [[3], [12], [21], [30]] and dy = [[18, 22, 26]]; two (4, 3) inputs give dout twice.
_COLS, _ROWS = np.array([18.0, 22.0, 26.0]), np.array([[3.0], [12.0], [21.0], [30.0]])
_ADD_CASES = [((4, 3), (3,), (_GRAD, _COLS)), ((3,), (4, 3), (_COLS, _GRAD)),
              ((4, 1), (1, 3), (_ROWS, _COLS[None, :])), ((4, 3), (4, 3), (_GRAD, _GRAD))]
# Its multiply layer, by hand on the chapter's price case: price 100 times counts
# (2, 0, 5, 1), dout = w = (1, 2, 1, 3): dprice = 1*2 + 2*0 + 1*5 + 3*1 = 10, one number,
# and dcounts = 100 * w = (100, 200, 100, 300). Then random inputs of broadcast shapes,
# each gradient compared with the numerical gradient of sum(x * y * dout).
_MUL_SHAPES = [((4, 3), (3,)), ((3,), (4, 3)), ((4, 1), (1, 3)), ((4, 3), (4, 3))]
_BROADCAST_ANSWER = """\
class BroadcastAddLayer:
    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)   # backward needs them
        return x + y

    def backward(self, dout):
        return sum_to(dout, self.x_shape), sum_to(dout, self.y_shape)


class BroadcastMulLayer(SimpleMulLayer):     # forward as before: it keeps x and y
    def backward(self, dout):
        return sum_to(dout * self.y, np.shape(self.x)), sum_to(dout * self.x, np.shape(self.y))
"""


def _mul_cases():
    """(x, y, dout, (dx, dy)) for the multiply layer: the price case by hand, then random
    inputs with the numerical gradients."""
    cases = [(_PRICE, _COUNTS.copy(), _W.copy(), (np.array(_DPRICE), _PRICE * _W))]
    rng = np.random.default_rng(5)
    for x_shape, y_shape in _MUL_SHAPES:
        x, y = rng.standard_normal(x_shape), rng.standard_normal(y_shape)
        dout = _GRAD.copy()
        want = (layers.numerical_gradient(lambda v: np.sum(v * y * dout), x.copy()),
                layers.numerical_gradient(lambda v: np.sum(x * v * dout), y.copy()))
        cases.append((x, y, dout, tuple(np.asarray(w) for w in want)))
    return cases


def _run_case(layer_class, x, y, dout, out_want, sign):
    """A fresh layer's (dx, dy) for x ``sign`` y, checked for its output."""
    layer = call(layer_class, what="creating the layer")
    out = answer(method(layer, "forward"), x, y, what="forward", keep={"x": x, "y": y},
                 fix="compute the output in a new array.",
                 if_none="forward returns None: return the output.")
    if not close(out, out_want):
        raise NotYet(f"for x of shape {np.shape(x)} and y of shape {np.shape(y)}, forward "
                     f"should return x {sign} y, of shape {np.shape(out_want)}; got {shown(out)}.")
    dout = np.array(dout)
    return answer(method(layer, "backward"), dout, what="backward", keep={"dout": dout},
                  fix="build new arrays, never write into dout.",
                  if_none="backward returns None: return the pair (dx, dy).",
                  pair="backward returns the pair (dx, dy), one gradient per input.")


def _summed_back(layer_class, cases, sign, shape_hint):
    """Run ``cases`` ((x, y, dout, (dx, dy))) through ``layer_class``; NotYet unless each
    gradient is right, in its input's shape, and the learner's own sum_to (found beside the
    class) ran and the library did not."""
    name = getattr(layer_class, "__name__", "the layer")
    mine = getattr(sys.modules.get(getattr(layer_class, "__module__", "")), "sum_to", None)
    code, ran, library = getattr(mine, "__code__", None), [], []

    def watch(frame, event, arg):
        if event == "call":
            if code is not None and frame.f_code is code:
                ran.append(1)
            elif not library and frame.f_code.co_filename in LIBRARY_FILES:
                library.append(frame_owner(frame))

    for x, y, dout, want in cases:
        out_want = x + y if sign == "+" else x * y
        with profiled(watch):
            grads = _run_case(layer_class, x, y, dout, out_want, sign)
        if library:
            raise NotYet(f"{name} runs layers.{library[0]}: use your own sum_to.")
        case = f"{name}, for x of shape {np.shape(x)} {sign} y of shape {np.shape(y)}"
        for which, got, right, shape in zip(("dx", "dy"), grads, want, (np.shape(x), np.shape(y))):
            arr = floats(got)
            if arr is None or arr.shape != right.shape:
                raise NotYet(f"{case}: {which} must have the shape of its input, {shape}; got "
                             f"{shown(got) if arr is None else arr.shape}. {shape_hint}")
            if sign == "*" and close(arr, layers.sum_to_shape(
                    np.asarray(dout) * (x if which == "dx" else y), shape)):
                raise NotYet(f"{case}: {which} is dout times which input?")
            if not close(arr, right):
                raise NotYet(f"{case}: {which} has the right shape but not the right numbers: "
                             "does check.sum_to say Right?")
    if not ran:
        raise NotYet(f"{name}'s gradients are right, but your sum_to never ran: let backward "
                     "call it.")


@check
def broadcast_layers(layer_class, mul_class):
    """Exercise 4.1's layers: ``BroadcastAddLayer`` (``layer_class``) and
    ``BroadcastMulLayer`` (``mul_class``) return x + y and x * y and, in backward, each
    input's gradient summed back to that input's shape by the learner's own ``sum_to``
    (found beside the class, and watched running).  In the lecture view, a button shows
    worked ones."""
    _answer_in_lecture(_BROADCAST_ANSWER)
    for given, library in ((layer_class, layers.AddLayer), (mul_class, layers.MulLayer)):
        if inspect.isclass(given) and issubclass(given, library):
            raise NotYet(f"{given.__name__} is (or inherits from) layers.{library.__name__}: "
                         "write it yourself, with your sum_to.")
    rng = np.random.default_rng(4)
    adds = []
    for x_shape, y_shape, want in _ADD_CASES:
        adds.append((rng.standard_normal(x_shape), rng.standard_normal(y_shape), _GRAD, want))
    _summed_back(layer_class, adds, "+", "What does backward need to know about the inputs, "
                                         "and when can it learn it?")
    _summed_back(mul_class, _mul_cases(), "*", "Which of your functions sums a gradient back "
                                                "to a shape?")
    return "each input's gradient comes back in that input's shape."


# Exercise 4.1's prediction: for grad of shape (4, 1, 3), buggy_sum_to sums the first
# extra = 3 - len(shape) axes. (4, 1, 3): extra 0, nothing to sum: right. (1, 3): extra 1,
# sums axis 0, the axis numpy added in front; its 1 meets the output's 1, nothing stretched:
# right. (): extra 3, every axis: right. (1, 1, 3) and (4, 1, 1): extra 0, nothing summed,
# (4, 1, 3) returned, though numpy stretched an axis of size 1 (axis 0, axis 2): wrong.
_BUGGY_SHAPES = ((4, 1, 3), (1, 3), (1, 1, 3), (4, 1, 1), ())
_BUGGY_WRONG = ((1, 1, 3), (4, 1, 1))


def _shape_list(value):
    """``value`` as a set of shapes (tuples of whole numbers), or None if it is not one."""
    if not isinstance(value, (list, tuple, set)):
        return None
    shapes = set()
    for item in value:
        if not isinstance(item, (list, tuple)) or not all(
                isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in item):
            return None
        shapes.add(tuple(int(n) for n in item))
    return shapes


@check
def buggy_shapes(my_wrong_shapes):
    """The learner's list of the shapes among _BUGGY_SHAPES that buggy_sum_to gets wrong."""
    if untouched(my_wrong_shapes):
        raise NotAttempted("write the shapes into my_wrong_shapes, then run this cell again.")
    got = _shape_list(my_wrong_shapes)
    if got is None:
        raise NotYet("my_wrong_shapes should be a list of shapes written as tuples, such as "
                     f"[(2, 5), (7,)]; got {shown(my_wrong_shapes)}.")
    other = got - set(_BUGGY_SHAPES)
    if other:
        raise NotYet(f"choose among {', '.join(map(str, _BUGGY_SHAPES))}; "
                     f"{', '.join(map(str, sorted(other)))} is not one of them.")
    if got - set(_BUGGY_WRONG):                  # which one is not said: no elimination
        raise NotYet("a shape in your list is handled correctly: for each one, trace extra and "
                     "the axes the code sums, against the axes numpy added or stretched.")
    if not set(_BUGGY_WRONG) <= got:
        raise NotYet("not all of them yet: for each shape you left out, trace the code (what "
                     "is extra, which axes are summed, what shape comes back?) and compare "
                     "with the gradient of that input.")
    return "(1, 1, 3) and (4, 1, 1): numpy stretched an axis of size 1 that the code leaves alone."
