# %% [markdown]
# # 9. A two-layer network
#
# Book: section 5.7 (implementing backpropagation: the two-layer network, the gradient
# check, learning).
#
# **What you will learn**
#
# - how the layers of the last chapters make a whole network: the forward pass walks a
#   list of layers, the backward pass walks the *same* list in reverse;
# - the gradient check: backprop against central differences for every parameter of the
#   network;
# - how much faster backprop is, measured, and why the gap grows with the network;
# - training on real handwritten digits, live, and what the trained network gets wrong
#   and has learnt.

# %% [markdown]
# ## The digits
#
# The data are 1,797 handwritten digits of 8x8 pixels, ten classes (0 to 9). They come
# with scikit-learn, so nothing is downloaded: it is scikit-learn's bundled copy of the
# test set of the UCI "Optical Recognition of Handwritten Digits" data (E. Alpaydin and
# C. Kaynak, 1998; licence CC BY 4.0). Each pixel counts the inked bits in a 4x4 block of
# a 32x32 scan, so it lies between 0 and 16; `teaching.digits.load` divides by 16 and
# splits the images, by a seeded shuffle, into 1,397 for training and 400 for testing.
# The network never trains on the test digits: they show how well it does on digits it
# has not seen.
#
# Each image becomes one row of 64 numbers, so a batch of $N$ images is an array of
# shape $(N, 64)$, and its labels are $N$ class indices.
#
# > **Editing `layers.py` or `network.py`?** Restart the kernel after changing them, or
# > run `%load_ext autoreload` and `%autoreload 2` first: Python imports a module only once.

# %%
import time

import numpy as np
from IPython.display import display

from network import TwoLayerNet, relative_error
from teaching import digits, training, training_view

data = digits.load(test_size=400, seed=0)
print(data)
print("x_train:", data.x_train.shape, " t_train:", data.t_train.shape,
      " pixels from", data.x_train.min(), "to", data.x_train.max())
display(training.examples_figure(data))

# %% [markdown]
# ## The network is a list of layers
#
# A two-layer network computes scores for the ten classes in two affine steps with a ReLU
# between them, and a loss from those scores:
#
# $$x \xrightarrow{\ \text{Affine}(W_1, b_1)\ } \xrightarrow{\ \text{ReLU}\ }
# \xrightarrow{\ \text{Affine}(W_2, b_2)\ } \text{scores}
# \xrightarrow{\ \text{Softmax-with-Loss}(t)\ } L$$
#
# `network.TwoLayerNet` builds exactly this from the layers of `layers.py`. It keeps the
# four parameter arrays in a dict `params`, the three layers in a list `layers`, and the
# loss layer apart as `last_layer` (it needs the labels, and `predict` should not).
# The Affine layers hold the *same* arrays as `params`: a training step that changes
# `params` in place changes the layers too.

# %%
net = TwoLayerNet(input_size=64, hidden_size=50, output_size=10, weight_init_std=0.1, seed=0)
print(net)
for name, param in net.params.items():
    print(f"  {name}: shape {param.shape}")
print("layers:", [type(layer).__name__ for layer in net.layers], " last_layer:",
      type(net.last_layer).__name__)
print("the first Affine layer holds params['W1'] itself:", net.layers[0].W is net.params["W1"])

# %% [markdown]
# ## Forward: walk the list. Backward: walk it reversed
#
# The forward pass hands each layer's output to the next layer. The backward pass starts
# at the end with $\partial L/\partial L = 1$, gives it to the loss layer, and hands each
# layer's `dx` to the layer *before* it: the same list, read backwards. On the way, each
# Affine layer keeps its `dW` and `db`. Nothing else is needed: every layer already knows
# its own local derivatives.
#
# Here are both passes written out on five training digits, next to `net.gradient`:

# %%
x, t = data.x_train[:5], data.t_train[:5]

out = x
for layer in net.layers:                 # forward: first to last
    out = layer.forward(out)
loss = net.last_layer.forward(out, t)

dout = net.last_layer.backward(1.0)      # dL/dL = 1
for layer in reversed(net.layers):       # backward: last to first
    dout = layer.backward(dout)
