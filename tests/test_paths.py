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


def test_explorer_hides_the_counts_until_asked():
    ex = paths.PathCountExplorer()
    assert ex.controls["k"].value == 1
    for k in (1, 3):
        ex.controls["k"].value = k
        assert "paths" not in ex.view.value and "sweep" not in ex.view.value
        assert "Counts hidden" in ex.view.value
        # the readout names the chain (it follows the slider) and no count
        text = re.sub(r"<[^>]*>", "", ex.readout.value)
        assert f"k = {k} diamond" in text and "Counts hidden" in text
        assert re.findall(r"\d+", text) == [str(k)]
    assert ex.static() == {"image/svg+xml": ex.view.value}
    ex.controls["show"].value = True
    assert "8 paths" in ex.view.value and "backward sweep: 12<" in ex.view.value
    assert "(they agree)" in ex.readout.value and "7 gradients" in ex.readout.value


def test_explorer_slider_redraws_counts_and_picture():
    ex = paths.PathCountExplorer(k=2, shown=True)
    assert "4 paths" in ex.view.value and "listing paths: 18<" in ex.view.value
    # every k of the slider is on the plot at once: one line per method, the current k marked
    assert ex.view.value.count("<path d=\"M") >= 3 and ">12</text>" in ex.view.value
    assert "at k = 2:" in ex.view.value
    ex.controls["k"].value = 10
    assert ex.values["multiplications"]["backward sweep"] == 40
    assert "1024 paths" in ex.view.value and "28,674" in ex.view.value
    assert "(they agree)" in ex.readout.value
    assert ex.static() == {"image/svg+xml": ex.view.value}


def test_n_paths_counts_what_paths_of_lists():
    for k in (1, 3, 6):
        g = paths.diamond_chain(k)
        assert paths.n_paths(g, "x") == len(paths.paths_of(g, "x")) == 2 ** k
        assert paths.n_paths(g, f"p{k}") == 1
    assert paths.n_paths(paths.diamond_chain(20), "x") == 2 ** 20


def test_explorer_display_carries_its_picture_and_a_fixed_text():
    data = paths.PathCountExplorer(k=4, shown=True)._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert data["text/plain"] == "Path-count explorer (run the cell in Jupyter to use it)"
    assert data["image/svg+xml"].startswith("<svg") and "16 paths" in data["image/svg+xml"]


def test_readout_compares_every_input_not_only_x():
    c = dict(paths._counts_for(2))
    assert "(they agree)" in paths._readout(2, c)
    grads = {m: dict(g) for m, g in c["grads"].items()}
    grads["forward mode"]["q2"] += 0.5          # x still agrees; q2 does not
    assert "(THEY DISAGREE)" in paths._readout(2, dict(c, grads=grads))


def test_printed_tallies_follow_the_math(capsys):
    """The book's shop (2 apples at 100, 3 oranges at 150, tax 1.1): the edge all_price -> price
    is used by 4 listed paths, 5 forward-mode passes and the sweep once; a forward pass
    makes 3 multiplications (3 x nodes), a forward-mode pass and the sweep 2 per x node: 6."""
    shop = examples.apples_oranges_graph()
    paths.print_tallies(shop, edge=("all_price", "price"))
    out = capsys.readouterr().out
    for method, n in (("listing paths", 4), ("forward mode", 5), ("backward sweep", 1)):
        assert re.search(rf"{method}\s*:\s*\d+ multiplications, {n} of them", out)
    assert "in forward passes: sweep (3 + 6) / 3 = 3 for all gradients, forward-mode pass " \
        "(3 + 6) / 3 = 3 for one" in out
