"""The checks of chapter 04 (teaching/checks/ch04.py) accept right answers, reject wrong ones.

Expected numbers come from the math: d(xy)/dx = y, summed over the uses of an input numpy
broadcast (one price times four counts: dprice = sum of dout * counts); and the sums of
0, 1, ..., 11 arranged as a (4, 3) array.  The wrong answers are the ones
learners write: a local derivative without dout, one factor of two, a gradient not summed
(or summed over the wrong axis), and the library passed in place of the learner's own code.
"""

import inspect
import textwrap

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

import layers
from teaching.checks import ch04


# sum_to by hand: grad = 0..11 as (4, 3) has column sums 18, 22, 26, row sums 3, 12, 21,
# 30 and total 66; 0..23 as (2, 4, 3) has column sums 84, 92, 100.
def sum_to_right(grad, shape):
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def test_sum_to_by_hand_numbers():
    grad = np.arange(12.0).reshape(4, 3)
    assert np.array_equal(sum_to_right(grad, (3,)), [18, 22, 26])
    assert np.array_equal(sum_to_right(grad, (4, 1)), [[3], [12], [21], [30]])
    assert sum_to_right(grad, ()) == 66
    assert np.array_equal(sum_to_right(np.arange(24.0).reshape(2, 4, 3), (3,)), [84, 92, 100])
    # element [a, r, h] of the (2, 4, 3) grad is 12a + 3r + h: row r sums to 42 + 18r
    assert np.array_equal(sum_to_right(np.arange(24.0).reshape(2, 4, 3), (4, 1)),
                          [[42], [60], [78], [96]])


def test_sum_to_refuses_the_library_pasted_in(capsys):
    # the library's source run again, docstring and all: the same code, not the learner's
    space = {}
    exec(textwrap.dedent(inspect.getsource(layers.sum_to_shape)), space)
    assert_not_yet(capsys, ch04.sum_to, space["sum_to_shape"], "docstring and all")


def test_sum_to_accepts_the_natural_solution_that_matches_the_library(capsys):
    # the natural fix, written without looking: the library's algorithm in the learner's names
    def mine(grad, shape):
        while grad.ndim > len(shape):
            grad = grad.sum(axis=0)
        for i, n in enumerate(shape):
            if n == 1 and grad.shape[i] != 1:
                grad = grad.sum(axis=i, keepdims=True)
        return grad
    assert_right(capsys, ch04.sum_to, mine)
    assert_right(capsys, ch04.sum_to, sum_to_right)    # even with the library's own names


def test_sum_to_accepts_the_math_and_numpy_alternatives(capsys):
    def loops(grad, shape):        # the library's algorithm, written another way
        while len(grad.shape) > len(shape):
            grad = np.sum(grad, axis=0)
        for axis in [a for a, n in enumerate(shape) if n == 1 and grad.shape[a] != 1]:
            grad = np.sum(grad, axis=axis, keepdims=True)
        return grad
    assert_right(capsys, ch04.sum_to, loops)

    def with_axes(grad, shape):    # one sum over every axis to drop or keep
        lead = grad.ndim - len(shape)
        axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                          if n == 1 and grad.shape[lead + i] != 1)
        return grad.sum(axis=axes, keepdims=True).reshape(shape)
    assert_right(capsys, ch04.sum_to, with_axes)


