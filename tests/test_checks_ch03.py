"""The checks of chapter 03 (teaching/checks/ch03.py) accept right answers, reject wrong ones.

Expected values come from the math: the apples-and-oranges graph with 4 oranges and tax
1.25 (the tax node swaps, the add node copies 1.25 to orange_price); k diamonds (2**k
paths from x of 2k edges, 6k edges, 2k + 1 inputs); and max(x, y): the larger input gets
dout, the other 0 (the minimum-charge shop and f = max(x, y) x).  Counts leave out the + nodes'
copies (local 1).
"""

import re

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of

from layers import AddLayer, MulLayer, gradient_check
from teaching import examples, max_node, paths
from teaching.checks import ch03
from teaching.reveal import LECTURE


def test_shop_prediction(capsys):
    # 2 apples at 100, 4 oranges at 150, tax 1.25: all_price = 800; the tax node swaps
    # (d tax = 800, d all_price = 1.25), add copies, the orange node swaps (1.25 x 150)
    right = {"tax": 800, "orange_price": 1.25, "orange_num": 187.5}
    assert_right(capsys, ch03.shop_prediction, right)
    # the real layers agree with the math, at the numbers the chapter states
    assert ch03.SHOP == {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 4,
                         "tax": 1.25}
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    mul_tax.forward(add.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 4)), 1.25)
    d_all_price, d_tax = mul_tax.backward(1.0)
    _, d_orange_price = add.backward(d_all_price)
    _, d_orange_num = mul_orange.backward(d_orange_price)
    assert_right(capsys, ch03.shop_prediction, {"tax": d_tax, "orange_price": d_orange_price,
                                                "orange_num": d_orange_num})
    for wrong, hint_part in [(dict(right, tax=1.25), "tax's own value"),
                             (dict(right, tax=1000), "the price itself"),
                             (dict(right, tax=650), "4 oranges"),
                             (dict(right, tax=600), "orange_price alone"),
                             (dict(right, tax=7), "'tax': start at price"),
                             (dict(right, orange_price=0.625), "does not split"),
                             (dict(right, orange_price=1), "not 1"),
                             (dict(right, orange_price=1.1), "book's tax"),
                             (dict(right, orange_price=187.5), "unchanged"),
                             (dict(right, orange_price=7), "'orange_price': what does an add"),
                             (dict(right, orange_num=150), "is not 1"),
                             (dict(right, orange_num=5), "that is d orange"),
                             (dict(right, orange_num=165), "book's tax factor"),
                             (dict(right, orange_num=1.25), "times that node's *other*"),
                             (dict(right, orange_num=7), "'orange_num': cross the orange"),
                             ({"tax": 800}, "needs the keys")]:
        assert_not_yet(capsys, ch03.shop_prediction, wrong, hint_part)
    # a hint names the mistake, never another gradient of the question: not d orange_price
    # (1.25) in the hints of tax and orange_num, nor d orange_num (187.5) in orange_price's
    for wrong, other in [(dict(right, tax=1.25), "orange_price"),
                         (dict(right, orange_num=1.25), "orange_price"),
                         (dict(right, orange_price=187.5), "orange_num")]:
        verdict = verdict_of(capsys, ch03.shop_prediction, wrong)[1]
        assert other not in verdict and "further left" not in verdict, verdict
    for template in (None, dict.fromkeys(right)):
        assert_not_attempted(capsys, ch03.shop_prediction, template)


def listing_products(k):
    """x: 2**k paths of k × edges; p_i and q_i: 2**(k - i) paths of 1 + (k - i) × edges."""
    return 2 ** k * k + 2 * sum(2 ** (k - i) * (1 + (k - i)) for i in range(1, k + 1))


DIAMONDS_RIGHT = {"paths from x": lambda k: 2 ** k, "listing paths": listing_products,
                  "backward sweep": lambda k: 4 * k, "forward mode": lambda k: (2 * k + 1) * 4 * k}


