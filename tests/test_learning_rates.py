"""teaching.learning_rates: dead units, the gradient reaching W1, and the comparison of
learning rates that chapter 08 shows (the collapse at 2 and 3)."""

import numpy as np
import pytest

from network import TwoLayerNet
from teaching import digits, learning_rates


@pytest.fixture(scope="module")
def data():
    return digits.load(test_size=400, seed=0)


@pytest.fixture(scope="module")
def runs(data):
    return learning_rates.compare(data, learning_rates=(1.0, 3.0), epochs=30, seeds=(0, 1))


def test_dead_units_counts_units_off_on_every_sample():
    net = TwoLayerNet(2, 4, 3, seed=0)
    net.params["W1"][...] = [[1.0, -1.0, 0.0, 1.0],
                             [1.0, -1.0, 0.0, -2.0]]
    net.params["b1"][...] = [0.0, 0.0, 0.0, 0.5]
    x = np.array([[1.0, 0.0], [0.0, 1.0]])
    # inputs of the units: [1, -1, 0, 1.5] and [1, -1, 0, -1.5]: unit 1 is negative on both
    # samples, unit 2 exactly 0 on both (the ReLU's switch is closed at 0), units 0 and 3 open
    assert learning_rates.dead_units(net, x) == 2
    assert learning_rates.dead_units(net, x[:1]) == 2
    net.params["b1"][2] = 0.1
    assert learning_rates.dead_units(net, x) == 1


def test_gradient_size_is_the_norm_of_dW1(data):
    net = TwoLayerNet(64, 10, 10, weight_init_std=0.1, seed=0)
    x, t = data.x_train[:20], data.t_train[:20]
    assert learning_rates.gradient_size(net, x, t) == pytest.approx(
        np.sqrt(np.sum(net.gradient(x, t)["W1"] ** 2)), rel=1e-12)
    net.params["b1"][...] = -100.0          # every unit dead: nothing reaches W1
    assert learning_rates.gradient_size(net, x, t) == 0.0


def test_compare_records_every_epoch_and_is_reproducible(data, runs):
    assert [(r.learning_rate, r.seed) for r in runs] == [(1.0, 0), (1.0, 1), (3.0, 0), (3.0, 1)]
    for run in runs:
        assert len(run.loss_train) == len(run.acc_test) == len(run.dead) == len(run.grad_w1) == 31
        assert run.loss_train[0] == pytest.approx(np.log(10), abs=0.1)   # ten near-equal guesses
    again = learning_rates.compare(data, learning_rates=(3.0,), epochs=30, seeds=(1,))[0]
    assert again.loss_train == runs[3].loss_train and again.dead == runs[3].dead


def test_a_good_rate_learns_and_a_rate_of_3_kills_the_hidden_layer(runs):
    # the claims of chapter 08: at 1 the network learns and keeps its units; at 3 nearly
    # every hidden ReLU dies, nothing reaches W1, and the network guesses (10 classes)
    for run in runs:
        if run.learning_rate == 1.0:
            assert run.acc_test[-1] >= 0.96 and run.dead[-1] <= 5
            assert run.loss_train[-1] < run.loss_train[0] / 10
        else:
            assert run.dead[-1] >= 45 and run.acc_test[-1] < 0.2
            assert run.loss_train[-1] > 0.9 * np.log(10)
            assert run.grad_w1[-1] < 1e-3 * run.grad_w1[0]


def test_a_dead_unit_never_comes_back(runs):
    # a unit off on every training sample is off on every batch: its weights get gradient 0,
    # keep their values, and it stays off, so the count can only grow
    for run in runs:
        assert all(a <= b for a, b in zip(run.dead, run.dead[1:])), run.dead


def test_figure_and_table(runs):
    fig = learning_rates.figure(runs)
    assert len(fig.axes) == 3
    assert [len(ax.get_lines()) for ax in fig.axes][1:] == [2, 2]
    text = learning_rates.table(runs)
    lines = text.splitlines()
    assert lines[0] == "after 30 epochs, seeds 0-1:" and len(lines) == 4
    assert lines[3].split()[0] == "3"


