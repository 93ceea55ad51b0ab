"""The checks of chapter 06 (teaching/checks/ch06.py) accept right answers, reject wrong ones.

The expected values come from the math: tanh' = 4 s(1 - s) with s = sigma(2x), which is
1 - tanh**2 (from tanh(x) = 2 sigma(2x) - 1), the four nodes' product y**2 exp(-x) = y(1 - y),
through k sigmoids the product of the k local derivatives (at most 0.25**k), and for the neuron
L = (sigma(w x + b) - t)**2 the gradients 2(y - t) y(1 - y) x and 2(y - t) y(1 - y), and
the step (w - lr dL/dw, b - lr dL/db).
The wrong answers drop a factor, a sign, or the upstream gradient; pasted numbers fail
because the checks call the learner's functions at points the notebook does not show.
"""



import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of

import layers
from layers import AddLayer, MulLayer, Sigmoid, SquareLayer
from teaching.checks import ch06


def sigma(x):
    return 1 / (1 + np.exp(-x))


def variant(base, backward):
    return type(f"{base.__name__}Variant", (base,), {"backward": backward})


class Stub:          # a layer that returns nothing
    def forward(self, x):
        return None

    def backward(self, dout):
        return None


class Untouched:     # the notebook's template
    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


def untouched(*args):
    raise NotImplementedError("YOUR CODE")


def test_tanh_rejects_the_stub(capsys):
    assert_not_yet(capsys, ch06.tanh, Stub, "forward returns None")


def test_tanh_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch06.tanh, Untouched)


# ---------------------------------------------------------------- tanh

class TanhRight:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out ** 2)


def test_tanh_is_a_stretched_sigmoid_and_its_slope_is_one_minus_y_squared():
    x = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(np.tanh(x), 2 * sigma(2 * x) - 1, atol=1e-15)
    s = sigma(2 * x)
    np.testing.assert_allclose(4 * s * (1 - s), 1 - np.tanh(x) ** 2, atol=1e-15)


def test_tanh_solution_is_right(capsys):
    assert_right(capsys, ch06.tanh, TanhRight)


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: d * self.out * (1 - self.out), "sigmoid's rule applied to y"),
    (lambda self, d: d * 4 * self.out * (1 - self.out), "sigma(2x) is not y"),
    (lambda self, d: d * (1 - self.out), "a factor is missing"),
    (lambda self, d: 1 - self.out ** 2, "multiply it by dout"),
])
def test_tanh_rejects_typical_mistakes_without_giving_the_formula(capsys, backward, hint):
    answer = variant(TanhRight, backward)
    assert_not_yet(capsys, ch06.tanh, answer, hint)
    assert "1 - y**2" not in ch06.tanh(answer).message     # the hint leads there, it does not tell


class TanhKeepsX(TanhRight):      # right numbers, but backward recomputes tanh from x
    def forward(self, x):
        self.x = x
        return super().forward(x)

    def backward(self, dout):
        return dout * (1 - np.tanh(self.x) ** 2)


class TanhKeepsSigma2x:            # right numbers from 4 s(1 - s), s = sigma(2x), without y
    def forward(self, x):
        self.s = sigma(2 * np.asarray(x))
        return np.tanh(x)

    def backward(self, dout):
        return dout * 4 * self.s * (1 - self.s)


class TanhOutputByAnotherName:
    def forward(self, x):
        self.y = np.tanh(x)
        self.calls = 1                 # not an array shaped like x: ignored
        return self.y

    def backward(self, dout):
        return dout * (1 - self.y ** 2)


@pytest.mark.parametrize("answer, hint", [
    (TanhKeepsX, "keeps self.x (that is x itself)"),
    (TanhKeepsSigma2x, "keeps self.s (not the output)"),
])
def test_tanh_refuses_a_layer_that_keeps_more_than_its_output(capsys, answer, hint):
    assert_not_yet(capsys, ch06.tanh, answer, hint)


def test_tanh_accepts_the_output_under_any_name(capsys):
    assert_right(capsys, ch06.tanh, TanhOutputByAnotherName)


# ---------------------------------------------------------------- ten sigmoids

def stack_right(x, k, w=1.0):
    stack = [Sigmoid() for _ in range(k)]
    h = x
    for layer in stack:
        h = layer.forward(w * h)
    grad = 1.0
    for layer in reversed(stack):
        grad = w * layer.backward(grad)
    return grad


def test_stack_gradient_is_below_the_bound_and_one_sigmoid_reaches_it():
    # sigma'(0) = 1/4 exactly; through 10 layers the product is at most (1/4)**10, and below
    # it from x = 0 on, since the later layers see inputs sigma(...) >= 1/2, not 0
    assert stack_right(0.0, 1) == 0.25
    g = stack_right(0.0, 10)
    assert 0 < g < 0.25 ** 10
    s1 = sigma(0.0) * (1 - sigma(0.0))
    s2 = sigma(0.5) * (1 - sigma(0.5))
    assert stack_right(0.0, 2) == pytest.approx(s1 * s2, rel=1e-12)


def bound_right(k, w):
    return (abs(w) / 4) ** k


def test_the_bound_holds_for_a_chain_of_weighted_sigmoids():
    # dy_k/dx = prod_i w sigma'(z_i) with sigma' <= 1/4: below (|w|/4)**k at every x, and
    # reached only if every z_i = 0, which only the first unit can be (at x = 0)
    def chain(x, k, w):
        grad, y = 1.0, x
        for _ in range(k):
            y = sigma(w * y)
            grad *= w * y * (1 - y)
        return grad
    for k, w in [(1, 1.0), (3, 2.0), (5, -1.5), (10, 1.0), (4, 6.0)]:
        xs = np.linspace(-4.0, 4.0, 801)
        assert max(abs(chain(x, k, w)) for x in xs) <= bound_right(k, w) * (1 + 1e-12)
    assert abs(chain(0.0, 1, -3.0)) == pytest.approx(bound_right(1, -3.0), rel=1e-12)


def run_stack(capsys, func, bound):
    result = ch06.sigmoid_stack(func, bound)
    assert capsys.readouterr().out == ""
    return result


def test_sigmoid_stack_right(capsys):
    result = run_stack(capsys, stack_right, bound_right)
    assert result.ok, result.message
    # w = 2, k = 10 (w = 1 is the saturation explorer's case): bound (2/4)**10 = 9.77e-04;
    # the measured value, far below it, is left to the solutions (it would answer how close
    # a long stack gets to the bound)
    assert f"{0.5 ** 10:.3g}" == "0.000977" and "0.000977" in result.message
    assert f"{chain_math(0.0, 10, 2.0):.3g}" not in result.message
    assert "w = 4" not in result.message


def test_no_stack_case_uses_w_1():
    assert all(w != 1.0 for _, _, w in ch06._STACK_CASES)


# ---------------------------------------------------------------- why the stack stays below

def test_only_the_first_sigmoid_of_a_stack_can_sit_at_its_peak():
    # the first sees x (0 at x = 0); every later one sees sigma(...), in (0, 1), never 0,
    # so its factor is below 1/4: the second's at x = 0 is sigma(1/2)(1 - sigma(1/2))
    assert stack_right(0.0, 1) == 0.25
    second = sigma(0.5) * (1 - sigma(0.5))
    assert second < 0.25
    assert stack_right(0.0, 2) / stack_right(0.0, 1) == pytest.approx(second, rel=1e-12)