@pytest.mark.parametrize("k", [1, 2, 4, 8])
def test_diamond_formulas_are_what_paths_measures(k):
    graph = paths.diamond_chain(k)
    mults = paths.counts(graph)["multiplications"]
    assert paths.n_paths(graph, "x") == DIAMONDS_RIGHT["paths from x"](k)
    listed = DIAMONDS_RIGHT["listing paths"](k)
    assert mults["listing paths"] == listed == (3 * k - 2) * 2 ** k + 2   # its closed form
    assert mults["backward sweep"] == DIAMONDS_RIGHT["backward sweep"](k)
    assert mults["forward mode"] == DIAMONDS_RIGHT["forward mode"](k)


def test_listing_products_has_the_closed_form_of_the_check_module():
    for k in range(1, 40):     # x's share plus the p_i, q_i share is the closed form
        p_and_q = 2 * sum(2 ** (k - i) * (1 + (k - i)) for i in range(1, k + 1))
        assert p_and_q == (2 * k - 2) * 2 ** k + 2
        assert k * 2 ** k + p_and_q == (3 * k - 2) * 2 ** k + 2 == listing_products(k)


def test_diamond_counts(capsys):
    # k = 1: 2 paths; listing 1 x 2 (x) + 1 + 1 (p1, q1) = 4; sweep 4; forward mode 3 passes
    # of 4 = 12.  k = 2: 4 paths; listing 2 x 4 + 2 x 2 x 2 (p1, q1) + 1 + 1 = 18; sweep 8;
    # forward mode 5 passes of 8 = 40.  Paths and listing grow like 2**k, the sweep like k,
    # forward mode like k**2.
    right = {"paths from x": (2, 4, "exponential"),
             "backward sweep": (4, 8, "linear"), "forward mode": (12, 40, "quadratic")}
    for key, (k1, k2, _) in right.items():
        assert (k1, k2) == (DIAMONDS_RIGHT[key](1), DIAMONDS_RIGHT[key](2))
    assert_right(capsys, ch03.diamond_counts, right)
    assert_right(capsys, ch03.diamond_counts, dict(right, **{"backward sweep": [4, 8, "Linear "]}))
    for key, wrong, hint_part in [
            ("paths from x", (2, 3, "exponential"), "multiplies the count"),
            ("paths from x", (2, 4, "quadratic"), "a third diamond"),
            ("paths from x", (3, 4, "exponential"), "for k = 1"),
            ("backward sweep", (6, 12, "linear"), "+ node's two edges only copy"),
            ("backward sweep", (2, 4, "linear"), "not per node"),
            ("backward sweep", (4, 8, "fast"), "'linear', 'quadratic'"),
            ("backward sweep", (4, 8, 1), "'linear', 'quadratic'"),
            ("forward mode", (4, 8, "quadratic"), "one pass per input"),
            ("forward mode", (4, 16, "quadratic"), "own p_i and q_i"),
            ("forward mode", (8, 32, "quadratic"), "x is an input too"),
            ("forward mode", (18, 60, "quadratic"), "only copy"),
            ("forward mode", (4, 12, "quadratic"), "zero or not"),
            ("forward mode", (12, 40, "linear"), "a third diamond"),
            ("forward mode", 12, "give three things"),
            ("forward mode", ("12", "40", "quadratic"), "as numbers"),
            ("forward mode", (13, 40, "quadratic"), "for k = 1"),
            ("forward mode", None, "replace every None")]:
        assert_not_yet(capsys, ch03.diamond_counts, dict(right, **{key: wrong}), hint_part)
    assert_not_attempted(capsys, ch03.diamond_counts, dict.fromkeys(right))
    assert_not_attempted(capsys, ch03.diamond_counts, None)


# The minimum-charge shop: price = max(all_price, minimum) x tax with all_price = 2 x 100 +
# 4 x 150 = 800, minimum 1000, tax 1.25.  The tax node sends the max node's output 1.25; the
# minimum won the max and gets all of it; all_price lost and gets 0, and so does orange_num.
ROUTE = {"minimum": 1.25, "orange_num": 0}


