"""teaching.digits and teaching.training: the data, the loop, the figures, the live view."""

import base64
import io
import re
import struct
import time

import matplotlib.image
import numpy as np
import pytest
from IPython.display import Markdown

from network import TwoLayerNet
from teaching import digits, training, training_view, widgets
from teaching.reveal import as_output


@pytest.fixture(scope="module")
def data():
    return digits.load()


def test_digits_offline_scaled_and_split_by_seed(data):
    assert data.x_train.shape == (1397, 64) and data.x_test.shape == (400, 64)
    assert 0.0 == data.x_train.min() and data.x_train.max() == 1.0   # 16/16
    assert set(np.unique(data.t_train)) == set(range(10))
    again, other = digits.load(), digits.load(seed=1)
    assert np.array_equal(again.x_test, data.x_test)
    assert not np.array_equal(other.t_test, data.t_test)
    # the split is a partition of the 1,797 images: sorted pixel sums match
    all_a = np.sort(np.r_[data.x_train, data.x_test].sum(axis=1))
    all_b = np.sort(np.r_[other.x_train, other.x_test].sum(axis=1))
    assert len(all_a) == 1797 and np.array_equal(all_a, all_b)
    again.x_train[...] = 0                      # new arrays every call
    assert digits.load().x_train.any()


def test_digits_are_scikit_learns_bundled_digits():
    from sklearn.datasets import load_digits
    bunch = load_digits()
    images, labels = digits._raw()
    assert np.array_equal(images, bunch.data) and np.array_equal(labels, bunch.target)
    assert digits._bundled_file() is not None, "read through scikit-learn, not the file"


def test_validation_split_keeps_the_test_digits_out(data):
    split = digits.validation_split(data, size=300)
    assert split.x_train.shape == (1097, 64) and split.x_test.shape == (300, 64)
    assert split.held_out == "validation" and data.held_out == "test"
    assert "300 validation images" in repr(split)
    # training and validation digits are the training digits of data, split in order
    assert np.array_equal(np.r_[split.x_test, split.x_train], data.x_train)
    assert np.array_equal(np.r_[split.t_test, split.t_train], data.t_train)
    history = training.train(TwoLayerNet(64, 5, 10, seed=0), split, epochs=1)
    assert history.held_out == "validation"
    for size in (0, 1397, True):
        with pytest.raises(ValueError, match="size"):
            digits.validation_split(data, size=size)


@pytest.mark.parametrize("size", [0, 1797, 2.5, True])
def test_digits_bad_test_size(size):
    with pytest.raises(ValueError, match="test_size"):
        digits.load(test_size=size)


def test_tile_places_images_with_gaps():
    images = np.arange(3 * 64, dtype=float).reshape(3, 8, 8)
    out = training.tile(images, columns=2, gap=1, fill=-1)
    assert out.shape == (17, 17)
    assert np.array_equal(out[:8, :8], images[0]) and np.array_equal(out[:8, 9:], images[1])
    assert np.array_equal(out[9:, :8], images[2])
    assert (out[8] == -1).all() and (out[9:, 9:] == -1).all()


def test_train_is_seeded_and_learns(data):
    runs = [training.train(TwoLayerNet(64, 20, 10, weight_init_std=0.1, seed=0), data, 5,
                           seed=0) for _ in range(2)]
    a, b = runs
    assert len(a) == 6 and a.epoch == list(range(6))
    assert a.loss_test == b.loss_test and np.array_equal(a.w1[-1], b.w1[-1])
    assert a.loss_train[-1] < a.loss_train[0] and a.acc_test[-1] > 0.8
    assert a.loss_train[0] == pytest.approx(np.log(10), abs=0.1)   # untrained: about log 10


def test_train_stop_keeps_what_was_learnt(data):
    import threading
    stop = threading.Event()
    stop.set()
    net = TwoLayerNet(64, 20, 10, seed=0)
    before = net.params["W1"].copy()
    history = training.train(net, data, 3, stop=stop)
    assert len(history) == 2 and np.array_equal(net.params["W1"], before)


def test_static_figures_render(data):
    history = training.train(TwoLayerNet(64, 20, 10, weight_init_std=0.1, seed=0), data, 2)
    for fig in (training.curves_figure(history), training.weights_figure(history.w1[-1]),
                training.mistakes_figure(history.predicted[-1], data)):
        assert fig._repr_png_().startswith(b"\x89PNG")


def test_loss_curves_are_drawn_on_a_log_axis(data):
    # the training loss falls by orders of magnitude while the test loss stays: only a log
    # axis shows both
    history = training.train(TwoLayerNet(64, 20, 10, weight_init_std=0.1, seed=0), data, 2)
    loss_axes, accuracy_axes = training.curves_figure(history).axes
    assert loss_axes.get_yscale() == "log" and accuracy_axes.get_yscale() == "linear"


