# %% [markdown]
# # 8. A two-layer network: solutions
#
# Worked answers to the exercises of [chapter 8](../08_two_layer_net.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**. At the end,
# optional extras: the validation digits the trained network gets wrong, what its first layer
# learnt, a gradient check across ReLU kinks, and where this code differs from the book's
# scripts; and a live view to watch a network train.

# %%
import numpy as np
from IPython.display import display

from layers import Affine, SoftmaxWithLoss
from network import TwoLayerNet, relative_error
from teaching import digits
from teaching.checks import ch08 as check

data = digits.validation_split(digits.load(test_size=400, seed=0), size=300)   # as the chapter

# %% [markdown]
# ## Prediction: the digits 11 random batches miss
#
# One batch of 100 distinct digits leaves a given digit out with probability
# $1 - 100/1097$. The 11 batches are drawn independently, so all of them leave it out with
# probability $(1 - 100/1097)^{11} \approx 0.349$: about 383 of the 1,097 digits, over a
# third, are never drawn. An epoch draws every one.

# %%
print(f"{1097 * (1 - 100 / 1097) ** 11:.0f}")
check.missed_prediction(383)

# %% [markdown]
# ## Prediction: an all-zero start
#
# With every weight and bias at 0, the second layer passes back
# $\mathrm{d}h = \mathrm{dout}\,W_2^\top = 0$, and the ReLU's switch is closed as well (every
# hidden input $xW_1 + b_1$ is 0, where its local derivative is 0, chapter 05): the
# gradient reaching $W_1$ and $b_1$ is 0 on every batch. The hidden output is $h = 0$, so
# $\mathrm{d}W_2 = h^\top\mathrm{dout} = 0$ too. Only $b_2$ gets a gradient,

# $\sum_n (y_n - t_n)/N$, which is not 0: with every probability at 1/10 it pulls each
# class towards its share of the labels. So only $b_2$ changes. Each entry of $\mathrm{d}b_2$
# is $1/10$ minus the class's share of the batch: on the first five training digits, labels
# 5, 7, 2, 2, 8, $0.1 - 2/5 = -0.3$ for class 2, $0.1 - 1/5 = -0.1$ for 5, 7 and 8, and $0.1$
# for the rest.

# %%
changes = {"W1": False, "b1": False, "W2": False, "b2": True}


def my_db2(labels):
    return 0.1 - np.bincount(labels, minlength=10) / len(labels)


print(data.t_train[:5], my_db2(data.t_train[:5]))

# %%
check.zero_start(changes, my_db2)

# %% [markdown]
# ## Prediction: training on to epoch 300
#
# The accuracy stays the same (the same digits stay wrong), the loss is above: the ten-epoch
# mean rose from 0.137 (epoch 50) to 0.142 (epoch 100) and keeps rising. Why: the training loss
# can still fall, by making the scores ever larger: on a
# validation digit the network gets right that lowers the loss a little, on one it gets
# wrong it puts ever less probability on the true class, and its loss grows without bound.
# The wrong ones win, so the validation loss climbs while the accuracy stays put.

# %%
check.longer_prediction("the same", "above")

# %% [markdown]
# ## Prediction: a learning rate of 3
#
# A step is the learning rate times the gradient. Three times longer, the first steps push
# many hidden units' inputs below 0 for every digit (pixels are never negative, so a
# step that lowers a unit's weights lowers its input for all digits at once); a dead unit
# gets no gradient and never recovers. With (almost) every unit dead, the scores no
# longer depend on the image: the network learns nothing beyond how common each class is.
# The ten classes are about equally common, so the loss stays at that of ten equal
# probabilities, the untrained network's: $\log 10 \approx 2.3$.

# %%
check.rate_prediction("not at all", 2.3)

# %% [markdown]
# ## Prediction: the starting scale 0.01
#
# $\mathrm{d}W_1 = x^\top \mathrm{d}a_1$ with
# $\mathrm{d}a_1 = (\mathrm{d}y\, W_2^\top) \odot \text{mask}$: with biases 0 the mask is the
# same at both scales, $\mathrm{d}y = (y - t)/N$ nearly so (the probabilities stay near
# 1/10), and $W_2$ is ten times larger at 0.1: a factor of about 10. $\mathrm{d}b_2$ sums
# $\mathrm{d}y$ over the batch and passes through no weight matrix: about 1.

# %%
check.scale_prediction(10, 1)