def chain_math(x, k, w):
    # dy_k/dx through k units y <- sigma(w y): the product of w sigma'(z_i)
    grad, y = 1.0, x
    for _ in range(k):
        y = sigma(w * y)
        grad *= w * y * (1 - y)
    return grad


def test_stack_gradient_never_reaches_the_bound():
    # only the first sigmoid can sit at its peak (input 0); the others see sigma(...) values
    # in (0, 1), away from 0, so the product stays well below 0.25**10 for every x
    xs = np.linspace(-6.0, 6.0, 1201)
    assert max(stack_right(x, 10) for x in xs) < 0.5 * 0.25 ** 10


@pytest.mark.parametrize("func, bound, hint", [
    (lambda x, k, w=1.0: (w * sigma(w * x) * (1 - sigma(w * x))) ** k, bound_right,
     "input is the first one's output"),
    (lambda x, k, w=1.0: 0.25 ** k, bound_right, "should be"),         # the bound, not a gradient
    (lambda x, k, w=1.0: stack_right(x, k), bound_right, "w is missing"),
    (lambda x, k, w=1.0: stack_right(x, k, w) / w ** k, bound_right, "times what reaches it"),
    (lambda x, k: stack_right(x, k), bound_right, "stack_gradient"),    # no w parameter
    (stack_right, lambda k, w: (w / 4) ** k, "negative"),
    (stack_right, lambda k, w: 0.25 ** k, "weights are missing"),
    (stack_right, lambda k, w: abs(w) * 0.25 ** k, "one w is counted"),
    (stack_right, lambda k, w: k * abs(w) / 4, "do not add up"),
    (stack_right, lambda k, w: (abs(w) / 2) ** k, "largest slope"),
    (stack_right, lambda k, w: 1e-3, "not right yet"),
    (stack_right, lambda k, w: 0.25 ** 10, "not right yet"),          # the k = 10 number pasted
    (stack_right, lambda k, w: "1e-6", "one number"),
    (stack_right, lambda k, w: None, "returns None"),
    (lambda x, k, w=1.0: None, bound_right, "returns None"),
])
def test_sigmoid_stack_rejects_typical_mistakes(capsys, func, bound, hint):
    result = run_stack(capsys, func, bound)
    assert not result.ok and result.message.startswith("Not yet. Hint: ")
    assert hint in result.message, result.message


def stack_closed_form(x, k, w=1.0):           # the right numbers, no layer in sight
    grad, y = 1.0, x
    for _ in range(k):
        y = sigma(w * y)
        grad *= w * y * (1 - y)
    return grad


def stack_one_layer_reused(x, k, w=1.0):      # one Sigmoid for the last unit only
    h, grad, outs = x, 1.0, []
    for _ in range(k):
        h = sigma(w * h)
        outs.append(h)
    last = Sigmoid()
    last.forward(w * outs[-2] if k > 1 else w * x)
    grad = w * last.backward(1.0)
    for y in reversed(outs[:-1]):
        grad *= w * y * (1 - y)
    return grad


@pytest.mark.parametrize("func", [stack_closed_form, stack_one_layer_reused])
def test_sigmoid_stack_refuses_right_numbers_not_from_k_layers(capsys, func):
    assert stack_closed_form(0.5, 4, 2.0) == pytest.approx(stack_right(0.5, 4, 2.0), rel=1e-12)
    result = run_stack(capsys, func, bound_right)
    assert not result.ok and "Sigmoid backward calls" in result.message, result.message


def test_sigmoid_stack_accepts_layers_reached_through_the_module(capsys):
    def through_module(x, k, w=1.0):
        stack = [layers.Sigmoid() for _ in range(k)]
        h = x
        for layer in stack:
            h = layer.forward(w * h)
        grad = 1.0
        for layer in reversed(stack):
            grad = w * layer.backward(grad)
        return grad
    result = run_stack(capsys, through_module, bound_right)
    assert result.ok, result.message
    assert layers.Sigmoid is Sigmoid                   # put back after the check


def test_sigmoid_stack_untouched_is_not_attempted(capsys):
    def untouched_bound(k, w):
        raise NotImplementedError("YOUR CODE")
    for func, bound in [(untouched, None), (untouched, bound_right), (stack_right, None),
                        (stack_right, untouched_bound)]:
        result = run_stack(capsys, func, bound)
        assert not result.ok and result.message.startswith("Not attempted yet: "), result.message
        assert "Hint" not in result.message


# ---------------------------------------------------------------- the neuron

def neuron_right(w, b, x, t):
    mul, add_b, sig, minus_t, square = MulLayer(), AddLayer(), Sigmoid(), AddLayer(), SquareLayer()
    loss = square.forward(minus_t.forward(sig.forward(add_b.forward(mul.forward(w, x), b)), -t))
    dy, _ = minus_t.backward(square.backward(1.0))
    d_wx, db = add_b.backward(sig.backward(dy))
    dw, _ = mul.backward(d_wx)
    return loss, dw, db


def test_neuron_known_values():
    # w x + b = 0 gives y = 1/2 and sigma' = 1/4; with t = 1: L = 1/4, dL/dy = -1,
    # so dL/db = -1/4 and dL/dw = -1/4 * x
    loss, dw, db = neuron_right(0.5, -1.0, 2.0, 1.0)
    assert loss == pytest.approx(0.25) and db == pytest.approx(-0.25) and dw == pytest.approx(-0.5)


def test_neuron_solution_is_right(capsys):
    assert_right(capsys, ch06.neuron, neuron_right)


def scaled(scale_w, scale_b):
    def wrong(w, b, x, t):
        loss, dw, db = neuron_right(w, b, x, t)
        return loss, scale_w(dw, db, w, b, x, t), scale_b(dw, db, w, b, x, t)
    return wrong


@pytest.mark.parametrize("answer, hint", [
    (scaled(lambda dw, db, *_: db, lambda dw, db, *_: db), "sends dout times the other input"),
    (scaled(lambda dw, db, *_: dw / 2, lambda dw, db, *_: db / 2), "2(y - t)"),
    (scaled(lambda dw, db, *_: -dw, lambda dw, db, *_: -db), "sign is off"),
    (scaled(lambda dw, db, w, b, x, t: db * w, lambda dw, db, *_: db), "dL/dx"),
    (lambda w, b, x, t: (neuron_right(w, b, x, t)[0],
                         2 * (sigma(w * x + b) - t) * x, 2 * (sigma(w * x + b) - t)), "y(1 - y)"),
    (lambda w, b, x, t: (sigma(w * x + b) - t, 0.0, 0.0), "square of y - t"),
    (lambda w, b, x, t: ((w * x + b - t) ** 2, 0.0, 0.0), "Sigmoid node is missing"),
    (lambda w, b, x, t: (None, None, None), "none of them None"),
    (lambda w, b, x, t: None, "returns None"),
])
def test_neuron_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, ch06.neuron, answer, hint)


def test_neuron_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch06.neuron, untouched)


def neuron_closed_form(w, b, x, t):     # the right numbers, no layers
    y = sigma(w * x + b)
    dz = 2 * (y - t) * y * (1 - y)
    return (y - t) ** 2, dz * x, dz


