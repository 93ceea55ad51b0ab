"""The checks of chapter 07 (teaching/checks/ch07.py) accept right answers and reject
typical wrong ones.

The right answers are written here from the math, not taken from the check: the Affine
layer's gradients entry by entry (dx[n, i] = sum_j dout[n, j] W[i, j], dW[i, j] =
sum_n x[n, i] dout[n, j], db[j] = sum_n dout[n, j]); softmax's Jacobian
J_ij = y_i (delta_ij - y_j), entry by entry; cross-entropy sends dL/dy = -t / y back; the
squared error 1/2 sum (y - t)^2 sends y - t back; the score gradient is
sum_i dL/dy_i J_ij.  Each wrong answer is one classic mistake.
"""

import math

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of

import layers
from teaching.checks import ch07


def softmax(a):
    e = [math.exp(v - max(a)) for v in a]
    return np.array([v / sum(e) for v in e])


def jacobian_from_y(y):
    """J_ij = y_i (delta_ij - y_j), one entry at a time."""
    C = len(y)
    return np.array([[y[i] * ((1.0 if i == j else 0.0) - y[j]) for j in range(C)]
                     for i in range(C)])


def score_gradient(a, t, jacobian=jacobian_from_y):
    dL_dy = -t / softmax(a)
    J = jacobian(softmax(a))
    return np.array([sum(dL_dy[i] * J[i, j] for i in range(len(a))) for j in range(len(a))])


def squared_error_score_gradient(a, t, jacobian=jacobian_from_y):
    dL_dy = softmax(a) - t
    J = jacobian(softmax(a))
    return np.array([sum(dL_dy[i] * J[i, j] for i in range(len(a))) for j in range(len(a))])


def template(*args):
    raise NotImplementedError("YOUR CODE")


def affine_class(backward_lines):
    """A book-size Affine whose backward is ``backward_lines(self, dout)``."""
    class Book:
        def __init__(self, W, b):
            self.W, self.b = W, b
            self.x = self.dW = self.db = None

        def forward(self, x):
            self.x = x
            return x @ self.W + self.b

        backward = backward_lines
    return Book


def right_backward(self, dout):
    lead = self.x.shape[:-1]          # (N,) for a batch, (N, T) for sequences
    x, dout = self.x.reshape(-1, self.x.shape[-1]), dout.reshape(-1, dout.shape[-1])
    R, D = x.shape                    # one row per use of W: every sample (and every step)
    H = self.W.shape[1]
    self.dW = np.array([[sum(x[r, i] * dout[r, j] for r in range(R)) for j in range(H)]
                        for i in range(D)])
    self.db = np.array([sum(dout[r, j] for r in range(R)) for j in range(H)])
    dx = np.array([[sum(dout[r, j] * self.W[i, j] for j in range(H)) for i in range(D)]
                   for r in range(R)])
    return dx.reshape(lead + (D,))


def box_backward(self, dout):
    """The formulas of the chapter's table, written for a 2-D batch."""
    self.dW = self.x.T @ dout
    self.db = dout.sum(axis=0)
    return dout @ self.W.T


def with_dW(product):
    def backward(self, dout):
        dx = right_backward(self, dout)
        self.dW = product(self.x, dout)
        return dx
    return backward


def db_unsummed(self, dout):
    dx = box_backward(self, dout)
    self.db = dout
    return dx


def db_averaged(self, dout):
    dx = box_backward(self, dout)
    self.db = dout.mean(axis=0)
    return dx


def db_doubled(self, dout):
    dx = box_backward(self, dout)
    self.db = 2 * dout.sum(axis=0)
    return dx


