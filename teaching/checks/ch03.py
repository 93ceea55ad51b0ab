"""Checks for the exercises of chapter 03, backward through add and multiply."""


import numpy as np

from teaching.reveal import reveal

from .core import (
    NotAttempted,
    NotYet,
    answer,
    check,
    close,
    dict_answer,
    floats,
    mistake,
    profiled,
    shown,
)


def once_right(verdict, show):
    """``show()``'s answer once ``verdict`` (a check's, displayed just above) says Right;
    before that nothing, and in the lecture view, where nobody predicts, reveal's "Show the
    answer" button."""
    return reveal(verdict if verdict else None, show, name=None)


# The chapter's prediction: the apples-and-oranges graph of book 5.3 with changed numbers, so
# that neither the apple figure nor chapter 01's gradients answer it: 2 apples at 100, 4
# oranges at 150, tax 1.25; all_price = 200 + 600 = 800.  Right to left: the tax node swaps
# (d tax = 1 x all_price = 800, d all_price = 1 x tax = 1.25); the add node copies 1.25 to
# orange_price; the orange node swaps (d orange_num = 1.25 x orange = 187.5).
SHOP = {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 4, "tax": 1.25}
_SHOP_WANT = {"tax": 100 * 2 + 150 * 4, "orange_price": 1.25, "orange_num": 1.25 * 150}
_SHOP_HINTS = {
    "tax": ([(1.25, "that is tax's own value; multiply swaps: tax gets dprice times the "
                    "tax node's *other* input."),
             (1000.0, "that is the price itself; tax gets dprice times the tax node's *other* "
                      "input."),
             (650.0, "that is the book's all_price; this shop buys 4 oranges."),
             (600.0, "that is orange_price alone: the tax node's other input is all_price.")],
            "start at price with 1 and cross the tax node: multiply swaps."),
    "orange_price": ([(0.625, "an add node does not split the gradient: both its local "
                              "derivatives are 1."),
                      (1.0, "the add node passes on what reaches all_price, and that is not 1."),
                      (1.1, "1.1 was the book's tax factor; this shop's is 1.25."),
                      (187.5, "an add node hands each input what reaches its output, "
                              "unchanged: it multiplies by nothing.")],
                     "what does an add node hand each input, given what reaches all_price?"),
    "orange_num": ([(150.0, "what reaches orange_price is not 1: the tax node's gradient comes "
                            "through the add node."),
                    (5.0, "that is d orange: multiply swaps, so orange_num gets the upstream "
                          "gradient times the *other* input."),
                    (165.0, "that uses the book's tax factor, 1.1; this shop's is 1.25."),
                    (1.25, "multiply swaps: orange_num gets what reaches the orange node "
                           "times that node's *other* input.")],
                   "cross the orange node: multiply swaps."),
}


@check
def shop_prediction(prediction):
    """The prediction in the chapter: d price / d tax, orange_price and orange_num in the
    apples-and-oranges graph with 2 apples at 100, 4 oranges at 150 and tax 1.25."""
    dict_answer(prediction, _SHOP_WANT, "{'tax': ..., 'orange_price': ..., ...}",
                "your prediction of that gradient")
    for name, want in _SHOP_WANT.items():
        if not close(prediction[name], want):
            typical, otherwise = _SHOP_HINTS[name]
            raise NotYet(f"'{name}': " + mistake(prediction[name], typical, otherwise))
    return "the tax node swaps, the add node copies, the orange node swaps again."


