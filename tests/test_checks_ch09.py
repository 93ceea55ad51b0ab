"""The checks of chapter 09 (teaching/checks/ch09.py) and teaching/engine.py.

A right ``Value`` (the worked answer, written here again) passes every step; each typical
mistake, a subclass that changes one method, gets its own hint; the untouched template is
"not attempted yet".  Expected numbers come from the math: for e = (ab + a) ab,
de/da = (b + 1) ab + (ab + a) b and de/db = a ab + (ab + a) a; the shopping gradients are
chapter 03's 2.2, 110, 3.3, 165, 650.
"""

import base64
import math

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

import layers
from teaching import engine, trace
from teaching.checks import ch09


def sigma(x):
    return 1 / (1 + math.exp(-x))


class Right:
    """The worked answer; ``type(self)`` keeps a subclass's mistakes in every new Value."""

    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)
        self._backward = lambda: None

    def _wrap(self, other):
        return other if isinstance(other, Right) else type(self)(other)

    def __add__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    __radd__ = __add__

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    __rmul__ = __mul__

    def topological(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for p in v.parents:
                    visit(p)
                order.append(v)
        visit(self)
        return order

    def backward(self):
        order = self.topological()
        self.grad = 1.0
        for v in reversed(order):
            v._backward()

    def __pow__(self, k):
        out = type(self)(self.data ** k, (self,))

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = type(self)(math.exp(self.data), (self,))

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):
        out = type(self)(sigma(self.data), (self,))

        def _backward():
            self.grad += out.data * (1 - out.data) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = type(self)(max(0.0, self.data), (self,))

        def _backward():
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __truediv__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data / other.data, (self, other))

        def _backward():
            self.grad += out.grad / other.data
            other.grad += -self.data / other.data ** 2 * out.grad
        out._backward = _backward
        return out

    def __rtruediv__(self, other):
        return self ** -1 * other


def variant(name, **methods):
    return type(name, (Right,), methods)


def unary(forward, local):
    """A one-parent operation whose closure adds ``local(self, out) * out.grad``."""
    def op(self, *args):
        out = type(self)(forward(self, *args), (self,))

        def _backward():
            self.grad += local(self, out, *args) * out.grad
        out._backward = _backward
        return out
    return op


def binary(forward, local_a, local_b, assign=False):
    def op(self, other):
        other = self._wrap(other)
        out = type(self)(forward(self.data, other.data), (self, other))

        def _backward():
            if assign:
                self.grad = local_a(self, other) * out.grad
                other.grad = local_b(self, other) * out.grad
            else:
                self.grad += local_a(self, other) * out.grad
                other.grad += local_b(self, other) * out.grad
        out._backward = _backward
        return out
    return op


class Template:
    """The chapter's untouched step 1."""

    def __init__(self, data, parents=()):
        raise NotImplementedError("YOUR CODE")


def add_template(self, other):
    out = type(self)(self.data + other.data, (self, other))

    def _backward():
        raise NotImplementedError("YOUR CODE")
    out._backward = _backward
    return out


# ------------------------------------------------------------------ the math behind the checks

def test_the_tangled_graph_gradients_are_the_product_rule():
    for a, b in [(1.5, -2.0), (-0.5, 3.0), (2.0, 3.0)]:
        f = lambda a, b: (a * b + a) * (a * b)      # noqa: E731
        want = ((b + 1) * a * b + (a * b + a) * b, a * a * b + (a * b + a) * a)
        numeric = (layers.numerical_gradient(lambda v: f(v, b), a),
                   layers.numerical_gradient(lambda v: f(a, v), b))
        assert ch09._tangled_grads(a, b) == pytest.approx(want)
        assert numeric == pytest.approx(want, rel=1e-7)
    assert ch09._tangled_grads(2.0, 3.0) == (48.0, 28.0)


def test_the_training_reference_follows_gradient_descent():
    # one step by hand: y = sigma(w x + b), dL/dz = 2 (y - t) y (1 - y)
    w, b, x, t, lr = -0.3, 0.8, 1.5, 0.0, 0.5
    losses, w1, b1 = ch09._neuron_steps(w, b, x, t, lr, 1)
    y = sigma(w * x + b)
    dz = 2 * (y - t) * y * (1 - y)
    assert losses == pytest.approx([(y - t) ** 2])
    assert (w1, b1) == pytest.approx((w - lr * dz * x, b - lr * dz))
    piled, _, _ = ch09._neuron_steps(w, b, x, t, lr, 3, keep=(True, True))
    right, _, _ = ch09._neuron_steps(w, b, x, t, lr, 3)
    assert piled[:2] == pytest.approx(right[:2]) and piled[2] != pytest.approx(right[2])


# ------------------------------------------------------------------ the worked answer

@pytest.mark.parametrize("step", [ch09.value, ch09.add, ch09.mul, ch09.backward, ch09.pow_exp,
                                  ch09.sigmoid, ch09.divide])
def test_the_worked_answer_passes_every_step(capsys, step):
    assert_right(capsys, step, Right)


def make_train(zeroed=lambda params, zero_grads: params if zero_grads else []):
    """A train(loss_of, params, lr, steps, zero_grads=True) shaped as the learner writes it,
    that zeroes the grads of ``zeroed(params, zero_grads)`` before each backward pass."""
    def train(loss_of, params, lr, steps, zero_grads=True):
        losses = []
        for _ in range(steps):
            loss = loss_of()
            for p in zeroed(params, zero_grads):
                p.grad = 0.0
            loss.backward()
            for p in params:
                p.data -= lr * p.grad
            losses.append(loss.data)
        return losses
    return train


right_train = make_train()                                    # the worked answer
never_zeroes = make_train(lambda params, zero_grads: [])


def network_loss(W1, b1, W2, b2):
    """The chapter's 2-3-1 network on XOR, as the notebook writes it."""
    loss = 0
    for (x1, x2), t in ch09.XOR:
        h = [(W1[0][j] * x1 + W1[1][j] * x2 + b1[j]).sigmoid() for j in range(3)]
        loss = loss + ((W2[0] * h[0] + W2[1] * h[1] + W2[2] * h[2] + b2).sigmoid() - t) ** 2
    return loss


def test_the_worked_training_loop_is_right(capsys):
    assert_right(capsys, lambda train: ch09.training(train, Right), right_train)
    assert_right(capsys, lambda train: ch09.network(train, Right, network_loss), right_train)


