"""Tests for layers.py.  Expected numbers come from the math, never from the code."""

import inspect
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp
from own_thread import apart

import layers
from layers import (
    AddLayer,
    ExpLayer,
    MulLayer,
    ReciprocalLayer,
    Relu,
    Sigmoid,
    SquareLayer,
    gradient_check,
    numerical_gradient,
)

ONE_INPUT = [SquareLayer, ExpLayer, ReciprocalLayer, Relu, Sigmoid]
TWO_INPUTS = [MulLayer, AddLayer]
ALL = TWO_INPUTS + ONE_INPUT


def run(layer_cls, *inputs, dout=None):
    layer = layer_cls()
    out = layer.forward(*inputs)
    if dout is None:
        dout = np.ones_like(np.asarray(out))
    return layer, out, layer.backward(dout)


def safe_inputs(layer_cls, n=2):
    """Inputs that every layer accepts (positive, small, away from ReLU's kink)."""
    x = np.array([[0.5, 1.5, 2.0], [1.0, 0.25, 3.0]])
    return (x, x + 1)[:n] if layer_cls in TWO_INPUTS else (x,)


# --- the book's shopping examples ------------------------------------------

def test_apple_shopping():
    mul_apple, mul_tax = MulLayer(), MulLayer()
    apple_price = mul_apple.forward(100, 2)
    price = mul_tax.forward(apple_price, 1.1)
    dapple_price, dtax = mul_tax.backward(1)
    dapple, dcount = mul_apple.backward(dapple_price)
    assert price == pytest.approx(220, rel=1e-12)
    assert dapple == pytest.approx(2.2, rel=1e-12)      # count * tax
    assert dcount == pytest.approx(110, rel=1e-12)      # apple * tax
    assert dtax == pytest.approx(200, rel=1e-12)        # apple * count
    # Python numbers in, Python floats out: what a learner prints is a plain number
    assert all(type(v) is float for v in (price, dapple, dcount, dtax))


def test_apples_and_oranges_shopping():
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    apple_price = mul_apple.forward(100, 2)
    orange_price = mul_orange.forward(150, 3)
    all_price = add.forward(apple_price, orange_price)
    price = mul_tax.forward(all_price, 1.1)
    dall_price, dtax = mul_tax.backward(1)
    dapple_price, dorange_price = add.backward(dall_price)
    dorange, dorange_count = mul_orange.backward(dorange_price)
    dapple, dapple_count = mul_apple.backward(dapple_price)
    assert price == pytest.approx(715, rel=1e-12)       # (200 + 450) * 1.1
    expected = {"dapple": 2.2, "dapple_count": 110, "dorange": 3.3,
                "dorange_count": 165, "dtax": 650, "dall_price": 1.1}
    got = {"dapple": dapple, "dapple_count": dapple_count, "dorange": dorange,
           "dorange_count": dorange_count, "dtax": dtax, "dall_price": dall_price}
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, rel=1e-12), name


# --- each layer's local derivative, from the formula -------------------------

def test_mul_swaps_and_add_distributes():
    assert MulLayer().forward(3.0, -4.0) == -12.0
    m = MulLayer()
    m.forward(3.0, -4.0)
    assert m.backward(2.0) == (-8.0, 6.0)               # dout * other input
    a = AddLayer()
    a.forward(3.0, -4.0)
    assert a.backward(2.0) == (2.0, 2.0)                # dout to both


def test_square_exp_reciprocal_values():
    s = SquareLayer()
    assert s.forward(3.0) == 9.0
    assert s.backward(1.0) == 6.0
    e = ExpLayer()
    assert e.forward(1.0) == pytest.approx(math.e)
    assert e.backward(2.0) == pytest.approx(2 * math.e)
    r = ReciprocalLayer()
    assert r.forward(4.0) == 0.25
    assert r.backward(1.0) == pytest.approx(-1 / 16)    # -1/x^2


def test_relu_mask_and_kink_convention():
    x = np.array([[1.0, -0.5], [-2.0, 3.0]])
    relu = Relu()
    out = relu.forward(x)
    np.testing.assert_array_equal(relu.mask, [[False, True], [True, False]])
    np.testing.assert_array_equal(out, [[1.0, 0.0], [0.0, 3.0]])
    np.testing.assert_array_equal(relu.backward(np.full((2, 2), 5.0)), [[5.0, 0.0], [0.0, 5.0]])
    # at exactly 0 the gradient is 0 (the book's convention)
    r0 = Relu()
    assert r0.forward(0.0) == 0.0
    assert r0.backward(1.0) == 0.0


def test_sigmoid_values_and_gradient_ceiling():
    sig = Sigmoid()
    assert sig.forward(0.0) == 0.5
    assert sig.backward(1.0) == 0.25                    # y(1-y) at y = 1/2
    xs = np.linspace(-20, 20, 4001)
    sig = Sigmoid()
    y = sig.forward(xs)
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-xs)), rtol=1e-15, atol=0)
    assert sig.backward(np.ones_like(xs)).max() <= 0.25


@pytest.mark.parametrize("layer_cls", ALL)
def test_python_numbers_in_python_floats_out(layer_cls):
    inputs = (1.5, 2) if layer_cls in TWO_INPUTS else (1.5,)
    layer = layer_cls()
    out = layer.forward(*inputs)
    grads = layer.backward(1)
    grads = grads if isinstance(grads, tuple) else (grads,)
    assert type(out) is float and all(type(g) is float for g in grads)
    # a 0-d numpy input is not a Python number: numpy (and its dtype) in, numpy out
    out = layer_cls().forward(*[np.array(v, dtype=np.float32) for v in inputs])
    assert type(out) is not float and out.shape == () and out.dtype == np.float32


# --- nothing given to a layer is changed ------------------------------------

@pytest.mark.parametrize("layer_cls", ALL)
def test_inputs_and_dout_are_never_changed(layer_cls):
    inputs = safe_inputs(layer_cls)
    kept = [v.copy() for v in inputs]
    layer = layer_cls()
    out = layer.forward(*inputs)
    dout = np.full(np.shape(out), 0.5)
    dout[0, 0] = -7.0
    dout_before = dout.copy()
    grads = layer.backward(dout)
    grads = grads if isinstance(grads, tuple) else (grads,)
    for given_, before in zip(inputs, kept):
        np.testing.assert_array_equal(given_, before)
    np.testing.assert_array_equal(dout, dout_before)
    for g in grads:
        assert not np.shares_memory(g, dout)            # new arrays, not the caller's
        g[...] = 123.0                                  # editing a result must not reach dout
    np.testing.assert_array_equal(dout, dout_before)


def test_cached_input_is_a_copy():
    # the caller may reuse its array after forward; backward must still be right
    x = np.array([2.0, 3.0])
    y = np.array([5.0, 7.0])
    m = MulLayer()
    m.forward(x, y)
    x[:] = 0
    y[:] = 0
    dx, dy = m.backward(np.ones(2))
    np.testing.assert_array_equal(dx, [5.0, 7.0])
    np.testing.assert_array_equal(dy, [2.0, 3.0])


