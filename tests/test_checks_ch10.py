"""The checks of chapter 10 (teaching/checks/ch10.py) accept right answers and name each
classic mistake.

ReLU: forward max(0, x), backward dout where x > 0 (the book's example x = [[1, -0.5], [-2, 3]]);
the fork L = x*y + x has dL/dx = y + 1 and dL/dy = x; sigmoid(+-ln 3) = 3/4 and 1/4 exactly;
the gradient of sum(x**2) is 2x.
"""

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of

import layers
from network import TwoLayerNet
from teaching.checks import ch10


class GoodRelu:
    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)


class InPlaceRelu(GoodRelu):
    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class MaskRelu(GoodRelu):
    def forward(self, x):
        self.mask = x <= 0
        return (x > 0) * 1


class LeakyBackwardRelu(GoodRelu):
    def backward(self, dout):
        return dout.copy()      # forgets to block the gradient


class StubRelu:
    def forward(self, x):
        return None

    def backward(self, dout):
        return None


@pytest.mark.parametrize("answer", [layers.Relu, GoodRelu])
def test_relu_check_accepts_right_layers(answer, capsys):
    ok, out = verdict_of(capsys, ch10.relu_layer, answer)
    assert ok is True and out.startswith("Right")


@pytest.mark.parametrize("answer, words", [
    (InPlaceRelu, "wrote into the dout"),
    (MaskRelu, "returned the mask"),
    (LeakyBackwardRelu, "block it"),
    (StubRelu, "returns None"),
])
def test_relu_check_names_the_mistake(answer, words, capsys):
    ok, out = verdict_of(capsys, ch10.relu_layer, answer)
    assert ok is False and out.startswith("Not yet. Hint:") and words in out


def numerical_gradient_in_place(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + h
        f_plus = f(x)
        x[i] = keep - h
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * h)
        x[i] = keep
    return grad


def numerical_gradient_forgets_to_restore(f, x, h=1e-4):
    x = np.asarray(x)
    if x.dtype.kind == "f":
        x += 0.5                 # changes the caller's float array
    return layers.numerical_gradient(f, np.array(x, dtype=float), h)


def test_numerical_gradient_check(capsys):
    # sum(x**2) at the integer point [1, 2]: the in-place version gets (5-4)/2h = 5000 and
    # (5-2)/2h = 15000 instead of 2x = [2, 4]
    in_place = numerical_gradient_in_place(lambda v: np.sum(v ** 2), np.array([1, 2]))
    assert in_place.tolist() == [5000, 15000]
    # layers.numerical_gradient refuses integer arrays; working on a float copy is the fix
    def on_a_float_copy(f, x):
        return layers.numerical_gradient(f, np.array(x, dtype=float))
    ok, out = verdict_of(capsys, ch10.numerical_gradient, on_a_float_copy)
    assert ok is True and out.startswith("Right")
    ok, out = verdict_of(capsys, ch10.numerical_gradient, layers.numerical_gradient)
    assert ok is False and "int64" in out
    ok, out = verdict_of(capsys, ch10.numerical_gradient, numerical_gradient_in_place)
    # a short hint: the wrong numbers and the fix, not how the store truncates
    assert ok is False and "integer" in out and "5000" in out and "float first" in out
    assert "truncates" not in out and "0.9999" not in out
    ok, out = verdict_of(capsys, ch10.numerical_gradient, numerical_gradient_forgets_to_restore)
    assert ok is False and "changed the x" in out


# --- the exercises of chapter 10; expected values from the math ---

def _template(*args):
    raise NotImplementedError("YOUR CODE")


def _factor_of(a, n):
    return np.linalg.norm(a) / np.linalg.norm(n)