def test_the_learners_network_is_checked(capsys):
    def no_bias(W1, b1, W2, b2):           # the hidden units forget b1
        loss = 0
        for (x1, x2), t in ch09.XOR:
            h = [(W1[0][j] * x1 + W1[1][j] * x2).sigmoid() for j in range(3)]
            loss = loss + ((W2[0] * h[0] + W2[1] * h[1] + W2[2] * h[2] + b2).sigmoid() - t) ** 2
        return loss

    def untouched(W1, b1, W2, b2):
        raise NotImplementedError("YOUR CODE")
    assert_not_yet(capsys, lambda train: ch09.network(train, Right, no_bias), right_train,
                   "row index of W1")
    assert_not_attempted(capsys, lambda train: ch09.network(train, Right, untouched), right_train)


def test_predicting_backward_twice(capsys):
    x = Right(2.0)
    y = x * x + x
    y.backward()
    y.backward()
    assert x.grad == 5 + 1 + 2 * 2 * 2          # the + adds 1, x*x (grad now 2) adds 2x*2
    assert_right(capsys, ch09.predict_twice, {"first": 5, "second": 14})
    assert_not_yet(capsys, ch09.predict_twice, {"first": 5, "second": 10}, "not the only grad")
    assert_not_yet(capsys, ch09.predict_twice, {"first": 5, "second": 5}, "does not reset")
    assert_not_yet(capsys, ch09.predict_twice, {"first": 4, "second": 14}, "2x + 1")
    assert_not_attempted(capsys, ch09.predict_twice, {"first": None, "second": None})
    assert "14" not in ch09.predict_twice({"first": 5, "second": 10}).message


# ------------------------------------------------------------------ the untouched templates

@pytest.mark.parametrize("step", [ch09.value, ch09.add, ch09.mul, ch09.backward, ch09.pow_exp,
                                  ch09.sigmoid, ch09.divide])
def test_an_untouched_step_1_is_not_attempted(capsys, step):
    cls = type("Untouched", (Template,), {name: getattr(Right, name) for name in (
        "__add__", "__radd__", "__mul__", "backward", "__pow__", "exp", "sigmoid", "__neg__",
        "__sub__", "__truediv__", "__rtruediv__")})
    cls.__rsub__ = Right.__rsub__
    assert_not_attempted(capsys, step, cls)


def test_an_untouched_closure_or_loop_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch09.add, variant("AddTemplate", __add__=add_template))

    def train_template(loss_of, params, lr, steps, zero_grads=True):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, lambda train: ch09.training(train, Right), train_template)
    assert_not_attempted(capsys, lambda train: ch09.network(train, Right, network_loss),
                         train_template)


def test_a_class_that_lost_its_methods_says_which_cell_to_run(capsys):
    bare = type("Bare", (), {"__init__": Right.__init__})
    assert_not_yet(capsys, ch09.mul, bare, "run the cell that defines it")


# ------------------------------------------------------------------ typical mistakes

def test_step_1_mistakes(capsys):
    def init_int(self, data, parents=()):
        Right.__init__(self, data, parents)
        self.data = data
    assert_not_yet(capsys, ch09.value, variant("IntData", __init__=init_int), "float")

    def init_list(self, data, parents=()):
        Right.__init__(self, data, parents)
        self.parents = list(parents)
    assert_not_yet(capsys, ch09.value, variant("ListParents", __init__=init_list), "tuple")

    def init_grad(self, data, parents=()):
        Right.__init__(self, data, parents)
        self.grad = None
    assert_not_yet(capsys, ch09.value, variant("NoGrad", __init__=init_grad), "start at 0.0")


add_fwd = lambda a, b: a + b          # noqa: E731
mul_fwd = lambda a, b: a * b          # noqa: E731
one = lambda s, o: 1.0                # noqa: E731


def test_add_with_assignment_is_caught_as_a_fork(capsys):
    wrong = binary(add_fwd, one, one, assign=True)
    assert_not_yet(capsys, ch09.add, variant("AddAssign", __add__=wrong),
                   "use += on the parents' grads")


def test_add_that_ignores_out_grad(capsys):
    def add_one(self, other):
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other))

        def _backward():
            self.grad += 1.0
            other.grad += 1.0
        out._backward = _backward
        return out
    assert_not_yet(capsys, ch09.add, variant("AddOne", __add__=add_one), "multiplies the upstream")


@pytest.mark.parametrize("op, hint", [
    (binary(mul_fwd, lambda s, o: s.data, lambda s, o: o.data), "multiply swaps"),
    (binary(mul_fwd, lambda s, o: o.data, lambda s, o: s.data, assign=True), "+="),
])
def test_mul_mistakes(capsys, op, hint):
    assert_not_yet(capsys, ch09.mul, variant("MulWrong", __mul__=op), hint)