@pytest.mark.parametrize("func, hint", [
    (lambda g, shape: g, "nothing was summed"),
    (lambda g, shape: g.sum(axis=tuple(range(g.ndim - len(shape)))),     # the buggy one
     "used 4 times, once per index of axis 0"),
    (lambda g, shape: g if shape == (4, 1) else sum_to_right(g, shape),
     "a (4, 1) column added to a (4, 3) batch, nothing was summed: each of its numbers is "
     "used 3 times, once per index of axis 1"),
    (lambda g, shape: g if shape == () else sum_to_right(g, shape), "axes 0, 1"),
    (lambda g, shape: sum_to_right(g, shape).squeeze(), "keepdims"),   # (1, 3) comes back (3,)
    (lambda g, shape: g.sum(axis=0) if len(shape) == 1 else sum_to_right(g, shape),
     "a (3,) bias added to a (2, 4, 3) array"),
    (lambda g, shape: sum_to_right(g, shape) / (g.size // max(1, int(np.prod(shape)))),
     "a sum, not a mean"),
    (lambda g, shape: None, "returns None"),
    (lambda g, shape: "66", "a number or an array"),
    (lambda g, shape: sum_to_right(g, shape) + 1, "the numbers are not"),
])
def test_sum_to_rejects(capsys, func, hint):
    assert_not_yet(capsys, ch04.sum_to, func, hint)


def left_aligned(grad, shape):
    """Sums the size-1 axes of shape before lining the shapes up from the right: right
    whenever nothing is added in front or nothing is stretched, wrong when both happen."""
    stretched = tuple(i for i, n in enumerate(shape) if n == 1)   # should be lead + i
    return grad.sum(axis=stretched, keepdims=True).sum(axis=tuple(range(grad.ndim - len(shape))))


def test_sum_to_catches_an_added_axis_mixed_with_a_stretched_one(capsys):
    # on (4, 3) and for (2, 4, 3) -> (3,) the left-aligned sum is right; (2, 4, 3) -> (1, 3)
    # sums axis 0 of grad (size 2), not axis 1 (size 4), and returns (4, 3)
    assert left_aligned(np.zeros((2, 4, 3)), (1, 3)).shape == (4, 3)
    assert_not_yet(capsys, ch04.sum_to, left_aligned,
                   "for a (1, 3) row added to a (2, 4, 3) array, the result must have shape "
                   "(1, 3); got (4, 3)")
    only_column = lambda g, shape: (left_aligned if shape == (4, 1) else sum_to_right)(g, shape)  # noqa: E731
    assert_not_yet(capsys, ch04.sum_to, only_column,
                   "a (4, 1) column added to a (2, 4, 3) array, the result must have shape "
                   "(4, 1); got (1, 3)")


def test_sum_to_refuses_writing_into_grad(capsys):
    def in_place(grad, shape):
        out = sum_to_right(grad, shape)
        grad[...] = 0
        return out
    assert_not_yet(capsys, ch04.sum_to, in_place, "wrote into the grad")


def test_sum_to_untouched_template_is_not_attempted(capsys):
    def template(grad, shape):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, ch04.sum_to, template)


# the library is not the learner's work: layers.py holds its own sum back to a shape (its
# name may change, so every function of the module is refused, and so is any code that calls
# into layers.py)
LIBRARY_FUNCTIONS = [f for f in vars(layers).values()
                     if inspect.isfunction(f) and f.__module__ == layers.__name__]


def test_the_library_has_functions_to_refuse():
    assert len(LIBRARY_FUNCTIONS) >= 5


@pytest.mark.parametrize("func", LIBRARY_FUNCTIONS, ids=lambda f: f.__name__)
def test_sum_to_refuses_every_function_of_layers(capsys, func):
    assert_not_yet(capsys, ch04.sum_to, func, "a function of the library")


def test_sum_to_refuses_a_wrapper_around_the_library(capsys):
    def wrapper(grad, shape):      # right numbers, but with the library's help
        return layers.MulLayer().forward(sum_to_right(grad, shape), 1.0)
    assert_not_yet(capsys, ch04.sum_to, wrapper, "sum_to calls layers.MulLayer")


# BroadcastAddLayer runs in a notebook whose sum_to the check finds beside the class: each
# source below is run as a module of its own, as a notebook's cells are run in __main__.
SUM_TO_SOURCE = """
def sum_to(grad, shape):
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))
    return grad.sum(axis=tuple(a for a, n in enumerate(shape) if n == 1 and grad.shape[a] != 1),
                    keepdims=True)
"""
KEEPS_SHAPES = """
class BroadcastAddLayer:
    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)
        return x + y

    def backward(self, dout):
        return sum_to(dout, self.x_shape), sum_to(dout, self.y_shape)
"""


MUL_SOURCE = """
class SimpleMulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class BroadcastMulLayer(SimpleMulLayer):
    def backward(self, dout):
        return sum_to(dout * self.y, np.shape(self.x)), sum_to(dout * self.x, np.shape(self.y))
"""
TEMPLATES = """
class BroadcastAddLayer:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


class BroadcastMulLayer(SimpleMulLayer):
    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")
"""
MUL_TEMPLATE_ONLY = """
class BroadcastMulLayer(SimpleMulLayer):
    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")
"""