# --- bad input: clear errors --------------------------------------------------

@pytest.mark.parametrize("layer_cls", ALL)
def test_backward_before_forward_says_what_to_do(layer_cls):
    with pytest.raises(RuntimeError) as err:
        layer_cls().backward(1.0)
    message = str(err.value)
    assert layer_cls.__name__ in message and "forward" in message and "first" in message


@pytest.mark.parametrize("layer_cls", ALL)
def test_dout_of_wrong_shape_names_both_shapes(layer_cls):
    layer = layer_cls()
    layer.forward(*safe_inputs(layer_cls))
    with pytest.raises(ValueError) as err:
        layer.backward(np.ones((3, 2)))
    assert "(3, 2)" in str(err.value) and "(2, 3)" in str(err.value)


@pytest.mark.parametrize("layer_cls", ALL)
@pytest.mark.parametrize("bad", ["3.0", None, np.array([1, "a"], dtype=object),
                                 [1.0, "x"], True, 1 + 2j, {"x": 1}])
def test_non_numeric_input_is_a_type_error(layer_cls, bad):
    args = (bad, 1.0) if layer_cls in TWO_INPUTS else (bad,)
    with pytest.raises(TypeError, match="real number or a numeric array"):
        layer_cls().forward(*args)


@pytest.mark.parametrize("layer_cls", ALL)
def test_non_numeric_dout_is_a_type_error(layer_cls):
    layer = layer_cls()
    layer.forward(*((1.0, 2.0) if layer_cls in TWO_INPUTS else (1.0,)))
    with pytest.raises(TypeError, match="dout"):
        layer.backward("1.0")


def test_exp_overflow_and_reciprocal_of_zero_are_clear_errors():
    with pytest.raises(OverflowError, match="exp"):
        ExpLayer().forward(np.array([1.0, 800.0]))
    with pytest.raises(ZeroDivisionError, match="x = 0"):
        ReciprocalLayer().forward(np.array([1.0, 0.0]))


# --- numerics and dtypes --------------------------------------------------------

def test_sigmoid_is_stable_across_the_whole_range():
    # warnings are errors in this test suite, so any overflow warning fails here
    x = np.concatenate([np.linspace(-1e4, 1e4, 20001), [-1e4, -710.0, 710.0, 1e4]])
    sig = Sigmoid()
    y = sig.forward(x)
    dx = sig.backward(np.ones_like(x))
    assert np.all((y >= 0) & (y <= 1))
    assert np.all(np.isfinite(dx))
    assert y[0] == 0.0 and y[-1] == 1.0
    # far tail keeps relative accuracy: sigmoid(-700) = exp(-700) / (1 + exp(-700))
    assert Sigmoid().forward(-700.0) == pytest.approx(math.exp(-700), rel=1e-14)


@pytest.mark.parametrize("layer_cls", ALL)
def test_float32_stays_float32(layer_cls):
    inputs = [v.astype(np.float32) for v in safe_inputs(layer_cls)]
    _, out, grads = run(layer_cls, *inputs)
    grads = grads if isinstance(grads, tuple) else (grads,)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads)


@pytest.mark.parametrize("layer_cls", ALL)
def test_integer_input_is_computed_in_float64(layer_cls):
    inputs = [np.array([[1, 2, 3]]) for _ in safe_inputs(layer_cls)]
    _, out, grads = run(layer_cls, *inputs)
    grads = grads if isinstance(grads, tuple) else (grads,)
    assert out.dtype == np.float64
    assert all(g.dtype == np.float64 for g in grads)


def test_integer_division_does_not_truncate():
    assert ReciprocalLayer().forward(np.array([2]))[0] == 0.5


# --- broadcasting: each gradient has its own input's shape ------------------------

def test_broadcast_gradients_are_summed_back():
    x = np.array([[1.0], [2.0], [3.0]])      # (3, 1)
    y = np.array([10.0, 20.0])               # (2,)
    m = MulLayer()
    out = m.forward(x, y)
    assert out.shape == (3, 2)
    dx, dy = m.backward(np.ones((3, 2)))
    np.testing.assert_array_equal(dx, [[30.0], [30.0], [30.0]])  # sum of y
    np.testing.assert_array_equal(dy, [6.0, 6.0])                # sum of x
    a = AddLayer()
    a.forward(x, 5.0)
    dx, dc = a.backward(np.ones((3, 1)))
    assert dx.shape == (3, 1) and dc == 3.0 and type(dc) is float


@settings(max_examples=40, deadline=None)
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4),
       st.sampled_from(TWO_INPUTS), st.integers(0, 2**32 - 1))
def test_broadcast_gradients_match_numerical(shapes, layer_cls, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, shapes.input_shapes[0])
    y = rng.uniform(-2, 2, shapes.input_shapes[1])
    layer = layer_cls()
    layer.forward(x, y)
    dx, dy = layer.backward(rng.standard_normal(shapes.result_shape))
    assert np.shape(dx) == x.shape and np.shape(dy) == y.shape
    assert gradient_check(layer_cls(), x, y, seed=seed) < 1e-7


# --- every backward agrees with the numerical gradient -----------------------------

# Where each layer is smooth and well conditioned; ReLU stays 1e-3 away from its kink.
RANGES = {MulLayer: (-5, 5), AddLayer: (-5, 5), SquareLayer: (-5, 5), ExpLayer: (-5, 5),
          ReciprocalLayer: (0.2, 5), Sigmoid: (-8, 8), Relu: (-5, 5)}


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(ALL), hnp.array_shapes(min_dims=0, max_dims=3, max_side=5),
       st.integers(0, 2**32 - 1))
def test_backward_matches_numerical_gradient(layer_cls, shape, seed):
    rng = np.random.default_rng(seed)
    low, high = RANGES[layer_cls]

    def draw():
        x = rng.uniform(low, high, shape)
        if layer_cls is ReciprocalLayer:
            x *= rng.choice([-1.0, 1.0], shape)    # both signs, never near 0
        if layer_cls is Relu:
            x = np.where(np.abs(x) < 1e-3, 1.0, x)
        return x

    inputs = [draw() for _ in range(2 if layer_cls in TWO_INPUTS else 1)]
    assert gradient_check(layer_cls(), *inputs, seed=seed) < 1e-7


# --- numerical_gradient and gradient_check themselves --------------------------------

def test_numerical_gradient_of_a_known_function():
    # f(x) = x0^2 + 3 x1  ->  grad = (2 x0, 3)
    def f(x):
        return x[0] ** 2 + 3 * x[1]
    np.testing.assert_allclose(numerical_gradient(f, np.array([3.0, -1.0])), [6.0, 3.0], rtol=1e-8)


def test_numerical_gradient_of_a_python_number():
    assert numerical_gradient(lambda v: v ** 3, 2) == pytest.approx(12.0, rel=1e-7)
    assert type(numerical_gradient(lambda v: v ** 3, 2.0)) is float
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v ** 2), [1, 2]), [2.0, 4.0],
                               rtol=1e-8)   # a list is copied into a new float64 array