def test_mul_without_upstream(capsys):
    def mul_local(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data
            other.grad += self.data
        out._backward = _backward
        return out
    assert_not_yet(capsys, ch09.mul, variant("MulLocal", __mul__=mul_local),
                   "must multiply the upstream")


def not_seeded(self):
    for v in reversed(self.topological()):
        v._backward()


def forward_order(self):
    self.grad = 1.0
    for v in self.topological():
        v._backward()


def recursive(self, seed=True):
    if seed:
        self.grad = 1.0
    self._backward()
    for p in self.parents:
        recursive(p, seed=False)


def only_the_output(self):
    self.grad = 1.0                     # no walk: only the output's own closure runs
    self._backward()


def without_seen(self):
    order = []

    def visit(v):                       # no set: a value reached twice is listed twice
        for p in v.parents:
            visit(p)
        order.append(v)
    visit(self)
    self.grad = 1.0
    for v in reversed(order):
        v._backward()


def breadth_first(self):
    order, seen, queue = [], set(), [self]
    while queue:                        # from the output outwards, level by level
        v = queue.pop(0)
        if v not in seen:
            seen.add(v)
            order.append(v)
            queue.extend(v.parents)
    self.grad = 1.0
    for v in order:
        v._backward()


def pre_order(self):
    order, seen = [], set()

    def visit(v):                       # appends v before its parents, then reverses
        if v not in seen:
            seen.add(v)
            order.append(v)
            for p in v.parents:
                visit(p)
    visit(self)
    self.grad = 1.0
    for v in reversed(order):
        v._backward()


def seed_added(self):
    order = self.topological()
    self.grad += 1.0                    # right on a fresh graph, wrong on a second pass
    for v in reversed(order):
        v._backward()


def zeroes_first(self):
    order = self.topological()
    for v in order:
        v.grad = 0.0                    # forgets shares a value already held
    self.grad = 1.0
    for v in reversed(order):
        v._backward()


@pytest.mark.parametrize("method, hint", [
    (not_seeded, "dL/dL"),
    (forward_order, "Walk it reversed"),
    (recursive, "ran 2 times"),
    (without_seen, "in a set"),
    (breadth_first, "reverse topological order"),
    (pre_order, "append v only after visiting all its parents"),
    (only_the_output, "visit each of its parents, then append v"),
    (seed_added, "do not add to it"),
    (zeroes_first, "resets grads other than the output's"),
])
def test_backward_mistakes(capsys, method, hint):
    assert_not_yet(capsys, ch09.backward, variant("BackwardWrong", backward=method), hint)


def test_breadth_first_really_runs_a_node_before_its_users():
    # e = c d: from e, breadth first meets c before d, one of the users of c
    a, b = Right(2.0), Right(3.0)
    e = ch09._tangled(a, b)
    breadth_first(e)
    assert (a.grad, b.grad) != (48.0, 28.0)


@pytest.mark.parametrize("power, hint", [
    (unary(lambda s, k: s.data ** k, lambda s, out, k: k * s.data ** k), "a**2 and a**3"),
    (unary(lambda s, k: s.data ** k, lambda s, out, k: s.data ** (k - 1)), "factor k"),
])
def test_power_mistakes(capsys, power, hint):
    assert_not_yet(capsys, ch09.pow_exp, variant("PowWrong", __pow__=power), hint)
    assert "k-1" not in ch09.pow_exp(variant("PowWrong", __pow__=power)).message.replace(" ", "")


def test_exp_with_the_input_as_its_derivative(capsys):
    wrong = unary(lambda s: math.exp(s.data), lambda s, out: s.data)
    assert_not_yet(capsys, ch09.pow_exp, variant("ExpWrong", exp=wrong), "its own derivative")


@pytest.mark.parametrize("local, hint", [
    (lambda s, out: s.data * (1 - s.data), "not its input"),
    (lambda s, out: out.data, "a factor is missing"),
])
def test_sigmoid_mistakes(capsys, local, hint):
    wrong = unary(lambda s: sigma(s.data), local)
    assert_not_yet(capsys, ch09.sigmoid, variant("SigmoidWrong", sigmoid=wrong), hint)


@pytest.mark.parametrize("op, hint", [
    (lambda self, other: self * other ** -1, "two nodes"),
    (binary(lambda a, b: a / b, lambda s, o: 1 / o.data, lambda s, o: s.data / o.data ** 2),
     "wrong sign"),
    (binary(lambda a, b: a / b, lambda s, o: 1 / o.data, lambda s, o: -1 / o.data ** 2),
     "a factor is missing"),
    (binary(lambda a, b: a / b, lambda s, o: 1 / o.data, lambda s, o: -s.data / o.data ** 2,
            assign=True), "+="),
])
def test_divide_mistakes(capsys, op, hint):
    assert_not_yet(capsys, ch09.divide, variant("DivWrong", __truediv__=op), hint)


def test_training_mistakes(capsys):
    zeroes_only_the_first = make_train(lambda params, zero_grads: params[:1])

    def uphill(loss_of, params, lr, steps):
        return right_train(loss_of, params, -lr, steps)

    def on_copies(loss_of, params, lr, steps):
        return right_train(loss_of, [Right(p.data) for p in params], lr, steps)

    def too_small_steps(loss_of, params, lr, steps):
        return right_train(loss_of, params, lr / 2, steps)

    check = lambda train: ch09.training(train, Right)    # noqa: E731
    assert_not_yet(capsys, check, never_zeroes, "Set them to 0")
    assert_not_yet(capsys, check, zeroes_only_the_first, "second parameter's grad is never zeroed")
    assert_not_yet(capsys, check, uphill, "the loss grows")
    assert_not_yet(capsys, check, on_copies, "the loss never changes")
    assert_not_yet(capsys, check, too_small_steps, "the loss before step 2 should be")
    # the first differing loss is shown with enough digits to differ on screen
    message = check(too_small_steps).message
    shown_pair = message.split("should be ")[1].split(":")[0].split(", got ")
    assert shown_pair[0] != shown_pair[1]
    net = lambda train: ch09.network(train, Right, network_loss)    # noqa: E731
    assert_not_yet(capsys, net, zeroes_only_the_first, "zero the grad of every parameter")
    assert_not_yet(capsys, net, on_copies, "and move every one")

    def other_network(W1, b1, W2, b2):
        return network_loss(W1, b1, W2, b2) * 2
    assert_not_yet(capsys, lambda train: ch09.network(train, Right, other_network), right_train,
                   "before any update")


def test_training_without_zeroing_is_checked(capsys):
    always_zeroes = make_train(lambda params, zero_grads: params)
    keeps_zeroing_the_second = make_train(
        lambda params, zero_grads: params if zero_grads else params[1:])

    def template(loss_of, params, lr, steps, zero_grads=True):
        raise NotImplementedError("YOUR CODE")
    check = lambda train: ch09.no_zeroing(train, Right)    # noqa: E731
    assert_right(capsys, check, right_train)
    assert_not_yet(capsys, check, always_zeroes, "still zeroes the grads")
    assert_not_yet(capsys, check, keeps_zeroing_the_second, "leave out only the zeroing")
    assert_not_yet(capsys, check, lambda *args: right_train(*args)[:-1], "losses, got 5")
    assert_not_yet(capsys, check, lambda loss_of, params, lr, steps: [], "TypeError")
    assert_not_attempted(capsys, check, template)
    # the reference: by hand, step 2 uses the sum of steps 1 and 2's gradients
    w, b, x, t, lr = 0.4, -0.6, 1.2, 0.9, 0.5
    dz1 = 2 * (sigma(w * x + b) - t) * sigma(w * x + b) * (1 - sigma(w * x + b))
    w1, b1 = w - lr * dz1 * x, b - lr * dz1
    dz2 = 2 * (sigma(w1 * x + b1) - t) * sigma(w1 * x + b1) * (1 - sigma(w1 * x + b1))
    _, w2, b2 = ch09._neuron_steps(w, b, x, t, lr, 2, keep=(True, True))
    assert (w2, b2) == pytest.approx((w1 - lr * (dz1 + dz2) * x, b1 - lr * (dz1 + dz2)))


def test_the_network_reference_is_the_value_graph():
    # layers.Affine + layers.Sigmoid on the batch give the same loss and gradients as the
    # Value graph of network_loss, and both match central differences
    rng = np.random.default_rng(1)
    W1, W2, b1, b2 = rng.normal(size=(2, 3)), rng.normal(size=3), rng.normal(size=3), 0.2
    losses, grads, _ = ch09._network_steps(W1, b1, W2, b2, 0.0, 1)
    flat = np.concatenate([W1.ravel(), b1, W2, [b2]])

    def loss_at(p):                     # W1 row by row (p[0:6]), b1, W2, b2 on plain floats
        total = 0.0
        for (x1, x2), t in ch09.XOR:
            h = [sigma(x1 * p[j] + x2 * p[3 + j] + p[6 + j]) for j in range(3)]
            total += (sigma(sum(h[j] * p[9 + j] for j in range(3)) + p[12]) - t) ** 2
        return total
    numeric = layers.numerical_gradient(loss_at, flat.copy())
    assert losses[0] == pytest.approx(loss_at(flat), rel=1e-12)
    assert grads == pytest.approx(numeric, rel=1e-6, abs=1e-9)
    params = [Right(v) for v in flat]
    loss = network_loss([params[0:3], params[3:6]], params[6:9], params[9:12], params[12])
    loss.backward()
    assert loss.data == pytest.approx(losses[0], rel=1e-12)
    assert [p.grad for p in params] == pytest.approx(grads, rel=1e-9)


def test_predicting_where_training_without_zeroing_settles(capsys):
    # the run by the Value engine, without zeroing: the loss settles at t^2, w x + b runs on
    w, b = Right(0.5), Right(1.0)
    zs = []
    for _ in range(20):                  # one step at a time: the grads are never zeroed
        losses = never_zeroes(lambda: ((w * 2.0 + b).sigmoid() - 0.2) ** 2, [w, b], 1.0, 1)
        zs.append(w.data * 2 + b.data)
    assert losses[-1] == pytest.approx(0.04, abs=1e-4)
    assert zs[19] - zs[18] == pytest.approx(zs[10] - zs[9], rel=1e-3) and zs[19] < -30
    # the piled-up grads after step 10, before step 11's backward adds to them
    w, b = Right(0.5), Right(1.0)
    never_zeroes(lambda: ((w * 2.0 + b).sigmoid() - 0.2) ** 2, [w, b], 1.0, 10)
    z10 = w.data * 2 + b.data
    predicted = z10 - 10 * (2 * w.grad + b.grad)      # ten more steps of the same size
    assert predicted == pytest.approx(zs[19], rel=1e-4)
    assert_right(capsys, ch09.piled_up, predicted)
    assert_not_yet(capsys, ch09.piled_up, z10, "but does w x + b")
    assert_not_yet(capsys, ch09.piled_up, -20.0, "piled-up grads")
    assert str(round(predicted)) not in ch09.piled_up(-20.0).message
    assert_not_yet(capsys, ch09.piled_up, "soon", "one number")
    assert_not_attempted(capsys, ch09.piled_up, None)


def test_predicting_where_one_neuron_stalls_on_xor(capsys):
    # one answer y for all four points costs 2 y^2 + 2 (1 - y)^2, smallest at y = 1/2
    assert_right(capsys, ch09.stall, 4 * 0.5 ** 2)
    assert_not_yet(capsys, ch09.stall, 0.25, "summed")
    assert_not_yet(capsys, ch09.stall, 2.0, "which y is best")
    assert_not_attempted(capsys, ch09.stall, None)
    assert "1.0" not in ch09.stall(0.0).message and "0.5" not in ch09.stall(0.0).message
    # an OR-like neuron creeps towards the same floor the other way: three right, one wrong
    w1, w2, b = Right(2.0), Right(2.0), Right(-1.0)

    def loss_of():
        loss = 0
        for (x1, x2), t in ch09.XOR:
            loss = loss + ((w1 * x1 + w2 * x2 + b).sigmoid() - t) ** 2
        return loss
    losses = right_train(loss_of, [w1, w2, b], 2.0, 300)
    answers = [(w1 * x1 + w2 * x2 + b).sigmoid().data for (x1, x2), _ in ch09.XOR]
    assert 1.0 < losses[-1] < 1.01 and losses[-1] < losses[-50]
    assert answers == pytest.approx([0, 1, 1, 1], abs=0.06)


def test_predicting_the_sigmoid_by_nodes(capsys):
    # 1 / (1 + exp(-x)) with step 5's - and /: x * -1, exp, 1 + ., ** -1, * 1
    assert_right(capsys, ch09.sigmoid_nodes, 5)
    assert_right(capsys, ch09.sigmoid_nodes, 5.0)
    assert_not_yet(capsys, ch09.sigmoid_nodes, 4, "more than one operation")
    assert_not_yet(capsys, ch09.sigmoid_nodes, 3, "made of operations")
    for with_constants in (6, 7, 8):
        assert_not_yet(capsys, ch09.sigmoid_nodes, with_constants, "inputs")
    # x, -1, 1 and 1 counted as well: 5 + 4
    assert_not_yet(capsys, ch09.sigmoid_nodes, 9, "x and the constants")
    assert_not_yet(capsys, ch09.sigmoid_nodes, 1, "count")
    assert_not_yet(capsys, ch09.sigmoid_nodes, "five", "number")
    assert_not_attempted(capsys, ch09.sigmoid_nodes, None)
    for wrong in (3, 4, 6, 9, 1):
        assert "5" not in ch09.sigmoid_nodes(wrong).message.replace("step 5", "")
    # the count is what the chapter's expression really records on a Value
    assert len(engine.operations(1 / (1 + engine.exp(-Right(2.0))), Right)) == 5


def test_predicting_where_a_saturated_start_ends(capsys):
    # one answer y for targets 1, 1, 0 costs 2 (y - 1)^2 + y^2, least at y = 2/3: 2/3
    best = 2 / 3
    losses = ch09._scaled_losses(15.0)
    assert min(losses) > 0.5 and losses[-1] == pytest.approx(best, abs=0.01)
    for said in (best, 0.67, 0.673):
        assert_right(capsys, ch09.saturated, said)
    for said, hint in ((1.0, "one neuron's floor"), (0.5, "best single answer"),
                       (0.0, "only one answer"), (0.3, "smallest")):
        assert_not_yet(capsys, ch09.saturated, said, hint)
        message = ch09.saturated(said).message
        assert "2/3" not in message and "0.667" not in message
    assert_not_yet(capsys, ch09.saturated, "high", "one number")
    assert_not_attempted(capsys, ch09.saturated, None)


def test_every_grad_is_whole_when_its_closure_runs():
    # users: c of a and b, d of a and c, e of c and d; so e, d, c, then a and b either way.
    # Each holds its whole gradient then: e 1; d = dL/dd = c = ab = 6; c = d + c = 8 + 6 = 14;
    # by the product rule a 48, b 28
    held = {"e": 1, "d": 6, "c": 14, "b": 28, "a": 48}
    ran = engine.closure_order(tangled, Right, a=2.0, b=3.0)
    assert [name for name, _ in ran.ran] in (list("edcab"), list("edcba"))
    assert {name: g for name, g in ran.ran} == held


def test_predicting_the_calls_of_the_per_path_pass(capsys):
    # paths from e down to a in one tangled graph: e-c-a, e-d-c-a, e-d-a; ten in a row,
    # each e the next a: a path picks one of the three in every graph, 3^10 = 59049
    assert_right(capsys, ch09.per_path, 59049)
    assert_not_yet(capsys, ch09.per_path, 3, "paths through one graph")
    assert_not_yet(capsys, ch09.per_path, 30, "do not add up")
    assert_not_yet(capsys, ch09.per_path, 1024, "more than one route")
    assert_not_yet(capsys, ch09.per_path, 1, "nobody waits")
    assert_not_yet(capsys, ch09.per_path, 100, "every way the lines go")
    for wrong in (1, 3, 30, 1024, 100):
        message = ch09.per_path(wrong).message
        assert "59049" not in message and "59,049" not in message and "3^10" not in message
    assert_not_yet(capsys, ch09.per_path, "many", "one number")
    assert_not_attempted(capsys, ch09.per_path, None)


def test_predicting_the_forward_mode_passes_of_a_layer(capsys):
    # forward mode: one pass per weight; the layer has 64 x 10 weights
    assert_right(capsys, ch09.forward_passes, 640)
    for wrong, hint in ((1, "ONE input"), (64, "inputs of one unit"), (10, "counts the units"),
                        (650, "biases"), (2560, "whole batch"), (129, "how many weights")):
        assert_not_yet(capsys, ch09.forward_passes, wrong, hint)
        assert "640" not in ch09.forward_passes(wrong).message
    assert_not_yet(capsys, ch09.forward_passes, "many", "one number")
    assert_not_attempted(capsys, ch09.forward_passes, None)


def test_predicting_what_x_over_x_sends_back(capsys):
    # x / x = 1 for every x: its derivative is 0
    assert_right(capsys, ch09.x_over_x, 0)
    assert_not_yet(capsys, ch09.x_over_x, 1, "value of x / x")
    assert_not_yet(capsys, ch09.x_over_x, 2, "let x grow")
    for wrong in (1, 2):
        assert "0" not in ch09.x_over_x(wrong).message
    assert_not_yet(capsys, ch09.x_over_x, "none", "one number")
    assert_not_attempted(capsys, ch09.x_over_x, None)


def ten_tangled(a, b):
    for _ in range(10):
        a = tangled(a, b)
    return a


def test_the_per_path_counts_and_grads_in_the_text():
    # step 4's text: ten tangled graphs in a row (each e the next a) have 2 inputs and
    # 10 x 3 = 30 operations; a pass per path runs a's send_down 3^10 times, 236,193 calls
    # in all; it gets the gradients right (48 and 28 at a = 2, b = 3 by the product rule)
    one = engine.per_path_calls(tangled, a=2.0, b=3.0)
    assert one == {"a": 3, "b": 2, "c": 2, "d": 1, "e": 1}
    assert one.grads["a"] == pytest.approx(48.0) and one.grads["b"] == pytest.approx(28.0)
    calls = engine.per_path_calls(ten_tangled, a=0.5, b=1.0)
    assert len(calls) == 32 and calls["a"] == 3 ** 10
    assert sum(calls.values()) == 236_193
    # e = (ab + a) ab at b = 1 is 2a^2, so ten in a row: a -> 2a^2 ten times from a = 1/2
    # stays at 1/2, and each step's derivative 4a = 2 multiplies: 2^10
    assert calls.grads["a"] == pytest.approx(2.0 ** 10)
    # and the chapter's count of a right backward(): each of the 32 closures once, of which
    # 30 are operations
    assert len(engine.closure_order(ten_tangled, Right, a=0.5, b=1.0).ran) == 32
    assert len(engine.operations(ten_tangled(Right(0.5), Right(1.0)), Right)) == 30


# ------------------------------------------------------------------ teaching/engine.py

def apples_and_oranges(apple, apple_num, orange, orange_num, tax):
    return (apple * apple_num + orange * orange_num) * tax


def test_slower_than_affine_times_both_ways_to_two_figures():
    import time
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(4, 64)), rng.normal(size=(64, 10)), np.zeros(10)
    ratio = engine.slower_than_affine(lambda: time.sleep(0.02), X, W, b)
    assert ratio > 5 and ratio == float(f"{ratio:.2g}")