def both(pair):
    """check.broadcast_layers on a pair (BroadcastAddLayer, BroadcastMulLayer)."""
    return ch04.broadcast_layers(*pair)


def notebook_layers(monkeypatch, source, name="nb_ch04_broadcast"):
    """(BroadcastAddLayer, BroadcastMulLayer) of ``source``, run as the module ``name`` (a
    notebook's cells); a class ``source`` leaves out is a right one."""
    import sys
    import types
    module = types.ModuleType(name)
    module.np = np
    exec(textwrap.dedent(SUM_TO_SOURCE + KEEPS_SHAPES + MUL_SOURCE), module.__dict__)
    exec(textwrap.dedent(source), module.__dict__)
    monkeypatch.setitem(sys.modules, name, module)
    for cls in (module.BroadcastAddLayer, module.BroadcastMulLayer):
        cls.__module__ = name
    return module.BroadcastAddLayer, module.BroadcastMulLayer


def test_broadcast_layers_right_with_the_learners_sum_to(capsys, monkeypatch):
    add_class, mul_class = notebook_layers(monkeypatch, "")
    assert_right(capsys, both, (add_class, mul_class))
    # on chapter 04's batch: dout's columns [1,0,1,2], [0,1,1,0], [2,1,0,1] add to 4, 2, 4
    layer = add_class()
    layer.forward(np.zeros((4, 3)), np.zeros(3))
    dout = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0], [2.0, 0.0, 1.0]])
    dx, db = layer.backward(dout)
    assert dx.shape == (4, 3) and db.tolist() == [4.0, 2.0, 4.0]
    # the price: 100 times counts (2, 0, 5, 1), dout (1, 2, 1, 3): 1*2 + 2*0 + 1*5 + 3*1 = 10
    bills = mul_class()
    bills.forward(100.0, np.array([2.0, 0.0, 5.0, 1.0]))
    dprice, dcounts = bills.backward(np.array([1.0, 2.0, 1.0, 3.0]))
    assert np.shape(dprice) == () and dprice == 10.0
    assert dcounts.tolist() == [100.0, 200.0, 100.0, 300.0]


@pytest.mark.parametrize("source, hint", [
    ("""
class BroadcastAddLayer:                      # keeps y's shape only, as for a bias
    def forward(self, x, y):
        self.y_shape = np.shape(y)
        return x + y

    def backward(self, dout):
        return dout, sum_to(dout, self.y_shape)
""", "dx must have the shape of its input, (3,)"),
    ("""
class BroadcastAddLayer:                      # the book's bias sum, for every input
    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)
        return x + y

    def backward(self, dout):
        return dout, dout.sum(axis=0)
""", "dx must have the shape of its input, (3,)"),
    ("""
class BroadcastAddLayer:                      # the sums written out, sum_to never called
    def forward(self, x, y):
        self.shapes = np.shape(x), np.shape(y)
        return x + y

    def backward(self, dout):
        grads = []
        for s in self.shapes:
            g = dout.sum(axis=tuple(range(dout.ndim - len(s))))
            grads.append(g.sum(axis=tuple(a for a, n in enumerate(s) if n == 1 and g.shape[a] != 1),
                               keepdims=True))
        return tuple(grads)
""", "your sum_to never ran"),
    ("""
def sum_to(grad, shape):                      # the library's, not the learner's
    return layers.sum_to_shape(grad, shape)
""", "runs layers."),
    ("""
def sum_to(grad, shape):                      # a mean, not a sum
    grad = grad.mean(axis=tuple(range(grad.ndim - len(shape))))
    return grad.mean(axis=tuple(a for a, n in enumerate(shape) if n == 1 and grad.shape[a] != 1),
                     keepdims=True)
""", "does check.sum_to say Right"),
    ("""
class BroadcastMulLayer(SimpleMulLayer):      # the simple layer's backward, inherited
    pass
""", "BroadcastMulLayer, for x of shape () * y of shape (4,): dx must have the shape of its "
     "input, ()"),
    ("""
class BroadcastMulLayer(SimpleMulLayer):      # each gradient summed to the other's shape
    def backward(self, dout):
        return sum_to(dout * self.x, np.shape(self.x)), sum_to(dout * self.y, np.shape(self.y))
""", "dx is dout times which input?"),
    ("""
class BroadcastMulLayer(SimpleMulLayer):      # the sum written out for the price alone
    def backward(self, dout):
        return np.sum(dout * self.y), dout * self.x
""", "BroadcastMulLayer, for x of shape (4, 3) * y of shape (3,): dx must have the shape"),
])
def test_broadcast_layers_reject(capsys, monkeypatch, source, hint):
    source = source.replace("layers.sum_to_shape", "__import__('layers').sum_to_shape")
    assert_not_yet(capsys, both, notebook_layers(monkeypatch, source), hint)