def test_numerical_gradient_refuses_an_integer_array():
    # the book's version adds h = 1e-4 to an int, which rounds it away: [5000, 15000]
    x = np.array([1, 2])
    with pytest.raises(TypeError, match=r"int64.*round.*astype\(float\)"):
        numerical_gradient(lambda v: np.sum(v ** 2), x)
    np.testing.assert_array_equal(x, [1, 2])


def test_numerical_gradient_nudges_x_itself_and_puts_it_back_bit_for_bit():
    x = np.array([[0.1, -2.5, 3e-300], [-0.0, 7.0, 1e3]])
    before = x.copy()
    seen = []

    def f(v):
        seen.append(v is x)                    # x itself, never a copy: linear cost
        return np.sum(np.sin(v))
    grad = numerical_gradient(f, x)
    assert all(seen) and len(seen) == 2 * x.size
    assert x.tobytes() == before.tobytes()     # bit for bit, -0.0 included
    np.testing.assert_allclose(grad, np.cos(before), rtol=1e-7, atol=1e-8)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def f(v):
        calls.append(1)
        if len(calls) == 4:                    # the second element's x - h
            raise RuntimeError("f failed")
        return float(v @ v)
    with pytest.raises(RuntimeError, match="f failed"):
        numerical_gradient(f, x)
    assert x.tobytes() == np.array([1.0, 2.0, 3.0]).tobytes()


def test_numerical_gradient_with_the_books_closure():
    # The book's network passes f = lambda W: self.loss(x, t), which ignores its
    # argument and reads the weights through the network: only an x nudged in place
    # gives a gradient (a copy would give zeros)
    W = np.array([[1.0, -2.0], [0.5, 3.0]])
    data = np.array([1.0, 2.0])

    def loss():                                # reads W from outside, like self.loss(x, t)
        return float(np.sum((data @ W) ** 2))
    grad = numerical_gradient(lambda _: loss(), W)
    expected = 2 * np.outer(data, data @ W)    # d/dW sum((x W)^2) = 2 x^T (x W)
    np.testing.assert_allclose(grad, expected, rtol=1e-8)
    np.testing.assert_array_equal(W, [[1.0, -2.0], [0.5, 3.0]])


def test_numerical_gradient_cost_is_linear_in_the_size_of_x():
    # memory: the result plus small per-element bookkeeping, never a copy of x per element
    # (which would be 20000 * 160 kB here); doubling x doubles it, no more
    import tracemalloc

    def peak(n):
        x = np.zeros(n)
        tracemalloc.start()
        numerical_gradient(lambda v: 0.0, x)
        used = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return used
    small, large = peak(10000), peak(20000)
    assert large < 10 * 20000 * 8 and large < 2.2 * small


@pytest.mark.parametrize("f, error, message", [
    (lambda v: v * 2, TypeError, r"one number.*shape \(2,\)"),
    (lambda v: None, TypeError, "one number.*return statement"),
    (lambda v: "1.0", TypeError, "one number"),
    (lambda v: 1j, TypeError, "one number"),
    (3.0, TypeError, "pass the function itself"),
])
def test_numerical_gradient_needs_a_function_that_returns_one_number(f, error, message):
    x = np.array([1.0, 2.0])
    with pytest.raises(error, match=message):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


@pytest.mark.parametrize("h, message", [
    (0, "positive"), (-1e-4, "positive"), (np.nan, "positive"), ("1e-4", "positive"),
    (1e-20, "too small.*rounds back"),
])
def test_numerical_gradient_refuses_a_step_that_cannot_change_x(h, message):
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=message):
        numerical_gradient(lambda v: float(v @ v), x, h=h)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_of_a_read_only_array_says_so():
    x = np.array([1.0, 2.0])
    x.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        numerical_gradient(lambda v: float(v @ v), x)


def test_numerical_gradient_of_float32_nudges_in_float32():
    x = np.array([1.0, 2.0], dtype=np.float32)
    grad = numerical_gradient(lambda v: float(np.sum(v.astype(np.float64) ** 2)), x, h=1e-2)
    assert grad.dtype == np.float64 and x.dtype == np.float32
    np.testing.assert_allclose(grad, [2.0, 4.0], rtol=1e-5)


class MaskRelu(Relu):
    """A circulating bug: forward returns the mask instead of the values."""
    def forward(self, x):
        super().forward(x)
        return (np.asarray(x) > 0) * 1.0


class SigmoidWithoutOneMinusY(Sigmoid):
    """Forgets the factor (1 - y) in backward."""
    def backward(self, dout):
        return np.asarray(dout) * self.out


class MulWithoutSwap(MulLayer):
    """Multiplies by its own input instead of the other one."""
    def backward(self, dout):
        return dout * self.x, dout * self.y


@pytest.mark.parametrize("broken, inputs", [
    (MaskRelu, (np.array([[1.0, -0.5], [-2.0, 3.0]]),)),
    (SigmoidWithoutOneMinusY, (np.linspace(-3, 3, 7),)),
    (MulWithoutSwap, (np.array([1.0, 2.0]), np.array([3.0, -4.0]))),
])
def test_gradient_check_exposes_broken_layers(broken, inputs):
    assert gradient_check(broken(), *inputs) > 1e-2


def test_gradient_check_passes_every_correct_layer_on_a_fixed_point():
    for layer_cls in ALL:
        assert gradient_check(layer_cls(), *safe_inputs(layer_cls)) < 1e-7, layer_cls.__name__


class ReluReturningNone(Relu):
    """An unfinished backward: returns None."""
    def backward(self, dout):
        return None


class SigmoidReturningNaN(Sigmoid):
    def backward(self, dout):
        return np.full(np.shape(dout), np.nan)


class SigmoidReturningInf(Sigmoid):
    def backward(self, dout):
        return np.full(np.shape(dout), np.inf)


class SigmoidForwardNaN(Sigmoid):
    """Right backward, but forward gives NaN: the numerical side is NaN."""
    def forward(self, x):
        super().forward(x)
        return np.full(np.shape(x), np.nan)


@pytest.mark.parametrize("broken", [ReluReturningNone, SigmoidReturningNaN, SigmoidReturningInf,
                                    SigmoidForwardNaN])
@pytest.mark.parametrize("x", [2.0, np.array([1.0, -2.0, 3.0])])
def test_gradient_check_never_scores_nan_or_none_as_right(broken, x):
    assert gradient_check(broken(), x) == float("inf")


def test_gradient_check_rejects_wrong_gradient_count():
    class OneGradMul(MulLayer):
        def backward(self, dout):
            return super().backward(dout)[0]
    with pytest.raises(ValueError, match="gradients"):
        gradient_check(OneGradMul(), np.ones(2), np.ones(2))