def neuron_forward_only(w, b, x, t):    # layers forward, gradients from the formula
    y = Sigmoid().forward(AddLayer().forward(MulLayer().forward(w, x), b))
    loss = SquareLayer().forward(AddLayer().forward(y, -t))
    dz = 2 * (y - t) * y * (1 - y)
    return loss, dz * x, dz


def neuron_skips_the_minus_t_layer(w, b, x, t):
    mul, add_b, sig, square = MulLayer(), AddLayer(), Sigmoid(), SquareLayer()
    loss = square.forward(sig.forward(add_b.forward(mul.forward(w, x), b)) - t)
    d_wx, db = add_b.backward(sig.backward(square.backward(1.0)))
    dw, _ = mul.backward(d_wx)
    return loss, dw, db


def neuron_by_module(w, b, x, t):       # layers.MulLayer() rather than the imported names
    mul, add_b, sig = layers.MulLayer(), layers.AddLayer(), layers.Sigmoid()
    minus_t, square = layers.AddLayer(), layers.SquareLayer()
    loss = square.forward(minus_t.forward(sig.forward(add_b.forward(mul.forward(w, x), b)), -t))
    dy, _ = minus_t.backward(square.backward(1.0))
    d_wx, db = add_b.backward(sig.backward(dy))
    dw, _ = mul.backward(d_wx)
    return loss, dw, db


@pytest.mark.parametrize("answer, hint", [
    (neuron_closed_form, "MulLayer (1 more), AddLayer (2 more), Sigmoid (1 more), SquareLayer"),
    (neuron_forward_only, "do not come from the layers' backward calls"),
    (neuron_skips_the_minus_t_layer, "AddLayer (1 more)"),
])
def test_neuron_rejects_right_numbers_not_from_the_layers(capsys, answer, hint):
    assert_not_yet(capsys, ch06.neuron, answer, hint)


def test_neuron_accepts_layers_reached_through_the_module(capsys):
    assert_right(capsys, ch06.neuron, neuron_by_module)


def neuron_with_own_sigmoid(w, b, x, t):     # the learner's GroupedSigmoid as the sigmoid node
    mul, add_b, sig, minus_t, square = MulLayer(), AddLayer(), GroupedRight(), AddLayer(), \
        SquareLayer()
    loss = square.forward(minus_t.forward(sig.forward(add_b.forward(mul.forward(w, x), b)), -t))
    dy, _ = minus_t.backward(square.backward(1.0))
    d_wx, db = add_b.backward(sig.backward(dy))
    dw, _ = mul.backward(d_wx)
    return loss, dw, db


def test_neuron_accepts_the_learners_own_sigmoid_layer(capsys):
    assert_right(capsys, ch06.neuron, neuron_with_own_sigmoid)
    assert GroupedRight.__name__ == "GroupedRight" and "backward" in vars(GroupedRight)


def test_neuron_check_puts_the_layer_classes_back():
    # the check swaps in counting subclasses while the learner's code runs, even if it fails
    before = (MulLayer, AddLayer, Sigmoid, SquareLayer, layers.MulLayer, layers.Sigmoid)

    def fails(w, b, x, t):
        raise ValueError("oops")
    for answer in (neuron_right, neuron_closed_form, fails, untouched):
        ch06.neuron(answer)
        assert (MulLayer, AddLayer, Sigmoid, SquareLayer, layers.MulLayer,
                layers.Sigmoid) == before
        assert globals()["Sigmoid"] is layers.Sigmoid is before[2]


# ---------------------------------------------------------------- the gradient check

X, T = ch06.CAPSTONE[2], ch06.CAPSTONE[3]


def loss_right(w, b):
    return neuron_right(w, b, X, T)[0]


def central_right(f, w, b, h=1e-4):
    return (f(w + h, b) - f(w - h, b)) / (2 * h), (f(w, b + h) - f(w, b - h)) / (2 * h)


def run_gradient_check(capsys, loss, central, neuron=neuron_right):
    result = ch06.neuron_gradient_check(loss, central, neuron)
    assert capsys.readouterr().out == ""
    return result


def test_capstone_point_is_the_notebooks():
    assert ch06.CAPSTONE == (0.5, 1.0, 2.0, 0.3)        # the cell in notebooks/src/06_sigmoid.py
    assert 0 < T < 1                                    # a target a sigmoid can approach


def test_buggy_neuron_has_a_right_loss_and_dw_only_wrong():
    # central differences of its loss give the true gradients (the forward is right);
    # dL/db matches them, dL/dw is dL/dz * w = dL/dz / 4 at x = 2, w = 0.5, not dL/dz * x
    for w, b in [(0.5, 1.0), (-1.0, 0.25)]:
        loss, dw, db = ch06.buggy_neuron(w, b, X, T)
        want_loss, want_dw, want_db = neuron_right(w, b, X, T)
        assert loss == pytest.approx(want_loss, rel=1e-12)
        numeric = central_right(lambda u, v: ch06.buggy_neuron(u, v, X, T)[0], w, b)
        assert layers.relative_error(numeric[1], db) < 1e-7
        assert layers.relative_error(numeric[0], dw) > 0.1
        assert dw == pytest.approx(want_db * w, rel=1e-12)


def buggy_errors():
    """The relative errors of buggy_neuron's gradients against central differences (h = 1e-4)
    of its loss at the capstone's start: (0.6, about 1e-11), from the math: it returns
    dL/dz * w for dL/dz * x, and |x - w| / (x + w) = 1.5 / 2.5."""
    _, dw, db = ch06.buggy_neuron(*ch06.CAPSTONE)
    n_dw, n_db = central_right(lambda u, v: ch06.buggy_neuron(u, v, X, T)[0], 0.5, 1.0)
    return layers.relative_error(n_dw, dw), layers.relative_error(n_db, db)


def test_buggy_gradient_right(capsys):
    err_w, err_b = buggy_errors()
    assert err_w == pytest.approx(1.5 / 2.5, rel=1e-6) and err_b < 1e-9
    # the slip: dL/dz * w for dL/dz * x, so the value the multiply node sent back is w = 0.5
    _, dw, _ = ch06.buggy_neuron(*ch06.CAPSTONE)
    assert dw / neuron_right(*ch06.CAPSTONE)[1] * X == pytest.approx(0.5, rel=1e-12)
    for given in [(err_w, err_b), [0.6, 0.0], (0.595, 3e-7)]:
        for local in (0.5, np.float64(0.5), 0.495):
            result = ch06.buggy_gradient(given, "multiply", local)
            assert result.ok, result.message
            assert "multiply node" in result.message


def test_buggy_found_prints_the_numbers_from_the_math(capsys):
    ch06._buggy_found()
    out = capsys.readouterr().out
    assert "relative error 0.60" in out and "Ratio 0.25 = w / x" in out
    assert "sent back w = 0.5 in place of x = 2" in out


def test_buggy_neuron_source_does_not_name_the_slip():
    import inspect
    source = inspect.getsource(ch06.buggy_neuron)
    assert "dout" not in source and "# " not in source


def buggy_with(given, node="multiply", local=0.5):
    return lambda _: ch06.buggy_gradient(given, node, local)