def test_factors_for_error(capsys):
    # |k - 1| / (k + 1) = e for k > 0: k = (1 - e)/(1 + e) or (1 + e)/(1 - e)
    right = lambda e: ((1 - e) / (1 + e), (1 + e) / (1 - e))  # noqa: E731
    assert right(31 / 33) == pytest.approx((1 / 32, 32))     # the error the exercise quotes
    assert 31 / 33 == pytest.approx(0.9394, abs=1e-4)
    from teaching import mystery
    a, n = mystery.colleague_gradients()                          # the colleague's pair: a = n/32
    assert np.allclose(32 * a, n)
    assert layers.relative_error(a, n) == pytest.approx(31 / 33)

    # 1/32: the 1/N of the mean applied twice on a batch of 32 ('a'); 32: the 1/N forgotten ('c')
    def with_(factor_of=_factor_of, k_seen=1 / 32, bugs=("a", "c"), bug="a"):
        return lambda f: ch10.factors_for_error(f, factor_of, k_seen, bugs, bug)
    assert_right(capsys, with_(), right)
    assert_right(capsys, with_(k_seen=0.0312), right)   # 3 figures
    assert_not_yet(capsys, with_(), lambda e: right(e)[::-1], "smaller first")   # order asked
    assert_not_yet(capsys, with_(k_seen=32), right, "the stored gradient is a")
    assert_not_yet(capsys, with_(k_seen=1 / 33), right, "colleague's a_seen")
    assert_not_yet(capsys, with_(k_seen=None), right, "now set k_seen")
    # the colleague's bug: dW is 32 times too small, the 1/N applied twice ('a')
    assert_right(capsys, with_(bug="(A)"), right)
    assert_not_yet(capsys, with_(bug=None), right, "Now colleague_bug")
    assert_not_yet(capsys, with_(bug="c"), right, "larger or smaller")
    assert_not_yet(capsys, with_(bug="z"), right, "one letter")
    assert_right(capsys, with_(bugs=["(A)", " c"]), right)
    assert_not_yet(capsys, with_(bugs=None), right, "which batch size N")
    assert "32" not in verdict_of(capsys, with_(bugs=None), lambda e: right(e)[::-1])[1]
    assert_not_yet(capsys, with_(bugs=("c", "a")), right, "other order")
    assert_not_yet(capsys, with_(bugs=("a", "b")), right, "exactly that number")
    assert_not_yet(capsys, with_(bugs=("d", "c")), right, "exactly that number")
    assert_not_yet(capsys, with_(bugs="ac"), right, "two letters")
    assert_not_yet(capsys, with_(bugs=("a", "e")), right, "two letters")
    # factor_of: the reciprocal, the error instead of the ratio, pasted, untouched
    assert_not_yet(capsys, with_(factor_of=lambda a, n: _factor_of(n, a)), right, "reciprocal")
    assert_not_yet(capsys, with_(factor_of=layers.relative_error), right, "sizes of a and n")
    assert_not_yet(capsys, with_(factor_of=lambda a, n: 1 / 32), right, "sizes of a and n")
    assert_not_yet(capsys, with_(factor_of=lambda a, n: None), right, "returns None")
    assert_not_attempted(capsys, with_(factor_of=_template), right)
    # the batch-size analogy without the inverse: only the smaller root
    assert_not_yet(capsys, with_(), lambda e: ((1 - e) / (1 + e), (1 - e) / (1 + e)),
                   "other side of 1")
    assert_not_yet(capsys, with_(), lambda e: (1 - e) / (1 + e), "two numbers")
    assert_not_yet(capsys, with_(), lambda e: (e, 1 / e), "solve")
    assert_not_attempted(capsys, with_(factor_of=_template, k_seen=None, bugs=None), _template)


def _piles_up(make_layer, x):
    layer, dout = make_layer(), np.ones_like(x)
    layer.forward(x)
    first = np.array(layer.backward(dout))
    layer.forward(x)
    return bool(not np.allclose(layer.backward(dout), first))