def test_max_layer_routes_and_passes_the_gradient_check():
    """MaxLayer's backward: all of dout to the winner, 0 to the other; away from ties it
    agrees with central differences."""
    layer = max_node.MaxLayer()
    assert layer.forward(2.0, 7.0) == 7.0 and layer.backward(3.0) == (0.0, 3.0)
    assert layer.forward(7.0, 2.0) == 7.0 and layer.backward(3.0) == (3.0, 0.0)
    assert gradient_check(max_node.MaxLayer(), 2.0, 7.0) < 1e-7
    assert gradient_check(max_node.MaxLayer(), -1.0, -4.0) < 1e-7


def test_max_prediction(capsys):
    assert_right(capsys, ch03.max_prediction, ROUTE)
    assert_right(capsys, ch03.max_prediction, {"minimum": 1.25, "orange_num": 0.0})
    graph = max_node.minimum_charge_shop()          # the drawn graph's own sweep agrees
    assert graph.values["price"] == 1250
    grads = graph.backward()
    assert (grads["minimum"], grads["orange_num"], grads["all_price"]) == (1.25, 0, 0)
    # what the explorer shows as orange_num rises: the price stays 1000 x 1.25 up to 5 oranges
    # (200 + 750 < 1000); at 6, all_price = 200 + 900 = 1100 wins, and orange_num gets
    # 1.25 x 150, minimum 0
    from teaching.explorer import GraphExplorer
    explorer = GraphExplorer(graph, mark_grad_changes=True)
    for oranges, price, d_minimum, d_orange_num in ((5, 1250, 1.25, 0), (6, 1375, 0, 187.5)):
        explorer.controls["orange_num"].value = oranges
        assert graph.values["price"] == pytest.approx(price)
        assert (graph.grads["minimum"], graph.grads["orange_num"]) == pytest.approx(
            (d_minimum, d_orange_num))
    for wrong, hint_part in [({"minimum": 1}, "local derivative"),
                             ({"minimum": 0}, "1 yen"),
                             ({"minimum": 1000}, "what the tax node sends tax"),
                             ({"minimum": 0.625}, "does not split"),
                             ({"minimum": 2}, "which input of max"),
                             ({"orange_num": 187.5}, "if all_price won"),
                             ({"orange_num": 150}, "add one orange"),
                             ({"orange_num": 5}, "add one orange"),
                             ({"orange_num": "0"}, "one number")]:
        verdict = verdict_of(capsys, ch03.max_prediction, dict(ROUTE, **wrong))[1]
        assert hint_part in verdict and "1.25" not in verdict
    assert_not_yet(capsys, ch03.max_prediction, {"minimum": 1.25}, "needs the keys")
    assert_not_attempted(capsys, ch03.max_prediction, dict.fromkeys(ROUTE))
    assert_not_attempted(capsys, ch03.max_prediction, None)



def test_max_fork(capsys):
    # f = max(x, y) * x: at (3, 5) y wins, f = y x: (y, x) = (5, 3); at (5, 3) x wins,
    # f = x**2: (2x, 0) = (10, 0)
    assert_right(capsys, ch03.max_fork, {"x=3, y=5": (5, 3), "x=5, y=3": [10.0, 0]})
    for wrong, hint_part in [({"x=3, y=5": (8, 3), "x=5, y=3": (10, 0)}, "x lost the max"),
                             ({"x=3, y=5": (3, 5), "x=5, y=3": (10, 0)}, "*other*"),
                             ({"x=3, y=5": (5, 3), "x=5, y=3": (5, 0)}, "fork adds"),
                             ({"x=3, y=5": (5, 3), "x=5, y=3": (10, 5)}, "nothing reaches"),
                             ({"x=3, y=5": 5, "x=5, y=3": (10, 0)}, "pair of numbers"),
                             ({"x=3, y=5": (1, 1), "x=5, y=3": (10, 0)}, "which input wins")]:
        verdict = verdict_of(capsys, ch03.max_fork, wrong)[1]
        assert hint_part in verdict and "10" not in verdict
    assert_not_attempted(capsys, ch03.max_fork, None)
    assert_not_attempted(capsys, ch03.max_fork, {"x=3, y=5": None, "x=5, y=3": None})