# %% [markdown]
# ## Exercise 1: your own training loop
#
# One generator from the seed; each epoch one permutation of the indices, cut into
# batches of `batch_size`; each batch one gradient and one in-place step; each epoch one
# recorded loss on the whole training set and one on the validation set. The lowest
# validation epoch is the position of the lowest validation loss, plus 1: the list starts
# with epoch 1.

# %%
def my_train(net, x, t, x_val, t_val, learning_rate, epochs, batch_size, seed):
    rng = np.random.default_rng(seed)
    losses, val_losses = [], []
    for _ in range(epochs):
        order = rng.permutation(len(x))                  # every sample once per epoch
        for first in range(0, len(x), batch_size):
            batch = order[first:first + batch_size]
            grads = net.gradient(x[batch], t[batch])
            for key in net.params:
                net.params[key] -= learning_rate * grads[key]   # in place, downhill
        losses.append(net.loss(x, t))
        val_losses.append(net.loss(x_val, t_val))
    return losses, int(np.argmin(val_losses)) + 1


# %%
check.training_loop(my_train)

# %% [markdown]
# Trained for the chapter's 100 epochs, this loop gives the chapter's network bit for
# bit: the same generator, drawn in the same order, as `training.train`.

# %%
from teaching import training

mine = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
my_losses, my_lowest = my_train(mine, data.x_train, data.t_train, data.x_val, data.t_val,
                                learning_rate=1.0, epochs=100, batch_size=100, seed=0)
chapter = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
history = training.train(chapter, data, epochs=100, learning_rate=1.0, batch_size=100, seed=0)
accuracy = mine.accuracy(data.x_val, data.t_val)
print(f"my loop, 100 epochs: training loss {my_losses[-1]:.4f}, validation accuracy "
      f"{100 * accuracy:.2f}%, lowest validation loss after epoch {my_lowest}")

print("the same weights as training.train:",
      all(np.array_equal(mine.params[k], chapter.params[k]) for k in mine.params))
assert accuracy >= 0.97 and my_lowest == 33   # the epoch the chapter prints

# %% [markdown]
# ## Exercise 2: three suspects
#
# The gradient check, as in the chapter, and the suspects' code:

# %%
from teaching.suspects import SuspectA, SuspectB, SuspectC, gradient_errors, source

results = {}
for suspect in (SuspectA, SuspectB, SuspectC):
    print(suspect.__name__)
    results[suspect.__name__] = gradient_errors(suspect)

# %% [markdown]
# Where the bugs sit: the patterns narrow it, each layer tested alone (below) decides.
#
# - **A**: every parameter is wrong, and backprop's gradient is the numerical one times
#   the same number everywhere: a missing factor at the very start of the backward pass.
#   Alone, A's loss layer gives $y - t$, not $(y - t)/N$: the **loss layer**.
# - **B**: $W_2$ and $b_2$ are right, $W_1$ and $b_1$ wrong: the error comes in what
#   Affine2 passes *down*, in the ReLU, or in how `gradient` hands `dout` on. Alone, B's
#   Affine passes down the wrong `dx` and its ReLU is right: an **Affine layer**.
# - **C**: all four are wrong, with no common factor, yet every layer alone is right: the
#   bug is in what joins them, the **gradient method**.

# %%
for name, (grads, numerical) in results.items():
    clear = np.abs(numerical["W2"]) > 1e-3 * np.abs(numerical["W2"]).max()   # not noise
    ratios = grads["W2"][clear] / numerical["W2"][clear]
    print(f"{name}, backprop / numerical for the entries of W2: from {ratios.min():.2f} "
          f"to {ratios.max():.2f}")


def layers_alone(suspect):
    """Each layer of ``suspect`` alone against chapters 07 and 05: loss, Affine, ReLU."""
    net = suspect(10, 10, 10, weight_init_std=1.0, seed=0)
    rng = np.random.default_rng(1)
    scores, labels = rng.standard_normal((4, 10)), np.array([3, 0, 9, 3])
    net.last_layer.forward(scores, labels)
    y = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    loss = np.allclose(net.last_layer.backward(1.0), (y - np.eye(10)[labels]) / 4)
    affine = net.layers["Affine1"]
    x, dout = rng.standard_normal((3, 10)), rng.standard_normal((3, 10))
    affine.forward(x)
    dx = affine.backward(dout)
    affine_ok = (np.allclose(dx, dout @ affine.W.T) and np.allclose(affine.dW, x.T @ dout)
                 and np.allclose(affine.db, dout.sum(axis=0)))
    relu, a = net.layers["Relu1"], np.array([[-1.0, 2.0, 0.5, -0.5]])
    relu.forward(a)
    relu_ok = np.array_equal(relu.backward(np.full_like(a, 3.0)), np.where(a > 0, 3.0, 0.0))
    wrong = [place for place, ok in (("loss layer", loss), ("Affine layer", affine_ok),
                                     ("ReLU layer", relu_ok)) if not ok]
    return {"wrong alone": wrong[0] if wrong else "none"}