@pytest.mark.parametrize("answer, hint", [
    ((0.0, 0.0), "not your own"), ((1e-9, 1e-11), "not your own"),
    ((0.6, 0.6), "relative_error"), ((1e-11, 0.6), "relative_error"),
    ((0.5, 0.0), "relative_error"), ((0.6, 1e-4), "relative_error"),
    ("dL_dw", "two numbers"), (0.6, "two numbers"), ((0.6, float("nan")), "two numbers"),
    ((0.6, 0.0, 0.0), "two numbers"),
])
def test_buggy_gradient_rejects_without_the_answer(capsys, answer, hint):
    ok, out = verdict_of(capsys, buggy_with(answer), None)
    assert not ok and out.startswith("Not yet. Hint: ") and hint in out, out
    assert "multiply node" not in out and "0.6" not in out.replace(repr(answer), "")


@pytest.mark.parametrize("node, local", [
    ("add", 0.5), ("sigmoid", 0.5), ("square", 0.5),          # the right value, a wrong node
    ("multiply", 2.0), ("multiply", 0.25), ("multiply", 1.0),  # the right node, a wrong value
    ("add", 2.0), ("sigmoid", 0.88),
])
def test_buggy_gradient_judges_node_and_value_together(capsys, node, local):
    ok, out = verdict_of(capsys, buggy_with((0.6, 0.0), node, local), None)
    assert not ok and "not that pair yet" in out, out
    # the same hint for a wrong node and for a wrong value: it names neither answer
    assert "multiply" not in out and "0.5" not in out and "w / x" not in out
    assert "dout" not in out


@pytest.mark.parametrize("node, local, hint", [
    ("mul", 0.5, "one of"), ("multiply", "w", "one number"), ("multiply", (0.5, 2.0), "one number"),
])
def test_buggy_gradient_rejects_malformed_answers(capsys, node, local, hint):
    ok, out = verdict_of(capsys, buggy_with((0.6, 0.0), node, local), None)
    assert not ok and hint in out, out


def test_buggy_gradient_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, buggy_with(None), None)
    assert_not_attempted(capsys, buggy_with((0.6, 0.0), None), None)
    assert_not_attempted(capsys, buggy_with((0.6, 0.0), local=None), None)


def test_gradient_check_accepts_central_differences_of_the_loss(capsys):
    result = run_gradient_check(capsys, loss_right, central_right)
    assert result.ok, result.message


def test_gradient_check_agrees_with_the_exact_slopes():
    # the capstone's slopes from the formulas, by hand: z = 2, y = sigma(2), y - t = y - 0.3
    y = sigma(2.0)
    dz = 2 * (y - 0.3) * y * (1 - y)
    got = central_right(loss_right, 0.5, 1.0)
    assert got[0] == pytest.approx(2.0 * dz, rel=1e-7) and got[1] == pytest.approx(dz, rel=1e-7)


def pasted(f, w, b, h=1e-4):             # the backprop numbers at the notebook's point, pasted
    return 0.24391987, 0.12195994


@pytest.mark.parametrize("central, hint", [
    (pasted, "central differences are"),
    (lambda f, w, b, h=1e-4: central_right(f, w, b, h)[::-1], "swapped"),
    (lambda f, w, b, h=1e-4: ((f(w + h, b) - f(w, b)) / h, (f(w, b + h) - f(w, b)) / h),
     "one-sided"),
    (lambda f, w, b, h=1e-4: ((f(w + h, b) - f(w - h, b)) / h, (f(w, b + h) - f(w, b - h)) / h),
     "twice too large"),
    (lambda f, w, b, h=1e-4: ((f(w + h, b) - f(w - h, b)) / (4 * h),
                              (f(w, b + h) - f(w, b - h)) / (4 * h)), "half the right size"),
    (lambda f, w, b, h=1e-4: (f(w + h, b + h) - f(w - h, b - h)) / (2 * h), "pair"),
    (lambda f, w, b, h=1e-4: None, "returns None"),
])
def test_gradient_check_rejects_wrong_central_differences(capsys, central, hint):
    result = run_gradient_check(capsys, loss_right, central)
    assert not result.ok and result.message.startswith("Not yet. Hint: ")
    assert hint in result.message, result.message


@pytest.mark.parametrize("loss, hint", [
    (lambda w, b: neuron_right(w, b, X, T), "several values"),
    (lambda w, b: neuron_right(w, b, X, 0.0)[0], "t = 0.3"),
    (lambda w, b: 0.337325, "should be the neuron's loss"),       # the loss at the start, pasted
    (lambda w, b: None, "returns None"),
])
def test_gradient_check_rejects_a_wrong_loss(capsys, loss, hint):
    result = run_gradient_check(capsys, loss, central_right)
    assert not result.ok and hint in result.message, result.message


def test_gradient_check_rejects_a_default_h_far_too_large(capsys):
    result = run_gradient_check(capsys, loss_right,
                                lambda f, w, b, h=0.5: central_right(f, w, b, h))
    assert not result.ok and "default h" in result.message, result.message


def test_gradient_check_untouched_is_not_attempted(capsys):
    for loss, central, neuron in [(untouched, untouched, untouched), (loss_right, untouched,
                                  neuron_right), (untouched, central_right, neuron_right),
                                  (loss_right, central_right, untouched)]:
        result = run_gradient_check(capsys, loss, central, neuron)
        assert result.message.startswith("Not attempted yet: "), result.message


def test_gradient_check_compares_with_the_learners_own_backprop(capsys):
    # right loss and central differences, but a neuron whose backprop is off (half dL/dw):
    # the check measures the learner's backprop, so it fails, and it names neuron
    def half_dw(w, b, x, t):
        loss, dw, db = neuron_right(w, b, x, t)
        return loss, dw / 2, db
    result = run_gradient_check(capsys, loss_right, central_right, half_dw)
    assert not result.ok and "disagree" in result.message and "Find the node" in result.message
    result = run_gradient_check(capsys, loss_right, central_right, lambda *a: (1.0, 2.0))
    assert not result.ok and "three numbers" in result.message, result.message


def test_gradient_check_reports_the_relative_error(capsys):
    # central differences with h = 1e-4 of a smooth loss: relative error about h**2 ~ 1e-8
    # or less, and below the 1e-7 the praise names
    result = run_gradient_check(capsys, loss_right, central_right)
    error = layers.relative_error(central_right(loss_right, 0.5, 1.0),
                                  neuron_right(0.5, 1.0, X, T)[1:])
    assert error < 1e-7
    assert "layers.relative_error at most" in result.message and "below 1e-7" in result.message


def test_gradient_check_accepts_central_differences_from_numerical_gradient(capsys):
    # the notebook's way: layers.numerical_gradient on one variable at a time
    def central(f, w, b, h=1e-4):
        return (layers.numerical_gradient(lambda v: f(v, b), w, h),
                layers.numerical_gradient(lambda v: f(w, v), b, h))
    result = run_gradient_check(capsys, loss_right, central)
    assert result.ok, result.message
    swapped = run_gradient_check(capsys, loss_right,
                                 lambda f, w, b, h=1e-4: central(f, w, b, h)[::-1])
    assert not swapped.ok and "swapped" in swapped.message, swapped.message


# ---------------------------------------------------------------- the first steps

def step_right(w, b, lr):
    _, dw, db = neuron_right(w, b, X, T)
    return w - lr * dw, b - lr * db


def test_step_solution_is_right(capsys):
    assert_right(capsys, ch06.gradient_step, step_right)


