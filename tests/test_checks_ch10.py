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


def test_numerical_gradient_in_place_gives_thousands_on_integers():
    # sum(x**2) at the integer point [1, 2]: the in-place version gets (5-4)/2h = 5000 and
    # (5-2)/2h = 15000 instead of 2x = [2, 4]; layers.numerical_gradient refuses integers
    in_place = numerical_gradient_in_place(lambda v: np.sum(v ** 2), np.array([1, 2]))
    assert in_place.tolist() == [5000, 15000]
    ch10.guard("integer", *in_place.tolist())
    with pytest.raises(AssertionError):
        ch10.guard("integer", 2, 4)


# --- the exercises of chapter 10; expected values from the math ---

def _template(*args):
    raise NotImplementedError("YOUR CODE")


def _factor_of(a, n):
    return np.dot(a, n) / np.dot(n, n)


def test_factors_for_error(capsys):
    # |k - 1| / (k + 1) = e for k > 0: k = (1 - e)/(1 + e) or (1 + e)/(1 - e)
    right = lambda e: ((1 - e) / (1 + e), (1 + e) / (1 - e))  # noqa: E731
    assert right(31 / 33) == pytest.approx((1 / 32, 32))     # the error the exercise quotes
    assert 31 / 33 == pytest.approx(0.9394, abs=1e-4)
    with_ = lambda n=32: lambda f: ch10.factors_for_error(f, n)  # noqa: E731
    assert_right(capsys, with_(), right)
    assert_right(capsys, with_(np.int64(32)), right)
    assert_not_yet(capsys, with_(), lambda e: right(e)[::-1], "smaller first")   # order asked
    assert_not_yet(capsys, with_(None), right, "Now colleague_N")
    out = verdict_of(capsys, with_(None), right)[1]        # the hint names no batch size
    assert "32" not in out
    for wrong in (31, 1 / 32, 33, "32"):
        assert_not_yet(capsys, with_(wrong), right, "which batch size")
    # only the smaller root, one number, a guess, untouched
    assert_not_yet(capsys, with_(), lambda e: ((1 - e) / (1 + e), (1 - e) / (1 + e)),
                   "other side of 1")
    assert_not_yet(capsys, with_(), lambda e: (1 - e) / (1 + e), "two numbers")
    assert_not_yet(capsys, with_(), lambda e: (e, 1 / e), "solve")
    assert_not_attempted(capsys, with_(None), _template)


def test_colleague_bug(capsys):
    from teaching import mystery
    a, n = mystery.colleague_gradients()                          # the colleague's pair: a = n/32
    assert np.allclose(32 * a, n)
    assert layers.relative_error(a, n) == pytest.approx(31 / 33)
    # 1/32 on a batch of 32: db as the mean ('a'); 32 would be the loss's 1/N forgotten ('c')
    with_ = lambda bug="a": lambda f: ch10.colleague_bug(f, bug)  # noqa: E731
    assert_right(capsys, with_(), _factor_of)
    assert_right(capsys, with_("(A)"), _factor_of)
    assert "0.03125" in verdict_of(capsys, with_(), _factor_of)[1]   # the learner's measurement
    assert_not_yet(capsys, with_(None), _factor_of, "Now colleague_bug")
    assert "(a)" not in verdict_of(capsys, with_(None), _factor_of)[1]
    for wrong in "bcd":
        assert_not_yet(capsys, with_(wrong), _factor_of, "which way")
    assert_not_yet(capsys, with_("z"), _factor_of, "one letter")
    # factor_of: the reciprocal, the error instead of the ratio, pasted, untouched
    assert_not_yet(capsys, with_(), lambda a, n: _factor_of(n, a), "reciprocal")
    assert_not_yet(capsys, with_(), lambda a, n: np.linalg.norm(a) / np.linalg.norm(n),
                   "loses the sign")                                # |k|: k = -2 gives 2
    assert_not_yet(capsys, with_(), layers.relative_error, "sizes of a and n")
    assert_not_yet(capsys, with_(), lambda a, n: 1 / 32, "sizes of a and n")
    assert_not_yet(capsys, with_(), lambda a, n: None, "returns None")
    assert_not_attempted(capsys, with_(), _template)
    assert_not_attempted(capsys, with_(None), _template)