def test_broadcast_layers_refuse_the_library_layers(capsys, monkeypatch):
    add_class, mul_class = notebook_layers(monkeypatch, "")
    assert_not_yet(capsys, both, (layers.AddLayer, mul_class), "layers.AddLayer")
    assert_not_yet(capsys, both, (add_class, layers.MulLayer), "layers.MulLayer")


def test_broadcast_layers_templates_are_not_attempted(capsys, monkeypatch):
    assert_not_attempted(capsys, both, notebook_layers(monkeypatch, TEMPLATES))
    add_class, _ = notebook_layers(monkeypatch, "", name="nb_ch04_add_done")
    _, mul_template = notebook_layers(monkeypatch, MUL_TEMPLATE_ONLY, name="nb_ch04_mul_not")
    assert_not_attempted(capsys, both, (add_class, mul_template))


def test_broadcast_layers_in_the_lecture_view_show_worked_ones_that_are_right(
        capsys, monkeypatch):
    templates = notebook_layers(monkeypatch, TEMPLATES)
    text = _lecture_button_text(monkeypatch, both, templates)
    assert text == ch04._BROADCAST_ANSWER
    monkeypatch.delenv("BACKPROP_LECTURE")
    assert_right(capsys, both, notebook_layers(monkeypatch, text, name="nb_ch04_worked"))


def test_sum_to_accepts_the_fixed_buggy_version(capsys):
    def fixed(grad, shape):
        extra = grad.ndim - len(shape)
        grad = grad.sum(axis=tuple(range(extra)))
        stretched = tuple(a for a, n in enumerate(shape) if n == 1 and grad.shape[a] != 1)
        return grad.sum(axis=stretched, keepdims=True)
    assert_right(capsys, ch04.sum_to, fixed)


def test_predictions_untouched_are_not_attempted(capsys):
    assert_not_attempted(capsys, ch04.new_bias_shape, None)


# SimpleAddLayer's backward returns dout itself, shape (4, 3); b (3,) minus a (4, 3) array
# broadcasts into (4, 3), with no error.
def test_new_bias_shape(capsys):
    assert_right(capsys, ch04.new_bias_shape, (4, 3))
    assert_right(capsys, ch04.new_bias_shape, [4, 3])
    assert_right(capsys, ch04.new_bias_shape, (np.int64(4), 3))
    assert_not_yet(capsys, ch04.new_bias_shape, (3,), "what does SimpleAddLayer's backward")
    assert_not_yet(capsys, ch04.new_bias_shape, "error", "numpy raises nothing")
    assert_not_yet(capsys, ch04.new_bias_shape, " Error", "numpy raises nothing")
    assert_not_yet(capsys, ch04.new_bias_shape, (3, 4), "read its return line")
    assert_not_yet(capsys, ch04.new_bias_shape, (4,), "read its return line")
    assert_not_yet(capsys, ch04.new_bias_shape, "raises", "a tuple")
    assert_not_yet(capsys, ch04.new_bias_shape, 12, "a tuple")
    assert_not_yet(capsys, ch04.new_bias_shape, (4.0, 3.0), "a tuple")
    for wrong in ((3,), "error", (3, 4), 12):
        assert "(4, 3)" not in ch04.new_bias_shape(wrong).message