def test_mystery_measurements_tell_the_four_apart():
    from teaching import mystery
    x = np.array([[0.5, -1.0, 2.0], [0.1, -0.3, 1.5], [1.2, -0.7, 0.3], [-1.5, 0.8, -0.2]])
    a, b, c, d = (getattr(mystery, n) for n in "ABCD")
    check = layers.gradient_check
    # A piles up: right once, then 2 g, whose error is |2 - 1| / (2 + 1)
    twice = a()
    check(twice, x)
    assert check(a(), x) < 1e-7 and check(twice, x) == pytest.approx(1 / 3, abs=1e-7)
    assert _piles_up(a, x) and not any(_piles_up(m, x) for m in (b, c, d))
    assert check(b(), x, dout=1.0) < 1e-7 and check(b(), x) > 1e-2   # B ignores dout
    # D: (1/4) g on 4 rows, error (1 - 1/4) / (1 + 1/4) = 3/5 whatever dout
    assert (check(d(), x, dout=1.0), check(d(), x)) == pytest.approx((0.6, 0.6), abs=1e-7)
    c_errors = check(c(), x, dout=1.0), check(c(), x)                # C: wrong forward
    assert min(c_errors) > 1e-2 and abs(c_errors[0] - c_errors[1]) > 1e-3
    assert layers.relative_error(c().forward(x), np.tanh(x)) > 0.1
    assert all(np.array_equal(m().forward(x), np.tanh(x)) for m in (a, b, d))


def _signature(make_layer, x):
    return (layers.gradient_check(make_layer(), x, dout=1.0),
            layers.gradient_check(make_layer(), x),
            layers.relative_error(make_layer().forward(x), np.tanh(x)), _piles_up(make_layer, x))


def test_mystery_layers(capsys):
    found = {"A": 6, "B": 4, "C": 1, "D": 3}
    check = lambda f: ch10.mystery_layers(f, found)  # noqa: E731
    assert_right(capsys, check, _signature)
    assert_right(capsys, lambda f: ch10.mystery_layers(
        f, {k: np.int64(v) for k, v in found.items()}), _signature)

    def other_dout(make, x):       # another random dout: only right or wrong must agree
        *measured, piles = _signature(make, x)
        measured[1] = layers.gradient_check(make(), x, seed=5)
        return (*measured, piles)
    assert_right(capsys, check, other_dout)
    tried = lambda given: ch10.mystery_layers(_signature, given)  # noqa: E731
    # the hint neither counts the wrong names nor says which
    for given in [dict(found, A=4), dict(found, A=3, D=6), dict(found, A=1, B=6, C=4, D=6)]:
        out = verdict_of(capsys, tried, given)[1]
        assert "not all four are right" in out and "mystery." not in out
        assert not any(f"{n} of your" in out for n in (1, 2, 4))
    assert_not_yet(capsys, tried, dict(found, A="6"), "its number")
    assert_not_yet(capsys, tried, None, "fill in found")
    assert_not_yet(capsys, tried, dict.fromkeys(found), "fill in found")

    # signatures that measure the wrong thing: one object for everything, no pile-up test,
    # a pile-up that compares fresh objects, the forward against the wrong reference
    def one_object(make, x):
        layer = make()
        return (layers.gradient_check(layer, x, dout=1.0), layers.gradient_check(layer, x),
                layers.relative_error(layer.forward(x), np.tanh(x)), _piles_up(make, x))

    def fresh_each_time(make, x):
        *measured, _ = _signature(make, x)
        return (*measured, bool(layers.gradient_check(make(), x)
                                != layers.gradient_check(make(), x)))

    def against_relu(make, x):
        first, second, _, piles = _signature(make, x)
        return first, second, layers.relative_error(make().forward(x), np.maximum(0, x)), piles
    assert_not_yet(capsys, check, one_object, "part 2")
    assert_not_yet(capsys, check, fresh_each_time, "part 4")
    assert_not_yet(capsys, check, against_relu, "part 3")
    assert_not_yet(capsys, check, lambda make, x: (0.0, 0.0, 0.0, False), "part")
    assert_not_yet(capsys, check, lambda make, x: (0.0, 0.0, 0.0), "four things")
    assert_not_yet(capsys, check, lambda make, x: None, "returns None")
    assert_not_attempted(capsys, check, _template)