# The chapter's debug cell: f = s * x with s = x + y, at x = 3, y = 2 (s = 5).
# mul_f.backward(1.0) gives ds = x = 3 and x's own edge s = 5 in dx; the planted bug,
# `dx, dy = ds, ds` (the add node copies), then overwrites dx with the path through s: the 5
# is lost and the sweep returns 3 (which running it would show, so it is not asked).  The
# right gradient adds both paths: 5 + 3 = 8 = 2x + y.  No hint names 5 or 8.
_SWEEP = {"dx the wrong line loses": 5.0, "dx should be": 8.0}
_SWEEP_HINTS = {
    "dx the wrong line loses": (
        [(3.0, "that is what the wrong line puts into dx; what did dx hold just before it?"),
         (8.0, "that is what dx should be; which line overwrites a value of dx, and what did "
               "dx hold before it?"),
         (2.0, "that is y; trace what dx holds after each line.")],
        "trace the sweep at x = 3, y = 2: what does dx hold after each line, and which line "
        "overwrites it?"),
    "dx should be": ([(5.0, "that is one path of x, its own edge into the f node; x also feeds "
                            "the add node. A fork adds its paths."),
                      (3.0, "that is one path of x, through s; x also feeds the f node "
                            "directly. A fork adds its paths."),
                      (2.0, "that is the other input y; what does the f node send each of its "
                            "inputs?")],
                     "x is used twice, by the add node and by the f node: find what each path "
                     "brings back, then add."),
}


@check
def buggy_sweep(my_sweep):
    """The chapter's debug cell at (3, 2): the value of dx the wrong line throws away, and
    the dx the sweep should return."""
    dict_answer(my_sweep, _SWEEP, "{'dx the wrong line loses': 1.5, 'dx should be': 2.5}",
                "one number")
    for key, want in _SWEEP.items():
        if floats(my_sweep[key]) is None or floats(my_sweep[key]).shape != ():
            raise NotYet(f"'{key}': write one number.")
        if not close(my_sweep[key], want):
            typical, otherwise = _SWEEP_HINTS[key]
            raise NotYet(f"'{key}': " + mistake(my_sweep[key], typical, otherwise))
    return ("`dx, dy = ds, ds` overwrites x's own edge with the path through s, where the two "
            "should add. Fix that line, run its cell again, then the check below.")


# The chapter's sweep as given, with its wrong line (its code is compared, it never runs).
def _given_sweep(x, y):
    mul_f = MulLayer()     # noqa: F821 (the chapter's MulLayer; only the code is compared)
    s = x + y
    mul_f.forward(s, x)
    ds, dx = mul_f.backward(1.0)
    dx, dy = ds, ds
    return dx, dy


def _same_code(func, given):
    code = getattr(func, "__code__", None)
    want = given.__code__
    return code is not None and (code.co_code, code.co_consts, code.co_names,
                                 code.co_varnames) == (want.co_code, want.co_consts,
                                                       want.co_names, want.co_varnames)


@check
def fixed_sweep(sweep):
    """The debug cell's ``sweep(x, y)``, fixed: (dx, dy) of f = (x + y) x against central
    differences at random points, and built from what ``mul_f.backward`` returns (a run whose
    MulLayer returns twice its shares must return twice the gradient).  The given sweep,
    unedited, is not attempted."""
    import layers
    if _same_code(sweep, _given_sweep):
        raise NotAttempted("sweep still has its wrong line: fix it, run its cell, then this one.")
    scope = getattr(sweep, "__globals__", {})
    given, calls = scope.get("MulLayer"), []

    def run(x, y, scale):
        class Recording(layers.MulLayer):   # the sweep's MulLayer, counting its backward
            def backward(self, dout):
                calls.append(dout)
                return tuple(scale * share for share in super().backward(dout))
        scope["MulLayer"] = Recording
        try:
            return answer(sweep, x, y, what="sweep", if_none="sweep should return (dx, dy).",
                          pair="sweep should return a pair (dx, dy).")
        finally:
            if given is None:
                scope.pop("MulLayer", None)
            else:
                scope["MulLayer"] = given
    for x, y in np.random.default_rng(3).uniform(-4, 4, size=(3, 2)):
        calls.clear()
        got = run(x, y, 1.0)
        if not calls:
            raise NotYet("sweep no longer runs mul_f.backward: keep the sweep, and fix only "
                         "its wrong line.")
        numeric = layers.numerical_gradient(lambda v: (v[0] + v[1]) * v[0], np.array([x, y]))
        if floats(got) is None or not np.allclose(floats(got), numeric, rtol=1e-6, atol=1e-6):
            raise NotYet(f"at (x, y) = ({x:.3g}, {y:.3g}) your sweep returns {shown(got)}, "
                         f"central differences give ({numeric[0]:.4g}, {numeric[1]:.4g}). "
                         "Does each path of x add to dx?")
        doubled = run(x, y, 2.0)
        if floats(doubled) is None or not np.allclose(floats(doubled), 2 * numeric, rtol=1e-6,
                                                      atol=1e-6):
            raise NotYet("sweep must build dx and dy from what mul_f.backward returns, not "
                         "from a formula in x and y: fix only its wrong line.")
    return ("at three random points your sweep agrees with central differences: the fork "
            "adds x's two paths.")