def step_variant(change):
    def step(w, b, lr):
        _, dw, db = neuron_right(w, b, X, T)
        return change(w, b, lr, dw, db)
    return step


@pytest.mark.parametrize("answer, hint", [
    (step_variant(lambda w, b, lr, dw, db: (w + lr * dw, b + lr * db)), "uphill"),
    (step_variant(lambda w, b, lr, dw, db: (w - dw, b - db)), "ignores lr"),
    (step_variant(lambda w, b, lr, dw, db: (dw, db)), "those are the gradients"),
    (step_variant(lambda w, b, lr, dw, db: (w - lr * db, b - lr * dw)), "its own gradient"),
    (lambda w, b, lr: (0.256080, 0.878040), "should land"),       # one step from the start, pasted
    (lambda w, b, lr: None, "returns None"),
    (lambda w, b, lr: w - lr, "pair"),
])
def test_step_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, ch06.gradient_step, answer, hint)


def test_step_refuses_the_closed_form_typed_in(capsys):
    def closed_form(w, b, lr):
        y = sigma(w * X + b)
        dz = 2 * (y - T) * y * (1 - y)
        return w - lr * dz * X, b - lr * dz
    assert closed_form(0.5, 1.0, 1.0) == pytest.approx(step_right(0.5, 1.0, 1.0), rel=1e-12)
    assert_not_yet(capsys, ch06.gradient_step, closed_form, "no layer's backward ran")


def test_step_accepts_layers_reached_through_the_module(capsys):
    def step(w, b, lr):
        sig, y = layers.Sigmoid(), None
        y = sig.forward(w * X + b)
        dz = sig.backward(2 * (y - T))
        return w - lr * dz * X, b - lr * dz
    assert_right(capsys, ch06.gradient_step, step)


def test_step_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch06.gradient_step, untouched)


def losses(lr, steps=8):
    w, b = 0.5, 1.0
    out = [loss_right(w, b)]
    for _ in range(steps):
        w, b = step_right(w, b, lr)
        out.append(loss_right(w, b))
    return out


def y_after_one_step(lr):
    w, b = step_right(0.5, 1.0, lr)
    return sigma(w * X + b)


def test_the_chapters_learning_rate_claims():
    # lr = 20: one step past t (y lands below it) into the flat tail, y ~ 0, the loss stays at
    # t**2 = 0.09; lr = 2 comes down to t step by step
    stuck = losses(20.0)
    assert stuck[1] < stuck[0] and y_after_one_step(20.0) < T
    assert all(v == pytest.approx(T ** 2, abs=1e-4) for v in stuck[1:])
    run2 = losses(2.0)
    assert all(later < earlier for earlier, later in zip(run2, run2[1:]))


WEIRD = [None, 3.0, "f", lambda *a: "x", lambda *a: [1.0, 2.0, 3.0], lambda *a: {"w": 1},
         lambda *a: float("nan"), lambda *a: 1 / 0, lambda: 0.0, lambda *a: (None, None)]


@pytest.mark.parametrize("answer", WEIRD)
def test_new_checks_answer_any_input_with_a_verdict(capsys, answer):
    for result in (ch06.sigmoid_stack(answer, bound_right), ch06.sigmoid_stack(stack_right, answer),
                   ch06.neuron_gradient_check(answer, central_right, neuron_right),
                   ch06.neuron_gradient_check(loss_right, answer, neuron_right),
                   ch06.neuron_gradient_check(loss_right, central_right, answer),
                   ch06.gradient_step(answer),
                   ch06.learning_rates(answer, L20), ch06.learning_rates(Z20, answer),
                   ch06.saturation(answer, 3.64, 0.0134), ch06.saturation(0.25, answer, 0.0134),
                   ch06.saturation(0.25, 3.64, answer),
                   ch06.training_loop(answer, Z20, L20, 4),
                   ch06.buggy_gradient(answer, "multiply", 0.5),
                   ch06.buggy_gradient((0.6, 0.0), answer, 0.5),
                   ch06.buggy_gradient((0.6, 0.0), "multiply", answer),
                   ch06.far_tail(answer, GroupedRight),
                   ch06.tanh_slope(answer), ch06.grouped_sigmoid(answer)):
        assert not result.ok
        assert result.message.startswith(("Not yet. Hint: ", "Not attempted yet: ")), result.message
    assert capsys.readouterr().out == ""
    # a right check whose run needs another answer: the run waits for that one
    assert "learning_rates say Right first" in cell_text(ch06.training_loop(train_right, answer,
                                                                            L20, 4))
    assert "runs once check.grouped_sigmoid says Right" in cell_text(ch06.far_tail(FAR, answer))


# ---------------------------------------------------------------- the learning rates

Y0 = sigma(2.0)
DZ = 2 * (Y0 - T) * Y0 * (1 - Y0)


# z = w x + b after the first step at lr = 20: dL/dw = DZ x, dL/db = DZ, so z moves by
# -20 DZ (x**2 + 1) from 2
Z20 = 2.0 - 20 * DZ * (X ** 2 + 1)
# there y = sigma(Z20) ~ 4e-5 and y(1 - y) as small: the loss stays near (0 - t)**2 = t**2
L20 = (sigma(Z20) - T) ** 2


def test_learning_rates_from_the_math():
    # lr = 20: the first step takes w x + b from 2 to about -10.2, y ~ 4e-5, so the loss is
    # (y - t)**2 ~ t**2 = 0.09 and y(1 - y) ~ 4e-5 leaves almost no gradient to climb out:
    # each later step moves z by at most 20 * 2t y(1 - y) (x**2 + 1) ~ 2e-3
    _, dw, db, _, _ = ch06._neuron_math(0.5, 1.0, X, T)
    z1 = (0.5 - 20 * dw) * X + (1.0 - 20 * db)
    assert z1 == pytest.approx(Z20, rel=1e-12) and -10.25 < Z20 < -10.15
    assert ch06._z_after(20.0) == pytest.approx(Z20, rel=1e-12)
    assert 20 * 2 * T * sigma(Z20) * (1 - sigma(Z20)) * (X ** 2 + 1) < 3e-3
    assert ch06._capstone_run(20.0) == pytest.approx(losses(20.0), rel=1e-9)
    assert L20 == pytest.approx(T ** 2, rel=1e-3)
    assert losses(20.0)[8] == pytest.approx(L20, rel=1e-5)
    assert abs(0.09 - L20) < ch06.LOSS20_TOL / 2          # t**2, three decimals, passes
    assert ch06._capstone_run(8.0) == pytest.approx(losses(8.0), rel=1e-9)


@pytest.mark.parametrize("z, stalls", [(Z20, L20), (-10.2, 0.09), (-10.15, np.float64(0.0905)),
                                       (np.float64(-10.25), 0.0899)])
def test_learning_rates_right(capsys, z, stalls):
    result = ch06.learning_rates(z, stalls)
    assert capsys.readouterr().out == ""
    assert result.ok, result.message
    y = sigma(Z20)
    shown = cell_text(result).splitlines()
    assert shown[1] == f"z after the first step at lr = 20: -10.20; sigma' = y(1 - y) there: " \
                       f"{y * (1 - y):.1e}."
    assert "3.7e-05" in shown[1] and f"stays at {L20:.4f}" in shown[2]


_, DW, DB, _, _ = ch06._neuron_math(0.5, 1.0, X, T)