def test_buggy_sweep(capsys):
    # f = (x + y) x at x = 3, y = 2: after the backward line dx holds x's own edge, s = 5;
    # the planted line `dx, dy = ds, ds` overwrites it with the path through s (ds = x = 3),
    # so the 5 is lost and the sweep returns 3; the right dx adds both paths, 2x + y = 8
    right = {"dx the wrong line loses": 5, "dx should be": 8}
    mul = MulLayer()
    mul.forward(3.0 + 2.0, 3.0)
    assert mul.backward(1.0)[1] == right["dx the wrong line loses"]
    assert buggy_sweep(3.0, 2.0)[0] == 3 and fixed_sweep(3.0, 2.0)[0] == right["dx should be"]
    assert_right(capsys, ch03.buggy_sweep, right)
    assert_right(capsys, ch03.buggy_sweep, {"dx the wrong line loses": 3.0 + 2.0,
                                            "dx should be": 2 * 3 + 2})
    lose = "dx the wrong line loses"
    for wrong, hint_part in [({lose: 3}, "what the wrong line puts into dx"),
                             ({lose: 8}, "which line overwrites"),
                             ({lose: 2}, "that is y"),
                             ({lose: 4}, "trace the sweep"),
                             ({lose: "5"}, "one number"),
                             ({"dx should be": 5}, "own edge"),
                             ({"dx should be": 3}, "through s"),
                             ({"dx should be": 2}, "other input y"),
                             ({"dx should be": 7}, "used twice"),
                             ({"dx should be": [8]}, "one number"),
                             ({"dx should be": None}, "replace every None")]:
        assert_not_yet(capsys, ch03.buggy_sweep, dict(right, **wrong), hint_part)
    assert_not_yet(capsys, ch03.buggy_sweep, {"dx should be": 8}, "needs the keys")
    assert_not_yet(capsys, ch03.buggy_sweep, 3, "give a dict")
    # no hint names either answer, 5 or 8, nor the wrong line
    for wrong in ({lose: 8}, {lose: 3}, {lose: 1}, {lose: 2},
                  {"dx should be": 5}, {"dx should be": 3}, {"dx should be": 1}):
        verdict = verdict_of(capsys, ch03.buggy_sweep, dict(right, **wrong))[1]
        verdict = verdict.split(":", 1)[1]      # after the key's name
        assert not re.search(r"(?<![\d.])[58](?![\d.])", verdict), verdict
        assert "ds, ds" not in verdict
    verdict = verdict_of(capsys, ch03.buggy_sweep, right)[1]
    assert not re.search(r"(?<![\d.])[358](?![\d.])", verdict), verdict
    assert_not_attempted(capsys, ch03.buggy_sweep, None)
    assert_not_attempted(capsys, ch03.buggy_sweep, dict.fromkeys(right))


def test_noswap_prediction(capsys):
    """The gradient check of a multiply that forgets to swap, as the largest relative error
    ||g - n|| / (||g|| + ||n||): the math says 0 where a equals b (a gets dout * a = dout * b),
    1/3 for a = 2b (a gets g = 2n: ||n|| / 3||n||; b gets g = n/2: (1/2) / (3/2)) and 1 for
    a = 0 (a gets 0 for n: ||n|| / ||n||)."""
    right = {"a equal to b": 0, "a = 2b": 1 / 3, "a = 0, b random": 1.0}
    assert_right(capsys, ch03.noswap_prediction, right)
    assert_right(capsys, ch03.noswap_prediction, dict(right, **{"a equal to b": 1e-11,
                                                                "a = 2b": 0.333}))
    # guessing 0 or 1 for every key never gets Right: a = 2b needs the formula
    import itertools
    for guess in itertools.product((0, 1), repeat=3):
        assert not verdict_of(capsys, ch03.noswap_prediction, dict(zip(right, guess)))[0]
    # the layers agree with the math

    class NoSwap(MulLayer):
        def backward(self, dout):
            dx, dy = super().backward(dout)
            return dy, dx
    a, b = np.random.default_rng(1).standard_normal((2, 3, 4))
    assert gradient_check(NoSwap(), a, a.copy()) < 1e-7
    assert gradient_check(NoSwap(), 2 * b, b) == pytest.approx(1 / 3)
    assert gradient_check(NoSwap(), np.zeros_like(a), b) == pytest.approx(1.0)
    # a wrong number gets a hint for its key that names no value
    for key, wrong in (("a equal to b", 1), ("a = 2b", 0.5), ("a = 2b", 1), ("a = 2b", 0),
                       ("a = 0, b random", 0)):
        verdict = verdict_of(capsys, ch03.noswap_prediction, dict(right, **{key: wrong}))[1]
        assert key in verdict and ("formula" in verdict or "should a get" in verdict)
        assert not re.search(r"(?<![\w.'])[01](?![\w.])", verdict.replace(key, ""))
    # a True/False guess is not an error
    assert_not_yet(capsys, ch03.noswap_prediction, dict(right, **{"a = 2b": True}),
                   "one number")
    assert_not_attempted(capsys, ch03.noswap_prediction, dict.fromkeys(right))
    assert_not_attempted(capsys, ch03.noswap_prediction, None)