def _library_sweeps_unused(run):
    """``run()``, refused if it ran a backward pass of the library: the graph's own
    (``Graph.backward`` or ``step``) or one of ``teaching/paths.py``'s methods; or the
    chapter's ``forward_mode`` (one call gives every gradient, each backward run once)."""
    from teaching import graph, paths
    own = {graph.Graph.backward.__code__, graph.Graph.step.__code__}
    used = []

    def watch(frame, event, arg):
        code = frame.f_code
        if event == "call" and (code in own or code.co_filename == paths.__file__
                                or code.co_name == "forward_mode"):
            used.append(code.co_name)
    with profiled(watch):
        result = run()
    if "forward_mode" in used:
        raise NotYet("backward_sweep ran forward_mode: sweep right to left with each node's "
                     "layer.backward instead.")
    if used:
        raise NotYet("backward_sweep ran a ready-made backward pass: sweep with each "
                     "node's layer.backward instead.")
    return result


def _backward_calls(graph, run):
    """``run()`` and the douts each node's ``layer.backward`` got meanwhile, by node output."""
    calls = {node.output: [] for node in graph.nodes}
    for node in graph.nodes:
        def recorded(dout, output=node.output, backward=node.layer.backward):
            calls[output].append(dout)
            return backward(dout)
        node.layer.backward = recorded
    try:
        return run(), calls
    finally:
        for node in graph.nodes:
            vars(node.layer).pop("backward", None)      # the class's backward again


def _fork_graph():
    """The fork section's f = s · x with s = x + y, at x = 3, y = 2: x feeds both nodes."""
    import layers
    from teaching.graph import Graph
    g = Graph("f = (x + y) · x")
    x, y = g.input("x", 3.0, -5.0, 5.0), g.input("y", 2.0, -5.0, 5.0)
    g.node("×", layers.MulLayer(), (g.node("+", layers.AddLayer(), (x, y), "s"), x), "f")
    return g


@check
def sweep_loop(backward_sweep):
    """The chapter's ``backward_sweep(graph)`` with its loop body written: every input's
    gradient and the count of multiplications (2 per × node) on the shop of the first
    prediction, on the fork section's f = (x + y) · x and on two diamonds (x forks), checked
    against the graph's own backward pass, which the learner's sweep may not run; and a
    sweep: each node's layer.backward runs once, with the gradient at its output as dout, or
    with 1 and the shares multiplied by that gradient after (forward_mode is refused)."""
    from teaching import examples, paths
    shop = examples.apples_oranges_graph()
    shop.forward(**SHOP)
    fork = "What must happen at a fork, where two edges bring back a share for the same value?"
    for graph, question in ((shop, "Which dout does each node's backward need, and where is "
                                   "it kept?"),
                            (_fork_graph(), fork), (paths.diamond_chain(2), fork)):
        graph.forward()
        result, calls = _backward_calls(graph, lambda: _library_sweeps_unused(lambda: answer(
            backward_sweep, graph, what="backward_sweep",
            if_none="backward_sweep should return (grad, multiplications).",
            pair="backward_sweep should return (grad, multiplications).")))
        grad, want = result[0], dict(graph.backward())
        for name in graph.inputs:
            got = grad.get(name) if isinstance(grad, dict) else None
            if floats(got) is None or floats(got).shape != () or not close(got, want[name]):
                raise NotYet(f"on {graph.title!r}, '{name}' gets {shown(got)}, not its "
                             f"gradient. {question}")
        for output, douts in calls.items():
            if len(douts) != 1 or not (close(douts[0], want[output]) or close(douts[0], 1)):
                more = ", ..." if len(douts) > 3 else ""
                given = f" (dout {', '.join(shown(d) for d in douts[:3])}{more})" if douts else ""
                raise NotYet(f"the gradients are right, but not from one sweep: on "
                             f"{graph.title!r} the node that makes '{output}' ran its "
                             f"layer.backward {len(douts)} time(s){given}. How often does a "
                             "sweep run each node's backward, and with which dout?")
        count = 2 * sum(node.op == "×" for node in graph.nodes)
        if not close(result[1], count):
            raise NotYet(f"the gradients are right, but on {graph.title!r} the sweep counts "
                         f"{shown(result[1])} multiplications: keep the given counting line "
                         "as it is, once for each node.")
    return "every input's gradient is right, at the forks too."