by_hand = {"W1": net.layers[0].dW, "b1": net.layers[0].db,
           "W2": net.layers[2].dW, "b2": net.layers[2].db}

grads = net.gradient(x, t)
print(f"loss of the untrained network: {loss:.4f}  (log 10 = {np.log(10):.4f})")
for name in net.params:
    print(f"  d{name}: shape {grads[name].shape}, the same as by hand: "
          f"{np.array_equal(grads[name], by_hand[name])}")

# %% [markdown]
# The untrained network's loss is close to $\log 10$: small random weights give ten
# almost equal scores, so each class gets a probability near $1/10$, and
# $-\log(1/10) = \log 10$. Each gradient has the shape of its parameter, so the update
# `params[name] -= learning_rate * grads[name]` fits.
#
# ## The gradient check
#
# The chain rule is easy to get wrong in code and hard to see wrong in numbers: a wrong
# gradient still has the right shape and still moves the loss a bit. The **gradient
# check** compares backprop with the numerical gradient, which needs nothing but the
# loss: shift one parameter by $\pm h$, compute the loss twice, and take
# $\big(L(w + h) - L(w - h)\big) / 2h$. `net.numerical_gradient` does this for every one
# of the 3,760 numbers in `params`. The book checks three images; a batch of 100 costs a
# little more and serves the timing below as well.
#
# For each parameter array, the relative error
# $\lVert a - b\rVert / (\lVert a\rVert + \lVert b\rVert)$ says how far apart the two are.
# In float64 a right backward pass stays far below $10^{-7}$; a real mistake (a missing
# factor, a wrong transpose) lands far above it.

# %%
xb, tb = data.x_train[:100], data.t_train[:100]     # a batch of 100 training digits

grad_backprop = net.gradient(xb, tb)
start = time.perf_counter()
grad_numerical = net.numerical_gradient(xb, tb)
numerical_seconds = time.perf_counter() - start   # used in the next section

errors = {name: relative_error(grad_backprop[name], grad_numerical[name]) for name in net.params}
for name, error in errors.items():
    print(f"{name:>2} {str(net.params[name].shape):>8}: relative error below 1e-7: {error < 1e-7}")
assert max(errors.values()) < 1e-7, errors

# %% [markdown]
# (The actual numbers are in `errors`; they are rounding noise, so they differ a little
# from machine to machine, which is why the cell prints the verdict.)
#
# ## How much faster is backprop?
#
# Both ways give the same gradients; their costs differ enormously. The numerical gradient
# needs **two forward passes per parameter**: 7,520 passes for 3,760 parameters. Backprop
# needs one forward and one backward pass, whatever the number of parameters, and a
# backward pass costs about as much as one or two forward passes. So the numerical gradient is
# slower by a factor that grows in proportion to the number of parameters: double the
# hidden layer and the factor doubles too.
#
# The cell above timed the numerical gradient on its batch of 100 digits; here is
# backprop on the same batch (the median of 20 runs).

# %%
backprop_times = []
for _ in range(20):
    start = time.perf_counter()
    net.gradient(xb, tb)
    backprop_times.append(time.perf_counter() - start)
backprop_seconds = float(np.median(backprop_times))
ratio = numerical_seconds / backprop_seconds

assert ratio > 100, ratio
print(f"{2 * net.parameter_count():,} forward passes for the numerical gradient, "
      "one forward and one backward pass for backprop:")
print("backprop was more than 100 times faster.")

# %% [markdown]
# Timings vary from run to run, so the stored output states only what the assertion
# guarantees. Run `print(f"{ratio:.0f} times faster")` to see your own machine's figure:
# it is usually in the thousands at this size. The book's MNIST network (784-50-10) has
# 39,760 parameters, ten times more, and the factor grows with them.
#
# ## Training
#
# Training repeats one step: take a mini-batch of 100 training digits, compute the
# gradient by backprop, and move every parameter a little against it,
# `params[name] -= learning_rate * grads[name]`. One pass over the shuffled training set
# is an **epoch** (14 steps here). After each epoch, `training.train` records the loss and
# the accuracy on the training set and on the test set.
#
# The 8x8 digits are easy compared with MNIST, and this network learns well with a larger
# step than the book's 0.1: learning rate 1.0, 100 epochs. The batch order and the
# starting weights are seeded, so every run gives the same network.