for suspect in (SuspectA, SuspectB, SuspectC):
    print(suspect.__name__, "alone:", layers_alone(suspect))

evidence_a = {"failing": {"W1", "b1", "W2", "b2"}, "W2 ratio": 7.0}
evidence_b = {"failing": {"W1", "b1"}, "W2 ratio": 1.0}
evidence_c = {"failing": {"W1", "b1", "W2", "b2"}, "W2 ratio": "none"}
where_a, where_b, where_c = "loss layer", "Affine layer", "gradient method"

# %%
check.bug_location((where_a, where_b, where_c), (SuspectA, SuspectB, SuspectC),
                   (evidence_a, evidence_b, evidence_c))

# %% [markdown]
# Then the code, where the patterns point. A's loss layer returns $(y - t)$: the loss is
# the *mean* over the batch, so its derivative carries a factor $1/N$, forgotten (the
# ratio above is 7, the batch size). B's Affine layers pass down `dout @ self.W`
# instead of `dout @ self.W.T`; with a 10x10 weight both have the same shape, so nothing
# complained. `SuspectC.gradient` walks the layers in forward order; it must walk
# `reversed(layers)`.

# %%
LayerA = type(SuspectA(4, 3, 2, seed=0).last_layer)        # the suspects' own layer classes, taken
LayerB = type(SuspectB(4, 3, 2, seed=0).layers["Affine1"])  # from their networks (private in suspects)

for suspect in (SuspectA, SuspectB, SuspectC):
    source(suspect)



class LossFixed(LayerA):
    def backward(self, dout=1.0):
        batch_size = self.y.shape[0]
        return dout * (self.y - self.t) / batch_size


class FixedA(SuspectA):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_layer = LossFixed()


class AffineFixed(LayerB):
    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T            # the transpose: dx has the shape of x, (N, D)


class FixedB(SuspectB):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layers["Affine1"] = AffineFixed(self.params["W1"], self.params["b1"])
        self.layers["Affine2"] = AffineFixed(self.params["W2"], self.params["b2"])


class FixedC(SuspectC):
    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        layers = list(self.layers.values())
        for layer in reversed(layers):          # from the loss back to the input
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW.copy(), "b1": first.db.copy(),
                "W2": second.dW.copy(), "b2": second.db.copy()}


for fixed in (FixedA, FixedB, FixedC):
    print(fixed.__name__)
    gradient_errors(fixed)

bug_a = "the loss layer's backward forgot to divide by the batch size N"
bug_b = "the Affine backward passes dx = dout @ W, missing the transpose of W"
bug_c = "gradient() walks the layers in forward order instead of reversed"

# %%
check.fixed_network(FixedA, SuspectA, bug=bug_a)

# %%
check.fixed_network(FixedB, SuspectB, bug=bug_b)

# %%
check.fixed_network(FixedC, SuspectC, bug=bug_c)

# %% [markdown]
# ## Exercise 3: a three-layer network
#
# `predict`, `loss`, `accuracy` and `numerical_gradient` of `TwoLayerNet` only walk
# `self.layers` and `self.params`, so they work for any number of layers. Only `gradient`
# names two Affine layers; the version below walks all the layers back and collects `dW`
# and `db` from `'Affine1'` to `'Affine3'`. The input checks need `input_size` and
# `output_size`.

# %%
from collections import OrderedDict

from layers import Relu


class ThreeLayerNet(TwoLayerNet):
    def __init__(self, input_size, hidden1, hidden2, output_size, weight_init_std=0.01,
                 seed=None):
        self.input_size, self.hidden_size, self.output_size = input_size, (hidden1, hidden2), output_size
        sizes = [input_size, hidden1, hidden2, output_size]
        rng = np.random.default_rng(seed)
        self.params, self.layers = {}, OrderedDict()      # named like the book's
        for i in range(1, 4):
            W = weight_init_std * rng.standard_normal((sizes[i - 1], sizes[i]))
            b = np.zeros(sizes[i])
            self.params[f"W{i}"], self.params[f"b{i}"] = W, b
            self.layers[f"Affine{i}"] = Affine(W, b)
            if i < 3:
                self.layers[f"Relu{i}"] = Relu()
        self.last_layer = SoftmaxWithLoss()

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for i in (1, 2, 3):
            layer = self.layers[f"Affine{i}"]
            grads[f"W{i}"], grads[f"b{i}"] = layer.dW.copy(), layer.db.copy()
        return grads