def test_mystery_helpers():
    from teaching import mystery
    x = np.array([[0.5, -1.0], [2.0, 0.1]])
    d = 1 - np.tanh(x) ** 2                     # d tanh / dx
    half = np.full_like(x, 0.5)
    a, b, c, e = mystery.A(), mystery.B(), mystery.C(), mystery.D()
    for layer in (a, b, e):
        assert np.allclose(layer.forward(x), np.tanh(x))
    assert np.allclose(c.forward(x), d)                         # mistake 1: the derivative
    assert np.allclose(c.backward(half), 0.5 * d)
    assert np.allclose(b.backward(half), d)                     # mistake 4: dout ignored
    assert np.allclose(e.backward(half), 0.5 * d / 2)           # mistake 3: 1/N, N = 2
    assert np.allclose(a.backward(half), 0.5 * d)               # mistake 6: right once,
    a.forward(x)                                                # and a new forward
    assert np.allclose(a.backward(half), d)                     # does not clear it
    assert not hasattr(mystery, "MISTAKES")     # the answer lives in the check module
    assert ch10._MYSTERY_MISTAKES == {"A": 6, "B": 4, "C": 1, "D": 3}
    rng = np.random.default_rng(0)
    xs, ts = rng.standard_normal((20, 5)), rng.integers(0, 3, 20)
    down, up = mystery.losses_with_update("-=", xs, ts), mystery.losses_with_update("+=", xs, ts)
    with pytest.raises(ValueError, match="update must be"):
        mystery.losses_with_update(+1, xs, ts)
    assert len(down) == 6 and down[0] == up[0]          # the same start, five steps
    assert down[-1] < down[0] < up[-1]
    # buggy_train: one gradient for every step, biases never move
    net = TwoLayerNet(5, 8, 3, weight_init_std=0.5, seed=1)
    b1, W1, grads = net.params["b1"].copy(), net.params["W1"].copy(), net.gradient(xs, ts)
    losses = mystery.buggy_train(net, xs, ts, 0.1, 3)
    assert len(losses) == 3 and np.array_equal(net.params["b1"], b1)
    assert np.allclose(net.params["W1"], W1 - 3 * 0.1 * grads["W1"])


def test_mask_prediction(capsys):
    # MaskRelu: numerical gradient 0 against backward's dout where x > 0, so exactly 1
    assert_right(capsys, ch10.mask_prediction, (1, 1))
    assert_right(capsys, ch10.mask_prediction, [np.float64(1.0), 0.999])
    assert_not_yet(capsys, ch10.mask_prediction, (0.0, 0.0), "toolbox")
    assert_not_yet(capsys, ch10.mask_prediction, (1.0, 0.7), "toolbox")
    assert_not_yet(capsys, ch10.mask_prediction, (1.0, "one"), "two numbers")
    assert_not_yet(capsys, ch10.mask_prediction, 1.0, "2 numbers")
    assert_not_attempted(capsys, ch10.mask_prediction, None)


def test_divides_again_prediction(capsys):
    # gradient_check checks dx, right here (error 0); dW is k = 1/8 of the right one: 7/9
    f = ch10.divides_again_prediction
    assert_right(capsys, f, (0, 7 / 9))
    assert_right(capsys, f, [1e-9, 0.778])
    assert_not_yet(capsys, f, (7 / 9, 7 / 9), "the gradient backward returns")
    assert_not_yet(capsys, f, (0, 1 / 8), "not their error")
    assert_not_yet(capsys, f, (0, 8), "not their error")
    assert_not_yet(capsys, f, (0, 0.5), "which k")
    assert_not_yet(capsys, f, (0, "b"), "two numbers")
    assert_not_yet(capsys, f, 7 / 9, "2 numbers")
    assert_not_attempted(capsys, f, None)