SHOP = {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 3, "tax": 1.1}


def test_compare_puts_the_shopping_gradients_side_by_side():
    result = engine.compare(apples_and_oranges, Right, **SHOP)
    want = [715, 2.2, 110, 3.3, 165, 650]          # chapter 03, from the rules
    for (name, yours, traced, numeric), w in zip(result.rows, want):
        assert yours == pytest.approx(w) and traced == pytest.approx(w)
        assert numeric is None or numeric == pytest.approx(w, rel=1e-7)
    assert result.yours_ok and result.ops == (4, 4, 4)
    assert "agrees with layers.py" in repr(result)


def test_compare_shows_the_reference_columns_for_an_untouched_class():
    result = engine.compare(apples_and_oranges, Template, **SHOP)
    assert not result.yours_ok
    assert "not attempted yet" in repr(result) and "Hint" not in repr(result)
    assert [row[2] for row in result.rows] == pytest.approx([715, 2.2, 110, 3.3, 165, 650])


def test_compare_names_a_disagreement():
    NoSwap = variant("NoSwap", __mul__=binary(mul_fwd, lambda s, o: s.data, lambda s, o: o.data))
    result = engine.compare(apples_and_oranges, NoSwap, **SHOP)
    assert not result.yours_ok and "disagrees" in repr(result)