# %%
net = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
history = training.train(net, data, epochs=100, learning_rate=1.0, batch_size=100, seed=0)

final_test = history.acc_test[-1]
print(f"after {history.epoch[-1]} epochs: loss train {history.loss_train[-1]:.4f}, "
      f"test {history.loss_test[-1]:.4f}")
print(f"accuracy train {100 * history.acc_train[-1]:.2f}%, test {100 * final_test:.2f}% "
      f"({round((1 - final_test) * len(data.t_test))} of {len(data.t_test)} test digits wrong)")
assert final_test > 0.95 and history.loss_train[-1] < history.loss_train[0] / 10
display(training.curves_figure(history))

# %% [markdown]
# The loss falls fast in the first few epochs and then slowly. The training curve ends
# below the test curve: the network fits the digits it trains on better than new ones,
# but the test accuracy stays high, so what it learnt carries over.
#
# ## Try it
#
# The live view below opens on the run above. **Start** trains 100 more epochs in the
# background (the notebook stays usable); the curves, the weights and the wrong digits are
# redrawn as it learns, and **Stop** ends training after the current step, keeping what
# was learnt. The **epoch** slider looks back at any recorded epoch. **New network**
# (or a new **hidden size**) starts over from fresh random weights.
#
# Things to try: a new network with learning rate 0.1 (the book's), then 3; a hidden
# layer of 10 units; press Start twice on one network and see whether the test accuracy
# still improves.

# %%
view = training_view.TrainingView(data, net=net, history=history)
view

# %% [markdown]
# ## What it gets wrong
#
# The test digits the trained network misclassifies, each labelled
# "true label $\rightarrow$ prediction". Many are hard for people too: 8x8 pixels lose a
# lot of a handwritten stroke.

# %%
display(training.mistakes_figure(history.predicted[-1], data))

# %% [markdown]
# ## What the first layer learnt
#
# Each hidden unit computes one weighted sum of the 64 pixels, so its column of $W_1$
# can be drawn as an 8x8 image: red where a bright pixel raises the unit's input, blue
# where it lowers it (each image is scaled to its own largest weight). The trained
# weights still carry much of the random noise they started from; the *change* that
# training made, $W_1$ now minus $W_1$ at epoch 0, shows what was learnt: blobs and
# strokes in the places where digits differ.

# %%
display(training.weights_figure(net.params["W1"], title="W1 after 100 epochs"))
learnt = net.params["W1"] - history.w1[0]
display(training.weights_figure(learnt, title="what training changed: W1 now minus W1 at epoch 0"))

always_blank = np.flatnonzero(data.x_train.max(axis=0) == 0)
never_on = np.flatnonzero(np.maximum(data.x_train @ history.w1[0], 0).max(axis=0) == 0)
unchanged_pixels = np.flatnonzero(np.all(learnt == 0, axis=1))
unchanged_units = np.flatnonzero(np.all(learnt == 0, axis=0))
assert np.array_equal(unchanged_pixels, always_blank)
assert np.array_equal(unchanged_units, never_on)
print("pixels blank in every training digit:", always_blank.tolist(),
      " their weights never changed:", unchanged_pixels.tolist())
print("hidden units off for every training digit at the start:", never_on.tolist(),
      " their weights never changed:", unchanged_units.tolist())

# %% [markdown]
# Two kinds of weights did not move at all, and backprop says why. The gradient of a
# weight is its input times the gradient that reaches its unit ($dW = x^\top\,\text{dout}$):
# a pixel that is 0 in every training digit gives its weights gradient 0, so they keep
# their starting values (the pixels that stay white in every image of the change). And a hidden unit whose
# ReLU was off for every training digit passes back gradient 0 (a switch that is closed),
# so its weights never change and it stays off: a **dead** unit (the blank images).