@apart
def test_each_layer_reads_on_its_own():
    # a learner sees a layer's whole math without opening another class, and the
    # shared checks (plain functions) come after every layer in the file
    layer_classes = ALL + [layers.Affine, layers.SoftmaxWithLoss]
    source = inspect.getsource(layers)
    first_helper = source.index("\ndef is_python_number")
    for cls in layer_classes:
        assert cls.__bases__ == (object,), cls.__name__
        lines, _ = inspect.getsourcelines(cls)
        assert len(lines) <= 60, f"{cls.__name__} is {len(lines)} lines: more than a screen"
        assert source.index(f"\nclass {cls.__name__}") < first_helper
        assert "self._" not in "".join(lines), f"{cls.__name__} calls hidden machinery"


def test_public_names():
    for name in layers.__all__:
        assert getattr(layers, name).__doc__, f"{name} needs a docstring"


# --- softmax, Affine and SoftmaxWithLoss (section 5.6) ------------------------------

def test_softmax_from_the_formula_and_stable_for_extreme_scores():
    x = [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]
    expected = [[math.exp(v) / sum(math.exp(u) for u in row) for v in row] for row in x]
    np.testing.assert_allclose(layers.softmax(x), expected, rtol=1e-15)
    # exp(1000) overflows; the shifted form gives the limits exactly (warnings are errors here)
    np.testing.assert_array_equal(layers.softmax(np.array([1000.0, 0.0, -1000.0])), [1.0, 0.0, 0.0])
    big = np.array([[1e300, -1e300], [-5e307, 5e307]])
    np.testing.assert_array_equal(layers.softmax(big), [[1.0, 0.0], [0.0, 1.0]])
    assert layers.softmax(np.ones(3, dtype=np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match="finite"):
        layers.softmax([0.0, np.inf])


def affine_params(rng, D, H):
    return rng.standard_normal((D, H)), rng.standard_normal(H)


def test_affine_forward_from_the_formula():
    W = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = np.array([10.0, 20.0, 30.0])
    layer = layers.Affine(W, b)
    # row x = [1, 2]: x @ W = [1 + 8, 2 + 10, 3 + 12], plus b
    np.testing.assert_array_equal(layer.forward(np.array([[1.0, 2.0]])), [[19.0, 32.0, 45.0]])
    np.testing.assert_array_equal(layer.forward([1, 2]), [19.0, 32.0, 45.0])   # one sample
    dx = layer.backward(np.array([1.0, 0.0, -1.0]))
    np.testing.assert_array_equal(dx, [1.0 - 3.0, 4.0 - 6.0])                  # dout @ W.T
    np.testing.assert_array_equal(layer.dW, [[1.0, 0.0, -1.0], [2.0, 0.0, -2.0]])  # outer(x, dout)
    np.testing.assert_array_equal(layer.db, [1.0, 0.0, -1.0])


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.booleans(),
       st.integers(0, 2**32 - 1))
def test_affine_backward_matches_numerical_gradients(N, D, H, one_sample, seed):
    rng = np.random.default_rng(seed)
    W, b = affine_params(rng, D, H)
    x = rng.standard_normal(D if one_sample else (N, D))
    dout = rng.standard_normal(H if one_sample else (N, H))

    layer = layers.Affine(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    assert dx.shape == x.shape and layer.dW.shape == W.shape and layer.db.shape == b.shape

    def rel_error(analytic, numeric):
        return (np.linalg.norm(analytic - numeric)
                / (np.linalg.norm(analytic) + np.linalg.norm(numeric)))

    # L = sum(out * dout) as a function of each of x, W and b
    num_dx = numerical_gradient(lambda v: np.sum(layers.Affine(W, b).forward(v) * dout), x, h=1e-5)
    num_dW = numerical_gradient(lambda v: np.sum(layers.Affine(v, b).forward(x) * dout), W, h=1e-5)
    num_db = numerical_gradient(lambda v: np.sum(layers.Affine(W, v).forward(x) * dout), b, h=1e-5)
    assert rel_error(dx, num_dx) < 1e-7
    assert rel_error(layer.dW, num_dW) < 1e-7
    assert rel_error(layer.db, num_db) < 1e-7
    assert gradient_check(layers.Affine(W, b), x, seed=seed) < 1e-7


def test_affine_one_sample_is_a_batch_of_one():
    rng = np.random.default_rng(1)
    W, b = affine_params(rng, 4, 3)
    x, dout = rng.standard_normal(4), rng.standard_normal(3)
    single, batch = layers.Affine(W, b), layers.Affine(W, b)
    np.testing.assert_array_equal(single.forward(x), batch.forward(x[None])[0])
    np.testing.assert_array_equal(single.backward(dout), batch.backward(dout[None])[0])
    np.testing.assert_array_equal(single.dW, batch.dW)
    np.testing.assert_array_equal(single.db, batch.db)


def test_affine_never_writes_to_its_parameters_but_sees_updates():
    rng = np.random.default_rng(2)
    W, b = affine_params(rng, 3, 2)
    W_before, b_before = W.copy(), b.copy()
    W.flags.writeable = False                # any write by the layer would raise
    b.flags.writeable = False
    layer = layers.Affine(W, b)
    assert layer.W is W and layer.b is b     # kept, not copied
    x = rng.standard_normal((4, 3))
    layer.forward(x)
    layer.backward(np.ones((4, 2)))
    np.testing.assert_array_equal(W, W_before)
    np.testing.assert_array_equal(b, b_before)
    for grad in (layer.dW, layer.db):
        assert not any(np.shares_memory(grad, a) for a in (W, b, x))
    # a network's in-place update (W -= lr * dW) is what the next forward uses
    W.flags.writeable = True
    b.flags.writeable = True
    W -= 0.5 * layer.dW
    b -= 0.5 * layer.db
    np.testing.assert_allclose(layer.forward(x), x @ W + b, rtol=1e-15)


def test_affine_errors_say_what_to_do():
    W, b = np.zeros((3, 2)), np.zeros(2)
    with pytest.raises(ValueError) as err:
        layers.Affine(W, b).forward(np.zeros((4, 5)))
    assert "(4, 5)" in str(err.value) and "(3, 2)" in str(err.value) and "Reshape" in str(err.value)
    with pytest.raises(ValueError, match=r"\(4, 5, 1\).*3 values per sample"):
        layers.Affine(W, b).forward(np.zeros((4, 5, 1)))
    with pytest.raises(ValueError, match=r"shape \(\)"):
        layers.Affine(W, b).forward(2.0)
    with pytest.raises(ValueError, match=r"b has shape \(3,\).*\(2,\)"):
        layers.Affine(W, np.zeros(3))
    with pytest.raises(ValueError, match=r"b has shape \(1, 2\)"):
        layers.Affine(W, np.zeros((1, 2)))
    with pytest.raises(ValueError, match="two axes"):
        layers.Affine(np.zeros(3), b)
    with pytest.raises(TypeError, match="real number or a numeric array"):
        layers.Affine(np.array([["a", "b"]]), np.zeros(2))
    with pytest.raises(RuntimeError, match="forward first"):
        layers.Affine(W, b).backward(np.zeros((4, 2)))
    layer = layers.Affine(W, b)
    layer.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError) as err:
        layer.backward(np.zeros((4, 3)))
    assert "(4, 3)" in str(err.value) and "(4, 2)" in str(err.value)