def test_predicted_shared(capsys):
    # the shared layer keeps the oranges' (150, 3): dapple = 1.1 * 3 = 3.3
    assert_not_attempted(capsys, ch04.predicted_shared, None)
    assert_right(capsys, ch04.predicted_shared, 3.3)
    assert_not_yet(capsys, ch04.predicted_shared, 2.2, "two separate layers")
    assert_not_yet(capsys, ch04.predicted_shared, 165, "not the price")
    assert_not_yet(capsys, ch04.predicted_shared, 3.0, "after the second forward")
    assert_not_yet(capsys, ch04.predicted_shared, [3.3, 2.2], "one number")
    assert "3.3" not in ch04.predicted_shared(2.2).message


def test_buggy_shapes_right_message_leaves_the_fix_to_sum_to():
    message = ch04.buggy_shapes([(1, 1, 3), (4, 1, 1)]).message
    assert "stretched" in message and "keepdims" not in message and "summed away" not in message


class ShopMul:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class ShopAdd:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout, dout


def notebook_classes():
    """(SimpleMulLayer, SimpleAddLayer) as the notebook defines them: the check counts
    methods by the class that defines them (co_qualname names it), so these are classes of
    those names, not ShopMul and ShopAdd renamed."""
    ns = {}
    exec("class SimpleMulLayer:\n"
         "    def forward(self, x, y):\n        self.x, self.y = x, y\n        return x * y\n"
         "    def backward(self, dout):\n        return dout * self.y, dout * self.x\n"
         "class SimpleAddLayer:\n"
         "    def forward(self, x, y):\n        return x + y\n"
         "    def backward(self, dout):\n        return dout, dout\n", ns)
    return ns["SimpleMulLayer"], ns["SimpleAddLayer"]


def wired_shop(mul_class, add_class):
    """The apple-orange graph wired from the given classes."""
    def shop_gradients():
        apple, orange, add, tax = mul_class(), mul_class(), add_class(), mul_class()
        total = add.forward(apple.forward(100, 2), orange.forward(150, 3))
        tax.forward(total, 1.1)
        dtotal, dtax = tax.backward(1)
        dapples, doranges = add.backward(dtotal)
        dapple, dapple_num = apple.backward(dapples)
        dorange, dorange_num = orange.backward(doranges)
        return {"dapple": dapple, "dapple_num": dapple_num, "dorange": dorange,
                "dorange_num": dorange_num, "dtax": dtax}
    return shop_gradients


def test_apple_orange(capsys):
    # 100 * 2 + 150 * 3 = 650; backward from 1: dtax = 650, both bills get 1.1, multiply
    # swaps: 1.1 * 2 = 2.2, 1.1 * 100 = 110, 1.1 * 3 = 3.3, 1.1 * 150 = 165
    mul = type("SimpleMulLayer", (ShopMul,), {})
    add = type("SimpleAddLayer", (ShopAdd,), {})
    notebook_mul, notebook_add = notebook_classes()
    assert_right(capsys, ch04.apple_orange, wired_shop(notebook_mul, notebook_add))
    pasted = lambda: {"dapple": 2.2, "dapple_num": 110, "dorange": 3.3,  # noqa: E731
                      "dorange_num": 165, "dtax": 650}
    assert_not_yet(capsys, ch04.apple_orange, pasted, "the numbers are right, but")
    assert_not_yet(capsys, ch04.apple_orange, wired_shop(mul, add), "the numbers are right")
    swapped = lambda: {**wired_shop(notebook_mul, notebook_add)(),  # noqa: E731
                       "dapple": 110, "dapple_num": 2.2}
    assert_not_yet(capsys, ch04.apple_orange, swapped, "'dapple' is not right yet")
    assert_not_yet(capsys, ch04.apple_orange, lambda: [1, 2], "give a dict")


def test_apple_orange_refuses_typed_numbers_beside_throwaway_calls(capsys):
    # four layers run forward and backward, but on other numbers; the dict is typed in
    mul, add = notebook_classes()

    def typed():
        for _ in range(3):
            layer = mul()
            layer.forward(1, 1)
            layer.backward(1)
        layer = add()
        layer.forward(1, 1)
        layer.backward(1)
        return {"dapple": 2.2, "dapple_num": 110, "dorange": 3.3, "dorange_num": 165,
                "dtax": 650}
    assert_not_yet(capsys, ch04.apple_orange, typed, "no backward of your layers returned")