def test_compare_counts_operations_made_of_operations():
    # 1 / a is one traced node but a ** -1 and * 1 on a Value: the numbers agree, the counts not
    def sigmoid_by_nodes(x):
        return 1 / (1 + engine.exp(-x))
    result = engine.compare(sigmoid_by_nodes, Right, x=2.0)
    assert result.ops[:2] == (5, 4) and not result.yours_ok
    assert "agrees with layers.py on every number above, with 5 operations" in repr(result)
    assert result.rows[1][1] == pytest.approx(sigma(2.0) * (1 - sigma(2.0)))


def test_the_capstone_neuron_agrees_three_ways():
    def neuron_loss(w, b, x, t):
        L = (engine.sigmoid(w * x + b) - t) ** 2
        return L
    result = engine.compare(neuron_loss, Right, w=0.5, b=1.0, x=2.0, t=0.0)
    y = sigma(2.0)
    dz = 2 * y * y * (1 - y)
    by_name = {row[0]: row for row in result.rows}
    assert by_name["L"][1] == pytest.approx(y ** 2)
    assert by_name["d w"][1] == pytest.approx(dz * 2.0) and by_name["d b"][1] == pytest.approx(dz)
    assert result.yours_ok and result.ops == (6, 6, 6)


def test_exp_and_sigmoid_dispatch_on_numbers_traced_values_and_values():
    assert engine.exp(0.5) == pytest.approx(math.exp(0.5))
    assert engine.relu(-0.5) == 0.0 and engine.relu(Right(-0.5)).data == 0.0
    assert [n.op for n in trace.graph_from(lambda x: engine.relu(x), x=1.0).nodes] == ["relu"]
    assert engine.sigmoid(np.array([-1000.0, 0.0]))[1] == 0.5     # layers.Sigmoid: no overflow
    v = Right(0.5)
    assert engine.sigmoid(v).data == pytest.approx(sigma(0.5))
    assert engine.exp(v).parents == (v,)
    g = trace.graph_from(lambda x: engine.sigmoid(engine.exp(x)), x=0.0)
    assert [n.op for n in g.nodes] == ["exp", "sigmoid"]