_U_CURVE = [1.0, 0.8, 0.7, 0.75, 0.9]   # lowest at index 2


def test_buggy_train_is_shown_only_once_the_diagnosis_is_right(capsys):
    for wrong in (None, "c", ("a", 2), ("d", 2), ("c", 3), ("c", 2.0), ("c", True), 3):
        assert ch10.show_buggy_train_once_right(wrong, _U_CURVE) is None
        assert capsys.readouterr().out == ""
    assert ch10.show_buggy_train_once_right(("c", 2)) is None   # no losses given
    assert capsys.readouterr().out == ""
    ch10.show_buggy_train_once_right(("(C)", 2), _U_CURVE)
    assert "def buggy_train" in capsys.readouterr().out


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


def _fingerprint(make_layer, x, dout):
    return (layers.gradient_check(make_layer(), x, dout=np.ones_like(x)),
            layers.gradient_check(make_layer(), x, dout=dout),
            layers.relative_error(make_layer().forward(x), np.tanh(x)),
            _piles_up_with(make_layer, x, dout))


def _piles_up_with(make_layer, x, dout):
    layer = make_layer()
    layer.forward(x)
    first = np.array(layer.backward(dout))
    layer.forward(x)
    return bool(not np.allclose(layer.backward(dout), first))


def test_mystery_layers(capsys):
    found = {"A": 6, "B": 4, "C": 1, "D": 3}
    check = lambda f: ch10.mystery_layers(f, found)  # noqa: E731
    assert_right(capsys, check, _fingerprint)
    assert_right(capsys, lambda f: ch10.mystery_layers(
        f, {k: np.int64(v) for k, v in found.items()}), _fingerprint)

    # a single number can do it: the second pass's error against the truth, with the dout given
    def one_number(make, x, dout):
        layer = make()
        layer.forward(x)
        layer.backward(dout)
        second = layers.gradient_check(layer, x, dout=dout)
        return (second, layers.relative_error(make().forward(x), np.tanh(x)))
    assert_right(capsys, check, one_number)
    tried = lambda given: ch10.mystery_layers(_fingerprint, given)  # noqa: E731
    # the hint neither counts the wrong names nor says which
    for given in [dict(found, A=4), dict(found, A=3, D=6), dict(found, A=1, B=6, C=4, D=6)]:
        out = verdict_of(capsys, tried, given)[1]
        assert "not all four are right" in out and "mystery." not in out
    assert_not_yet(capsys, tried, dict(found, A="6"), "its number")
    assert_not_yet(capsys, tried, None, "fill in found")
    assert_not_yet(capsys, tried, dict.fromkeys(found), "fill in found")

    # fingerprints that cannot tell the layers apart, or are not measurements
    def no_pile_up(make, x, dout):
        return _fingerprint(make, x, dout)[:3]

    def only_dout_1(make, x, dout):
        first, _, forward, piles = _fingerprint(make, x, dout)
        return first, forward, piles

    def no_forward(make, x, dout):
        first, second, _, piles = _fingerprint(make, x, dout)
        return first, second, piles

    def fresh_dout_per_pass(make, x, dout):     # a right layer then "piles up" too
        layer, rng = make(), np.random.default_rng()
        layer.forward(x)
        first = np.array(layer.backward(rng.standard_normal(x.shape)))
        layer.forward(x)
        piles = not np.allclose(layer.backward(rng.standard_normal(x.shape)), first)
        return (*_fingerprint(make, x, dout)[:3], piles)

    def random_each_call(make, x, dout):
        layer = make()
        layer.forward(x)
        return (float(np.sum(layer.backward(np.random.default_rng().standard_normal(x.shape)))),)

    def by_name(make, x, dout):
        return (float(len(make.__name__)),)
    assert_not_yet(capsys, check, no_pile_up, "piles up")
    assert_not_yet(capsys, check, only_dout_1, "ignores dout")
    assert_right(capsys, check, no_forward)   # a flat forward's error of 1 separates it too
    assert_not_yet(capsys, check, fresh_dout_per_pass, "right tanh and a tanh whose gradient")
    assert_not_yet(capsys, check, random_each_call, "from call to call")
    assert_not_yet(capsys, check, by_name, "two right tanh layers")
    assert_not_yet(capsys, check, lambda make, x, dout: (), "tuple of numbers")
    assert_not_yet(capsys, check, lambda make, x, dout: ("big", 1.0), "finite number")
    assert_not_yet(capsys, check, lambda make, x, dout: None, "returns None")
    assert_not_attempted(capsys, check, _template)