def test_affine_backward(capsys):
    check = ch07.affine_backward
    assert_right(capsys, check, affine_class(right_backward))
    assert_not_attempted(capsys, check, affine_class(lambda self, dout: template()))
    # sizes all differ: dout.T @ x runs, with W's shape turned round
    assert_not_yet(capsys, check, affine_class(with_dW(lambda x, dout: dout.T @ x)), "swapped")
    # x @ dout only runs when N = D: the first case, where it has dW's shape
    swap_when_square = with_dW(lambda x, dout: x @ dout if x.shape[0] == x.shape[1]
                               else x.T @ dout)
    assert_not_yet(capsys, check, affine_class(swap_when_square), "only because N = D")
    assert_not_yet(capsys, check, affine_class(with_dW(lambda x, dout: x @ dout)),
                   "only because N = D")
    # right at N = D, but the product cannot run at (2, 3, 4): numpy's error, with the shapes
    assert_not_yet(capsys, check, affine_class(with_dW(
        lambda x, dout: x.T @ dout if x.shape[0] == x.shape[1] else x @ dout)),
        "inner sizes must meet")

    def dx_without_transpose(self, dout):
        right_backward(self, dout)
        return dout @ self.W
    assert_not_yet(capsys, check, affine_class(dx_without_transpose), "x (3, 3), W (3, 2)")

    # sequences: x.T of a 3-D array reverses all its axes, and the product fails
    assert_not_yet(capsys, check, affine_class(box_backward), "reverses all three axes")
    # W is used at every step and by every sequence
    assert_not_yet(capsys, check, affine_class(with_dW(
        lambda x, dout: x[:, -1].T @ dout[:, -1] if x.ndim == 3 else x.T @ dout)),
        "last step's")
    assert_not_yet(capsys, check, affine_class(with_dW(
        lambda x, dout: x[0].T @ dout[0] if x.ndim == 3 else x.T @ dout)), "first sequence's")
    assert_not_yet(capsys, check, affine_class(with_dW(
        lambda x, dout: x.sum(axis=1).T @ dout.sum(axis=1) if x.ndim == 3 else x.T @ dout)),
        "every step t")

    def db_over_samples_only(self, dout):
        dx = right_backward(self, dout)
        self.db = dout.sum(axis=0)
        return dx
    assert_not_yet(capsys, check, affine_class(db_over_samples_only), "every axis but the last")

    def db_wrong_axis(self, dout):
        dx = right_backward(self, dout)
        self.db = dout.sum(axis=-1)
        return dx
    assert_not_yet(capsys, check, affine_class(db_wrong_axis), "wrong axis")

    assert_not_yet(capsys, check, affine_class(db_unsummed), "sum over the rows")
    assert_not_yet(capsys, check, affine_class(db_averaged), "sum, not average")
    assert_not_yet(capsys, check, affine_class(db_doubled), "b's shape (2,) but other numbers")

    def dx_transposed(self, dout):
        right_backward(self, dout)
        return self.W @ dout.T
    assert_not_yet(capsys, check, affine_class(dx_transposed), "last two axes swapped")

    def no_dW(self, dout):
        dx = right_backward(self, dout)
        self.dW = None
        return dx
    assert_not_yet(capsys, check, affine_class(no_dW), "self.dW")

    def in_place(self, dout):
        dx = right_backward(self, dout)
        dout *= 0
        return dx
    assert_not_yet(capsys, check, affine_class(in_place), "wrote into the dout")


def test_affine_batch_backward(capsys):
    check = ch07.affine_batch_backward
    # the table's formulas, for a batch x (N, D); sequences are exercise 1's
    assert_right(capsys, check, affine_class(box_backward))
    assert_right(capsys, check, affine_class(right_backward))
    assert "central differences" in verdict_of(capsys, check, affine_class(box_backward))[1]
    assert_not_attempted(capsys, check, affine_class(lambda self, dout: template()))
    assert_not_yet(capsys, check, affine_class(with_dW(lambda x, dout: x @ dout)),
                   "only because N = D")
    assert_not_yet(capsys, check, affine_class(with_dW(lambda x, dout: dout.T @ x)), "swapped")

    assert_not_yet(capsys, check, affine_class(db_unsummed), "sum over the rows")
    assert_not_yet(capsys, check, affine_class(db_averaged), "sum, not average")
    assert_not_yet(capsys, check, affine_class(db_doubled), "b's shape (2,) but other numbers")

    def nearly(self, dout):
        # off by 9e-7 per entry: within close()'s 1e-6, but a relative error above 1e-7
        dx = box_backward(self, dout)
        self.dW = self.dW + 9e-7
        return dx
    assert_not_yet(capsys, check, affine_class(nearly), "within a relative error of 1e-7")
    for borrowed in (layers.Affine, affine_class(layers.Affine.backward)):
        verdict = check(borrowed)
        assert not verdict and "layers.Affine" in verdict.message, verdict.message


def test_affine_backward_refuses_the_librarys_own():
    check = ch07.affine_backward
    for borrowed in (layers.Affine, type("Sub", (layers.Affine,), {}),
                     affine_class(layers.Affine.backward)):
        verdict = check(borrowed)
        assert not verdict and "layers.Affine" in verdict.message, verdict.message