def test_compare_refuses_no_epochs(data):
    with pytest.raises(ValueError, match="epochs"):
        learning_rates.compare(data, epochs=0)


# --- the live explorer

@pytest.fixture(scope="module")
def explorer(data):
    return learning_rates.LearningRateExplorer(data, learning_rate=3.0)


def test_explorer_opens_on_the_collapse_beside_the_chapters_settings(explorer):
    v = explorer.values
    assert (v["learning_rate"], v["weight_init_std"], v["seed"]) == (3.0, 0.1, 0)
    assert v["dead"] >= 45 and v["accuracy"] < 0.2 and v["reference_accuracy"] >= 0.96
    reference, current = explorer.marks["dead"]
    assert list(current.y) == explorer.run.dead and list(reference.y) == explorer.reference.dead
    assert f"{v['dead']} of 50 hidden units dead" in explorer.readout.value
    assert "image/png" in explorer.static()


def test_explorer_retrains_when_a_control_moves(explorer):
    explorer.controls["learning_rate"].value = 1.0
    assert explorer.values["dead"] <= 5 and explorer.values["accuracy"] >= 0.96
    assert list(explorer.marks["loss_train"][1].y) == explorer.run.loss_train
    explorer.controls["seed"].value = 1           # a new seed: a new grey reference too
    assert explorer.reference.seed == 1 and explorer.run.seed == 1
    explorer.controls["weight_init_std"].value = 0.01
    assert explorer.values["weight_init_std"] == 0.01
    # the gradient panel draws 0 at FLOOR (log scale); the values themselves stay exact
    explorer.controls["learning_rate"].value = 3.0
    grads = explorer.marks["grad_w1"][1].y
    assert np.all(grads >= learning_rates.FLOOR)
    assert np.array_equal(grads, np.maximum(explorer.run.grad_w1, learning_rates.FLOOR))


def test_explorer_trains_each_choice_once_and_answers_from_memory(data, monkeypatch):
    view = learning_rates.LearningRateExplorer(data, learning_rate=1.5)
    trained = []
    real_compare = learning_rates.compare

    def counting(*args, **kwargs):
        trained.append((args[1], kwargs.get("weight_init_std")))
        return real_compare(*args, **kwargs)

    monkeypatch.setattr(learning_rates, "compare", counting)
    first = view.run
    view.controls["learning_rate"].value = 2.5       # new: trained once
    view.controls["learning_rate"].value = 1.5       # met before: from memory, the same run
    assert trained == [((2.5,), 0.1)]
    assert view.run is first and list(view.marks["loss_train"][1].y) == first.loss_train
    view.controls["learning_rate"].value = 2.5
    assert trained == [((2.5,), 0.1)] and view.values["learning_rate"] == 2.5


# --- what chapter 08 says about its runs (guarded here, so the chapter shows no answer)

def test_rates_2_and_3_kill_most_units_in_the_first_epoch_and_the_rest_by_epoch_30(data):
    # the chapter's explanation of its learning-rate runs: 26 to 40 of the 50 hidden units
    # dead after the first epoch at rates 2 and 3 (seeds 0-2), all 50 or all but one by 30
    runs = learning_rates.compare(data, learning_rates=(2.0, 3.0), epochs=30, seeds=(0, 1, 2))
    assert (min(r.dead[1] for r in runs), max(r.dead[1] for r in runs)) == (26, 40)
    assert all(run.dead[30] >= 49 for run in runs)


def test_follow_steps_is_the_chapters_random_batch_loop(data):
    # step k on one random batch drawn with seed k, as train_random_batches(steps=1, seed=k)
    from network import sgd_step
    net = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
    for step in (1, 2):
        batch = np.random.default_rng(step).choice(len(data.x_train), size=100, replace=False)
        sgd_step(net, data.x_train[batch], data.t_train[batch], 3.0)
    loss, dead, bias = learning_rates.follow_steps(data, steps=2)[-1]
    assert loss == net.loss(data.x_train, data.t_train) and bias == net.params["b1"].min()
    assert dead == learning_rates.dead_units(net, data.x_train)


