"""teaching/paths.py: three ways to the gradients agree, and their measured counts follow the math.

A chain of k diamonds (x_i = p_i x_{i-1} + x_{i-1} q_i) has 2k + 1 inputs, 3k nodes and
6k edges, 4k of them into × nodes; the 2k edges into + nodes only copy (local 1) and are
no multiplications.  One backward sweep crosses every edge once: 4k multiplications.
Forward mode makes one pass per input over every edge: (2k + 1) 4k.  Summing over paths:
x has 2**k paths, each crossing one × edge per diamond; p_i (and q_i) crosses the × edge
into diamond i, then has 2**(k - i) paths of k - i × edges more.
d out/dx = (p + q)**k = 1.1**k.
"""

import re

import pytest

from teaching import examples, paths


def paths_count(k):
    from_x = 2 ** k * k
    from_p_and_q = 2 * sum(2 ** (k - i) * (1 + (k - i)) for i in range(1, k + 1))
    return from_x + from_p_and_q


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8])
def test_diamond_counts_follow_the_math(k):
    c = paths.counts(paths.diamond_chain(k))
    assert c["inputs"] == 2 * k + 1 and c["edges"] == 6 * k
    assert c["multiplications"] == {"listing paths": paths_count(k),
                                    "forward mode": (2 * k + 1) * 4 * k,
                                    "backward sweep": 4 * k}
    # forward: one multiplication per × node, 2 per diamond; backward: two for each of them
    assert c["forward_products"] == 2 * k


@pytest.mark.parametrize("k", [1, 4, 7])
def test_three_methods_agree_with_the_layers_and_the_math(k):
    g = paths.diamond_chain(k)
    c = paths.counts(g)
    want = g.backward(1.0)          # the graph's own step-by-step backward, through the layers
    for method, grads in c["grads"].items():
        for name in g.inputs:
            assert grads[name] == pytest.approx(want[name], rel=1e-12), (method, name)
    assert want["x"] == pytest.approx(1.1 ** k)
    # p_1 enters the first diamond: d out/d p_1 = x * 1.1**(k - 1)
    assert want["p1"] == pytest.approx(1.1 ** (k - 1))


def test_apples_and_oranges_the_gradient_reaching_all_price_is_computed_once():
    g = examples.apples_oranges_graph()
    c = paths.counts(g)
    all_price_into_tax = ("price", 0)   # (node output, input number): dprice x tax = 1.1
    # one path each from apple, apple_num, orange, orange_num crosses it
    assert c["tallies"]["listing paths"].per_edge[all_price_into_tax] == 4
    assert c["tallies"]["backward sweep"].per_edge[all_price_into_tax] == 1
    assert c["tallies"]["forward mode"].per_edge[all_price_into_tax] == 5     # once per input
    # the add node's edges only copy: 3 × nodes, one multiplication each forward, two backward
    assert c["forward_products"] == 3
    assert c["multiplications"]["backward sweep"] == 6
    assert c["multiplications"]["forward mode"] == 5 * 6
    assert c["multiplications"]["listing paths"] == 4 * 2 + 1
    for grads in c["grads"].values():
        assert grads == pytest.approx({"apple": 2.2, "apple_num": 110, "orange": 3.3,
                                       "orange_num": 165, "tax": 650})


def test_diamond_chain_refuses_a_bad_k():
    for k in (0, -1, 2.5, "3"):
        with pytest.raises(ValueError, match="whole number k"):
            paths.diamond_chain(k)


def test_explorer_slider_draws_the_measured_counts_on_to_its_k():
    ex = paths.PathCountExplorer()
    assert ex.controls["k"].value == 1 and list(ex.controls) == ["k"]
    assert "1 diamond in a row" in ex.view.value
    assert "count / k" in ex.view.value                  # the per-diamond scale, said in words
    for tick in ("0", "20", "40", "60", "80", "100"):
        assert f'font-size="13">{tick}</text>' in ex.view.value
    ex.controls["k"].value = 10
    assert ex.values["multiplications"]["backward sweep"] == 40
    assert "10 diamonds in a row" in ex.view.value and "at k = 10" in ex.view.value
    # the legend at k = 10: (3k - 2) 2**k + 2 listing, (2k + 1) 4k forward mode, 4k the sweep
    assert re.findall(r'font-size="14">([\d,]+)<', ex.view.value) == ["28,674", "840", "40"]
    assert ex.view.value.count('stroke-width="3"/>') == 3          # one line per method ...
    # ... with a dot per k, but listing paths' ((3k - 2) 2**k + 2) / k passes the plot's top,
    # 100 per diamond, from k = 6 on (171): its dots at k = 6..10 are cut
    assert ex.view.value.count('r="4" fill=') == 3 * 10 - 5
    assert "(they agree)" in ex.readout.value and "21 gradients" in ex.readout.value
    assert "1,024 paths from x" in ex.readout.value
    assert ex.static() == {"image/svg+xml": ex.view.value}