def test_the_checks_own_layers_have_the_mistakes_they_are_named_for():
    x = np.array([[0.5, -1.0, 2.0], [0.1, -0.3, 1.5]])
    dout = np.random.default_rng(0).standard_normal(x.shape)
    right = _fingerprint(ch10._RightTanh, x, dout)
    assert max(right[:3]) < 1e-7 and not right[3]
    assert max(_fingerprint(ch10._OtherRightTanh, x, dout)[:3]) < 1e-7
    assert _fingerprint(ch10._StepTanh, x, dout)[:2] == (1.0, 1.0)     # flat: exactly 1
    # a factor 1/3: |1/3 - 1| / (1/3 + 1) = 1/2 whatever dout
    assert _fingerprint(ch10._ThirdTanh, x, dout)[:2] == pytest.approx((0.5, 0.5))
    blind = _fingerprint(ch10._BlindTanh, x, dout)
    assert blind[0] < 1e-7 and blind[1] > 1e-2
    assert _fingerprint(ch10._PilingTanh, x, dout)[3]


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
    # buggy_train: one gradient for every step
    net = TwoLayerNet(5, 8, 3, weight_init_std=0.5, seed=1)
    start, grads = {k: v.copy() for k, v in net.params.items()}, net.gradient(xs, ts)
    losses = mystery.buggy_train(net, xs, ts, 0.1, 3)
    assert len(losses) == 3
    assert all(np.allclose(net.params[k], start[k] - 3 * 0.1 * grads[k]) for k in start)


def test_mask_prediction(capsys):
    # MaskRelu: numerical gradient 0 against backward's dout where x > 0, so exactly 1
    assert_right(capsys, ch10.mask_prediction, (1, 1))
    assert_right(capsys, ch10.mask_prediction, [np.float64(1.0), 0.999])
    assert_not_yet(capsys, ch10.mask_prediction, (0.0, 0.0), "toolbox")
    assert_not_yet(capsys, ch10.mask_prediction, (1.0, 0.7), "toolbox")
    assert_not_yet(capsys, ch10.mask_prediction, (1.0, "one"), "two numbers")
    assert_not_yet(capsys, ch10.mask_prediction, 1.0, "2 numbers")
    assert_not_attempted(capsys, ch10.mask_prediction, None)


def test_pile_up_prediction(capsys):
    # after m backward passes dW holds m g: k = m, |m - 1| / (m + 1)
    f = ch10.pile_up_prediction
    assert_right(capsys, f, lambda m: (m - 1) / (m + 1))
    assert_not_yet(capsys, f, lambda m: 1 / 3, "m = 1")
    assert_not_yet(capsys, f, lambda m: m, "self.dW")
    assert_not_yet(capsys, f, 1 / 3, "function of m")
    assert_not_attempted(capsys, f, None)


def test_one_sample_prediction(capsys):
    # softmax of three equal scores is 1/3 each: the loss is log 3, divided by len(y) = 3
    f = ch10.one_sample_prediction
    assert_right(capsys, f, np.log(3) / 3)
    assert_right(capsys, f, 0.3662)
    assert_not_yet(capsys, f, np.log(3), "divide by")
    assert_not_yet(capsys, f, 1 / 3, "by hand")
    assert_not_yet(capsys, f, "log 3", "one number")
    assert_not_attempted(capsys, f, None)