def test_affine_backward_refuses_a_library_layer_built_inside(capsys):
    def copies_the_library(self, dout):
        inner = layers.Affine(self.W, self.b)
        inner.forward(self.x)
        dx = inner.backward(dout)
        self.dW, self.db = inner.dW, inner.db
        return dx

    def reuses_one_built_earlier(self, dout):
        dx = built_earlier.backward(dout)
        self.dW, self.db = built_earlier.dW, built_earlier.db
        return dx

    built_earlier = layers.Affine(np.ones((3, 2)), np.zeros(2))
    built_earlier.forward(np.ones((3, 3)))
    originals = (layers.Affine.__init__, layers.Affine.backward)
    for borrowing in (copies_the_library, reuses_one_built_earlier):
        assert_not_yet(capsys, ch07.affine_backward, affine_class(borrowing), "switched off")
        # afterwards the library layer works again, exactly as before
        assert (layers.Affine.__init__, layers.Affine.backward) == originals
        layer = layers.Affine(np.eye(2), np.zeros(2))
        layer.forward(np.ones((1, 2)))
        assert np.array_equal(layer.backward(np.ones((1, 2))), np.ones((1, 2)))


def test_affine_checks_refuse_central_differences_for_the_backward(capsys):
    def by_central_differences(self, dout):
        def loss(x=self.x, W=self.W, b=self.b):
            return np.sum((x @ W + b) * dout)
        self.dW = layers.numerical_gradient(lambda v: loss(W=v), self.W.copy())
        self.db = layers.numerical_gradient(lambda v: loss(b=v), self.b.copy())
        return layers.numerical_gradient(lambda v: loss(x=v), self.x.copy())

    original = layers.numerical_gradient
    for check in (ch07.affine_batch_backward, ch07.affine_backward):
        assert_not_yet(capsys, check, affine_class(by_central_differences), "switched off")
        assert layers.numerical_gradient is original        # restored afterwards
    # outside the checks the same layer works: it is refused for how it computes, not what
    layer = affine_class(by_central_differences)(np.eye(2), np.zeros(2))
    layer.forward(np.ones((1, 2)))
    assert np.allclose(layer.backward(np.ones((1, 2))), np.ones((1, 2)))


def test_softmax_jacobian_from_y(capsys):
    check = ch07.softmax_jacobian_from_y
    assert_right(capsys, check, jacobian_from_y)
    assert_not_attempted(capsys, check, template)
    assert_not_yet(capsys, check, lambda y: -np.outer(y, y), "diagonal needs its own term")
    assert_not_yet(capsys, check, lambda y: np.diag(y * (1 - y)), "off the diagonal")
    assert_not_yet(capsys, check, lambda y: np.diag(y) + np.outer(y, y), "sign")
    assert_not_yet(capsys, check, lambda y: jacobian_from_y(softmax(y)), "softmax of y")
    assert_not_yet(capsys, check, lambda y: y, "shape")
    assert_not_yet(capsys, check, lambda y: None, "returns None")
    assert_not_yet(capsys, check, lambda y: 1 / 0, "ZeroDivisionError")


def central_jacobian_via_log(y, h=1e-6):
    """The way around the formula: recover scores with log y, then central differences."""
    a = np.log(y)
    columns = []
    for j in range(len(y)):
        step = np.zeros(len(y))
        step[j] = h
        columns.append((layers.softmax(a + step) - layers.softmax(a - step)) / (2 * h))
    return np.stack(columns, axis=1)


def test_softmax_jacobian_refuses_central_differences_of_softmax():
    # the saturated y = [1, 0, 0] has no finite scores: the formula in y is the only way
    verdict = ch07.softmax_jacobian_from_y(central_jacobian_via_log)
    assert not verdict and "raised" in verdict.message, verdict.message


def simplified(y, t):
    """sum_i (-t_i / y_i) y_i (delta_ij - y_j) = -t_j + y_j sum_i t_i."""
    return y * sum(t) - t