def count_loops(graph, verdict, backward_sweep, forward_mode):
    """The sweep's missing lines, then the counting reveal: ``paths.print_tallies`` on
    ``graph`` with the chapter's two loops, the learner's sweep only if ``verdict``
    (sweep_loop's) said Right; in the lecture view, where nobody writes it, the library's
    sweep alone is counted."""
    from teaching import paths
    print("the missing lines:\n"
          "        shares = node.layer.backward(grad[node.output])\n"
          "        for edge, share in zip(node.inputs, shares):\n"
          "            grad[edge] += share         # a fork adds the shares of its edges")
    loops = {"forward mode": forward_mode(graph)}
    if verdict:
        loops["backward sweep"] = backward_sweep(graph)
    paths.print_tallies(graph, ("all_price", "price"), loops=loops)


# The chapter's gradient check of NoSwapMulLayer (backward returns dout * a for a, dout * b
# for b; a multiply should give a dout * b and b dout * a).  The learner predicts the largest
# relative error ||g - n|| / (||g|| + ||n||), 0 for a pass.  a equal to b: the two agree, a
# pass.  a = 2b: a gets g = 2n, ||n|| / 3||n|| = 1/3, and b gets g = n/2, (1/2) / (3/2) = 1/3.
# a = 0: a gets g = 0 where n = dout * b, ||n|| / ||n|| = 1.  1/3 is worked out, not guessed.
_NOSWAP = {"a equal to b": 0.0, "a = 2b": 1 / 3, "a = 0, b random": 1.0}
_NOSWAP_HINTS = {
    "a equal to b": "with a equal to b, what does NoSwapMulLayer give a, and what should a get?",
    "a = 2b": "write a's g and n in terms of dout and b, then put them into the formula.",
    "a = 0, b random": "what does NoSwapMulLayer give a here, and what should a get? Put "
                       "both into the formula.",
}


@check
def noswap_prediction(prediction):
    """The largest relative error of ``NoSwapMulLayer``'s gradient check with a equal to b,
    with a = 2b, and with a = 0 and b random: each a number, 0 for a pass."""
    dict_answer(prediction, _NOSWAP, "{'a equal to b': ..., 'a = 2b': ..., ...}",
                "the largest relative error (0 for a pass)")
    for key, want in _NOSWAP.items():
        got = prediction[key]
        if isinstance(got, (bool, np.bool_)) or floats(got) is None or floats(got).shape != ():
            raise NotYet(f"'{key}': write one number, the largest relative error (0 for a pass).")
        if not close(got, want, tol=1e-3):      # 0.333 for 1/3 is right
            raise NotYet(f"'{key}': " + _NOSWAP_HINTS[key])
    return ("only a equal to b passes: there swapping changes nothing. With a = 2b, a gets "
            "twice and b half what it should: 1/3 for each; with a = 0, a gets 0 and b what a "
            "should get: 1. Check gradients at random points.")