def buggy_sweep(x, y):
    """The chapter's debug sweep of f = (x + y) x as given: the add node's copy overwrites dx."""
    mul_f = MulLayer()
    mul_f.forward(x + y, x)
    ds, dx = mul_f.backward(1.0)
    dx, dy = ds, ds
    return dx, dy


def fixed_sweep(x, y):
    mul_f = MulLayer()
    mul_f.forward(x + y, x)
    ds, dx = mul_f.backward(1.0)
    dx += ds
    return dx, ds


def test_once_right_shows_the_answer_only_after_a_right_verdict(capsys, monkeypatch):
    """The chapter's reveals: before the check says Right (untouched or wrong), nothing of the
    answer is computed or shown; once Right, the answer; in the lecture view, where nobody
    predicts, a "Show the answer" button."""
    shown = []

    def show():
        shown.append(1)
        print("the answer")

    for verdict in (ch03.max_prediction(None), ch03.max_prediction(dict(ROUTE, minimum=1))):
        assert ch03.once_right(verdict, show) is None
    assert shown == [] and capsys.readouterr().out == ""
    ch03.once_right(ch03.max_prediction(ROUTE), show)
    assert shown == [1] and capsys.readouterr().out == "the answer\n"
    monkeypatch.setenv(LECTURE, "1")
    displayed = []
    monkeypatch.setattr("IPython.display.display", displayed.append)
    ch03.once_right(ch03.max_prediction(None), show)
    assert len(displayed) == 1 and "Show the answer" in repr(displayed[0].children[0])


def test_noswap_errors_are_what_the_math_says():
    """The multiply that forgets to swap passes the gradient check on a equal to b and fails
    on random a, b, on a = 2b (1/3) and on a = 0 (1; the chapter prints these once Right)."""
    class NoSwap(MulLayer):
        def backward(self, dout):
            dx, dy = super().backward(dout)
            return dy, dx
    a, b = np.random.default_rng(0).standard_normal((2, 3, 4))
    assert gradient_check(MulLayer(), a, b) < 1e-7
    errors = [gradient_check(NoSwap(), x, y)
              for x, y in ((a, b), (a, a.copy()), (2 * b, b), (np.zeros_like(a), b))]
    assert errors[0] > 1e-2 and errors[1] < 1e-7
    assert errors[2:] == pytest.approx([1 / 3, 1])