def test_score_gradient_when_t_does_not_sum_to_one(capsys):
    check = ch07.score_gradient
    ok = check(score_gradient, simplified)
    assert ok, ok.message
    assert_not_attempted(capsys, check, template)
    assert_not_yet(capsys, check, lambda a, t, J: -t / softmax(a), "outputs y_i does a_j")
    assert_not_yet(capsys, check, lambda a, t, J: softmax(a) - t, "does not sum")
    # a hint for an unrelated wrong answer names the steps, not the answer -t / y
    assert_not_yet(capsys, check, lambda a, t, J: np.zeros_like(a), "differentiate L by each")
    assert "-t / y" not in verdict_of(capsys, check, lambda a, t, J: np.zeros_like(a))[1]
    assert_not_yet(capsys, lambda f: check(f, None), score_gradient, "now write simplified")
    # the paper answer must be simplified: y - t is the one-hot case only
    assert_not_yet(capsys, lambda s: check(score_gradient, s), lambda y, t: y - t,
                   "add up to 1")
    assert_not_yet(capsys, lambda s: check(score_gradient, s),
                   lambda y, t: t - y * sum(t), "sign")
    # not simplified at all: J^T (-t / y) divides 0 by 0 where y rounded to 0
    unsimplified = lambda y, t: jacobian_from_y(y).T @ (-t / y)  # noqa: E731
    assert_not_yet(capsys, lambda s: check(score_gradient, s), unsimplified, "no 1 / y")


def test_squared_error_ratio_formula(capsys):
    a, t = [0.0, 10.0, 10.0], np.array([1.0, 0.0, 0.0])
    ratio = score_gradient(a, t)[0] / squared_error_score_gradient(a, t)[0]
    # y_0 = 1 / (1 + 2 e^10), y_1 = y_2 = (1 - y_0) / 2: cross-entropy's entry is y_0 - 1;
    # the squared error's is y_0 (2 y_0 - 1 - |y|^2) = -3/2 y_0 (1 - y_0)^2
    y0 = 1 / (1 + 2 * math.exp(10))
    assert ratio == pytest.approx(2 / (3 * y0 * (1 - y0)), rel=1e-9)
    check = ch07.squared_error_ratio
    ok = check(lambda y_c: 2 / (3 * y_c))
    assert ok, ok.message
    assert "29,370" in ok.message
    assert_not_yet(capsys, check, lambda y_c: 3 * y_c / 2, "other way")
    assert_not_yet(capsys, check, lambda y_c: 1 / (2 * y_c), "two wrong classes share")
    assert_not_yet(capsys, check, lambda y_c: 1 / y_c, "too large")
    assert_not_yet(capsys, check, lambda y_c: ratio, "formula in y_c")     # a pasted number
    assert_not_yet(capsys, check, lambda y_c: None, "returns None")
    assert_not_attempted(capsys, check, template)
    # no hint hands out the formula
    for wrong in (lambda y_c: 2 * y_c, lambda y_c: 1 / (2 * y_c), lambda y_c: y_c):
        assert "3 y_c" not in verdict_of(capsys, check, wrong)[1]


def closed_form_score_gradient(a, t, jacobian):
    """The simplified result pasted in: right numbers, no Jacobian."""
    return softmax(a) * sum(t) - t


def test_score_gradient_must_go_through_the_jacobian(capsys):
    """The right numbers without the product J^T dL/dy (a pasted closed form, or J @ g,
    which only a symmetric J forgives) are refused: a made-up Jacobian exposes them."""
    check, right, closed_form, second = (ch07.score_gradient, score_gradient,
                                         closed_form_score_gradient, simplified)
    assert check(right, second), check(right, second).message
    # the closed form is right on every real case, so only the made-up Jacobian catches it
    assert_not_yet(capsys, lambda f: check(f, second), closed_form, "never calls the jacobian")

    def closed_form_after_calling(a, t, jacobian):
        jacobian(softmax(a))
        return closed_form(a, t, jacobian)
    assert_not_yet(capsys, lambda f: check(f, second), closed_form_after_calling,
                   "without going through the J")

    def without_transpose(a, t, jacobian):
        return right(a, t, lambda y: jacobian(y).T)
    assert_not_yet(capsys, lambda f: check(f, second), without_transpose, "column j of J")
    # no hint names the product itself: the learner turns the index sum into it
    for wrong in (without_transpose, lambda a, t, J: -t / softmax(a)):
        assert "J.T @" not in verdict_of(capsys, lambda f: check(f, second), wrong)[1]