def test_affine_dtypes():
    W32, b32 = np.ones((3, 2), dtype=np.float32), np.zeros(2, dtype=np.float32)
    layer = layers.Affine(W32, b32)
    out = layer.forward(np.ones((4, 3), dtype=np.float32))
    dx = layer.backward(np.ones((4, 2), dtype=np.float32))
    assert out.dtype == dx.dtype == layer.dW.dtype == layer.db.dtype == np.float32
    layer = layers.Affine(np.ones((3, 2), dtype=int), np.zeros(2, dtype=int))
    out = layer.forward(np.array([[1, 2, 3]]))
    dx = layer.backward(np.ones((1, 2)))
    assert out.dtype == dx.dtype == layer.dW.dtype == layer.db.dtype == np.float64


def log_sum_exp(row):
    m = max(row)
    return m + math.log(sum(math.exp(v - m) for v in row))


def test_softmax_with_loss_is_exact_for_extreme_scores():
    # -log softmax([0, 1000])[0] = log(1 + e^1000) = 1000 + log(1 + e^-1000): 1000 in floats
    assert layers.SoftmaxWithLoss().forward(np.array([0.0, 1000.0]), 0) == 1000.0
    assert layers.SoftmaxWithLoss().forward(np.array([0.0, 1000.0]), np.array([1.0, 0.0])) == 1000.0
    assert layers.SoftmaxWithLoss().forward(np.array([[1000.0, 0.0]]), [1]) == 1000.0
    assert layers.SoftmaxWithLoss().forward(np.array([0.0, 1000.0]), 1) == 0.0
    assert layers.SoftmaxWithLoss().forward(np.array([-1e300, 1e300]), 0) == 2e300


@pytest.mark.parametrize("C", [1, 2, 3, 10, 1000])
@pytest.mark.parametrize("level", [0.0, -7.5, 300.0])
def test_softmax_with_loss_of_uniform_scores_is_log_C(C, level):
    x = np.full((3, C), level)
    loss = layers.SoftmaxWithLoss().forward(x, [0, C - 1, C // 2])
    assert loss == pytest.approx(math.log(C), abs=1e-12)


def test_softmax_with_loss_values_and_gradient_from_the_formula():
    x = [[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]
    labels = [2, 0]
    expected = sum(log_sum_exp(row) - row[c] for row, c in zip(x, labels)) / 2
    layer = layers.SoftmaxWithLoss()
    loss = layer.forward(np.array(x), np.array(labels))
    assert type(loss) is float and loss == pytest.approx(expected, rel=1e-14)
    y = [[math.exp(v - log_sum_exp(row)) for v in row] for row in x]
    t = [[1.0 if k == c else 0.0 for k in range(3)] for c in labels]
    expected_dx = [[(y[i][k] - t[i][k]) / 2 for k in range(3)] for i in range(2)]
    np.testing.assert_allclose(layer.backward(), expected_dx, rtol=1e-14, atol=1e-17)
    np.testing.assert_allclose(layer.backward(2.5), 2.5 * np.array(expected_dx),
                               rtol=1e-14, atol=1e-17)
    np.testing.assert_allclose(layer.y, y, rtol=1e-14)
    np.testing.assert_array_equal(layer.t, t)


def test_softmax_with_loss_label_forms_agree():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 5))
    labels = np.array([4, 0, 2, 2])
    one_hot = np.eye(5)[labels]
    by_index, by_row = layers.SoftmaxWithLoss(), layers.SoftmaxWithLoss()
    assert by_index.forward(x, labels) == by_row.forward(x, one_hot)
    np.testing.assert_array_equal(by_index.backward(0.3), by_row.backward(0.3))
    # one sample (C,) with an int label == a batch of one
    single, batch = layers.SoftmaxWithLoss(), layers.SoftmaxWithLoss()
    assert single.forward(x[1], 0) == batch.forward(x[1:2], [0])
    np.testing.assert_array_equal(single.backward(), batch.backward()[0])
    assert single.forward(x[1], np.int64(0)) == single.forward(x[1], one_hot[1])
    # the batch loss is the mean of the per-sample losses
    per_sample = [layers.SoftmaxWithLoss().forward(row, c) for row, c in zip(x, labels)]
    batch_loss = layers.SoftmaxWithLoss().forward(x, labels)
    assert batch_loss == pytest.approx(np.mean(per_sample), rel=1e-14)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 6), st.booleans(), st.booleans(),
       st.floats(0.1, 3), st.integers(0, 2**32 - 1))
def test_softmax_with_loss_backward_matches_numerical_gradient(N, C, one_sample, one_hot, scale,
                                                               seed):
    # Scores spread over at most 6: beyond that a right and confident row has a loss
    # near 1e-3 or less whose float64 rounding (about 1e-16 absolute) divided by 2h
    # swamps the central difference itself; backward's y - t stays exact there.
    rng = np.random.default_rng(seed)
    x = rng.uniform(-scale, scale, C if one_sample else (N, C))
    labels = rng.integers(0, C, () if one_sample else N)
    t = np.eye(C)[labels] if one_hot else labels
    dout = float(rng.standard_normal())
    layer = layers.SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward(dout)
    assert dx.shape == x.shape
    numeric = numerical_gradient(lambda v: dout * layers.SoftmaxWithLoss().forward(v, t), x, h=1e-5)
    diff = np.linalg.norm(dx - numeric)
    assert diff == 0 or diff / (np.linalg.norm(dx) + np.linalg.norm(numeric)) < 1e-7


@pytest.mark.parametrize("x, t, message", [
    (np.zeros((2, 3)), [0, 3], r"outside \[0, 3\)"),
    (np.zeros((2, 3)), [-1, 0], r"outside \[0, 3\)"),
    (np.zeros(3), 3, r"outside \[0, 3\)"),
    (np.zeros((2, 3)), [0.5, 1.0], "whole numbers"),
    (np.zeros((2, 3)), [np.nan, 1.0], "whole numbers"),
    (np.zeros((2, 3)), [True, False], "whole numbers"),
    (np.zeros((2, 3)), [[1, 1, 0], [0, 0, 1]], "one-hot"),
    (np.zeros((2, 3)), [[0.5, 0.5, 0], [0, 0, 1]], "one-hot"),
    (np.zeros((2, 3)), [[0, 0, 0], [0, 0, 1]], "one-hot"),
    (np.zeros((2, 3)), [[0, 1], [1, 0]], r"\(2, 2\).*\(2, 3\)"),
    (np.zeros((4, 3)), [0, 1, 2], "3 labels for 4 rows"),
    (np.zeros(3), [0], r"shape \(1,\)"),
    (np.zeros((2, 3, 4)), [0, 1], r"\(2, 3, 4\)"),
    (np.array([0.0, np.nan]), 0, "finite"),
])
def test_softmax_with_loss_rejects_bad_labels_clearly(x, t, message):
    with pytest.raises(ValueError, match=message):
        layers.SoftmaxWithLoss().forward(x, t)