@pytest.mark.parametrize("z, stalls, hint", [
    ((0.5 - 20 * DW) * X + 1.0, L20, "only w moved"),
    (0.5 * X + 1.0 - 20 * DB, L20, "only b moved"),
    ((0.5 + 20 * DW) * X + 1.0 + 20 * DB, L20, "uphill"),
    ((0.5 - DW) * X + 1.0 - DB, L20, "lr = 1"),
    (-9.0, L20, "-20 times"),
    (Z20, losses(20.0)[0], "how far can seven more steps"),
    (Z20, 0.0, "how far can seven more steps"),
    (Z20, 0.092, "not that loss"),
    (Z20, "small", "one number"),
    (Z20, True, "how far can seven more steps"),
    ("nine", L20, "one number"),
    ([Z20], L20, "one number"),
])
def test_learning_rates_rejects_typical_mistakes(capsys, z, stalls, hint):
    result = ch06.learning_rates(z, stalls)
    assert capsys.readouterr().out == ""
    assert not result.ok and result.message.startswith("Not yet. Hint: "), result.message
    assert hint in result.message, result.message
    assert "-10.2" not in result.message or "one number" in hint      # that echoes the input
    assert "stays" not in result.message and "0.09" not in result.message
    assert "there:" not in cell_text(result)              # no run under a wrong answer


def test_learning_rates_untouched_is_not_attempted(capsys):
    for given in [(None, None), (Z20, None), (None, L20)]:
        result = ch06.learning_rates(*given)
        assert result.message.startswith("Not attempted yet: "), result.message
        assert "Hint" not in result.message and "-10" not in result.message


# ---------------------------------------------------------------- the learner's training loop

def train_right(lr, steps=8):
    return losses(lr, steps)


def test_training_loop_right(capsys):
    result = ch06.training_loop(train_right, None, None, 4)
    assert capsys.readouterr().out == ""
    assert result.ok, result.message


@pytest.mark.parametrize("answer, hint", [
    (lambda lr, steps=8: losses(lr, steps)[1:], "loss before the first step is missing"),
    (lambda lr, steps=8: losses(lr, steps + 1)[:-1][:steps], "should return"),
    (lambda lr, steps=8: losses(lr, steps)[:-1] + [0.0], "should start at w = 0.5"),
    (lambda lr, steps=8: losses(2 * lr, steps), "should start at w = 0.5"),
    (lambda lr, steps=8: [float(ch06._neuron_math(0.5, 1.0, X, T)[0])] * (steps + 1),
     "should start at w = 0.5"),
])
def test_training_loop_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, lambda a: ch06.training_loop(a, Z20, L20, 4), answer, hint)


def test_training_loop_refuses_losses_not_from_the_layers(capsys):
    def typed_in(lr, steps=8):      # the right numbers from the formulas, no layer runs
        return ch06._capstone_run(lr, steps)
    assert_not_yet(capsys, lambda a: ch06.training_loop(a, Z20, L20, 4), typed_in,
                   "did not run at each step")


def test_training_loop_untouched_is_not_attempted(capsys):
    def template(lr, steps=8):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, lambda a: ch06.training_loop(a, Z20, L20, 4), template)


# ---------------------------------------------------------------- the sign of dL/dw

def test_sign_of_dw_from_the_math():
    # y = sigma(2) ~ 0.88 > t = 0.3 and x = 2 > 0: dL/dw = 2(y - t) y(1 - y) x > 0
    assert neuron_right(0.5, 1.0, X, T)[1] > 0


# ---------------------------------------------------------------- tanh's slope in s

@pytest.mark.parametrize("slope", [lambda s: 4 * s * (1 - s), lambda s: 1 - (2 * s - 1) ** 2,
                                   lambda s: np.array([4 * v * (1 - v) for v in s])])
def test_tanh_slope_right(capsys, slope):
    assert_right(capsys, ch06.tanh_slope, slope)


@pytest.mark.parametrize("slope, hint", [
    (lambda s: s * (1 - s), "two more factors"),
    (lambda s: 2 * s * (1 - s), "one factor 2 is missing"),
    (lambda s: 2 * s - 1, "tanh(x) itself"),
    (lambda s: 1 - s ** 2, "is not tanh(x)"),
    (lambda s: 8 * s * (1 - s), "with the chain rule"),
    (lambda s: [1.0, 2.0], "a number for each s"),
])
def test_tanh_slope_rejects_typical_mistakes_without_the_formula(capsys, slope, hint):
    assert_not_yet(capsys, ch06.tanh_slope, slope, hint)
    assert "4 s(1 - s)" not in ch06.tanh_slope(slope).message


def test_tanh_slope_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch06.tanh_slope, untouched)


# ---------------------------------------------------------------- the grouped node

def cell_text(verdict):
    """What a check cell shows as its result: the verdict, then its run's printout."""
    return verdict._repr_mimebundle_()["text/plain"]


class GroupedRight:
    """GroupedSigmoid as the chapter gives it, with the backward the learner writes."""
    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out.copy()
        return out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


class GroupedTemplate(GroupedRight):
    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


def test_the_four_nodes_multiply_to_y_one_minus_y():
    # local derivatives -1, exp(-x), 1, -1/c**2 = -y**2: product y**2 exp(-x); with
    # exp(-x) = 1/y - 1 that is y(1 - y); at x = 2 it is 0.104994 (the explorer's dx)
    x = np.linspace(-5, 5, 11)
    y = sigma(x)
    assert np.allclose((-1) * np.exp(-x) * 1 * (-(y ** 2)), y * (1 - y), rtol=1e-12)
    assert ch06._four_nodes_dx(2.0) == pytest.approx(sigma(2.0) * (1 - sigma(2.0)), rel=1e-12)
    assert f"{sigma(2.0) * (1 - sigma(2.0)):.6f}" == "0.104994"
    assert f"{sigma(-1.0) * (1 - sigma(-1.0)):.6f}" == "0.196612"


def test_grouped_sigmoid_right(capsys):
    ok, out = verdict_of(capsys, ch06.grouped_sigmoid, GroupedRight)
    assert ok, out
    assert "dx = dout * y * (1 - y)" in out


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: d * self.out ** 2 * (1 / self.out - 1), "no 1/y"),   # nan at y = 0
    (lambda self, d: -d * self.out * (1 - self.out), "two minuses cancel"),
    (lambda self, d: self.out * (1 - self.out), "multiply it by dout"),
    (lambda self, d: d * self.out ** 2, "exp(-x) is missing"),
    (lambda self, d: d * self.out ** 2 * np.exp(-self.out), "x is not y"),
    (lambda self, d: d * (1 - self.out), "count the factors of y"),
    (lambda self, d: d * (1 / self.out - 1), "exp(-x) alone"),
    (lambda self, d: d * self.out, "should be"),
    (lambda self, d: None, "backward returns None"),
])
def test_grouped_sigmoid_rejects_typical_mistakes_without_the_answer(capsys, backward, hint):
    answer = variant(GroupedRight, backward)
    assert_not_yet(capsys, ch06.grouped_sigmoid, answer, hint)
    message = ch06.grouped_sigmoid(answer).message
    assert "y * (1 - y)" not in message and "y(1 - y)" not in message