def test_follow_steps_at_rate_3_kills_units_the_way_the_chapter_tells(data):
    # the chapter's account, on its 1,097 training digits over 11 steps (about one epoch):
    # two units are dead from the start, more die from the third step on, while the loss is
    # still near log 10; the loss reaches 14.50 at step 10; the smallest bias falls from
    # -0.03 to -2.95
    split = digits.validation_split(data, size=300)
    loss, dead, bias = np.array(learning_rates.follow_steps(split, learning_rate=3.0,
                                                            steps=11)).T
    start = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
    assert learning_rates.dead_units(start, split.x_train) == dead[0] == dead[1] == 2
    assert dead[1] < dead[2] and loss[2] < 1.05 * np.log(10)
    assert f"{loss[9]:.2f}" == "14.50" and f"{bias[0]:.2f}" == "-0.03"
    assert f"{bias[-1]:.2f}" == "-2.95"


def test_distinct_columns_counts_columns_equal_up_to_rounding():
    W = np.ones((4, 5))
    W[:, 3] += 1e-13                      # rounding: the same column
    assert learning_rates.distinct_columns(W) == 1
    W[:, 4] = 2.0
    assert learning_rates.distinct_columns(W) == 2
    assert learning_rates.distinct_columns(np.eye(3)) == 3


def test_a_symmetric_start_stays_symmetric(data):
    # equal columns get equal gradients at every step: W1 moves, yet keeps one column
    net, history, w1_start = learning_rates.symmetric_start(data, epochs=3)
    assert np.all(w1_start == 0.1) and np.any(net.params["W1"] != w1_start)
    assert learning_rates.distinct_columns(net.params["W1"]) == 1
    assert len(history.loss_train) == 4


def test_scale_table_gives_ranges_over_the_seeds(data):
    runs = [run for scale in (0.01, 1.0)
            for run in learning_rates.compare(data, learning_rates=(1.0,), epochs=5,
                                              seeds=(0, 1), weight_init_std=scale)]
    assert sorted({r.weight_init_std for r in runs}) == [0.01, 1.0]
    lines = learning_rates.scale_table(runs).splitlines()
    assert lines[0] == "learning rate 1, seeds 0-1:" and len(lines) == 4
    assert lines[2].split()[0] == "0.01" and lines[3].split()[0] == "1"
    assert "W1" not in lines[1]   # no gradient column: chapter 8's exercise 3 asks for it
    # at scale 1 the start is confidently wrong: a loss far above log 10, a range over seeds
    low, high = map(float, lines[3].split()[1].split("-"))
    assert np.log(10) < low < high


def test_report_prints_the_table_and_first_epoch_deaths(runs, capsys):
    fig = learning_rates.report(runs)
    out = capsys.readouterr().out
    assert learning_rates.table(runs) in out
    assert out.count("hidden units dead after the first epoch") == len({r.learning_rate
                                                                       for r in runs})
    assert fig is not None


def test_report_steps_prints_one_line_per_step(data, capsys):
    learning_rates.report_steps(data, learning_rate=3.0, steps=3)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["step  1", "step  2", "step  3"]


def test_the_edge_lies_between_1_and_1_5_at_both_small_scales(data):
    # the chapter's answer below its learning-rate explorer, run by run, on the chapter's
    # validation split
    split = digits.validation_split(data, size=300)
    for scale, dead in ((0.1, [47, 29, 31]), (0.01, [24, 37, 46])):
        runs = learning_rates.compare(split, learning_rates=(1.5,), epochs=30, seeds=(0, 1, 2),
                                      weight_init_std=scale)
        assert [run.dead[30] for run in runs] == dead
        assert {run.held_out for run in runs} == {"validation"}
        if scale == 0.1:                     # and the seed decides how much they cost
            assert [round(100 * run.acc_test[30]) for run in runs] == [20, 94, 96]
    one = learning_rates.compare(split, learning_rates=(1.0,), epochs=30, seeds=(0,))[0]
    assert one.dead[30] == 2                 # where the explorer opens