def test_dout_prediction(capsys):
    # backward ignores dout: right for dout = 1 (error 0); for 0.5 the true gradient halves and
    # this one does not, k = 2: |2 - 1| / (2 + 1) = 1/3
    f = ch10.dout_prediction
    assert_right(capsys, f, (0, 1 / 3))
    assert_right(capsys, f, [1e-9, 0.333])
    assert_not_yet(capsys, f, (1 / 3, 1 / 3), "Do they differ")
    assert_not_yet(capsys, f, (0, 2), "not the error")
    assert_not_yet(capsys, f, (0, 0.5), "not the error")
    assert_not_yet(capsys, f, (0, 1.0), "which k")
    assert_not_yet(capsys, f, (0, "b"), "two numbers")
    assert_not_yet(capsys, f, "b", "2 numbers")
    assert_not_attempted(capsys, f, None)


def test_pile_up_prediction(capsys):
    # pass 1 has nothing to add to (error 0); pass 3 holds 3 g: |3 - 1| / (3 + 1) = 1/2
    f = ch10.pile_up_prediction
    assert_right(capsys, f, (0, 0.5))
    assert_right(capsys, f, [1e-10, 0.501])
    assert_not_yet(capsys, f, (1 / 3, 0.5), "what is there to add to")
    assert_not_yet(capsys, f, (0, 3), "not its error")
    assert_not_yet(capsys, f, (0, 1 / 3), "which multiple")
    assert_not_yet(capsys, f, (0, 0.75), "which multiple")
    assert_not_yet(capsys, f, 0.5, "2 numbers")
    assert_not_attempted(capsys, f, None)


def test_report_prints_one_error_per_line(capsys):
    ch10.report(["right", "wrong"], [1e-10, 1 / 3])
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("relative error below 1e-7")
    assert out[1].endswith("relative error 0.3333")


def test_int_gradient_prediction(capsys):
    # sum(x**2) at the integer [1, 2], h = 1e-4: 1 +- h stored as 1 and 0, f from 4 to 5;
    # 2 +- h stored as 2 and 1, f from 2 to 5; over 2h = 2e-4: 5000 and 15000
    assert_right(capsys, ch10.int_gradient_prediction, (5000, 15000))
    assert_right(capsys, ch10.int_gradient_prediction, np.array([4999, 15000]))
    assert_not_yet(capsys, ch10.int_gradient_prediction, (2, 4), "the true gradient")
    assert_not_yet(capsys, ch10.int_gradient_prediction, (0, 0), "divide their difference")
    assert_not_yet(capsys, ch10.int_gradient_prediction, 5000, "2 numbers")
    assert_not_attempted(capsys, ch10.int_gradient_prediction, None)


def test_shared_relu_prediction(capsys):
    # one Relu() at two nodes: checked alone it reads its own mask and passes; in the network
    # the first backward reads the second forward's mask, so the network's dx is wrong
    assert_right(capsys, ch10.shared_relu_prediction, (True, False))
    assert_right(capsys, ch10.shared_relu_prediction, [np.bool_(True), np.bool_(False)])
    assert_not_yet(capsys, ch10.shared_relu_prediction, (True, True), "wrote the mask")
    assert_not_yet(capsys, ch10.shared_relu_prediction, (False, False), "its backward")
    assert_not_yet(capsys, ch10.shared_relu_prediction, (False, True), "its backward")
    assert_not_yet(capsys, ch10.shared_relu_prediction, ("yes", "no"), "True or False")
    assert_not_yet(capsys, ch10.shared_relu_prediction, False, "2 answers")
    assert_not_attempted(capsys, ch10.shared_relu_prediction, None)


def test_one_sample_prediction(capsys):
    # -log softmax([2, 1, 0.1, -1])_0 = log(e^2 + e + e^0.1 + e^-1) - 2; shape (4,) divides
    # it by len(y) = 4 instead of 1
    batch = np.log(np.exp(2) + np.exp(1) + np.exp(0.1) + np.exp(-1)) - 2
    assert_right(capsys, ch10.one_sample_prediction, batch / 4)
    assert_right(capsys, ch10.one_sample_prediction, round(batch / 4, 4))
    assert_right(capsys, ch10.one_sample_prediction, np.float64(batch / 4))
    assert_not_yet(capsys, ch10.one_sample_prediction, batch, "the batch's loss")
    assert_not_yet(capsys, ch10.one_sample_prediction, 4 * batch, "len(y)")
    assert_not_yet(capsys, ch10.one_sample_prediction, "0.11", "one number")
    assert_not_yet(capsys, ch10.one_sample_prediction, True, "one number")
    assert_not_attempted(capsys, ch10.one_sample_prediction, None)