def tangled(a, b):
    c = b * a
    d = c + a
    e = c * d
    return e


def test_graph_arches_the_tangled_line_and_runs_backward():
    g = engine.graph(tangled, a=2.0, b=3.0)
    assert g.curved == {"a>d.1"}
    assert (g.grads["a"], g.grads["b"]) == (48.0, 28.0)     # (b+1)ab + (ab+a)b, a ab + (ab+a)a
    # the inner lines are named beside their values: c = ab = 6, d = c + a = 8
    assert g.named == {"c", "d"}
    svg = g._repr_svg_()
    assert ">c = 6<" in svg and ">d = 8<" in svg and ">e = " not in svg
    shop = engine.graph(apples_and_oranges, **SHOP)
    assert shop.curved == set() and shop.named == set() and " = " not in shop._repr_svg_()


def test_draw_shows_your_graph_with_your_shares_on_each_line():
    g = engine.draw(tangled, Right, a=2.0, b=3.0)
    assert [n.op for n in g.nodes] == ["×", "+", "×"] and g.output == "e"
    assert (g.values["c"], g.values["d"], g.values["e"]) == (6.0, 8.0, 48.0)
    # e = c d sends d = 8 to c and c = 6 to d; c collects 8 + 6 = 14; a 48, b 28
    assert g.branch_grads[("e", 0)] == 8.0 and g.branch_grads[("e", 1)] == 6.0
    assert (g.grads["c"], g.grads["a"], g.grads["b"]) == (14.0, 48.0, 28.0)
    assert g.curved == {"a>d.1"} and ">c = 6<" in g._repr_svg_()
    shop = engine.draw(apples_and_oranges, Right, **SHOP)
    assert [shop.grads[k] for k in SHOP] == pytest.approx([2.2, 110, 3.3, 165, 650])
    # a constant of your graph (the -1 of y - t) is drawn as a constant
    neuron = engine.draw(lambda w, t: (engine.relu(w) - t) ** 2, Right, w=0.5, t=0.2)
    assert [n.op for n in neuron.nodes] == ["relu", "×", "+", "**"]
    assert list(neuron.constants.values()) == [-1.0]
    assert neuron.grads["w"] == pytest.approx(2 * (0.5 - 0.2))
    # drawing runs your closures again: the grads of your Values are left as backward left them
    untouched = engine.draw(tangled, Template, a=2.0, b=3.0)
    assert "not attempted yet" in repr(untouched)
    mute = variant("Mute", __add__=add_template)
    assert "not attempted yet" in repr(engine.draw(tangled, mute, a=2.0, b=3.0))


def test_draw_restores_the_grads_it_borrows():
    a, b = Right(2.0), Right(3.0)
    e = tangled(a, b)
    e.backward()
    replay = engine._Replay(e)
    assert replay.backward(2.0) == (16.0, 12.0)
    assert (a.grad, b.grad, e.grad) == (48.0, 28.0, 1.0)
    x = Right(3.0)
    square = x * x
    assert engine._Replay(square).backward(1.0) == (3.0, 3.0)     # 2x shared by its two slots


def test_closure_order_names_your_values_and_what_they_held():
    result = engine.closure_order(tangled, Right, a=2.0, b=3.0)
    ran = dict(result.ran)
    assert [n for n, _ in result.ran][:3] == ["e", "d", "c"]    # reversed topological order
    assert sorted(ran) == ["a", "b", "c", "d", "e"]
    assert ran["e"] == 1.0 and ran["d"] == 6.0 and ran["c"] == 8.0 + 6.0
    assert result.grads == {"a": 48.0, "b": 28.0}
    assert "e (1), d (6), c (14)" in repr(result)
    level = engine.closure_order(tangled, Right, backward=breadth_first, a=2.0, b=3.0)
    assert level.ran == [("e", 1.0), ("c", 8.0), ("d", 6.0), ("b", 16.0), ("a", 30.0)]
    untouched = engine.closure_order(tangled, Template, a=2.0, b=3.0)
    assert untouched.ran == [] and "not attempted yet" in repr(untouched)