def test_softmax_with_loss_other_errors():
    with pytest.raises(TypeError, match="class indices"):
        layers.SoftmaxWithLoss().forward(np.zeros((1, 2)), ["a"])
    with pytest.raises(RuntimeError, match="forward first"):
        layers.SoftmaxWithLoss().backward()
    layer = layers.SoftmaxWithLoss()
    layer.forward(np.zeros((2, 3)), [0, 1])
    with pytest.raises(ValueError, match=r"dout has shape \(2, 3\)"):
        layer.backward(np.ones((2, 3)))


# The forward pass checks the usual input (a float batch and integer class indices)
# on a short path: one dtype test and one min/max for the labels.  These cases make
# sure every error still fires on that path and on the others.

@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["at the label", "elsewhere"])
def test_softmax_with_loss_rejects_non_finite_scores_in_a_batch(bad, where):
    x = np.zeros((3, 4))
    labels = np.array([1, 2, 3])
    x[1, 2 if where == "at the label" else 0] = bad
    with pytest.raises(ValueError, match="inf or NaN"):
        layers.SoftmaxWithLoss().forward(x, labels)
    with pytest.raises(ValueError, match="inf or NaN"):
        layers.softmax(x)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.float64, np.float32])
def test_softmax_with_loss_index_labels_are_range_checked_in_every_dtype(dtype):
    x = np.zeros((3, 10))
    with pytest.raises(ValueError, match=r"outside \[0, 10\)"):
        layers.SoftmaxWithLoss().forward(x, np.array([0, 10, 9], dtype=dtype))
    if np.dtype(dtype).kind != "u":
        with pytest.raises(ValueError, match=r"outside \[0, 10\)"):
            layers.SoftmaxWithLoss().forward(x, np.array([0, -1, 9], dtype=dtype))
    # every dtype that holds whole numbers gives the same loss: log(10) for equal scores
    loss = layers.SoftmaxWithLoss().forward(x, np.array([0, 5, 9], dtype=dtype))
    assert loss == pytest.approx(math.log(10), rel=1e-15)


@pytest.mark.parametrize("t, message", [
    ([0.0, 1.5, 2.0], "whole numbers"),
    ([0.0, np.nan, 2.0], "whole numbers"),
    ([0.0, np.inf, 2.0], r"outside \[0, 10\)"),
    ([0.0, 1e20, 2.0], r"outside \[0, 10\)"),     # checked before any cast to int
    ([0, 1], "2 labels for 3 rows"),
    (np.array([[0], [1], [2]]), r"one-hot labels must have the scores' shape"),
    (np.array([[[0, 1, 2]]]), r"shape \(1, 1, 3\)"),
    (np.array(["0", "1", "2"]), "class indices or one-hot rows"),
    (np.array([0, 1, 2], dtype=complex), "class indices or one-hot rows"),
    (np.array([0, 1, None], dtype=object), "class indices or one-hot rows"),
])
def test_softmax_with_loss_label_errors_beside_the_usual_path(t, message):
    with pytest.raises((ValueError, TypeError), match=message):
        layers.SoftmaxWithLoss().forward(np.zeros((3, 10)), t)


def test_softmax_with_loss_one_hot_rows_are_checked_and_may_be_int_or_bool():
    x = np.random.default_rng(5).standard_normal((3, 4))
    labels = np.array([3, 0, 1])
    by_index = layers.SoftmaxWithLoss().forward(x, labels)
    for rows in (np.eye(4)[labels], np.eye(4, dtype=int)[labels], np.eye(4, dtype=bool)[labels]):
        assert layers.SoftmaxWithLoss().forward(x, rows) == by_index
    not_one_hot = [np.eye(4)[labels] * 2,                       # a 2 instead of a 1
                   np.eye(4)[labels] + np.eye(4)[[0, 1, 2]],     # two 1s in a row
                   np.vstack([np.eye(4)[labels[:2]], [0.5, 0.5, 0, 0]]),
                   np.vstack([np.eye(4)[labels[:2]], [1, 1, -1, 0]])]  # sums to 1, not 0/1
    for rows in not_one_hot:
        with pytest.raises(ValueError, match="one-hot"):
            layers.SoftmaxWithLoss().forward(x, rows)


def test_softmax_with_loss_rejects_an_empty_batch():
    with pytest.raises(ValueError, match=r"shape \(0, 3\)"):
        layers.SoftmaxWithLoss().forward(np.zeros((0, 3)), np.zeros(0, dtype=int))