# A chain of k diamonds (teaching/paths.py): x_i = p_i x_{i-1} + x_{i-1} q_i.  The edges into
# a + node only copy (local 1): no multiplication, the convention of the whole chapter.  A
# diamond has 4 edges into its two x nodes.  A path from x picks one of two branches in every
# diamond: 2**k paths, each with one x edge per diamond.  p_i (and q_i) crosses the x edge
# into its node, then has 2**(k - i) paths of k - i x edges more.  Listing paths:
# k 2**k + 2 sum_i 2**(k - i) (1 + k - i), which sums to (3k - 2) 2**k + 2.  One backward
# sweep makes 4k multiplications; forward mode one pass per input (x and every p_i, q_i:
# 2k + 1) over every edge: (2k + 1) 4k.  tests/test_paths.py checks that paths.counts
# measures exactly these.  The chapter asks for k = 1 and k = 2 and the order of growth:
# paths 2, 4; sweep 4, 8; forward mode 12, 40.  Listing paths (4, 18) is not asked: the
# explorer revealed after the check measures it.
_DIAMOND_COUNTS = {"paths from x": lambda k: 2 ** k,
                   "backward sweep": lambda k: 4 * k,
                   "forward mode": lambda k: (2 * k + 1) * 4 * k}
_GROWTH = {"paths from x": "exponential", "backward sweep": "linear", "forward mode": "quadratic"}
# wrong counts at (k = 1, k = 2) a learner is likely to give, and what to look at
_DIAMOND_HINTS = {
    "paths from x": [((2, 3), "a path picks one of two branches in *every* diamond: each "
                              "diamond multiplies the count, it does not add to it.")],
    "backward sweep": [((6, 12), "the + node's two edges only copy (upstream x 1): no "
                                 "multiplication there."),
                       ((2, 4), "one multiplication per edge into a × node, not per node.")],
    "forward mode": [((4, 8), "that is one pass; forward mode makes one pass per input."),
                     ((4, 16), "count the inputs again: x, and in each diamond its own "
                               "p_i and q_i."),
                     ((8, 32), "count the inputs again: x is an input too."),
                     ((4, 12), "you skipped the edges whose tangent is 0; forward_mode "
                               "multiplies on every edge into a × node, zero or not."),
                     ((18, 60), "the + node's edges only copy: count the edges into × nodes.")],
}


@check
def diamond_counts(prediction):
    """The chapter's prediction: for k = 1 and k = 2 diamonds in a row, the number of paths
    from x and the multiplications of the backward sweep and of forward mode (the + nodes'
    copies are no multiplications), each with how it grows with k."""
    dict_answer(prediction, _DIAMOND_COUNTS,
                "{'paths from x': (count at k = 1, count at k = 2, 'linear'), ...}",
                "(count at k = 1, count at k = 2, growth)")
    for key, formula in _DIAMOND_COUNTS.items():
        entry = prediction[key]
        if not isinstance(entry, (tuple, list)) or len(entry) != 3:
            raise NotYet(f"'{key}': give three things, (count at k = 1, count at k = 2, "
                         "'linear', 'quadratic' or 'exponential').")
        if any(isinstance(count, str) for count in entry[:2]):
            raise NotYet(f"'{key}': write the two counts as numbers, not strings.")
        want = (formula(1), formula(2))
        if not close(entry[:2], want):
            raise NotYet(f"'{key}': " + mistake(entry[:2], _DIAMOND_HINTS[key],
                                                 "count it on the picture for k = 1, "
                                                 "then chain a second diamond after it."))
        growth = entry[2].strip().lower() if isinstance(entry[2], str) else ""
        if growth not in ("linear", "quadratic", "exponential"):
            raise NotYet(f"'{key}': write its growth as 'linear', 'quadratic' or "
                         "'exponential'.")
    growths = {key: prediction[key][2].strip().lower() for key in _GROWTH}
    if growths != _GROWTH:      # one verdict for the three: no growth confirmed by trial
        raise NotYet("your counts are right, but not all three growths: count a third "
                     "diamond, and think of a tenth.")
    return ("2, 4 paths (2**k); the sweep 4, 8 (4 per diamond); forward mode 12, 40 (one "
            "pass per input, 2k + 1 of them, each 4k).")