# %%
check.three_layer_net(ThreeLayerNet)

# %% [markdown]
# ### Optional: why check at 0.1, not 0.01
#
# **Predict:** on the same inputs, how many times larger are the gradients of $W_1$ and of
# $b_2$ (their sizes, `np.linalg.norm`) when the network starts at `weight_init_std=0.1`
# than at 0.01? Both start from seed 0, so every weight at 0.1 is ten times the same
# weight at 0.01 (biases start at 0).
#
# The factor: $\mathrm{d}W_1 = x^\top \mathrm{d}a_1$, and $\mathrm{d}a_1$ comes from the
# loss through $\mathrm{d}h_2 = \mathrm{d}a_3 W_3^\top$ and $\mathrm{d}h_1 = \mathrm{d}a_2
# W_2^\top$. With biases 0, scaling every weight by 1/10 moves no ReLU input across 0 (the
# masks stay), and at both scales the scores are near 0, so the probabilities and
# $\mathrm{d}a_3 = (y - t)/N$ barely change. Two matrices ten times smaller: about 100.
# $\mathrm{d}b_2$ is the batch sum of $\mathrm{d}a_2$, which has passed through $W_3$ only:
# about 10.

# %%
my_factor = {"W1": 100, "b2": 10}

# %%
check.gradient_factor(my_factor)

# %% [markdown]
# Measured with the class above (the chapter's cell): at 0.01 the gradient of $W_1$ is 100
# times smaller, the rounding noise of the central difference is not, so the relative
# error grows about 100 times and loses its margin: it lands on the $10^{-7}$ bar.

# %%
from teaching import learning_rates

ratios = learning_rates.gradients_at_scales(ThreeLayerNet)   # 64-30-20-10 at 0.1 and 0.01
assert round(ratios["W1"], -1) == 100 and round(ratios["b2"]) == 10, ratios

# %% [markdown]
# ## Optional: what the trained network gets wrong
#
# The validation digits the chapter's network misclassifies after 100 epochs, each labelled
# "true label $\rightarrow$ prediction". Many are hard for people too: 8x8 pixels lose a
# lot of a handwritten stroke.

# %%
display(training.mistakes_figure(history.predicted[-1], data))

# %% [markdown]
# ## Optional: what the first layer learnt
#
# Each hidden unit computes one weighted sum of the 64 pixels, so its column of $W_1$
# can be drawn as an 8x8 image: red where a bright pixel raises the unit's input, blue
# where it lowers it (each image is scaled to its own largest weight). The trained
# weights still carry much of the random noise they started from; the *change* that
# training made, $W_1$ now minus $W_1$ at epoch 0, shows what was learnt: blobs and
# strokes in the places where digits differ.

# %%
from teaching import learning_rates

net = chapter                                 # the chapter's network, trained above
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
dead_now = learning_rates.dead_units(net, data.x_train)
print("hidden units off for every training digit after 100 epochs:", dead_now)
assert len(never_on) == 2 and dead_now == 2

# %% [markdown]
# Two kinds of weights did not move at all, and backprop says why. A weight's gradient is
# its input times the gradient reaching its unit ($dW = x^\top\,\text{dout}$): a pixel
# that is 0 in every training digit gives its weights gradient 0 (the pixels white in every
# image of the change). And a hidden unit whose ReLU is off for every training digit is a
# **dead unit** (chapter 05): its closed switch passes back gradient 0 on every batch, so
# its weights never change and it stays off (the blank images). Two units were dead from
# the start and stayed dead; no other died. Two of fifty cost little here.

# %% [markdown]
# ## Optional: kinks
#
# ReLU has a kink at 0: slope 0 on its left, 1 on its right (chapter 05). If a ReLU input
# lies closer to 0 than $h$, a step of $\pm h$ carries it across the kink, and the central
# difference mixes the two slopes: a number that is neither derivative. Small weights make
# small ReLU inputs, so at the book's scale, `weight_init_std=0.01`, even the book's three
# digits can put one within $h$ of 0 (this seed does, on the first three of all 1,397
# training digits). Compare a plain central difference (`layers.numerical_gradient`, with
# the book's closure) with `net.numerical_gradient`:

# %%
from layers import numerical_gradient