def test_first_step_prediction(capsys):
    # a step d changes the loss by g . d to first order: -lr ||g||^2 for d = -lr g, +lr ||g||^2
    # for d = +lr g; with lr = 0.1 and ||g||^2 = 0.5 that is -0.05 and +0.05
    check = lambda given: ch10.first_step_prediction(given, 0.1, 0.5)  # noqa: E731
    assert_right(capsys, check, (-0.05, 0.05))
    assert_right(capsys, check, [-0.0501, np.float64(0.0499)])      # rounded by hand
    # the true changes, curvature included, are about 5% off: within 10% is accepted
    assert_right(capsys, check, (-0.0475, 0.0525))
    assert_not_yet(capsys, check, (-0.044, 0.056), "a multiple of g")   # 12% off
    assert_not_yet(capsys, check, (0.05, -0.05), "wrong signs")
    assert_not_yet(capsys, check, (-0.05, -0.05), "now the signs")
    assert_not_yet(capsys, check, (-0.1, 0.1), "a multiple of g")   # lr ||g|| forgotten ...
    assert_not_yet(capsys, check, (-0.5, 0.5), "a multiple of g")   # ... or lr left out
    assert_not_yet(capsys, check, ([1, 2], [3, 4]), "two numbers")
    assert_not_yet(capsys, check, -0.05, "2 numbers")
    assert_not_yet(capsys, lambda g: ch10.first_step_prediction(g, None, None), (-0.05, 0.05),
                   "as the cell does")
    assert_not_attempted(capsys, check, None)


def _loop(fresh, keys):
    def train(model, x, t, learning_rate, steps):
        grads = model.gradient(x, t)
        losses = []
        for _ in range(steps):
            if fresh:
                grads = model.gradient(x, t)
            for k in model.params:
                if k in keys:
                    model.params[k] -= learning_rate * grads[k]
            losses.append(model.loss(x, t))
        return losses
    return train


def _loop_before(model, x, t, learning_rate, steps):
    """The right steps, but the loss recorded before each one."""
    losses = []
    for _ in range(steps):
        losses.append(model.loss(x, t))
        grads = model.gradient(x, t)
        for k in model.params:
            model.params[k] -= learning_rate * grads[k]
    return losses


def test_fixed_train(capsys):
    assert_right(capsys, ch10.fixed_train, _loop(True, "Wb"))
    assert_not_yet(capsys, ch10.fixed_train, _loop(False, "W"), "both bugs")
    assert_not_yet(capsys, ch10.fixed_train, _loop(False, "Wb"), "reuses the first")
    assert_not_yet(capsys, ch10.fixed_train, _loop(True, "W"), "biases never move")
    assert_not_yet(capsys, ch10.fixed_train, _loop_before, "after each step")
    assert_not_yet(capsys, ch10.fixed_train, lambda *a: [1.0], "one loss per step")
    assert_not_attempted(capsys, ch10.fixed_train, _template)


def test_fixed_train_right_loop_lowers_the_bowl():
    # the check's own model: each right step multiplies the distance to the minimum by 0.7
    losses = ch10._bowl_path(0.3, 6)
    assert all(b < a for a, b in zip(losses, losses[1:]))
    assert losses[1] / losses[0] == pytest.approx(0.7 ** 2)
    # reusing the first gradient overshoots: the same step again and again
    assert ch10._bowl_path(0.3, 6, fresh=False)[-1] > losses[-1]