def test_one_sample_loss_passes_a_gradient_check_yet_is_wrong():
    # forward and backward divide by the same wrong len(y) = C: they agree with each other
    class BatchLoss:
        def __init__(self, t):
            self.t = t

        def forward(self, scores):
            self.y = layers.softmax(scores)
            return -np.sum(self.t * np.log(self.y)) / len(self.y)

        def backward(self, dout):
            return dout * (self.y - self.t) / len(self.y)

    assert np.isclose(BatchLoss(np.eye(3)[0]).forward(np.zeros(3)), np.log(3) / 3)
    assert np.isclose(BatchLoss(np.eye(3)[[0]]).forward(np.zeros((1, 3))), np.log(3))
    assert layers.gradient_check(BatchLoss(np.eye(3)[0]), np.array([0.3, -1.0, 2.0])) < 1e-7


def test_mean_bias_prediction(capsys):
    # gradient_check checks dx, right here (error 0); db is the mean, k = 1/8 of the sum: 7/9
    f = ch10.mean_bias_prediction
    assert_right(capsys, f, (0, 7 / 9))
    assert_right(capsys, f, [1e-9, 0.778])
    assert_not_yet(capsys, f, (7 / 9, 7 / 9), "the gradient backward returns")
    assert_not_yet(capsys, f, (0.004, 7 / 9), "the gradient backward returns")   # grey zone
    assert_not_yet(capsys, f, (0, 1 / 8), "not their error")
    assert_not_yet(capsys, f, (0, 8), "not their error")
    assert_not_yet(capsys, f, (0, 0.5), "which multiple")
    assert_not_yet(capsys, f, (0, "b"), "two numbers")
    assert_not_yet(capsys, f, (0, -7 / 9), "never negative")
    assert_not_yet(capsys, f, (-1e-9, 7 / 9), "never negative")
    assert_not_yet(capsys, f, 7 / 9, "2 numbers")
    assert_not_attempted(capsys, f, None)


def test_dout_prediction(capsys):
    # backward ignores dout: the true gradient is d times this one, k = 1/d, and the error
    # |1/d - 1| / (|1/d| + 1) = |1 - d| / (1 + |d|): 0 at d = 1, 1/3 at 0.5 and 2, 1 for d < 0
    f = ch10.dout_prediction
    assert_right(capsys, f, lambda d: abs(1 - d) / (1 + abs(d)))
    assert_right(capsys, f, lambda d: 1.0 if d < 0 else abs(1 / d - 1) / (1 / d + 1))
    assert_not_yet(capsys, f, lambda d: abs(1 - d) / (1 + d), "negative k")   # d < 0 missed
    assert_not_yet(capsys, f, lambda d: 1 / 3, "Do they differ")
    assert_not_yet(capsys, f, lambda d: abs(d - 1) / d, "which k")
    assert_not_yet(capsys, f, lambda d: [d, d], "one number")
    assert_not_yet(capsys, f, lambda d: None, "returns None")
    assert_not_yet(capsys, f, 1 / 3, "a function of d")
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
    # both forwards run before any backward: the object keeps the second forward's mask,
    # and both backwards read it
    f = ch10.shared_relu_prediction
    assert_right(capsys, f, (2, 2))
    assert_right(capsys, f, [2.0, 2.0])
    assert_not_yet(capsys, f, (1, 2), "change the mask")
    assert_not_yet(capsys, f, (1, 1), "wrote the object's mask last")
    assert_not_yet(capsys, f, (2, 1), "wrote the object's mask last")
    assert_not_yet(capsys, f, (2, 3), "each 1 or 2")
    assert_not_yet(capsys, f, (True, False), "each 1 or 2")
    assert_not_yet(capsys, f, 2, "2 numbers")
    assert_not_attempted(capsys, f, None)


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