def test_predicted_entries(capsys):
    check = ch07.predicted_entries
    # X = [[1, 2], [3, -1]], dY = [[1, 2], [-2, 3]], W = [[0.5, -1], [2, 1]]:
    # db = [dy00 + dy10, dy01 + dy11] = [1 - 2, 2 + 3] = [-1, 5]
    # dX[1] = [dy10 w00 + dy11 w01, dy10 w10 + dy11 w11] = [-1 - 3, -4 + 3] = [-4, -1]
    def entries(db, dx1):
        return {"db": db, "dX[1]": dx1}
    right_db, right_dx1 = [1 - 2, 2 + 3], [(-2) * 0.5 + 3 * (-1), (-2) * 2 + 3 * 1]
    assert_right(capsys, check, entries(right_db, right_dx1))
    assert_right(capsys, check, entries((-1, 5), np.array([-4.0, -1.0])))
    assert_not_attempted(capsys, check, None)
    assert_not_attempted(capsys, check, entries(None, None))
    assert_not_yet(capsys, check, entries(right_db, None), "replace every None")
    assert_not_yet(capsys, check, {"db": right_db}, "needs the keys")
    assert_not_yet(capsys, check, entries(-1, right_dx1), "two numbers")
    assert_not_yet(capsys, check, entries([1 + 2, -2 + 3], right_dx1), "each sample's two")
    assert_not_yet(capsys, check, entries([1, 2], right_dx1), "sample 0's share alone")
    assert_not_yet(capsys, check, entries([-2, 3], right_dx1), "sample 1's share alone")
    assert_not_yet(capsys, check, entries([0, 0], right_dx1), "factor 1")
    # dY @ W, row 1: [(-2)(0.5) + 3(2), (-2)(-1) + 3(1)] = [5, 5]
    assert_not_yet(capsys, check, entries(right_db, [5, 5]), "columns of W")
    # row 0 of dY W^T: [1(0.5) + 2(-1), 1(2) + 2(1)] = [-1.5, 4]
    assert_not_yet(capsys, check, entries(right_db, [-1.5, 4]), "that is dX[0]")
    assert_not_yet(capsys, check, entries(right_db, [-1, -4]), "add both terms")
    assert_not_yet(capsys, check, entries(right_db, [-3, 3]), "add both terms")
    assert_not_yet(capsys, check, entries(right_db, [0, 0]), "Which weight multiplies")
    # no hint hands out a right value
    for wrong in (entries([0, 0], right_dx1), entries(right_db, [0, 0])):
        message = verdict_of(capsys, check, wrong)[1]
        assert "-4" not in message and "5]" not in message, message


def test_predicted_rows(capsys):
    check = ch07.predicted_rows
    # row 0: scores [1, 2, -0.5], label 1, N = 2: (e^2 / (e + e^2 + e^-0.5) - 1) / 2
    y01 = np.e ** 2 / (np.e + np.e ** 2 + np.exp(-0.5))
    entry = (y01 - 1) / 2
    assert_right(capsys, check, (entry, 0, 0))
    assert_right(capsys, check, [round(entry, 3), 0.0, 0.0])
    assert_not_attempted(capsys, check, None)
    assert_not_attempted(capsys, check, (None, None, None))
    assert_not_yet(capsys, check, (entry, 0), "3 numbers")
    assert_not_yet(capsys, check, (y01 - 1, 0, 0), "mean of 2")
    assert_not_yet(capsys, check, (-entry, 0, 0), "the sign")
    assert_not_yet(capsys, check, (y01 / 2, 0, 0), "subtract it")
    y00 = np.e / (np.e + np.e ** 2 + np.exp(-0.5))
    assert_not_yet(capsys, check, ((y00 - 1) / 2, 0, 0), "label is 1")
    assert_not_yet(capsys, check, (entry, 1, 1), "row sums")
    assert_not_yet(capsys, check, (entry, 0, 0.5), "row sums")
    message = verdict_of(capsys, check, (0.0, 0, 0))[1]
    assert "-0.16" not in message and "-0.15" not in message, message