# The chapter's max prediction: the shop of the first prediction (2 apples at 100, 4 oranges
# at 150: all_price = 800) with a minimum charge of 1000 before a tax of 1.25:
# price = max(all_price, minimum) x tax = 1000 x 1.25.  Right to left: the tax node sends the
# max node's output 1 x tax = 1.25; the max node routes all of it to the input that won,
# minimum (1.25), and 0 to all_price, so everything behind all_price, orange_num too, gets 0.
_ROUTE_WANT = {"minimum": 1.25, "orange_num": 0.0}
_ROUTE_HINTS = {
    "minimum": ([(1.0, "that is the max node's local derivative; multiply by what the tax node "
                       "sends the max node's output."),
                 (0.0, "nudge the minimum charge by 1 yen: does the price move?"),
                 (1000.0, "that is what the tax node sends tax; minimum is behind the max node."),
                 (0.625, "a max node does not split the gradient between its inputs.")],
                "what does the tax node send the max node's output, and which input of max "
                "sets the price?"),
    "orange_num": ([(187.5, "that is what orange_num would get if all_price won the max. Add "
                            "one orange: all_price becomes 950; what is the price then?"),
                    (150.0, "add one orange: all_price becomes 950; what is the price then?"),
                    (1.25, "add one orange: all_price becomes 950; what is the price then?")],
                   "add one orange: all_price becomes 950; what is the price then?"),
}


@check
def max_prediction(prediction):
    """The chapter's prediction: d price / d minimum and d price / d orange_num for
    price = max(all_price, minimum) x tax at all_price = 800, minimum 1000, tax 1.25."""
    dict_answer(prediction, _ROUTE_WANT, "{'minimum': ..., 'orange_num': ...}",
                "your prediction of that gradient")
    for name, want in _ROUTE_WANT.items():
        if floats(prediction[name]) is None or floats(prediction[name]).shape != ():
            raise NotYet(f"'{name}': write one number.")
        if not close(prediction[name], want):
            typical, otherwise = _ROUTE_HINTS[name]
            raise NotYet(f"'{name}': " + mistake(prediction[name], typical, otherwise))
    return ("the minimum charge won the max, so it gets all that reaches the max node; "
            "all_price lost and gets 0, and so does everything behind it: one more orange "
            "does not change the price.")


# The closing exercise: f = max(x, y) * x, derived by hand (max routes, the fork adds).
# At x = 3, y = 5, y wins the max: f = y * x, x gets only its direct edge's y = 5 (its edge
# into the max brings 0) and y gets x = 3.  At x = 5, y = 3, x wins: f = x * x, x gets
# 5 from its direct edge plus 5 through the max, 10; y lost and gets 0.
_MAX_FORK = {"x=3, y=5": (5.0, 3.0), "x=5, y=3": (10.0, 0.0)}
_MAX_FORK_HINTS = {
    "x=3, y=5": ([((8.0, 3.0), "x lost the max: its edge into the max brings back nothing."),
                  ((3.0, 5.0), "the multiply node sends each input the *other* one."),
                  ((5.0, 0.0), "y won the max, so y gets the multiply's share through it.")],
                 "which input wins the max here? Follow both edges of x."),
    "x=5, y=3": ([((5.0, 0.0), "x is used twice, directly and through the max it won: "
                               "a fork adds its edges."),
                  ((10.0, 5.0), "y lost the max: nothing reaches it."),
                  ((5.0, 5.0), "y lost the max, and x has two edges.")],
                 "which input wins the max here? Follow both edges of x."),
}


@check
def max_fork(prediction):
    """The closing exercise: (df/dx, df/dy) of f = max(x, y) * x at two points, by hand."""
    dict_answer(prediction, _MAX_FORK, "{'x=3, y=5': (dx, dy), 'x=5, y=3': (dx, dy)}",
                "a pair (df/dx, df/dy)")
    for name, want in _MAX_FORK.items():
        got = floats(prediction[name])
        if got is None or got.shape != (2,):
            raise NotYet(f"'{name}': write a pair of numbers (df/dx, df/dy).")
        if not close(got, want):
            typical, otherwise = _MAX_FORK_HINTS[name]
            raise NotYet(f"'{name}': " + mistake(got, typical, otherwise))
    return ("max routes and the fork adds: when x wins, x reaches f along two edges; "
            "when it loses, along one.")