def test_apple_orange_template_is_not_attempted(capsys):
    def shop_gradients():
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, ch04.apple_orange, shop_gradients)


# buggy_sum_to sums the first extra = grad.ndim - len(shape) axes. For grad (4, 1, 3): right
# for (4, 1, 3) (nothing broadcast), (1, 3) (axis 0 added in front; its 1 meets the output's
# 1) and () (every axis); wrong for (1, 1, 3) and (4, 1, 1) (extra 0: nothing summed), where
# an axis was stretched from size 1 and must be summed too.
def buggy_sum_to(grad, shape):
    extra = grad.ndim - len(shape)
    return grad.sum(axis=tuple(range(extra)))


WRONG_SHAPES = [(1, 1, 3), (4, 1, 1)]


def test_buggy_shapes_match_what_the_buggy_code_does(capsys):
    grad = np.arange(12.0).reshape(4, 1, 3)
    right = {(4, 1, 3): grad, (): grad.sum(), (1, 3): grad.sum(axis=0),
             (1, 1, 3): grad.sum(axis=0, keepdims=True),
             (4, 1, 1): grad.sum(axis=2, keepdims=True)}
    wrong = [s for s, want in right.items()
             if buggy_sum_to(grad, s).shape != want.shape or not np.allclose(
                 buggy_sum_to(grad, s), want)]
    assert sorted(wrong) == sorted(WRONG_SHAPES)
    assert_not_attempted(capsys, ch04.buggy_shapes, None)
    assert_right(capsys, ch04.buggy_shapes, WRONG_SHAPES)
    assert_right(capsys, ch04.buggy_shapes, [[4, 1, 1], (1, 1, 3)])


@pytest.mark.parametrize("given, hint", [
    ([(1, 1, 3)], "not all of them yet"),
    ([(4, 1, 1)], "not all of them yet"),
    ([], "not all of them yet"),
    ([*WRONG_SHAPES, (4, 1, 3)], "a shape in your list is handled correctly"),
    ([*WRONG_SHAPES, (1, 3)], "a shape in your list is handled correctly"),
    ([*WRONG_SHAPES, ()], "a shape in your list is handled correctly"),
    ([(4, 1, 3), (1, 3), (1, 1, 3), (4, 1, 1), ()], "a shape in your list is handled correctly"),
    ([(2, 2)], "not one of them"),
    ([3, 4], "written as tuples"),
    ("(1, 3)", "written as tuples"),
])
def test_buggy_shapes_rejects(capsys, given, hint):
    assert_not_yet(capsys, ch04.buggy_shapes, given, hint)
    message = ch04.buggy_shapes(given).message
    assert "(1, 1, 3) and (4, 1, 1)" not in message
    if hint == "not all of them yet":            # a missing shape is not named
        assert not any(str(shape) in message for shape in WRONG_SHAPES)
    if "handled correctly" in hint:              # nor the right one: no answer by elimination
        assert "(" not in message


# the warm-up: out = x + y, both local derivatives 1, so (dx, dy) = (dout, dout)
class SimpleAdd:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1


def add_variant(backward=None, forward=None):
    body = {k: v for k, v in [("backward", backward), ("forward", forward)] if v is not None}
    return type("AddVariant", (SimpleAdd,), body)


def test_simple_add_layer(capsys):
    assert_right(capsys, ch04.simple_add_layer, SimpleAdd)
    assert_right(capsys, ch04.simple_add_layer, add_variant(lambda self, d: (d, d)))


class AddTemplate:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


class AddWrapsLibrary(SimpleAdd):
    def backward(self, dout):
        return 1.0 * dout, layers.AddLayer().forward(dout, 0.0)


@pytest.mark.parametrize("layer_class, hint", [
    (add_variant(forward=lambda self, x, y: x * y), "forward multiplies"),
    (add_variant(lambda self, d: (d * 3.0, d * 2.0)), "multiply's swap"),
    (add_variant(lambda self, d: (1.0, 1.0)), "local derivatives alone"),
    (add_variant(lambda self, d: d), "2 gradients"),
    (layers.AddLayer, "inherits from) layers.AddLayer"),
    (AddWrapsLibrary, "runs layers.AddLayer"),
])
def test_simple_add_layer_rejects(capsys, layer_class, hint):
    assert_not_yet(capsys, ch04.simple_add_layer, layer_class, hint)