def test_error_of_factor(capsys):
    # ||kg - g|| / (||kg|| + ||g||) = |k - 1| / (|k| + 1): 2/3 for k = 5, 1/3 for 2 and 1/2,
    # and 1 for every k < 0
    f = ch10.error_of_factor
    assert_right(capsys, f, lambda k: abs(k - 1) / (abs(k) + 1))
    assert_right(capsys, f, lambda k: np.abs(k - 1) / (np.abs(k) + 1))
    assert_right(capsys, f, lambda k: 1.0 if k < 0 else abs(k - 1) / (k + 1))
    # a measurement on any g is an honest answer too: the formula holds whatever g is
    g = np.arange(1.0, 4.0)
    assert_right(capsys, f, lambda k: layers.relative_error(k * g, g))
    # k > 0 only, a sign lost, the norm of g kept, not one number
    assert_not_yet(capsys, f, lambda k: abs(k - 1) / (k + 1), "negative")
    assert_not_yet(capsys, f, lambda k: (k - 1) / (k + 1), "never negative")
    assert_not_yet(capsys, f, lambda k: abs(k - 1) / k, "cancels")
    assert_not_yet(capsys, f, lambda k: [k, k], "one number")
    assert_not_yet(capsys, f, lambda k: None, "returns None")
    assert_not_attempted(capsys, f, _template)


def test_loop_diagnosis(capsys):
    # a curve that falls, then climbs, where the right loop keeps falling: a stale gradient
    # with the step of the curve's lowest loss, read off the losses
    f = lambda given: ch10.loop_diagnosis(given, _U_CURVE)  # noqa: E731
    assert_right(capsys, f, ("c", 2))
    assert_right(capsys, f, ["(C)", np.int64(2)])
    # one hint for every wrong letter: it never says what the guessed letter's curve is
    hints = {verdict_of(capsys, f, (letter, 2))[1] for letter in "abd"}
    assert len(hints) == 1
    assert_not_yet(capsys, f, ("a", 2), "draw the curve")
    # a letter alone, or a wrong step, is refused before the letter is judged
    assert_not_yet(capsys, f, "c", "a letter and a step")
    assert_not_yet(capsys, f, ("c", 3), "lowest loss")
    assert_not_yet(capsys, f, ("a", 3), "lowest loss")
    assert_not_yet(capsys, f, ("c", 2.0), "lowest loss")
    assert_not_yet(capsys, f, ("c", True), "lowest loss")
    assert_not_yet(capsys, f, ("the gradient", 2), "one of")
    assert_not_yet(capsys, f, (3, 2), "one of")
    assert_not_yet(capsys, ch10.loop_diagnosis, ("c", 2), "with buggy")
    assert_not_attempted(capsys, f, None)


def test_explain_is_markdown_for_each_demonstration():
    for name in ("mask", "shared_relu", "mean_bias", "dout", "curves", "integer", "pile_up",
                 "one_sample"):
        text = ch10.explain(name)
        assert text._repr_markdown_() == str(text) and len(text) > 100
    with pytest.raises(KeyError):
        ch10.explain("nothing")