def test_error_of_factor(capsys):
    # ||kg - g|| / (||kg|| + ||g||) = |k - 1| / (k + 1) for k > 0: 2/3 for k = 5, 1/3 for 2 and 1/2
    with_1 = lambda f: ch10.error_of_factor(f, 1.0)  # noqa: E731
    assert_right(capsys, with_1, lambda k: abs(k - 1) / (k + 1))
    # measuring on arrays is refused: the toolbox's relative_error, under any name, and norms
    assert_not_yet(capsys, with_1, lambda k: layers.relative_error(k * np.ones(2), np.ones(2)),
                   "formula in k")
    space = {"np": np, "relative_error": layers.relative_error}
    exec("def measured(k):\n    return relative_error(k * np.ones(3), np.ones(3))", space)
    assert_not_yet(capsys, with_1, space["measured"], "formula in k")
    assert space["relative_error"] is layers.relative_error      # put back afterwards
    assert_not_yet(capsys, with_1, lambda k: np.linalg.norm(k - 1) / (k + 1), "formula in k")
    assert np.linalg.norm(np.ones(4)) == 2.0
    assert_not_yet(capsys, with_1, lambda k: (k - 1) / (k + 1), "never negative")
    assert_not_yet(capsys, with_1, lambda k: abs(k - 1) / k, "cancels")
    assert_not_yet(capsys, with_1, lambda k: [k, k], "one number")
    assert_not_attempted(capsys, ch10.error_of_factor, _template)
    # error_for_negative: |k - 1| = |k| + 1 for k < 0, exactly 1
    right = lambda k: abs(k - 1) / (k + 1)  # noqa: E731
    assert_right(capsys, lambda f: ch10.error_of_factor(f, 1), right)
    assert_not_yet(capsys, lambda f: ch10.error_of_factor(f, None), right, "now error_for_neg")
    assert_not_yet(capsys, lambda f: ch10.error_of_factor(f, 0.5), right, "negative k")
    assert_not_yet(capsys, lambda f: ch10.error_of_factor(f, "1"), right, "negative k")


def test_loop_diagnosis(capsys):
    # a curve that falls, then climbs, where the right loop keeps falling: a stale gradient
    assert_right(capsys, ch10.loop_diagnosis, "c")
    assert_right(capsys, ch10.loop_diagnosis, "(C)")
    # one hint for every wrong letter: it never says what the guessed letter's curve is
    hints = {verdict_of(capsys, ch10.loop_diagnosis, letter)[1] for letter in "abd"}
    assert len(hints) == 1
    assert_not_yet(capsys, ch10.loop_diagnosis, "a", "draw the curve")
    assert_not_yet(capsys, ch10.loop_diagnosis, "the gradient", "one letter")
    assert_not_yet(capsys, ch10.loop_diagnosis, 3, "one letter")
    assert_not_attempted(capsys, ch10.loop_diagnosis, None)


def test_explain_is_markdown_for_each_demonstration():
    for name in ("mask", "shared_relu", "divides_again", "dout", "curves", "pile_up",
                 "integer", "one_sample"):
        text = ch10.explain(name)
        assert text._repr_markdown_() == str(text) and len(text) > 100
    with pytest.raises(KeyError):
        ch10.explain("nothing")