class GroupedByLibrary(GroupedRight):
    def backward(self, dout):
        inner = Sigmoid()
        inner.forward(np.log(self.out / (1 - self.out)))
        return inner.backward(dout)


class GroupedKeepsX(GroupedRight):
    def forward(self, x):
        self.x = np.array(x, dtype=float)
        return super().forward(x)


@pytest.mark.parametrize("answer, hint", [
    (GroupedByLibrary, "runs layers.Sigmoid"),
    (type("Inherited", (Sigmoid,), {}), "inherits from"),
    (GroupedKeepsX, "forward keeps self.x"),
])
def test_grouped_sigmoid_wants_the_learners_own_backward(capsys, answer, hint):
    assert_not_yet(capsys, ch06.grouped_sigmoid, answer, hint)


def test_grouped_sigmoid_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch06.grouped_sigmoid, GroupedTemplate)


def test_a_right_check_shows_its_run_below_the_verdict(capsys, monkeypatch):
    from teaching.reveal import LECTURE
    monkeypatch.delenv(LECTURE, raising=False)
    lines = cell_text(ch06.grouped_sigmoid(GroupedRight)).splitlines()
    assert lines[0].startswith("Right: ")
    assert lines[1:] == [
        f"x = {x:g}: y = {sigma(x):.6f}, dx from the four nodes {d:.6f}, grouped {d:.6f}, "
        f"central difference {d:.6f}"
        for x, d in ((2.0, sigma(2.0) * (1 - sigma(2.0))), (-1.0, sigma(-1.0) * sigma(1.0)))]


def test_a_wrong_or_untouched_check_shows_no_run(capsys, monkeypatch):
    from teaching.reveal import LECTURE
    monkeypatch.delenv(LECTURE, raising=False)
    for answer in (GroupedTemplate, variant(GroupedRight, lambda self, d: d * self.out)):
        out = cell_text(ch06.grouped_sigmoid(answer))
        assert out.startswith(("Not yet", "Not attempted")) and "central difference" not in out
    assert "numpy warns" not in cell_text(ch06.far_tail([(0.0, 0.0)] * 2, GroupedRight))


def test_the_lecture_view_holds_the_run_behind_a_button(capsys, monkeypatch):
    from teaching.reveal import LECTURE
    monkeypatch.setenv(LECTURE, "1")
    shown = ch06.far_tail(None, GroupedTemplate)
    assert not shown.ok and shown.message == ""
    # (outside a kernel the button's display comes back as text)
    out = cell_text(shown) + capsys.readouterr().out
    # the run is computed into the button's hidden output; no verdict line is shown
    assert "Show the answer" in out and "display='none'" in out
    assert "Not attempted" not in out


# ---------------------------------------------------------------- the run at x = -1000

def test_far_tail_run_prints_each_formula_and_the_warnings_from_the_math(capsys, monkeypatch):
    from teaching.reveal import LECTURE
    for lecture, grouped in ((True, GroupedTemplate), (False, GroupedRight)):
        if lecture:
            monkeypatch.setenv(LECTURE, "1")      # the chapter's own node stands in
        else:
            monkeypatch.delenv(LECTURE, raising=False)
        ch06._far_tail_run(FAR, grouped)
        lines = capsys.readouterr().out.splitlines()
        # exp(1000) overflows in the plain and grouped forwards; y = 0; 0 * inf is nan
        assert lines[0].startswith("plain, y**2 exp(-x): [numpy warns: overflow]")
        assert lines[0].endswith("y = 0.0, dx = nan")
        assert lines[1].startswith("grouped, your GroupedSigmoid: [numpy warns: overflow]")
        assert lines[1].endswith("y = 0.0, dx = 0.0")
        # layers.Sigmoid's form for x < 0: e**-1000 underflows to 0 quietly
        assert lines[2] == ("stable, layers.Sigmoid: y = e**x / (1 + e**x) = 0.0 / 1.0 = 0.0, "
                            "dx = 0.0")


def test_far_tail_run_waits_for_the_grouped_check_outside_the_lecture(capsys, monkeypatch):
    from teaching.reveal import LECTURE
    monkeypatch.delenv(LECTURE, raising=False)
    ch06._far_tail_run(FAR, GroupedTemplate)
    out = capsys.readouterr().out
    assert "grouped, your GroupedSigmoid: runs once check.grouped_sigmoid says Right" in out
    assert "stable, layers.Sigmoid: y = e**x / (1 + e**x) = 0.0 / 1.0 = 0.0, dx = 0.0" in out


# ---------------------------------------------------------------- far in the tail, x = -1000

def test_far_tail_from_the_math():
    # exp(1000) overflows to inf: the plain forward and GroupedSigmoid's both compute it; y is
    # 1/inf = 0, so y(1 - y) = 0 but y**2 exp(-x) = 0 * inf = nan; e**x / (1 + e**x) is 0 quietly
    with np.errstate(over="ignore", invalid="ignore"):
        big = np.exp(np.float64(1000.0))
        y = 1 / (1 + big)
        assert np.isinf(big) and y == 0.0
        assert np.isnan(y ** 2 * big) and y * (1 - y) == 0.0
    with np.errstate(over="raise", invalid="raise"):      # underflow to 0 is fine
        small = np.exp(np.float64(-1000.0))
        assert small / (1 + small) == 0.0


NAN = float("nan")
FAR = (0.0, NAN, 0.0)        # y, dx of plain, dx of grouped


@pytest.mark.parametrize("far", [FAR, list(FAR), [0, np.nan, 0], (1e-320, NAN, -0.0),
                                 (0.0, NAN, 1e-310)])
def test_far_tail_right(capsys, far):
    ok, out = verdict_of(capsys, lambda f: ch06.far_tail(f, GroupedRight), far)
    assert ok, out
    assert "0 * inf is nan" in out and "never forms it" in out


@pytest.mark.parametrize("far, hint", [
    ((NAN, NAN, 0.0), "not that y"),
    ((1e-300 * 10, NAN, 0.0), "not that y"),
    ((0.0, 0.0, 0.0), "not plain's dx"),
    ((0.0, NAN, NAN), "not grouped's dx"),
    ((0.0, NAN, 0.25), "not grouped's dx"),
    ((0.0, NAN, float("inf")), "not grouped's dx"),
    ((0.0, NAN, 0.0, 0.0), "three numbers"),
    ([(0.0, NAN), (0.0, 0.0)], "three numbers"),
    ((0.0, float("inf"), 0.0), "what does float64 make of 0 * inf"),
    ((float("inf"), NAN, 0.0), "not that y"),
    ((0.0, NAN, "nan"), "three numbers"),
    ("plain", "three numbers"),
    ((0.0, NAN), "three numbers"),
])
def test_far_tail_rejects_wrong_predictions_without_the_answer(capsys, far, hint):
    ok, out = verdict_of(capsys, lambda f: ch06.far_tail(f, GroupedRight), far)
    assert not ok and out.startswith("Not yet. Hint: ") and hint in out, out
    assert "0 * inf is nan" not in out and "e**x / (1 + e**x)" not in out


def test_far_tail_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, lambda f: ch06.far_tail(f, GroupedRight), None)


# ---------------------------------------------------------------- saturation predictions