def test_predicting_the_level_by_level_backward(capsys):
    # at a = 1, b = 2 (not the drawn point): c = 2, d = 3; right gradients (b + 1) c + d b = 12
    # and a c + d a = 5; level by level c runs holding only d = 3 of its c + d = 5
    a, b = Right(1.0), Right(2.0)
    breadth_first(ch09._tangled(a, b))
    assert (a.grad, b.grad) == (2 * 3 + 2, 1 * 3)
    right = {"order": "e, c, d, b, a", "c_holds": 3, "a": 8, "b": 3}
    assert_right(capsys, ch09.breadth_first, right)
    assert_right(capsys, ch09.breadth_first, {**right, "order": ["e", "c", "d", "b", "a"]})
    assert_not_yet(capsys, ch09.breadth_first, {**right, "order": "e, c, a, b, d"},
                   "first in, first out")
    assert_not_yet(capsys, ch09.breadth_first, {**right, "order": "e, c, d"}, "each of a")
    assert_not_yet(capsys, ch09.breadth_first, {**right, "c_holds": 5}, "whole gradient")
    assert_not_yet(capsys, ch09.breadth_first, {**right, "c_holds": 2}, "d's share")
    assert_not_yet(capsys, ch09.breadth_first, {**right, "a": 12, "b": 5}, "the right gradients")
    assert_not_yet(capsys, ch09.breadth_first, {**right, "a": 6, "b": 2}, "straight from e")
    assert_not_yet(capsys, ch09.breadth_first, {**right, "a": 1, "b": 2}, "by hand")
    assert_not_attempted(capsys, ch09.breadth_first,
                         {"order": None, "c_holds": None, "a": None, "b": None})
    assert "8" not in ch09.breadth_first({**right, "a": 12, "b": 5}).message
    assert "3" not in ch09.breadth_first({**right, "c_holds": 5}).message


def test_hostile_answers_get_a_verdict_not_a_crash(capsys):
    def add_float(self, other):
        return self.data + (other.data if isinstance(other, Right) else other)

    def init_none(self, data, parents=()):
        Right.__init__(self, data, parents)
        self.parents = None
    for step in (ch09.add, ch09.backward):
        assert_not_yet(capsys, step, variant("AddFloat", __add__=add_float), "")
    assert_not_yet(capsys, ch09.value, variant("NoneParents", __init__=init_none), "empty tuple")
    assert_not_yet(capsys, ch09.value, 3.0, "pass your class")
    assert_not_yet(capsys, lambda t: ch09.training(t, Right), "not a function",
                   "pass your function")


def test_compare_matches_node_by_node():
    # right at the inputs, wrong inside: after the pass, every intermediate grad is doubled
    class Inside(Right):
        def backward(self):
            Right.backward(self)
            for v in self.topological():
                if v.parents and v is not self:
                    v.grad *= 2
    result = engine.compare(apples_and_oranges, Inside, **SHOP)
    assert [row[1] for row in result.rows] == pytest.approx([715, 2.2, 110, 3.3, 165, 650])
    assert not result.yours_ok and result.ops == (4, 4, 1)      # only the output agrees
    assert "only 1 of the 4 traced nodes" in repr(result)


def test_draw_names_equal_numbers_apart():
    # two nodes that hold the same number and a constant equal to an input: distinct lines
    def same(a, b):
        c = a * 1.0
        d = b * 1.0
        return c + d
    g = engine.draw(same, Right, a=2.0, b=2.0)
    assert len(g.nodes) == 3 and len(set(n.output for n in g.nodes)) == 3
    assert sorted(g.constants.values()) == [1.0, 1.0]
    assert (g.grads["a"], g.grads["b"]) == (1.0, 1.0)


# ---------------------------------------------------------------- the lecture view's stand-ins

def test_standing_in_runs_the_chapters_own_value_in_the_lecture_view(monkeypatch):
    from teaching.reveal import LECTURE
    monkeypatch.delenv(LECTURE, raising=False)
    names = globals()

    def shown():
        x = names["Value"](2.0)
        y = x * x + x.sigmoid() - 1 / x + (3 - x)
        y.backward()
        return x.grad
    assert ch09.standing_in(len, [1, 2])() == 2      # outside the lecture view: the call
    monkeypatch.setenv(LECTURE, "1")
    names["Value"] = "unwritten"
    try:
        s = 1 / (1 + math.exp(-2.0))
        # d/dx of x^2 + sigmoid(x) - 1/x + 3 - x at x = 2, from the math
        assert ch09.standing_in(shown)() == pytest.approx(2 * 2 + s * (1 - s) + 1 / 4 - 1)
        assert names["Value"] == "unwritten"
    finally:
        names.pop("Value")


def test_show_when_shows_the_run_only_once_every_check_says_right(capsys, monkeypatch):
    from teaching.checks.core import Verdict
    from teaching.reveal import LECTURE
    monkeypatch.delenv(LECTURE, raising=False)
    right, wrong = Verdict.right("yes."), Verdict.not_yet("look again.")
    untouched = Verdict.not_attempted("replace None with a number.")

    def show():
        print("the run")
        return "its result"
    engine.show_when(right, show, needs=[right])
    assert capsys.readouterr().out.splitlines() == ["Right: yes.", "the run", "its result"]
    for verdict in (wrong, untouched):          # the verdict alone: it says what to do
        engine.show_when(verdict, show)
        assert capsys.readouterr().out.splitlines() == [verdict.message]
    engine.show_when(right, show, needs=[right, wrong])   # an earlier step's code is not right yet
    out = capsys.readouterr().out
    assert "the run" not in out and "earlier step" in out and "Right yet" in out
    engine.show_when(right, lambda: None)         # a run that only prints shows no None
    assert capsys.readouterr().out.splitlines() == ["Right: yes."]


def test_show_when_in_the_lecture_view_runs_on_the_chapters_own_code(capsys, monkeypatch):
    from teaching.checks.core import Verdict
    from teaching.reveal import LECTURE
    monkeypatch.setenv(LECTURE, "1")
    shown = []
    engine.show_when(ch09.backward(Right), lambda: shown.append("after the code"))
    assert shown == ["after the code"]          # a step's code: its run follows at once
    engine.show_when(Verdict.not_attempted("x"), lambda: shown.append("an answer"))
    assert shown == ["after the code", "an answer"]     # computed, kept behind the button
    assert "the run" not in capsys.readouterr().out