def test_predicted_candidates(capsys):
    check = ch07.predicted_candidates
    # N = D = 3, H = 2: X @ dY is (3, 3)(3, 2) = (3, 2), W's shape, but its entry [i, j] is
    # sum_n x_in dy_nj, not w_ij's sum_n x_ni dy_nj; dY^T X is (2, 3)(3, 3) = (2, 3)
    def said(x_dy, dyt_x):
        return {"X @ dY": x_dy, "dY.T @ X": dyt_x}
    assert_right(capsys, check, said("wrong numbers", "wrong shape"))
    assert_right(capsys, check, said(" Wrong Numbers", "WRONG SHAPE "))
    assert_not_attempted(capsys, check, None)
    assert_not_attempted(capsys, check, said(None, None))
    assert_not_yet(capsys, check, said("error", "wrong shape"), "inner sizes of X @ dY meet")
    assert_not_yet(capsys, check, said("wrong shape", "wrong shape"), "compare it with W's")
    assert_not_yet(capsys, check, said("right", "wrong shape"), "which index of x")
    assert_not_yet(capsys, check, said("wrong numbers", "error"), "inner sizes of dY.T @ X")
    for wrong in ("wrong numbers", "right"):
        assert_not_yet(capsys, check, said("wrong numbers", wrong), "compare it with W's")
    assert_not_yet(capsys, check, said("fine", "wrong shape"), "one of")
    assert_not_yet(capsys, check, {"X @ dY": "wrong numbers"}, "needs the keys")
    assert_not_yet(capsys, check, said("wrong numbers", None), "replace every None")
    # no hint names the product that is right
    for wrong in (said("right", "wrong shape"), said("wrong shape", "wrong shape")):
        assert "X.T" not in verdict_of(capsys, check, wrong)[1]


def test_predicted_bars(capsys):
    check = ch07.predicted_bars
    # a = [20, 1, -1], label 1: y_0 is within e^-19 of 1, so the bars y - t are about
    # (1, -1); loss = log(e^20 + e + e^-1) - 1, within 1e-8 of 20 - 1 = 19
    loss = math.log(math.exp(20) + math.exp(1) + math.exp(-1)) - 1
    assert abs(loss - 19) < 1e-8
    assert_right(capsys, check, (1, -1, loss))
    assert_right(capsys, check, (0.98, -0.97, 19.25))
    assert_not_attempted(capsys, check, None)
    assert_not_attempted(capsys, check, (None, None, None))
    assert_not_yet(capsys, check, (-1, 1, 19), "signs")
    assert_not_yet(capsys, check, (1, 0, 19), "y_1 - 1")
    assert_not_yet(capsys, check, (0, -1, 19), "y_0 - 0")
    assert_not_yet(capsys, check, (1, -1, 20), "log-sum-exp alone")
    assert_not_yet(capsys, check, (1, -1, 0), "true class is losing")
    assert "alone" not in verdict_of(capsys, check, (1, -1, 19.5))[1]   # a rough 19.5: no
    assert_not_yet(capsys, check, (1, -1, 25), "close to the largest score")
    assert_not_yet(capsys, check, (1, -1), "3 numbers")


def test_predicted_book_loss(capsys):
    check = ch07.predicted_book_loss
    # y_0 = 1 / (1 + e^1000), about 1e-434, is far below 1e-7 (even exactly), so the book's
    # -log(y_0 + 1e-7) is -log(1e-7) = 7 ln 10 = 16.118...
    capped = 7 * math.log(10)
    assert_right(capsys, check, capped)
    assert_right(capsys, check, 16.1)
    assert_right(capsys, check, 16.2)
    assert_right(capsys, check, 16)                     # a learner who did the step, rounded
    assert_right(capsys, check, 15.95)
    assert_not_attempted(capsys, check, None)
    assert_not_yet(capsys, check, 1000, "the right loss")
    assert_not_yet(capsys, check, 7, "natural logarithm")
    assert_not_yet(capsys, check, 0, "small loss")
    assert_not_yet(capsys, check, float("inf"), "beside")
    assert_not_yet(capsys, check, 15, "beside")
    assert_not_yet(capsys, check, "16", "one number")
    assert "16.1" not in verdict_of(capsys, check, 1000)[1]
    assert "y_c << 1e-7" in verdict_of(capsys, check, capped)[1]
    assert "ceiling" in verdict_of(capsys, check, capped)[1]     # named only after Right
    assert "ceiling" not in verdict_of(capsys, check, 1000)[1]


def softmax_descent(gradient, steps=20):
    """y_0 after ``steps`` steps, learning rate 1, from a = [0, 0, 5] with true class 0."""
    a, t = np.array([0.0, 0.0, 5.0]), np.array([1.0, 0.0, 0.0])
    for _ in range(steps):
        a = a - gradient(softmax(a), t)
    return softmax(a)[0]