def test_diamond_explorer_waits_for_the_prediction_then_shows_the_measured_counts(capsys):
    """The chapter's reveal of my_counts: nothing before the check says Right; then the
    explorer, whose plot has one point per k up to the slider's for each method, at the height
    of its count / k on a linear scale, cut at 100: (3k - 2) 2**k + 2 multiplications listing paths,
    (2k + 1) 4k forward mode, 4k the sweep; the legend gives the counts at the slider's k."""
    def show():
        return paths.PathCountExplorer(k=4)
    assert ch03.once_right(ch03.diamond_counts(dict.fromkeys(
        ["paths from x", "backward sweep", "forward mode"])), show) is None
    assert capsys.readouterr().out == ""
    ex = ch03.once_right(ch03.diamond_counts({"paths from x": (2, 4, "exponential"),
                                              "backward sweep": (4, 8, "linear"),
                                              "forward mode": (12, 40, "quadratic")}), show)
    formulas = [lambda n: (3 * n - 2) * 2 ** n + 2, lambda n: (2 * n + 1) * 4 * n,
                lambda n: 4 * n]
    for k in (4, 10):
        ex.controls["k"].value = k
        lines = re.findall(r'<path d="M([^"]*)" fill="none" stroke="#[0-9a-f]+" '
                           r'stroke-width="3"/>', ex.view.value)
        assert len(lines) == 3
        for line, formula in zip(lines, formulas):
            points = [tuple(map(float, p.split())) for p in line.split("L")]
            # a line stops at the first k where it leaves the top (listing paths: k = 6,
            # 1026 / 6 = 171 per diamond > 100), marked "off the plot from k = 6"
            shown = [n for n in range(1, k + 1) if n == 1 or formula(n - 1) / (n - 1) <= 100]
            assert len(points) == len(shown)
            # back from the drawing: 0 at the bottom, 100 per diamond at the top (cut there)
            top, bottom = paths._TOP, paths._BOTTOM
            per_k = [100 * (bottom - y) / (bottom - top) for _, y in points]
            assert per_k == pytest.approx([min(formula(n) / n, 104) for n in shown], rel=0.01)
        assert ("off the plot from k = 6" in ex.view.value) == (k >= 6)
        legend = re.findall(r'font-size="14">([\d,]+)</text>', ex.view.value)
        assert legend == [f"{formula(k):,}" for formula in formulas]
        assert f"{2 ** k:,} paths from x" in ex.readout.value


def _sweep_with(line):
    """The chapter's debug sweep with its last line before return replaced by ``line``."""
    scope = {"MulLayer": MulLayer}
    exec("def sweep(x, y):\n"
         "    mul_f = MulLayer()\n"
         "    s = x + y                       # the add node\n"
         "    mul_f.forward(s, x)             # f = s * x\n"
         "    ds, dx = mul_f.backward(1.0)\n"
         f"    {line}\n"
         "    return dx, dy\n", scope)
    return scope["sweep"]


def test_fixed_sweep(capsys):
    """f = (x + y) x: df/dx = 2x + y (two paths: s = x + y gives x, x's own edge gives s),
    df/dy = x.  The given line overwrites dx: not attempted; a fix that adds both paths is
    Right at random points; one that still drops a path is Not yet."""
    assert_not_attempted(capsys, ch03.fixed_sweep, _sweep_with("dx, dy = ds, ds"))
    assert_right(capsys, ch03.fixed_sweep, _sweep_with("dx, dy = dx + ds, ds"))
    assert_right(capsys, ch03.fixed_sweep, _sweep_with("dy = ds; dx = dx + ds"))
    # a closed form is no sweep: the check swaps in a MulLayer that records its backward
    assert_not_yet(capsys, ch03.fixed_sweep, lambda x, y: (2 * x + y, x), "mul_f.backward")
    # nor is a sweep that runs mul_f.backward, then returns the formula pasted in
    assert_not_yet(capsys, ch03.fixed_sweep,
                   _sweep_with("dx, dy = 2 * x + y, x"), "from what mul_f.backward returns")
    assert_not_yet(capsys, ch03.fixed_sweep, _sweep_with("dx, dy = dx + ds, x"),
                   "from what mul_f.backward returns")
    sweep = _sweep_with("dx, dy = dx + ds, ds")
    given = sweep.__globals__["MulLayer"]
    assert_right(capsys, ch03.fixed_sweep, sweep)
    assert sweep.__globals__["MulLayer"] is given       # the learner's MulLayer is back
    assert_not_yet(capsys, ch03.fixed_sweep, _sweep_with("dx, dy = ds + 0, ds"),
                   "each path of x")
    assert_not_yet(capsys, ch03.fixed_sweep, lambda x, y: 3.0, "pair")
    assert_not_attempted(capsys, ch03.fixed_sweep, None)