def test_softmax_with_loss_keeps_its_own_labels():
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    labels = np.array([2, 0])
    layer = layers.SoftmaxWithLoss()
    layer.forward(x, labels)
    dx = layer.backward()
    labels[:] = 1                                  # the caller reuses its label array
    np.testing.assert_array_equal(labels, [1, 1])
    np.testing.assert_array_equal(layer.t, [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(layer.backward(), dx)
    assert not np.shares_memory(layer.t, labels) and not np.shares_memory(layer.y, x)


def test_softmax_with_loss_keeps_copies_and_changes_nothing_given():
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    t = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    x_before, t_before = x.copy(), t.copy()
    layer = layers.SoftmaxWithLoss()
    layer.forward(x, t)
    dout = np.array(0.7)
    dx = layer.backward(dout)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(t, t_before)
    assert dout == 0.7
    assert not np.shares_memory(layer.t, t)
    x[:] = 99.0                     # the caller reuses its arrays
    t[:] = 0.0
    np.testing.assert_array_equal(layer.backward(dout), dx)


def test_softmax_with_loss_float32_stays_float32():
    layer = layers.SoftmaxWithLoss()
    loss = layer.forward(np.array([[0.0, 1.0]], dtype=np.float32), [1])
    assert type(loss) is float
    assert layer.y.dtype == layer.backward().dtype == np.float32


# --- nothing the caller holds can change a later result -----------------------------

RNG = np.random.default_rng(7)
X23 = np.array([[0.5, -1.5, 2.0], [1.0, -0.25, 3.0]])
W32, B2 = RNG.standard_normal((3, 2)), RNG.standard_normal(2)

# name -> (new layer, forward inputs, dout, gradients the caller sees after backward)
COPY_CASES = {
    "MulLayer": (MulLayer, (X23, X23 + 1), np.full((2, 3), 0.5), None),
    "MulLayer broadcast": (MulLayer, (X23, np.array([2.0, -1.0, 0.5])), np.full((2, 3), 0.5), None),
    "AddLayer": (AddLayer, (X23, X23 + 1), np.full((2, 3), 0.5), None),
    "AddLayer broadcast": (AddLayer, (X23, np.array([[3.0]])), np.full((2, 3), 0.5), None),
    "SquareLayer": (SquareLayer, (X23,), np.full((2, 3), 0.5), None),
    "ExpLayer": (ExpLayer, (X23,), np.full((2, 3), 0.5), None),
    "ReciprocalLayer": (ReciprocalLayer, (X23,), np.full((2, 3), 0.5), None),
    "Relu": (Relu, (X23,), np.full((2, 3), 0.5), None),
    "Sigmoid": (Sigmoid, (X23,), np.full((2, 3), 0.5), None),
    "Affine": (lambda: layers.Affine(W32, B2), (X23,), np.full((2, 2), 0.5),
               lambda layer: [layer.dW, layer.db]),
    "SoftmaxWithLoss indices": (layers.SoftmaxWithLoss, (X23, np.array([2, 0])), np.array(0.5),
                                None),
    "SoftmaxWithLoss one-hot": (layers.SoftmaxWithLoss, (X23, np.eye(3)[[1, 2]]), np.array(0.5),
                                None),
}


def gradients_seen(layer, returned, exposed):
    grads = list(returned) if isinstance(returned, tuple) else [returned]
    return grads + (exposed(layer) if exposed else [])


@pytest.mark.parametrize("case", COPY_CASES, ids=list(COPY_CASES))
def test_editing_what_the_caller_holds_never_changes_a_later_backward(case):
    make, inputs, dout, exposed = COPY_CASES[case]
    fresh = make()
    fresh.forward(*[v.copy() for v in inputs])
    expected = gradients_seen(fresh, fresh.backward(dout.copy()), exposed)

    layer = make()
    given = [v.copy() for v in inputs]
    out = layer.forward(*given)
    # the caller edits the forward output and the inputs they passed, in place
    for held in [out, *given]:
        if isinstance(held, np.ndarray):
            held[...] = -7.0
    given_dout = dout.copy()
    first = gradients_seen(layer, layer.backward(given_dout), exposed)
    for got, want in zip(first, expected):
        np.testing.assert_array_equal(got, want)
    # ... then every gradient they got and the dout they passed
    for held in [*first, given_dout]:
        held[...] = 123.0
    again = gradients_seen(layer, layer.backward(dout.copy()), exposed)
    assert len(again) == len(expected)
    for got, want in zip(again, expected):
        np.testing.assert_array_equal(got, want)


# --- the book's functions (common/functions.py), in stable forms -----------------------

def test_sigmoid_and_relu_functions_from_the_formula():
    x = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    np.testing.assert_allclose(layers.sigmoid(x), [1 / (1 + math.exp(-v)) for v in x], rtol=1e-15)
    np.testing.assert_array_equal(layers.relu(x), [0.0, 0.0, 0.0, 0.5, 3.0])
    assert layers.sigmoid(0.0) == 0.5 and layers.relu(-2.0) == 0.0
    # stable: no overflow warning (warnings are errors here), tails exact
    far = layers.sigmoid(np.array([-1000.0, -700.0, 1000.0]))
    assert far[0] == 0.0 and far[2] == 1.0 and far[1] == pytest.approx(math.exp(-700), rel=1e-14)
    assert layers.sigmoid(np.ones(2, dtype=np.float32)).dtype == np.float32
    assert layers.relu(np.ones(2, dtype=np.float32)).dtype == np.float32
    assert layers.sigmoid(np.array([0, 1])).dtype == np.float64       # ints: float64
    # the Sigmoid and Relu layers compute these very functions
    np.testing.assert_array_equal(Sigmoid().forward(x), layers.sigmoid(x))
    np.testing.assert_array_equal(Relu().forward(x), layers.relu(x))


def test_sigmoid_function_leaves_its_input_alone():
    x = np.array([-2.0, 0.0, 2.0])
    out = layers.sigmoid(x)
    np.testing.assert_array_equal(x, [-2.0, 0.0, 2.0])
    assert not np.shares_memory(out, x)


def test_softmax_of_an_empty_array_is_a_clear_error():
    for empty in (np.zeros(0), np.zeros((3, 0)), np.zeros((0, 4))):
        with pytest.raises(ValueError, match=r"softmax: x has shape .*N, C >= 1"):
            layers.softmax(empty)
    with pytest.raises(ValueError, match="softmax"):
        layers.softmax(2.0)


@pytest.mark.parametrize("one_hot", [False, True])
def test_cross_entropy_error_from_the_formula(one_hot):
    y = np.array([[0.1, 0.7, 0.2], [0.5, 0.25, 0.25]])
    labels = np.array([1, 2])
    t = np.eye(3)[labels] if one_hot else labels
    expected = -(math.log(0.7) + math.log(0.25)) / 2            # mean of -log y[label]
    assert layers.cross_entropy_error(y, t) == pytest.approx(expected, rel=1e-15)
    one = layers.cross_entropy_error(y[0], t[0])                 # one sample, 1-D
    assert one == pytest.approx(-math.log(0.7), rel=1e-15) and type(one) is float


def test_cross_entropy_error_of_a_zero_probability_is_finite_and_quiet():
    # the book adds 1e-7 in the log (16.1 here); log(0) would be inf with a warning
    loss = layers.cross_entropy_error(np.array([1.0, 0.0]), 1)
    assert loss == pytest.approx(-math.log(np.finfo(float).tiny)) and loss > 700


@pytest.mark.parametrize("y, t, message", [
    (np.array([0.5, 0.5]), 2, r"cross_entropy_error: t: a label is outside \[0, 2\)"),
    (np.array([[0.5, 0.5]]), [[1, 1]], "cross_entropy_error: t: each one-hot row"),
    (np.array([np.nan, 1.0]), 0, "cross_entropy_error: the scores contain inf or NaN"),
    (np.zeros((0, 2)), [], r"cross_entropy_error: x has shape \(0, 2\)"),
])
def test_cross_entropy_error_names_itself_in_errors(y, t, message):
    with pytest.raises(ValueError, match=message):
        layers.cross_entropy_error(y, t)


# --- shapes that do not broadcast, dtypes, and names in every error -----------------------

@pytest.mark.parametrize("layer_cls", TWO_INPUTS)
def test_shapes_that_do_not_broadcast_name_the_layer_and_keep_nothing(layer_cls):
    layer = layer_cls()
    with pytest.raises(ValueError, match=rf"{layer_cls.__name__}.forward: x has shape \(3,\) "
                                         r"and y has shape \(2,\)"):
        layer.forward(np.ones(3), np.ones(2))
    assert layer.x is None and layer.y is None
    with pytest.raises(RuntimeError, match="before"):        # not a second numpy error
        layer.backward(np.ones(3))
    # after a good forward, a bad one leaves the good one's state in place
    layer.forward(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    expected = layer.backward(np.ones(2))
    with pytest.raises(ValueError, match=layer_cls.__name__):
        layer.forward(np.ones(3), np.ones(2))
    for got, want in zip(layer.backward(np.ones(2)), expected):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("layer_cls", TWO_INPUTS)
def test_float32_times_a_python_number_stays_float32(layer_cls):
    x = np.array([1.0, 2.0], dtype=np.float32)
    layer = layer_cls()
    out = layer.forward(x, 2.0)
    assert out.dtype == np.float32
    dx, dy = layer.backward(np.ones(2, dtype=np.float32))
    assert dx.dtype == np.float32 and type(dy) is float
    out = layer_cls().forward(2.0, x)
    assert out.dtype == np.float32


def test_gradients_have_their_inputs_dtype_whatever_dout_is():
    x32 = np.array([1.0, -2.0], dtype=np.float32)
    for layer_cls in ONE_INPUT:
        layer = layer_cls()
        layer.forward(x32 if layer_cls is not ReciprocalLayer else x32 + 3)
        assert layer.backward(np.ones(2)).dtype == np.float32, layer_cls.__name__


BAD_INPUTS = {
    "MulLayer": lambda: MulLayer().forward("2", 1.0),
    "AddLayer": lambda: AddLayer().forward(1.0, None),
    "SquareLayer": lambda: SquareLayer().forward([1, "a"]),
    "ExpLayer": lambda: ExpLayer().forward(True),
    "ReciprocalLayer": lambda: ReciprocalLayer().forward(1 + 2j),
    "Relu": lambda: Relu().forward({"x": 1}),
    "Sigmoid": lambda: Sigmoid().forward("0"),
    "Affine": lambda: layers.Affine(np.zeros((2, 2)), np.zeros(2)).forward("x"),
    "SoftmaxWithLoss": lambda: layers.SoftmaxWithLoss().forward("x", 0),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_every_bad_input_error_names_the_layer(name):
    with pytest.raises(TypeError, match=rf"^{name}\.forward: "):
        BAD_INPUTS[name]()


@pytest.mark.parametrize("layer_cls", ALL)
def test_every_bad_dout_error_names_the_layer(layer_cls):
    layer = layer_cls()
    layer.forward(*safe_inputs(layer_cls))
    for bad, error in (("1", TypeError), (np.ones(5), ValueError)):
        with pytest.raises(error, match=rf"^{layer_cls.__name__}\.backward: dout"):
            layer.backward(bad)


def test_exp_and_reciprocal_errors_name_the_layer_for_python_numbers_too():
    with pytest.raises(OverflowError, match="^ExpLayer.forward"):
        ExpLayer().forward(1000.0)
    with pytest.raises(ZeroDivisionError, match="^ReciprocalLayer.forward"):
        ReciprocalLayer().forward(0)
    with pytest.raises(OverflowError, match="float32"):
        ExpLayer().forward(np.array([100.0], dtype=np.float32))


def test_affine_flattens_images_and_gives_dx_back_in_their_shape():
    rng = np.random.default_rng(4)
    W, b = rng.standard_normal((12, 5)), rng.standard_normal(5)
    x = rng.standard_normal((3, 1, 3, 4))                 # (N, C, H, W)
    dout = rng.standard_normal((3, 5))
    images, rows = layers.Affine(W, b), layers.Affine(W, b)
    np.testing.assert_array_equal(images.forward(x), rows.forward(x.reshape(3, 12)))
    dx = images.backward(dout)
    assert dx.shape == x.shape
    np.testing.assert_array_equal(dx, rows.backward(dout).reshape(x.shape))
    np.testing.assert_array_equal(images.dW, rows.dW)
    assert gradient_check(layers.Affine(W, b), x) < 1e-7
    x[...] = 0                                              # our own copy was kept
    np.testing.assert_array_equal(images.backward(dout), dx)


# --- gradient_check keeps pristine inputs and reports a forward that changes them ---------

class DivLayer:
    """out = x / y, written into the caller's x (the mistake); its backward is right."""

    def __init__(self):
        self.x = self.y = None

    def forward(self, x, y):
        x /= y                                    # writes into the caller's array
        self.x, self.y = x * y, np.array(y)       # what x was, recovered
        return x

    def backward(self, dout):
        return dout / self.y, -dout * self.x / self.y ** 2


class RightDivLayer(DivLayer):
    def forward(self, x, y):
        self.x, self.y = np.array(x), np.array(y)
        return x / y


def test_gradient_check_reports_a_forward_that_changes_its_inputs():
    x, y = np.array([1.0, -2.0]), np.array([0.5, 4.0])
    with pytest.raises(ValueError, match=r"DivLayer.forward changed input 0.*x /= y"):
        gradient_check(DivLayer(), x, y)
    np.testing.assert_array_equal(x, [1.0, -2.0])         # the caller's arrays: untouched
    assert gradient_check(RightDivLayer(), x, y) < 1e-7


def test_gradient_check_numerical_side_starts_from_pristine_inputs():
    # a layer that writes into its inputs only after the first call: the numerical
    # passes still see the true inputs, so the verdict is about backward alone
    class LateScribbler(MulLayer):
        calls = 0

        def forward(self, x, y):
            out = super().forward(x, y)
            LateScribbler.calls += 1
            if LateScribbler.calls > 1 and isinstance(x, np.ndarray):
                x *= 3.0
            return out
    assert gradient_check(LateScribbler(), np.array([1.0, 2.0]), np.array([3.0, -1.0])) < 1e-7


# --- each layer reads like the book's ------------------------------------------------------

@apart
def test_layer_state_is_created_in_init():
    import ast
    import textwrap
    for cls in ALL + [layers.Affine, layers.SoftmaxWithLoss]:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        methods = {f.name: f for f in tree.body[0].body if isinstance(f, ast.FunctionDef)}

        def assigned(func):
            targets = [target for node in ast.walk(func) if isinstance(node, ast.Assign)
                       for t in node.targets
                       for target in (t.elts if isinstance(t, ast.Tuple) else [t])]
            return {target.attr for target in targets if isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name) and target.value.id == "self"}
        in_init = assigned(methods["__init__"])
        for name in ("forward", "backward"):
            late = assigned(methods[name]) - in_init
            assert not late, f"{cls.__name__}.{name} creates {late} outside __init__"


@apart
def test_layer_methods_are_mostly_math():
    # the math comes first and the checks are one short call each: in forward and
    # backward, at most two lines call a helper before the math, one after it
    helpers = {"one_input", "two_inputs", "checked_dout", "require_forward_done", "like",
               "as_dtype", "dtype_of", "require_exp_fits", "require_nonzero", "flat_samples",
               "scores_input", "class_indices", "own"}
    for cls in ALL + [layers.Affine, layers.SoftmaxWithLoss]:
        for name in ("forward", "backward"):
            lines = [line.strip() for line in inspect.getsource(getattr(cls, name)).splitlines()[1:]
                     if line.strip() and not line.strip().startswith("#")]
            calls = [line for line in lines if any(f"{h}(" in line for h in helpers)]
            assert len(calls) <= 4 and len(lines) <= 16, (cls.__name__, name, calls)
    lines, _ = inspect.getsourcelines(layers.sigmoid)
    code = [line for line in lines if line.strip() and not line.strip().startswith(("#", '"'))]
    assert len(code) <= 16