def test_guard_passes_the_math_and_fails_anything_else():
    # the numbers each demonstration must show, from the math
    ch10.guard("shared_relu", 1e-12, 0.5, 1e-12)
    ch10.guard("one_sample", 0.25, 1.0)
    ch10.guard("mask", 1.0, 1.0, 0.48, 0.36)
    ch10.guard("divides_again", 1e-12, 1e-12, 7 / 9, 7 / 9, 1e-12)
    ch10.guard("dout", 1e-10, 1 / 3)
    ch10.guard("curves", [3.0, 2.0, 1.0], [3.0, 4.0, 5.0], 1.0)
    ch10.guard("pile_up", 1e-10, 1 / 3, 0.5)
    ch10.guard("loop", [3.0, 2.0, 1.0, 2.0], [3.0, 2.0, 1.0, 0.5])
    for name, measured in [("shared_relu", (1e-12, 1e-12, 1e-12)),
                           ("shared_relu", (1e-12, 0.5, 0.5)), ("shared_relu", (0.5, 0.5, 1e-12)),
                           ("one_sample", (1.0, 1.0)), ("one_sample", (0.5, 1.0)),
                           ("mask", (0.99, 1.0, 0.48, 0.36)), ("mask", (1.0, 0.9, 0.48, 0.36)),
                           ("mask", (1.0, 1.0, 0.48, 0.47)), ("mask", (1.0, 1.0, 0.0, 0.36)),
                           ("divides_again", (1e-12, 1e-12, 7 / 9, 0.6, 1e-12)),
                           ("divides_again", (1e-12, 1e-12, 7 / 9, 7 / 9, 0.5)),
                           ("dout", (1e-10, 0.5)), ("dout", (0.1, 1 / 3)),
                           ("curves", ([3.0, 2.0, 1.0], [3.0, 2.0, 5.0], 1.0)),
                           ("curves", ([3.0, 2.0, 1.0], [3.0, 4.0, 5.0], 2.0)),
                           ("pile_up", (0.1, 1 / 3, 0.5)), ("pile_up", (1e-10, 0.5, 0.5)),
                           ("pile_up", (1e-10, 1 / 3, 1 / 3)),
                           ("pile_up", (1e-10, 1 / 3, 0.5, 0.6)),
                           ("loop", ([3.0, 2.0, 1.0, 0.5], [3.0, 2.0, 1.0, 0.5])),
                           ("loop", ([3.0, 2.0, 1.0, 2.0], [3.0, 2.0, 2.5, 0.5]))]:
        with pytest.raises(AssertionError):
            ch10.guard(name, *measured)
    with pytest.raises(KeyError):
        ch10.guard("nothing", 1.0)


def test_demo_shows_only_once_the_prediction_is_written(capsys):
    calls = []
    assert ch10.demo("mask", None, lambda: calls.append("shown")) is None
    assert calls == [] and capsys.readouterr().out == ""   # the check above asks for it
    assert ch10.demo("mask", (1.0, 1.0), lambda: calls.append("shown")) == ch10.explain("mask")
    assert calls == ["shown"]
    assert ch10.demo("integer", 0, lambda: calls.append("shown")) == ch10.explain("integer")


def test_the_chapters_measured_numbers_agree_with_the_math(monkeypatch):
    # the chapter's cells run as a script (templates untouched); every demonstration's
    # measured numbers must still show what its text and its prediction's check say
    import os
    import runpy
    monkeypatch.setenv("MPLBACKEND", "Agg")
    import matplotlib
    matplotlib.use("Agg")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    g = runpy.run_path(os.path.join(root, "notebooks", "src", "10_common_mistakes.py"))
    ch10.guard("mask", *g["errors_mask"])
    ch10.guard("shared_relu", *g["relu_errors"])
    ch10.guard("divides_again", *g["dW_errors"])
    ch10.guard("dout", *g["dout_errors"])
    ch10.guard("curves", g["down"], g["up"], 0.1 * g["grad_norm2"])
    ch10.guard("pile_up", *g["pile_up"])
    ch10.guard("one_sample", g["loss_one"], g["batch_cross_entropy"](g["y"], g["label"]))
    ch10.guard("loop", g["buggy"], g["right"])


def test_lecture_view_shows_the_toolbox_and_diagnosis_answers_behind_a_button(monkeypatch):
    """Projected, nobody writes error_of_factor or my_diagnosis: a button holds each answer,
    |k - 1| / (k + 1) (4/6 for k = 5) and the letter (c)."""
    from teaching.reveal import LECTURE
    monkeypatch.setenv(LECTURE, "1")
    displayed = []
    monkeypatch.setattr("IPython.display.display", displayed.append)

    def template(k):
        raise NotImplementedError("YOUR CODE")
    for verdict in (ch10.error_of_factor(template, None), ch10.loop_diagnosis(None)):
        assert not verdict and verdict.message == ""
    # each button's show() displays its answer (through the display patched here)
    assert sum(hasattr(shown, "children") for shown in displayed) == 2
    factor, diagnosis = (str(shown) for shown in displayed if isinstance(shown, str))
    assert "$|k - 1|/(k + 1)$" in factor and "0.6667" in factor
    assert diagnosis.startswith("**(c).**")