# %% [markdown]
# ## Summary
#
# - A network is its layers in a list: `predict` walks the list forward; `gradient`
#   starts the loss layer's backward with 1 and walks the same list in reverse. The
#   Affine layers keep `dW` and `db` on the way.
# - The gradient check compares backprop with central differences for every parameter;
#   a right implementation stays below a relative error of $10^{-7}$ in float64.
# - The numerical gradient costs two forward passes per parameter, backprop about two
#   passes in all: at 3,760 parameters backprop was over 100 times faster (usually in the
#   thousands), and the factor grows with the number of parameters.
# - Trained with mini-batches of 100, learning rate 1.0 and 100 epochs, the 64-50-10
#   network classifies about 97% of the unseen test digits correctly.
# - A weight learns only from its input: pixels that are always blank and hidden units
#   that are never on get gradient 0 and keep their starting values.

# %% [markdown]
# ## Exercises
#
# Each exercise has a code cell with `# YOUR CODE HERE`, then a check cell that shows
# **Right** or **Not yet** with a hint. Worked answers:
# `notebooks/solutions/08_two_layer_net_solutions.ipynb`.
#
# ### Exercise 1: three suspects
#
# Each network below runs without an error and has one bug. All three are built square
# (10 inputs, 10 hidden units, 10 classes), so every shape fits and a shape mistake
# raises nothing. Run the gradient check on each (`gradient_errors` below prints the
# relative error per parameter), use *which* parameters are wrong, and by how much, to
# find the bug, then write `FixedA`, `FixedB` and `FixedC` with the bug fixed in the
# suspect's own code. (Hint: for one of them, compare `grads` and `numerical` for one
# parameter: the ratio is a round number.)

# %%
from layers import Affine, SoftmaxWithLoss


def gradient_errors(net_class):
    """Gradient check of a 10-10-10 network of ``net_class`` on 7 random samples."""
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((7, 10)), rng.integers(0, 10, size=7)
    net = net_class(10, 10, 10, weight_init_std=1.0, seed=0)
    grads, numerical = net.gradient(x, t), net.numerical_gradient(x, t)
    for name in net.params:
        error = relative_error(grads[name], numerical[name])
        print(f"  {name}: relative error", f"{error:.2f}" if error >= 1e-7 else "below 1e-7")
    return grads, numerical


class LossA(SoftmaxWithLoss):
    def backward(self, dout=1.0):
        return dout * (self.y - self.t)         # y: probabilities, t: one-hot labels


class SuspectA(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_layer = LossA()


class AffineB(Affine):
    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W


class SuspectB(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layers[0] = AffineB(self.params["W1"], self.params["b1"])
        self.layers[2] = AffineB(self.params["W2"], self.params["b2"])


class SuspectC(TwoLayerNet):
    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in self.layers:
            dout = layer.backward(dout)
        first, second = self.layers[0], self.layers[2]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}


print("SuspectA:")
grads, numerical = gradient_errors(SuspectA)

# %%
class FixedA(SuspectA):
    # YOUR CODE HERE
    pass


class FixedB(SuspectB):
    # YOUR CODE HERE
    pass


class FixedC(SuspectC):
    # YOUR CODE HERE
    pass


# %%
from teaching.checks import ch08 as check

check.fixed_network(FixedA)

# %%
check.fixed_network(FixedB)

# %%
check.fixed_network(FixedC)

# %% [markdown]
# ### Exercise 2: a three-layer network
#
# Write `ThreeLayerNet(input_size, hidden1, hidden2, output_size, weight_init_std=0.01,
# seed=None)`: Affine, ReLU, Affine, ReLU, Affine, then Softmax-with-Loss, with
# parameters `W1, b1, W2, b2, W3, b3` in `params`, and the methods `loss(x, t)` and
# `gradient(x, t)` (a dict with the six gradients). Subclassing `TwoLayerNet` saves work:
# which of its methods still fit a longer list of layers, and which one does not?
# Then check it yourself: `network.TwoLayerNet.numerical_gradient` works for any
# `params` and any `loss`.

# %%
class ThreeLayerNet(TwoLayerNet):
    def __init__(self, input_size, hidden1, hidden2, output_size, weight_init_std=0.01,
                 seed=None):
        # YOUR CODE HERE
        pass


# %%
check.three_layer_net(ThreeLayerNet)