def test_simple_add_layer_template_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch04.simple_add_layer, AddTemplate)


def test_simple_add_layer_in_the_lecture_view_shows_both_classes_behind_a_button(monkeypatch):
    """Projected, code is hidden and nobody writes the warm-up: a button holds the chapter's
    SimpleMulLayer (found beside the class handed in) and the answer, which is right."""
    from teaching.reveal import LECTURE
    assert ch04.simple_add_layer(ch04._SimpleAddLayer)          # the answer shown is right
    monkeypatch.setenv(LECTURE, "1")
    displayed = []
    monkeypatch.setattr("IPython.display.display", displayed.append)
    verdict = ch04.simple_add_layer(AddTemplate)
    assert not verdict and verdict.message == ""
    (button,) = displayed
    text = button.children[1].outputs[0]["text"]
    assert text.startswith("class SimpleMulLayer:\n    def forward(self, x, y):\n")
    assert "return dout * self.y, dout * self.x" in text
    assert "class SimpleAddLayer:" in text and "return dout, dout" in text


SimpleMulLayer = ShopMul       # what the lecture button finds beside AddTemplate


def test_apple_orange_in_the_lecture_view_shows_the_gradients_behind_a_button(monkeypatch):
    """Projected, nobody writes shop_gradients: a button holds the five gradients, by hand
    dapple = 1.1 * 2, dapple_num = 1.1 * 100, dorange = 1.1 * 3, dorange_num = 1.1 * 150 and
    dtax = 200 + 450."""
    from teaching.reveal import LECTURE
    monkeypatch.setenv(LECTURE, "1")
    displayed = []
    monkeypatch.setattr("IPython.display.display", displayed.append)

    def template():
        raise NotImplementedError("YOUR CODE")
    verdict = ch04.apple_orange(template)
    assert not verdict and verdict.message == ""
    (button,) = displayed
    text = button.children[1].outputs[0]["text"]
    assert text == ("dapple = 2.2, dapple_num = 110, dorange = 3.3, dorange_num = 165, "
                    "dtax = 650\n")


def _first_stretched_only(g, shape):
    lead = g.ndim - len(shape)
    g = g.sum(axis=tuple(range(lead)))
    for i, n in enumerate(shape):
        if n == 1 and g.shape[i] != 1:
            return g.sum(axis=i, keepdims=True)
    return g


def _two_cases_hard_coded(g, shape):
    # only the column (last axis) and row (first axis) cases of the notebook
    g = g.sum(axis=tuple(range(g.ndim - len(shape))))
    if g.shape == shape:
        return g
    if shape[-1] == 1:
        return g.sum(axis=-1, keepdims=True)
    return g.sum(axis=0, keepdims=True)


@pytest.mark.parametrize("func", [_first_stretched_only, _two_cases_hard_coded])
def test_sum_to_refuses_two_stretched_axes_or_a_stretched_middle_axis(capsys, func):
    assert_not_yet(capsys, ch04.sum_to, func, "")


def _lecture_button_text(monkeypatch, check_fn, template):
    """What the lecture view's button of ``check_fn`` prints, handed an untouched template."""
    from teaching.reveal import LECTURE
    monkeypatch.setenv(LECTURE, "1")
    displayed = []
    monkeypatch.setattr("IPython.display.display", displayed.append)
    verdict = check_fn(template)
    assert not verdict and verdict.message == ""
    (button,) = displayed
    return button.children[1].outputs[0]["text"]


def test_sum_to_in_the_lecture_view_shows_a_worked_one_that_is_right(capsys, monkeypatch):
    def template(grad, shape):
        raise NotImplementedError("YOUR CODE")
    text = _lecture_button_text(monkeypatch, ch04.sum_to, template)
    assert text == ch04._SUM_TO_ANSWER
    monkeypatch.delenv("BACKPROP_LECTURE")
    ns = {}
    exec(text, ns)
    assert_right(capsys, ch04.sum_to, ns["sum_to"])