def test_view_trains_in_the_background_and_stop_keeps_it(data):
    view = training_view.TrainingView(data, hidden_size=20)
    start_w1 = view.net.params["W1"].copy()
    view.start(epochs=1000)
    deadline = time.monotonic() + 30
    while len(view.history) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert view.running
    assert view.buttons["start"].disabled and not view.buttons["stop"].disabled
    view.stop()
    assert not view.running and not view.buttons["start"].disabled
    epochs = len(view.history) - 1
    assert epochs >= 3
    learnt = view.net.params["W1"].copy()
    assert not np.array_equal(learnt, start_w1)
    time.sleep(0.1)
    assert np.array_equal(view.net.params["W1"], learnt)           # stop keeps it
    assert len(view.marks["loss_train"].x) == epochs + 1
    assert len(view.marks["acc_test"].y) == epochs + 1
    assert view.controls["epoch"].max == epochs == view.values["epoch"]
    assert f"epoch {epochs} of {epochs}" in view.readout.value
    view.start(epochs=1)                                             # continues, not restarts
    view._thread.join(10)
    assert len(view.history) == epochs + 2


def test_view_scrubs_back_and_resets_on_hidden_size(data):
    net = TwoLayerNet(64, 20, 10, weight_init_std=0.1, seed=0)
    history = training.train(net, data, 3)
    view = training_view.TrainingView(data, net=net, history=history)
    assert view.values["epoch"] == 3
    view.controls["epoch"].value = 0
    assert view.values["acc_test"] == history.acc_test[0]
    assert list(view.marks["loss_at"].x) == [0, 0]
    assert "epoch 0 of 3" in view.readout.value
    view.controls["hidden_size"].value = 30
    assert view.net.hidden_size == 30 and len(view.history) == 1
    assert image_size(view.images["weights"].value) == (3 * 9 - 1, 10 * 9 - 1)


def image_size(svg):
    """(rows, columns) of the PNG drawn in an image panel's SVG, from the PNG's header."""
    png = base64.b64decode(re.search(r'href="data:image/png;base64,([^"]+)"', svg).group(1))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return height, width


def test_view_images_show_the_epochs_weights_and_wrong_digits(data):
    net = TwoLayerNet(64, 20, 10, weight_init_std=0.1, seed=0)
    history = training.train(net, data, 2)
    view = training_view.TrainingView(data, net=net, history=history)
    view.controls["epoch"].value = 1
    # the PNG decodes to the tiled weights of epoch 1 in the blue-white-red scale
    svg = view.images["weights"].value
    png = base64.b64decode(re.search(r'base64,([^"]+)"', svg).group(1))
    pixels = np.rint(matplotlib.image.imread(io.BytesIO(png))[..., :3] * 255)
    want = widgets.colour_map(training.tile(training.weight_images(history.w1[1]), 10),
                              training.WEIGHT_COLOURS, -1, 1)
    assert np.array_equal(pixels, want)
    # the colour scale: -1 blue, 0 white, 1 red, halfway to 1 half white half red
    red = training.WEIGHT_COLOURS[2]
    rgb = [int(red[i:i + 2], 16) for i in (1, 3, 5)]
    got = widgets.colour_map(np.array([-1.0, 0.0, 1.0, 0.5, 7.0]), training.WEIGHT_COLOURS,
                             -1, 1)
    assert got[0].tolist() == [0x1f, 0x5f, 0xa8] and got[1].tolist() == [255, 255, 255]
    assert got[2].tolist() == rgb == got[4].tolist()                  # clipped above 1
    assert got[3].tolist() == [round((255 + c) / 2) for c in rgb]
    # one "true->predicted" label per wrong test digit shown, in the data's order
    wrong = np.flatnonzero(history.predicted[1] != data.t_test)[:training.MAX_MISTAKES]
    labels = re.findall(r'class="t-label"[^>]*>([^<]+)<', view.images["mistakes"].value)
    assert labels == [f"{data.t_test[i]}\u2192{history.predicted[1][i]}" for i in wrong]
    assert f"{len(np.flatnonzero(history.predicted[1] != data.t_test))} test digits wrong" \
        in view.readout.value


def test_view_trains_a_copy_and_draws_the_loss_on_a_log_scale(data):
    net = TwoLayerNet(64, 20, 10, weight_init_std=0.1, seed=0)
    history = training.train(net, data, 2)
    before, epochs = net.params["W1"].copy(), len(history)
    view = training_view.TrainingView(data, net=net, history=history)
    assert view.net is not net and view.history is not history
    # the copy's layers still compute with the copy's params (write-through kept)
    assert view.net.layers["Affine1"].W is view.net.params["W1"]
    view.start(epochs=1)
    view._thread.join(10)
    assert len(view.history) == epochs + 1 and len(history) == epochs
    assert np.array_equal(net.params["W1"], before)
    assert not np.array_equal(view.net.params["W1"], before)
    scale = view.marks["loss_train"].scales["y"]
    assert type(scale).__name__ == "LogScale"
    assert 0 < scale.min < min(view.history.loss_train) <= max(view.history.loss_test) < scale.max