def test_tenth_of_the_peak_and_three_layers_from_the_math():
    # y(1 - y) = 0.025: y = (1 - sqrt(0.9)) / 2, and sigma(x) = y at x = -ln((1 - y) / y)
    y = (1 - np.sqrt(0.9)) / 2
    x = np.log((1 - y) / y)
    assert sigma(x) * (1 - sigma(x)) == pytest.approx(0.025, rel=1e-12)
    assert 3.63 < x < 3.64 and ch06._TENTH_X == pytest.approx(x, rel=1e-12)
    # three layers at 0: outputs 1/2, sigma(1/2), sigma(sigma(1/2))
    outs = [0.5, sigma(0.5), sigma(sigma(0.5))]
    want = np.prod([o * (1 - o) for o in outs])
    assert 0.0133 < want < 0.0134 and stack_right(0.0, 3) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("peak, tenth, k3", [(0.25, 3.64, 0.01335), (0.25, -3.637, 0.0134),
                                             (np.float64(0.25), 3.63, 0.0133)])
def test_saturation_right(capsys, peak, tenth, k3):
    ok, out = verdict_of(capsys, lambda given: ch06.saturation(*given), (peak, tenth, k3))
    assert ok, out
    assert "peaks at 1/4" in out and "3.64" in out and "0.0134" in out


@pytest.mark.parametrize("peak, tenth, k3, hint", [
    (0.5, 3.64, 0.0134, "a parabola in y"),           # y at the peak, not the slope
    (1.0, 3.64, 0.0134, "a parabola in y"),
    (0.0, 3.64, 0.0134, "a parabola in y"),
    (0.2, 3.64, 0.0134, "a parabola in y"),
    (0.25, 2.06, 0.0134, "a tenth of it is 0.025"),         # y(1 - y) = 0.1
    (0.25, 0.0257, 0.0134, "solve sigma(x) = y"),           # y, not x
    (0.25, 0.9743, 0.0134, "solve sigma(x) = y"),
    (0.25, 5.0, 0.0134, "quadratic in y"),
    (0.25, 3.64, 0.015625, "only the first sees 0"),        # 0.25**3
    (0.25, 3.64, 0.0125, "run the three layers forward"),
    (0.25, 3.64, 0.25, "run the three layers forward"),
    ("0.25", 3.64, 0.0134, "one number"),
    (0.25, "3.64", 0.0134, "one number"),
    (0.25, 3.64, [0.0134], "one number"),
])
def test_saturation_rejects_wrong_predictions_without_the_answer(capsys, peak, tenth, k3, hint):
    ok, out = verdict_of(capsys, lambda given: ch06.saturation(*given), (peak, tenth, k3))
    assert not ok and out.startswith("Not yet. Hint: ") and hint in out, out
    if "one number" not in hint:               # those echo what was given
        assert "3.64" not in out and "0.0134" not in out and "0.0133" not in out
    if "parabola" in hint:                     # the peak's hint names neither the peak nor 0.025
        assert "0.25" not in out and "1/4" not in out and "0.025" not in out


def test_saturation_untouched_is_not_attempted(capsys):
    for given in [(None, None, None), (0.25, None, 0.0134), (0.25, 3.64, None),
                  (None, 3.64, 0.0134)]:
        assert_not_attempted(capsys, lambda g: ch06.saturation(*g), given)


# ---------------------------------------------------------------- the runs under train's check

def test_runs_wait_for_the_prediction_outside_the_lecture_view(capsys, monkeypatch):
    from teaching.reveal import LECTURE
    monkeypatch.delenv(LECTURE, raising=False)
    out = cell_text(ch06.training_loop(train_right, None, None, 4))
    assert out.startswith("Right: ")
    assert "learning_rates say Right first" in out and ": loss " not in out


def run_rows(lr):
    w, b, ys = 0.5, 1.0, [sigma(2.0)]
    for _ in range(8):
        w, b = step_right(w, b, lr)
        ys.append(sigma(w * X + b))
    return [f"lr = {lr:2g}: loss " + " ".join(f"{v:.4f}" for v in losses(lr)),
            " " * 9 + "y    " + " ".join(f"{v:.4f}" for v in ys)]


@pytest.mark.parametrize("lecture", [False, True])
def test_runs_print_each_loss_and_y_from_the_math(capsys, monkeypatch, lecture):
    from teaching.reveal import LECTURE
    if lecture:
        monkeypatch.setenv(LECTURE, "1")
    else:
        monkeypatch.delenv(LECTURE, raising=False)
    ch06._runs(train_right if not lecture else untouched, *((Z20, L20) if not lecture
                                                            else (None, None)))
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == [row for lr in (2.0, 8.0, 20.0) for row in run_rows(lr)]
    # only the lecture view, where nobody answers lr8_rise, prints its Right message here
    assert ("step 4 carries y from 0.415 past t = 0.3 to 0.071" in "\n".join(out)) == lecture
    # lr = 2 learns; lr = 20 overshoots: its first step lands y below t, then it stays
    assert losses(2.0)[8] < 0.01 and y_after_one_step(20.0) < T


def test_lr_8_overshoots_and_its_loss_rises():
    # the runs' note: at lr = 8 the loss rises (at steps 4, 6 and 7) exactly where a step
    # carries y past t to further away than it was; lr = 2's never rises, though y passes t
    w, b, ys = 0.5, 1.0, [sigma(2.0)]
    for _ in range(8):
        w, b = step_right(w, b, 8.0)
        ys.append(sigma(w * X + b))
    run8 = losses(8.0)
    rises = [i for i in range(1, 9) if run8[i] > run8[i - 1]]
    assert rises == [4, 6, 7]
    for i in rises:
        assert (ys[i] - T) * (ys[i - 1] - T) < 0          # crossed t ...
        assert abs(ys[i] - T) > abs(ys[i - 1] - T)          # ... and landed further away
    run2 = losses(2.0)
    assert all(later < earlier for earlier, later in zip(run2, run2[1:]))
    # the numbers the chapter quotes, as the runs print them (four decimals)
    assert [f"{v:.4f}" for v in (ys[3], ys[4], run8[3], run8[4])] == [
        "0.4149", "0.0707", "0.0132", "0.0526"]
    assert run8[1] < run8[0]                              # the first step still lowers it
    further = [i for i in range(1, 9) if (ys[i] - T) * (ys[i - 1] - T) < 0
               and abs(ys[i] - T) > abs(ys[i - 1] - T)]
    assert further == rises
    y2 = [sigma(2.0)]
    w, b = 0.5, 1.0
    for _ in range(8):
        w, b = step_right(w, b, 2.0)
        y2.append(sigma(w * X + b))
    assert f"{y2[2]:.4f}" == "0.2927" and y2[1] > T > y2[2]
    assert f"{y2[8]:.4f}" == "0.3000"


def test_training_loop_asks_where_lr_8_first_raises_the_loss(capsys):
    # lr = 8 losses 0.337, 0.061, 0.028, 0.013, then 0.053 at step 4: y went 0.415 -> 0.071
    assert_not_attempted(capsys, lambda a: ch06.training_loop(train_right, Z20, L20, a), None)
    for wrong in (3, 5, "4"):
        assert_not_yet(capsys, lambda a: ch06.training_loop(train_right, Z20, L20, a), wrong,
                       "compare each loss")
    result = ch06.training_loop(train_right, Z20, L20, 4)
    assert result.ok and "step 4 carries y from 0.415 past t = 0.3 to 0.071" in result.message
    capsys.readouterr()