def test_n_paths_counts_what_paths_of_lists():
    for k in (1, 3, 6):
        g = paths.diamond_chain(k)
        assert paths.n_paths(g, "x") == len(paths.paths_of(g, "x")) == 2 ** k
        assert paths.n_paths(g, f"p{k}") == 1
    assert paths.n_paths(paths.diamond_chain(20), "x") == 2 ** 20


def test_explorer_display_carries_its_picture_and_a_fixed_text():
    data = paths.PathCountExplorer(k=4)._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert data["text/plain"] == "Path-count explorer (run the cell in Jupyter to use it)"
    assert data["image/svg+xml"].startswith("<svg") and ">162</text>" in data["image/svg+xml"]


def test_readout_compares_every_input_not_only_x():
    c = dict(paths._counts_for(2))
    assert "(they agree)" in paths._readout(2, c)
    grads = {m: dict(g) for m, g in c["grads"].items()}
    grads["forward mode"]["q2"] += 0.5          # x still agrees; q2 does not
    assert "(THEY DISAGREE)" in paths._readout(2, dict(c, grads=grads))


def test_printed_tallies_follow_the_math(capsys):
    """The book's shop (2 apples at 100, 3 oranges at 150, tax 1.1): the sweep computes
    dall_price = 1 x tax = 1.1 once; the add node copies it to apple_price and orange_price,
    whose nodes swap: apple, apple_num, orange and orange_num read it, 4 multiplications (tax
    gets 1 x all_price and does not).  The edge all_price -> price is used by 4 listed
    paths, 5 forward-mode passes and the sweep once; a forward pass makes 3 multiplications
    (3 x nodes), a forward-mode pass and the sweep 2 per x node: 6."""
    shop = examples.apples_oranges_graph()
    paths.print_tallies(shop, edge=("all_price", "price"))
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("the sweep computes dall_price = 1.1 once; 4 multiplications "
                                   "behind it reuse it")
    # the other edge into the tax node: dtax is read by nothing behind it
    paths.print_tallies(shop, edge=("tax", "price"))
    assert capsys.readouterr().out.splitlines()[0] == (
        "the sweep computes dtax = 650 once; 0 multiplications behind it reuse it")
    for method, n in (("listing paths", 4), ("forward mode", 5), ("backward sweep", 1)):
        assert re.search(rf"{method}\s*:\s*\d+ multiplications, {n} of them", out)
    # 3 × nodes: 3 forward products; forward mode 5 passes x 2 products per × node = 30
    assert "in forward passes: forward mode (3 + 30) / 3 = 11; sweep (3 + 6) / 3 = 3, for all " \
        "gradients" in out


def chapter_loops():
    """The chapter's own forward_mode and backward_sweep, taken from its source as shown."""
    import ast
    from pathlib import Path

    source = Path(__file__).parent.parent / "notebooks/src/03_add_mul_backward.py"
    # the sweep's template line, filled with its loop body
    text = source.read_text(encoding="utf-8").replace(
        'raise NotImplementedError("YOUR CODE")',
        "shares = node.layer.backward(grad[node.output])\n"
        "        for edge, share in zip(node.inputs, shares):\n"
        "            grad[edge] += share")
    tree = ast.parse(text)
    wanted = [node for node in tree.body if isinstance(node, ast.FunctionDef)
              and node.name in ("forward_mode", "backward_sweep")]
    assert len(wanted) == 2, "chapter 03 should define forward_mode and backward_sweep"
    scope = {}
    exec(compile(ast.Module(wanted, type_ignores=[]), str(source), "exec"), scope)
    return scope["forward_mode"], scope["backward_sweep"]


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_the_chapters_loops_count_what_the_math_and_the_tallies_say(k, capsys):
    """The two loops shown in chapter 03 make (and count) 4k and (2k + 1) 4k multiplications
    on k diamonds; on the book's shop 2 per × node: 6, and 5 passes of 6; and give the
    layers' gradients.  print_tallies accepts them, and refuses a loop that miscounts."""
    forward_mode, backward_sweep = chapter_loops()
    for graph, sweep_count, forward_count in (
            (paths.diamond_chain(k), 4 * k, (2 * k + 1) * 4 * k),
            (examples.apples_oranges_graph(), 6, 5 * 6)):
        graph.forward()
        grad, n_sweep = backward_sweep(graph)
        tangents, n_forward = forward_mode(graph)
        assert (n_sweep, n_forward) == (sweep_count, forward_count)
        graph.backward()
        for name in graph.inputs:
            assert grad[name] == pytest.approx(graph.grads[name])
            assert tangents[name] == pytest.approx(graph.grads[name])
    paths.print_tallies(graph, ("all_price", "price"), loops={
        "backward sweep": (grad, n_sweep), "forward mode": (tangents, n_forward)})
    out = capsys.readouterr().out
    assert out.count("(the loop above counts the same)") == 2
    with pytest.raises(AssertionError, match="backward sweep"):
        paths.print_tallies(graph, ("all_price", "price"),
                            loops={"backward sweep": (grad, n_sweep + 1)})