def test_network_code_shows_init_after_its_checks_the_forward_pass_and_the_whole_gradient():
    init, grad = training.network_code("init"), training.network_code("gradient")
    forward = training.network_code("forward")
    assert forward.startswith("    def predict") and "\n    def loss(self, x, t):" in forward
    assert "for layer in list(self.layers.values()):" in forward and '"""' not in forward
    assert "checked" not in forward and "return self.last_layer.forward(scores, t)" in forward
    assert init.startswith("    def __init__") and "Params()" in init and "Layers()" in init
    assert "raise" not in init and "seed" not in init.splitlines()[-1]   # checks left out
    assert "if seed is None" not in init and "in_order" not in grad
    assert "reversed(list(self.layers.values()))" in grad
    assert grad.startswith("    def gradient") and '"""' not in grad
    with pytest.raises(ValueError):
        training.network_code("predict")


def test_a_validation_split_names_its_held_out_digits_x_val_t_val():
    full = digits.load(test_size=400, seed=0)
    split = digits.validation_split(full, size=300)
    assert split.x_val is split.x_test and split.t_val is split.t_test
    with pytest.raises(AttributeError, match="validation_split"):
        full.x_val


def test_time_gradient_prints_forward_and_backward_in_forward_passes(capsys):
    full = digits.load(test_size=400, seed=0)
    net = TwoLayerNet(64, 10, 10, weight_init_std=0.1, seed=0)
    assert training.time_gradient(net, full.x_train[:20], full.t_train[:20], repeats=5) is None
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("forward + backward, timed:")
    assert float(lines[0].split(":")[1].split()[0]) > 1   # backprop costs more than a forward pass


def test_continued_view_trains_on_as_one_run_and_has_no_settings(data):
    view = training_view.continued(data, epochs=2, more=3, hidden_size=20,
                                   report=lambda: ["after 5", Markdown("**why**")])
    assert len(view.history) == 3 and view.progress.max == 3 and view.report.outputs == ()
    shown = view.widget.children[0].children
    assert view.buttons["new"] not in shown and view.buttons["start"] in shown
    assert view.controls["learning_rate"] not in view.widget.children
    view.start(1)                 # stopped short of epoch 5: no report yet
    view._thread.join(30)
    assert view.report.outputs == ()
    view.start(2)
    view._thread.join(30)
    one_run = TwoLayerNet(64, 20, 10, weight_init_std=0.1, seed=0)
    history = training.train(one_run, data, 5, 1.0, seed=0)
    assert len(view.history) == 6
    assert np.array_equal(view.history.loss_test, history.loss_test)
    assert np.array_equal(view.net.params["W2"], one_run.params["W2"])
    # the report appears once the run has reached epoch 2 + 3, below the view
    printed, shown = view.report.outputs
    assert printed == {"output_type": "stream", "name": "stdout", "text": "after 5\n"}
    assert shown["output_type"] == "display_data" and shown["data"]["text/markdown"] == "**why**"
    assert view.widget.children[-1] is view.report


def test_a_figure_in_the_report_reaches_the_page_as_base64_text():
    # raw PNG bytes in an Output widget's state arrive in the page as an object: a broken image
    output = as_output(training.loss_val_figure(33))
    png = output["data"]["image/png"]
    assert isinstance(png, str) and base64.b64decode(png).startswith(b"\x89PNG")


def test_timed_returns_the_result_and_its_seconds():
    result, seconds = training.timed(sorted, [3, 1, 2])
    assert result == [1, 2, 3] and 0 <= seconds < 1


def test_timed_takes_the_median_of_its_runs():
    pauses = iter([0.0, 0.15, 0.0])
    calls = []

    def pause():
        calls.append(1)
        time.sleep(next(pauses))

    _, seconds = training.timed(pause, repeats=3)
    assert len(calls) == 3 and seconds < 0.04   # the median; the mean would be 0.05


def test_longer_report_gives_the_means_and_the_wrong_digits_of_the_300_epoch_run():
    lines = training.longer_report(33).splitlines()
    history, looks = training.validation_run()
    means = training.mean_loss_val(history, last=10)
    assert len(lines) == 4 and f"300: {means[300]:.3f}" in lines[0]
    assert [line.split(":")[0] for line in lines[1:]] == [
        "after epoch  33", "after epoch 100", "after epoch 300"]
    assert f"{len(looks[300][1])} validation digits wrong" in lines[3]


def test_loss_val_figure_draws_the_300_epoch_validation_loss_on_a_linear_axis():
    history, _ = training.validation_run()
    fig = training.loss_val_figure(33)
    ax, = fig.axes
    each, means = ax.get_lines()
    assert ax.get_yscale() == "linear" and ax.get_ylim()[0] == 0
    assert list(each.get_xdata()) == list(history.epoch) and len(history.epoch) == 301
    assert means.get_xdata()[-1] == 300
    assert np.isclose(means.get_ydata()[-1], np.mean(history.loss_test[291:]))
    marked, = ax.collections
    assert marked.get_offsets().tolist() == [[33, history.loss_test[33]]]