def test_the_lecture_view_shows_each_steps_own_code(monkeypatch):
    from teaching.reveal import LECTURE
    monkeypatch.setenv(LECTURE, "1")
    shown = {"value": "def __init__(self, data, parents=()):",
             "add": "def add(self, other):", "mul": "def mul(self, other):",
             "backward": "def backward(self):", "pow_exp": "def power(self, k):",
             "sigmoid": "def sigmoid(self):", "training": "def train(loss_of, params,",
             "network": "def network(x1, x2, W1, b1, W2, b2):"}
    for step, first_line in shown.items():
        verdict = getattr(ch09, step)(Right)
        assert not verdict                          # nobody's code was checked
        assert repr(verdict).startswith(first_line) and "_Value" not in repr(verdict)
        assert "<pre" in verdict._repr_html_() or "highlight" in verdict._repr_html_()
    assert "def exp(self):" in repr(ch09.pow_exp(Right))
    monkeypatch.delenv(LECTURE)
    assert ch09.add(Right) and "Right" in repr(ch09.add(Right))


def test_the_stand_ins_pass_the_chapters_checks():
    Value = ch09._Value
    for verdict in (ch09.value(Value), ch09.add(Value), ch09.mul(Value), ch09.backward(Value),
                    ch09.pow_exp(Value), ch09.sigmoid(Value),
                    ch09.training(ch09._train, Value)):
        assert verdict, verdict

    def network_loss(W1, b1, W2, b2):
        loss = 0
        for (x1, x2), t in ch09.XOR:
            loss = loss + (ch09._network(x1, x2, W1, b1, W2, b2) - t) ** 2
        return loss
    assert ch09.network(ch09._train, Value, network_loss)


def test_the_plateau_figure_draws_the_loss_and_the_inputs():
    result = engine.XorRun([1.1, 1.0, 0.5, 0.1], [1.0, 0.8, 2.5, 6.0], [], [])
    picture = engine.plateau_figure(result)
    left, right = picture.figure.axes
    assert list(left.lines[0].get_ydata()) == result.losses
    assert list(right.lines[0].get_ydata()) == result.largest
    png = picture._repr_mimebundle_()["image/png"]
    assert base64.b64decode(png).startswith(b"\x89PNG")


def test_the_scales_figure_overlays_every_run():
    runs = {"W1 x 1": [1.1, 1.0, 0.2], "W1 x 3": [1.1, 0.4, 0.1]}
    picture = engine.scales_figure(runs)
    ax, = picture.figure.axes
    assert [list(line.get_ydata()) for line in ax.lines[:2]] == list(runs.values())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(runs)
    png = picture._repr_mimebundle_()["image/png"]          # base64 text, not raw bytes
    assert isinstance(png, str) and base64.b64decode(png).startswith(b"\x89PNG")


def test_first_below_finds_the_first_step_under_the_level():
    assert engine.first_below([1.0, 0.6, 0.4, 0.7, 0.3]) == 2
    assert engine.first_below([1.0, 0.6], level=0.5) is None
    assert engine.first_below([0.2], level=0.1) is None


def test_xor_run_trains_the_chapters_network_as_the_layers_do():
    def network_loss(W1, b1, W2, b2):
        loss = 0
        for (x1, x2), t in ch09.XOR:
            loss = loss + (ch09._network(x1, x2, W1, b1, W2, b2) - t) ** 2
        return loss
    losses, largest, answers, hidden = engine.xor_run(ch09._Value, ch09._train, ch09._network,
                                                      network_loss, scale=3.0, lr=2.0, steps=5)
    rng = np.random.default_rng(0)
    W1, W2 = 3.0 * rng.normal(0, 1, (2, 3)), rng.normal(0, 1, 3)
    want, _, final = ch09._network_steps(W1, np.zeros(3), W2, 0.0, 2.0, 5)
    assert np.allclose(losses, want)
    X = np.array([x for x, _ in ch09.XOR])
    assert largest[0] == pytest.approx(np.abs(X @ W1).max())      # biases start at 0
    W1_end, b1_end = final[:6].reshape(2, 3), final[6:9]
    h = 1 / (1 + np.exp(-(X @ W1_end + b1_end)))
    assert np.allclose(hidden, h)
    assert np.allclose(answers, 1 / (1 + np.exp(-(h @ final[9:12] + final[12]))))


def test_rises_names_the_first_rise_and_how_high_it_went():
    assert engine.rises([1.0, 0.9, 0.8]) == "never rose"
    assert engine.rises([1.0, 0.86, 1.08, 0.9, 0.95, 0.1]) == (
        "rose in 2 steps, the first time from 0.86 back up to 1.08")


def test_send_down_and_sweep_counts_print_the_per_path_and_the_closure_counts(capsys):
    def tangled(a, b):
        c = b * a
        d = c + a
        e = c * d
        return e

    def ten_tangled(a, b):
        for _ in range(10):
            a = tangled(a, b)
        return a
    engine.send_down_counts(tangled, ten_tangled)
    out = capsys.readouterr().out
    # a: 3 paths; de/da = (b + 1) ab + (ab + a) b = 3 x 6 + 9 x 2 = 36 at a = 3, b = 2, the
    # point the chapter draws
    assert "ran a 3, b 2, c 2, d 1, e 1 times, and left a.grad = 36" in out
    assert f"{3 ** 10:,} times for the first a" in out
    engine.sweep_counts(ch09._Value, tangled, ten_tangled)
    out = capsys.readouterr().out
    total = sum(engine.per_path_calls(ten_tangled, a=0.5, b=1.0).values())
    # 3 operations per graph, ten graphs, and the two inputs a and b
    assert "left a.grad = 36" in out and "closures of its 30 operations" in out
    assert "the 2 inputs' empty ones" in out and f"{total:,} calls" in out


def test_layer_cost_counts_the_layer_of_values():
    ops, slower = engine.layer_cost(ch09._Value)
    assert ops == 4 * 10 * (64 + 64 + 1)       # a multiply and an add per term, + 1 into L
    assert slower > 1


def test_compare_and_draw_shows_the_table_and_both_graphs(capsys):
    def halved(x):
        return x / 2
    engine.compare_and_draw(halved, Right, x=3.0)
    out = capsys.readouterr().out
    # d(x / 2)/dx = 1/2
    assert "halved at x = 3" in out and "0.5" in out
    assert "halved, your Values" in out and "<Graph 'halved'" in out