def sweep_with(combine, dout=None, count=True, scale=False):
    """The chapter's backward_sweep with its loop body written, the fork line as ``combine``;
    with ``dout``, every node's backward gets that number instead of its output's gradient;
    with ``scale``, each share is then multiplied by the output's gradient."""
    def backward_sweep(graph):
        grad = dict.fromkeys(graph.edges, 0.0)
        grad[graph.output] = 1.0
        multiplications = 0
        for node in reversed(graph.nodes):
            shares = node.layer.backward(grad[node.output] if dout is None else dout)
            if scale:
                shares = [grad[node.output] * share for share in shares]
            for edge, share in zip(node.inputs, shares):
                grad[edge] = combine(grad[edge], share)
            multiplications += 2 * (node.op == "×") if count else 0
        return grad, multiplications
    return backward_sweep


def test_sweep_loop(capsys):
    """The chapter's backward_sweep with its loop body: += is Right (the gradients of the
    shop, of f = (x + y) x and of two diamonds equal the library's backward pass, 2
    multiplications per × node), and so is a backward called with dout = 1 whose shares are
    then multiplied by the output's gradient; = loses a share at the fork of f, the first graph
    with one (the shop has none): x gets 3 (through s) of 2x + y = 8; a backward called with
    dout = 1 and nothing multiplied after is wrong on the shop; the template is not attempted."""
    assert_right(capsys, ch03.sweep_loop, sweep_with(lambda old, share: old + share))
    assert_right(capsys, ch03.sweep_loop,
                 sweep_with(lambda old, share: old + share, dout=1.0, scale=True))
    assert_not_yet(capsys, ch03.sweep_loop, sweep_with(lambda old, share: share),
                   "on 'f = (x + y) · x', 'x' gets 3, not")
    verdict = verdict_of(capsys, ch03.sweep_loop, sweep_with(lambda old, share: share))[1]
    assert "+=" not in verdict and "add" not in verdict
    verdict = verdict_of(capsys, ch03.sweep_loop,
                         sweep_with(lambda old, share: old + share, dout=1.0))[1]
    assert "Which dout" in verdict and "fork" not in verdict, verdict
    assert_not_yet(capsys, ch03.sweep_loop, sweep_with(lambda old, share: old + share,
                                                       count=False), "counting line")

    def template(graph):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, ch03.sweep_loop, template)


def test_sweep_loop_refuses_the_graphs_own_backward_pass(capsys):
    """A sweep that calls the graph's backward pass (or steps it) is no sweep, even with the
    right count of multiplications; the graph's backward works again afterwards."""
    def by_paths(g):
        found = paths.counts(g)
        return found["grads"]["backward sweep"], found["multiplications"]["backward sweep"]
    for sweep in (lambda g: (dict(g.backward()), 0),
                  lambda g: (dict(g.backward()), 2 * sum(n.op == "×" for n in g.nodes)),
                  lambda g: (dict(type(g).backward(g)), 6),
                  lambda g: ([g.step() for _ in g.nodes], 6), by_paths):
        assert_not_yet(capsys, ch03.sweep_loop, sweep, "ready-made backward pass")
    shop = examples.apples_oranges_graph()
    shop.forward(**ch03.SHOP)
    assert shop.backward()["tax"] == 800