def test_guard_passes_the_math_and_fails_anything_else():
    # the numbers each demonstration must show, from the math
    ch10.guard("shared_relu", 1e-12, 0.5)
    ch10.guard("mask", 1.0, 1.0)
    ch10.guard("mean_bias", 1e-12, 1e-12, 7 / 9, 7 / 9, 1e-12)
    ch10.guard("dout", 1e-10, 1 / 3, 1 / 3, 1.0)
    ch10.guard("curves", [3.0, 2.0, 1.0], [3.0, 4.0, 5.0], 1.0)
    ch10.guard("loop", [3.0, 2.0, 1.0, 2.0], [3.0, 2.0, 1.0, 0.5])
    for name, measured in [("shared_relu", (1e-12, 1e-12)), ("shared_relu", (0.5, 0.5)),
                           ("mask", (0.99, 1.0)), ("mask", (1.0, 0.9)), ("mask", (1.0,)),
                           ("mean_bias", (1e-12, 1e-12, 7 / 9, 0.6, 1e-12)),
                           ("mean_bias", (1e-12, 1e-12, 7 / 9, 7 / 9, 0.5)),
                           ("dout", (1e-10, 0.5, 1 / 3, 1.0)), ("dout", (0.1, 1 / 3, 1 / 3, 1.0)),
                           ("dout", (1e-10, 1 / 3, 1 / 3, 1 / 3)), ("dout", (1e-10, 1 / 3)),
                           ("curves", ([3.0, 2.0, 1.0], [3.0, 2.0, 5.0], 1.0)),
                           ("curves", ([3.0, 2.0, 1.0], [3.0, 4.0, 5.0], 2.0)),
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
    ch10.guard("mean_bias", *g["db_errors"])
    ch10.guard("dout", *g["dout_errors"])
    ch10.guard("curves", g["down"], g["up"], 0.1 * g["grad_norm2"])
    ch10.guard("integer", *g["at_1_2"].tolist())
    ch10.guard("loop", g["buggy"], g["right"])
    # mistake 6: right once, then 2 dW: |2 - 1| / (2 + 1); mistake 8: log 3 divided by C = 3
    assert g["piling_errors"][0] < 1e-7 and g["piling_errors"][1:] == pytest.approx([1 / 3, 1 / 2])
    assert (g["one_sample"], g["batch_of_one"]) == pytest.approx((np.log(3) / 3, np.log(3)))
    assert g["one_check"] < 1e-7


def test_lecture_view_shows_the_toolbox_and_diagnosis_answers_behind_a_button(monkeypatch):
    """Projected, nobody writes error_of_factor or my_diagnosis: a button holds each answer,
    |k - 1| / (|k| + 1) (4/6 for k = 5) and the letter (c)."""
    from teaching.reveal import LECTURE
    monkeypatch.setenv(LECTURE, "1")
    displayed = []
    monkeypatch.setattr("IPython.display.display", displayed.append)

    def template(k):
        raise NotImplementedError("YOUR CODE")
    for verdict in (ch10.error_of_factor(template), ch10.loop_diagnosis(None)):
        assert not verdict and verdict.message == ""
    # each button's show() displays its answer (through the display patched here)
    assert sum(hasattr(shown, "children") for shown in displayed) == 2
    factor, diagnosis = (str(shown) for shown in displayed if isinstance(shown, str))
    assert "$|k - 1|/(|k| + 1)$" in factor and "0.6667" in factor
    assert diagnosis.startswith("**(c).**")


def test_lecture_view_shows_the_exercises_answers_behind_buttons(monkeypatch):
    """Projected, nobody writes exercises 1 and 3: N = 32, (a), and A-D = 6, 4, 1, 3."""
    from teaching.reveal import LECTURE
    monkeypatch.setenv(LECTURE, "1")
    displayed = []
    monkeypatch.setattr("IPython.display.display", displayed.append)
    for verdict in (ch10.factors_for_error(_template), ch10.colleague_bug(_template),
                    ch10.mystery_layers(_template)):
        assert not verdict
    assert sum(hasattr(shown, "children") for shown in displayed) == 3
    batch, colleague, mystery = (str(s) for s in displayed if isinstance(s, str))
    assert "N = 32" in batch and "**(a)**" in colleague
    assert all(f"(**{n}**)" in mystery for n in (6, 4, 1, 3))


def test_fixed_loop(capsys):
    # the right loop: the gradient at the current parameters in every step
    def right(model, x, t, learning_rate, steps):
        losses = []
        for _ in range(steps):
            grads = model.gradient(x, t)
            for k in model.params:
                model.params[k] -= learning_rate * grads[k]
            losses.append(model.loss(x, t))
        return losses

    def before_step(model, x, t, learning_rate, steps):   # the loss recorded before each step
        losses = []
        for _ in range(steps):
            losses.append(model.loss(x, t))
            grads = model.gradient(x, t)
            for k in model.params:
                model.params[k] -= learning_rate * grads[k]
        return losses

    from teaching import mystery
    f = ch10.fixed_loop
    assert_right(capsys, f, right)
    assert_not_yet(capsys, f, mystery.buggy_train, "buggy_train's losses")
    assert_not_yet(capsys, f, before_step, "differ from the right loop's")
    assert_not_yet(capsys, f, lambda *args: [1.0] * 3, "one per step")
    assert_not_yet(capsys, f, lambda *args: None, "returns None")

    def copied(model, x, t, learning_rate, steps):   # the right losses, the model untouched
        return mystery.losses_with_update("-=", x, t, steps=steps,
                                          learning_rate=learning_rate)[1:]
    assert_not_yet(capsys, f, copied, "unchanged")