small = TwoLayerNet(64, 50, 10, weight_init_std=0.01, seed=0)
full = digits.load(test_size=400, seed=0)       # all 1,397 training digits
x3, t3 = full.x_train[:3], full.t_train[:3]
backprop3, numerical3 = small.gradient(x3, t3), small.numerical_gradient(x3, t3)
plain = {name: numerical_gradient(lambda _: small.loss(x3, t3), small.params[name], h=1e-5)
         for name in ("W1", "b1")}
for name in plain:
    print(f"{name}: plain central difference, relative error "
          f"{relative_error(backprop3[name], plain[name]):.1e}; net.numerical_gradient below 1e-7: "
          f"{relative_error(backprop3[name], numerical3[name]) < 1e-7}")
assert all(relative_error(backprop3[k], numerical3[k]) < 1e-7 for k in small.params)

a = x3 @ small.params["W1"] + small.params["b1"]   # the ReLU inputs: one per digit and unit
sample, unit = np.unravel_index(np.argmin(np.abs(a)), a.shape)
print(f"\nthe ReLU input closest to 0: digit {sample}, hidden unit {unit}: {a[sample, unit]:.1e}")
plain_b1 = plain["b1"][unit]
print(f"db1 of unit {unit}: backprop {backprop3['b1'][unit]:.6f}, "
      f"plain central difference {plain_b1:.6f}")

# %% [markdown]
# The plain difference fails $W_1$ and $b_1$ by a few percent, yet backprop is right: one
# ReLU input lies a few millionths from 0, closer than $h$. `net.numerical_gradient` redoes
# any element whose step flips a ReLU switch with a step 10, then 100 times smaller. When a
# plain check of a ReLU network fails, look for ReLU inputs within $h$ of 0 first.

# %% [markdown]
# ## Optional: beside the book's code
#
# If you run the book's chapter-5 scripts beside this series, you will meet these
# differences:
#
# | | the book's code | here | why |
# |---|---|---|---|
# | `SoftmaxWithLoss.backward(dout)` | ignores `dout` (it is always 1 there) | multiplies by `dout` | inside a bigger graph the upstream gradient is not 1 (chapter 07) |
# | the loss | $-\sum t \log(y + 10^{-7})$ from the probabilities | from the scores by log-sum-exp, no $10^{-7}$ | exact even for extreme scores (chapter 07) |
# | the network's gradient check | $h = 10^{-4}$, straight across ReLU kinks | $h = 10^{-5}$; where a step flips a ReLU, a step 10 and 100 times smaller | a difference across a kink mixes two slopes (*Kinks* above) |
# | the layers | an `OrderedDict` by name, `lastLayer` | the same names; `last_layer` (`lastLayer` works too); `layers[0]` gets an error saying to use the name | Python programmers reach for positions; the error says what to write |
# | `params` | a plain dict | a `Params`: `params[key] = array` copies the array into the layer's | a plain dict silently stops learning (the box in chapter 8's *The training loop*) |
# | random starting weights | `np.random.seed(n)`, then the global generator | the same without `seed`; chapter 8 passes `seed=n`, a generator of the network's own | `seed=n` gives the same network whatever else draws random numbers |


# %% [markdown]
# ## Optional: watch it train
#
# The live view opens on a copy of the chapter's 100-epoch run. The epoch slider looks back
# at any epoch (the lower right panel shows the validation digits it gets wrong then);
# **Start** trains on with `training.train`'s loop, at the learning rate of its slider;
# **New network** starts over, with the hidden size of its slider.

# %%
from teaching import training_view

training_view.TrainingView(data, net=chapter, history=history)


# %% [markdown]
# ## Optional: where the learning rate's edge is
#
# Where does a learning rate stop helping and start harming? The edge depends on the
# network, the data and the batch size: it is found by trying. Below, each choice trains
# the chapter's network for 30 epochs (red; the chapter's settings in grey). It opens at
# rate 1, seed 0: 2 of the 50 hidden units dead. **Is 1.5 safe at every seed?** Count the
# dead units (middle panel) at seeds 0, 1 and 2. **Does the book's smaller start, 0.01,
# protect it?** Try 1.5 at 0.01 too; then open the note.

# %%
learning_rates.LearningRateExplorer(data, learning_rate=1.0)

# %% [markdown]
# <details><summary><b>What you should have seen</b> (open after trying)</summary>
#
# At 1.5, many are dead: 47, 29 and 31 at seeds 0, 1 and 2, with validation accuracies
# 20%, 94% and 96%: whether 1.5 is past the edge depends on the seed. At 0.01, many too
# (24, 37 and 46), about an epoch later: the right panel shows why. The gradient reaching
# $W_1$ starts small at 0.01, but within an epoch or two it grows past where it starts at
# 0.1, and the steps grow with it.
# </details>