def test_sweep_loop_refuses_forward_mode_and_wants_one_backward_per_node(capsys, monkeypatch):
    """A loop body that takes the gradients from the chapter's forward_mode has them right and
    counts right, but is no sweep, whether it runs forward_mode for every node or once
    (then each backward runs once, with dout 1).  Nor is a sweep that runs each backward
    twice.  The chapter's own loop body is still Right."""
    from test_paths import chapter_loops
    forward_mode, chapter_sweep = chapter_loops()

    def by_forward_mode(graph):
        grad = dict.fromkeys(graph.edges, 0.0)
        grad[graph.output] = 1.0
        multiplications = 0
        for node in reversed(graph.nodes):
            grad.update(forward_mode(graph)[0])
            multiplications += 2 * (node.op == "×")
        return grad, multiplications

    def once_forward_mode(graph):
        grad = dict.fromkeys(graph.edges, 0.0)
        grad[graph.output] = 1.0
        multiplications = 0
        for node in reversed(graph.nodes):
            if node is graph.nodes[-1]:
                grad.update(forward_mode(graph)[0])
            multiplications += 2 * (node.op == "×")
        return grad, multiplications

    def twice(graph):
        sweep_with(lambda old, share: old + share)(graph)
        return sweep_with(lambda old, share: old + share)(graph)
    for wrong in (by_forward_mode, once_forward_mode):
        assert_not_yet(capsys, ch03.sweep_loop, wrong, "backward_sweep ran forward_mode")
    assert_not_yet(capsys, ch03.sweep_loop, twice, "ran its layer.backward 2 time(s)")
    built, make = [], examples.apples_oranges_graph
    monkeypatch.setattr(examples, "apples_oranges_graph", lambda: built.append(make()) or built[-1])
    assert_right(capsys, ch03.sweep_loop, chapter_sweep)
    assert_not_yet(capsys, ch03.sweep_loop, by_forward_mode, "ran forward_mode")
    assert len(built) == 2 and not any("backward" in vars(node.layer)   # the layers' own again
                                       for graph in built for node in graph.nodes)


def test_the_counting_reveal_runs_on_every_accepted_sweep(capsys):
    """Once sweep_loop says Right, count_loops (the reveal) runs the learner's sweep on the
    chapter's shop without raising: an accepted sweep has the gradients and the count that
    paths.print_tallies compares."""
    from test_paths import chapter_loops
    forward_mode, chapter_sweep = chapter_loops()
    for sweep in (sweep_with(lambda old, share: old + share), chapter_sweep,
                  sweep_with(lambda old, share: old + share, dout=1.0, scale=True)):
        verdict = ch03.sweep_loop(sweep)
        assert verdict
        capsys.readouterr()
        shop = examples.apples_oranges_graph()
        shop.forward(**ch03.SHOP)
        ch03.count_loops(shop, verdict, sweep, forward_mode)
        out = capsys.readouterr().out
        assert "grad[edge] += share" in out and out.count("(the loop above counts the same)") == 2


def test_count_loops_uses_the_learners_sweep_only_once_right(capsys):
    """The book-shaped shop of the chapter (4 oranges, tax 1.25): with the sweep's check
    Right both loops are compared with paths' counts; in the lecture view (no verdict) the
    template sweep is never called and forward mode alone is compared."""
    from teaching import examples
    shop = examples.apples_oranges_graph()
    shop.forward(**ch03.SHOP)

    def template(graph):
        raise NotImplementedError("YOUR CODE")

    def forward_mode(graph):
        return {name: g for name, g in shop.backward().items()}, 30     # 5 passes of 6
    ch03.count_loops(shop, None, template, forward_mode)
    out = capsys.readouterr().out
    assert out.count("(the loop above counts the same)") == 1
    assert "forward mode (3 + 30) / 3 = 11" in out


def test_the_summarys_network_has_39760_parameters():
    """The summary's "784·50 + 50 + 50·10 + 10 = 39,760 parameters": the book's 784-50-10 net
    has that many weights and biases, so forward mode would make 39,760 passes."""
    from pathlib import Path

    from network import TwoLayerNet
    net = TwoLayerNet(784, 50, 10, seed=0)
    assert sum(p.size for p in net.params.values()) == 784 * 50 + 50 + 50 * 10 + 10 == 39760
    source = Path(__file__).parent.parent / "notebooks/src/03_add_mul_backward.py"
    text = " ".join(source.read_text(encoding="utf-8").replace("#   ", " ").split())
    assert ("784·50 + 50 + 50·10 + 10 = 39,760 parameters: forward mode would need 39,760 "
            "passes, the sweep one.") in text