def test_predicted_descent(capsys):
    check = ch07.predicted_descent
    # cross-entropy sends y - t back; the squared error J^T (y - t), entry by entry
    squared = softmax_descent(lambda y, t: jacobian_from_y(y).T @ (y - t))
    start = softmax(np.array([0.0, 0.0, 5.0]))[0]        # 1 / (2 + e^5), about 0.0066
    assert 2 * start < squared < 0.05                   # it moves, slowly: to about 0.017
    # cross-entropy: y_0 is 0.0066, 0.046, 0.236, 0.569 after 0 to 3 steps: past 0.5 at 3
    ys = [softmax_descent(lambda y, t: y - t, steps=k) for k in range(4)]
    assert ys[2] < 0.5 < ys[3]
    # the question: hold the first-step entries at a = [0, 0, 5] for 20 steps
    a = np.array([0.0, 0.0, 5.0])
    y = softmax(a)
    held = softmax(a - 20 * jacobian_from_y(y).T @ (y - np.array([1.0, 0.0, 0.0])))[0]
    assert held < squared                               # an underestimate, about 0.0126
    assert_right(capsys, check, (3, held))
    assert_right(capsys, check, (2, held))               # within one step of 3
    assert_right(capsys, check, (4, held))
    assert "close: it is 3 steps" in verdict_of(capsys, check, (4, held))[1]
    assert "close: it is 3 steps" in verdict_of(capsys, check, (2, held))[1]
    assert "it takes 3 steps" in verdict_of(capsys, check, (3, held))[1]
    assert_right(capsys, check, (3.0, held * 1.14))     # within 15 % of the held estimate
    assert_right(capsys, check, (3, held * 0.86))
    assert_not_yet(capsys, check, (3, held * 1.16), "within 15 %")
    assert_not_yet(capsys, check, (3, held * 0.84), "within 15 %")
    assert_not_yet(capsys, check, (3, held * 0.55), "where it starts")   # 0.0069: it stays
    assert_not_attempted(capsys, check, None)
    assert_not_attempted(capsys, check, (None, None))
    for wrong_steps in (1, 5, 20, 0.5):                 # "1" (y_0 near 1) fails too
        assert_not_yet(capsys, check, (wrong_steps, squared), "cross-entropy first")
    assert_not_yet(capsys, check, (0.0, 0.0), "cross-entropy first")
    assert_not_yet(capsys, check, (3, start), "where it starts")   # "it does not move"
    assert_not_yet(capsys, check, (3, 0.0067), "where it starts")
    assert_not_yet(capsys, check, (3, 0), "within 15 %")
    assert_not_yet(capsys, check, (3, 1), "within 15 %")
    assert_not_yet(capsys, check, (3, 0.3), "within 15 %")
    assert_not_yet(capsys, check, 1, "2 numbers")


def test_reveal_when_right_shows_the_answer_only_after_a_right_prediction(capsys,
                                                                          monkeypatch):
    monkeypatch.delenv("BACKPROP_LECTURE", raising=False)
    shown = []

    def show():
        shown.append(1)
        print("the answer")

    reveal = ch07.reveal_when_right
    check = ch07.predicted_book_loss
    reveal(check, None, show, "my_book_loss")          # untouched: asked to predict
    assert "my_book_loss" in capsys.readouterr().out and not shown
    reveal(check, 1000.0, show, "my_book_loss")        # wrong: the hint, no answer
    out = capsys.readouterr().out
    assert out.startswith("Not yet") and "the answer" not in out and not shown
    reveal(check, 7 * math.log(10), show, "my_book_loss")   # right: then the answer
    out = capsys.readouterr().out
    assert out.startswith("Right") and "the answer" in out and shown == [1]


def test_reveal_when_right_in_the_lecture_view_holds_the_answer_alone(monkeypatch):
    # nobody predicts on a projected page: the button holds show()'s output, no verdict
    monkeypatch.setenv("BACKPROP_LECTURE", "1")
    checked, shown = [], []

    def check_fn(prediction):
        checked.append(prediction)
        return ch07.predicted_book_loss(prediction)

    def show():
        shown.append(1)
        print("the answer")

    ch07.reveal_when_right(check_fn, None, show, "my_book_loss")
    assert shown == [1] and not checked
