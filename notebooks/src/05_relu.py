# %% [markdown]
# # 5. The ReLU layer

# %% [markdown]
# > **Goal:** write the ReLU layer's backward pass as a switch, and see what happens to a unit whose switch never opens. **Book:** section 5.5.1. **You need:** the chain rule (chapter 2), the max node (chapter 3), the layer shape `forward`/`backward` (chapter 4). **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below.

# %% [markdown]
# **What you will learn**
#
# - ReLU as a max node with one input fixed at 0: a switch for the gradient;
# - its derivative, and the convention at $x = 0$ (gradient 0, the book's mask $x \le 0$);
# - why a local gradient of exactly 1 matters (against the sigmoid's 0.25 at best);
# - how a boolean *mask* stores which inputs were blocked, and why `backward` returns a new
#   array instead of writing into `dout`;
# - why a gradient check must stay away from the kink at 0;
# - **dead units**: a ReLU blocked on every sample gets no gradient and never learns again.

# %% [markdown]
# ## ReLU is a max node
#
# The rectified linear unit is $\operatorname{relu}(x) = \max(0, x)$: a **max node** whose
# second input is the constant 0. Chapter 3's max node sends the whole upstream gradient to
# whichever input won and nothing to the other. Here the other input is a constant, so
# there are two cases: $x$ won ($x > 0$) and gets `dout` unchanged, or 0 won and the
# gradient is stopped. A ReLU node is a **switch**: where the signal went through in the
# forward pass, the gradient goes back; where the signal was blocked, the gradient is
# blocked too.
#
# $$y = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{if } x \le 0 \end{cases}
# \qquad\qquad
# \frac{\partial y}{\partial x} = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{if } x \le 0 \end{cases}$$
#
# At exactly $x = 0$ the graph has a corner and no derivative exists, so code has to pick a
# value. This series picks **0**, like the book's ReLU layer, whose mask is $x \le 0$;
# `layers.Relu` and every check here follow it. (The book's helper `relu_grad` picks 1
# instead. Either works, as long as one program sticks to one choice.)
#
# ![ReLU (left) and its gradient (right)](../images/relu_plot.svg)
#
# **Why the 1 matters.** Where the switch is open, the local derivative is exactly 1: the
# gradient passes at full size, through one ReLU or through ten. The sigmoid of the next
# chapter multiplies every gradient that passes it by a number that is never larger than
# 0.25, so through a stack of sigmoids the gradient shrinks at every layer (chapter 6 derives
# the 0.25 and measures the shrinking). That is one reason deep networks use ReLU. Ten open
# ReLUs in a row:

# %%
import numpy as np

import layers
from layers import Relu

stack = [Relu() for _ in range(10)]
h = np.array([0.7])
for relu in stack:
    h = relu.forward(h)
grad = np.array([1.0])
for relu in reversed(stack):
    grad = relu.backward(grad)
print("gradient after 10 open ReLUs:", grad.tolist())

# %% [markdown]
# ## The mask
#
# For arrays, "where was the input blocked" is a boolean array of the same shape: the
# mask $x \le 0$. The forward pass computes it once and keeps it; the backward pass only
# needs the mask, not $x$ itself.

# %%
x = np.array([[1.0, -0.5],
              [-2.0, 3.0]])
mask = x <= 0
print("mask = x <= 0:")
print(mask)
print("forward, zeros where the mask is True:")
print(np.where(mask, 0.0, x))

# %% [markdown]
# `layers.Relu` does exactly this. Give its `backward` an upstream gradient with four
# different numbers, so that you can see which ones get through:

# %%
relu = Relu()
out = relu.forward(x)
dout = np.array([[10.0, 20.0],
                 [30.0, 40.0]])
dx = relu.backward(dout)
print("out =", out.tolist())
print("dx  =", dx.tolist())

# %% [markdown]
# Only 10 (at $x = 1$) and 40 (at $x = 3$) pass; the gradients at the two blocked
# places are 0.
#
# > **Never write into `dout`.** The shortest backward, the book's, zeros the blocked
# > entries of `dout` in place and returns it: `dout[self.mask] = 0`. The numbers are right,
# > but they are written into the caller's array, and the result *is* that array. The book's
# > network never notices, because every `dout` reaching its ReLU is a fresh matrix product
# > that nobody else holds. The moment one array reaches two layers (an add node that hands
# > the same `dout` to both of its inputs), the first layer's zeros are what the second
# > layer gets. Two ReLUs whose outputs are added,
# > $L = \operatorname{sum}(\operatorname{relu}(a) + \operatorname{relu}(b))$, so the right
# > answer is 1 where the input is positive:

# %%
class InPlaceRelu(Relu):
    def backward(self, dout):
        dout[self.mask] = 0.0      # writes into the array the caller passed in
        return dout


a = np.array([[1.0, -0.5], [-2.0, 3.0]])
b = np.array([[-1.0, 2.0], [0.5, -3.0]])
for make in (InPlaceRelu, Relu):
    relu_a, relu_b = make(), make()
    relu_a.forward(a)
    relu_b.forward(b)
    dout = np.ones((2, 2))                  # the add node gives this one array to both
    da, db = relu_a.backward(dout), relu_b.backward(dout)
    print(f"{make.__name__:11s} da = {da.tolist()}  db = {db.tolist()}")
print("right       da = [[1, 0], [0, 1]]       db = [[0, 1], [1, 0]]")

# %% [markdown]
# > In place, both gradients are all zero, without an error: `relu_a` zeroed the places where
# > $a \le 0$, `relu_b` zeroed the rest, and `da` and `db` are one array. A network built that
# > way silently stops learning. `layers.Relu` builds a new array, `np.where(mask, 0, dout)`,
# > and is right whoever else holds `dout`. Every layer in this series follows that rule, and
# > every exercise check tests it; chapter 10's list of common mistakes points back here.
#
# ## Gradient checks and the kink
#
# A gradient check compares `backward` with the central difference
# $\big(f(x+h) - f(x-h)\big)/2h$. For ReLU this works everywhere except near 0: if $x$ is
# closer to 0 than $h$, the two sample points fall on both sides of the corner. At $x = 0$
# itself the difference quotient is exactly $(h - 0)/2h = 0.5$, while `backward` says 0. So
# we draw test inputs away from the kink:

# %%
rng = np.random.default_rng(0)
x_far = rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(0.1, 2.0, size=(3, 4))
error_far = layers.gradient_check(Relu(), x_far)
print("away from 0: relative error below 1e-7?", error_far < 1e-7)

x_kink = np.array([0.0, -1.0, 1.0])
numeric = layers.numerical_gradient(lambda v: Relu().forward(v).sum(), x_kink, h=1e-5)
relu = Relu()
relu.forward(x_kink)
print("at the kink: numerical gradient", numeric.round(4).tolist(),
      " backward:", relu.backward(np.ones(3)).tolist())

# %% [markdown]
# The 0.5 does not mean the layer is wrong: at a corner there is no derivative for the
# numerical gradient to approximate. Keep test inputs a few $h$ away from 0, and test the
# convention at 0 on its own, directly.
#
# ### Check
#
# Everything above, as assertions with numbers from the math: ten open ReLUs pass the
# gradient unchanged, the mask of the book's example, which gradients pass, the derivative
# 0 at $x = 0$, the caller's `dout` left intact, and the shared array.

# %%
assert grad.tolist() == [1.0]                               # 1 * 1 * ... * 1
x = np.array([[1.0, -0.5], [-2.0, 3.0]])
dout = np.array([[10.0, 20.0], [30.0, 40.0]])
dout_before = dout.copy()
relu = Relu()
assert (relu.forward(x) == np.array([[1.0, 0.0], [0.0, 3.0]])).all()
assert (relu.mask == np.array([[False, True], [True, False]])).all()
assert (relu.backward(dout) == np.array([[10.0, 0.0], [0.0, 40.0]])).all()
assert (dout == dout_before).all(), "Relu.backward changed the caller's dout"

at_zero = Relu()
at_zero.forward(0.0)
assert at_zero.backward(1.0) == 0.0                         # the convention at the kink
assert np.allclose(numeric, [0.5, 0.0, 1.0])                # (h - 0) / 2h at the kink

assert (da == np.array([[1.0, 0.0], [0.0, 1.0]])).all()     # layers.Relu, shared dout: right
assert (db == np.array([[0.0, 1.0], [1.0, 0.0]])).all()
assert layers.gradient_check(Relu(), x_far) < 1e-7
print("Check passed: 10 open ReLUs pass 1; dx [[10, 0], [0, 40]]; gradient 0 at x = 0; "
      "dout unchanged; both branches right with layers.Relu.")

# %% [markdown]
# ## Try it
#
# Move `x` to slide along the ReLU, and the upstream gradient `dout` to scale what comes
# back. The left plot shows $y = \operatorname{relu}(x)$; the right plot shows the
# gradient that reaches $x$, $\text{dx} = \text{dout}\cdot\partial y/\partial x$, with the
# current point marked. Things to try: cross 0 and watch `dx` jump between 0 and `dout`;
# set `dout` negative; put `x` exactly at 0.

# %%
from teaching import plots

plots.ReluExplorer(x=-1.0, dout=1.5)

# %% [markdown]
# **ReLU as a node of a graph.** Inside a network the ReLU sits after a weighted sum:
# $y = \mathrm{relu}(w x + b)$. This explorer asks before it tells: for the node about to
# run backward, type the gradient you expect on each of its inputs and press **Check**.
# Predict the ReLU node first, then move `b` below $-3$ (the ReLU closes) and predict again.

# %%
from teaching import examples
from teaching.explorer import GraphExplorer

GraphExplorer(examples.relu_graph(), predict=True)

# %% [markdown]
# ## Dead units
#
# With the switch closed, the explorer's `w` and `b` get gradient 0. For one sample that is
# harmless: the next sample may open the switch. A network learns from a batch, and the
# gradient of $w$ and $b$ is a sum over its samples (the bias gradient sums the batch, as in
# chapter 4). If $w x_i + b \le 0$ for **every** sample of the training data, every term of
# every batch's sum is 0, whatever the loss above sends down. Gradient descent then moves $w$
# and $b$ by $-\text{lr}\cdot 0$: not at all, so the unit stays blocked on every batch after.
# It is a **dead unit**. (Behind a layer that is still learning, its inputs may change and
# wake it; on fixed inputs, such as the pixels of chapter 8, nothing can.) One unit
# $\operatorname{relu}(w x + b)$ with $w = 1.5$, on a batch of 20 inputs, with a random
# upstream gradient standing in for "any loss":

# %%
rng = np.random.default_rng(0)
xs = rng.uniform(-1.0, 2.0, size=20)          # one input per sample, drawn once
dout = rng.normal(size=20)                    # whatever the layers above send back
w = 1.5
for b in (-1.0, -4.0):
    z = w * xs + b
    relu = Relu()
    relu.forward(z)
    dz = relu.backward(dout)
    dw, db = (dz * xs).sum(), dz.sum()        # w and b are shared by all 20 samples: sum
    print(f"b = {b:4.1f}: {np.count_nonzero(z > 0):2d} of 20 samples pass, "
          f"dL/dw = {dw:7.4f}, dL/db = {db:7.4f}")
assert dw == 0.0 and db == 0.0                # b = -4: dead

# %% [markdown]
# At $b = -1$ half the samples pass and both gradients are nonzero; at $b = -4$ none pass
# and both are exactly 0: no learning rate can move this unit again. The explorer below
# draws the same unit and batch: one point per sample at its $z = w x + b$, green where it
# passes, grey where it is blocked. Things to try: lower `b` and watch the green points
# leave one by one; note the readout at the moment the last one turns grey. Then make `w`
# negative: which samples pass now, the small $x$ or the large?

# %%
from teaching.dead_unit import DeadUnitExplorer

DeadUnitExplorer(w=1.5, b=-1.0)

# %% [markdown]
# A dead unit is not a bug in a layer: every gradient is right. It is a place the
# parameters can wander into and, on fixed inputs, never leave. Units die when one large
# step throws their bias (or weights) far to the negative side: chapter 8 shows a learning
# rate that is too large killing 48 to 50 of the 50 hidden units of the digits network,
# which then stays at chance. A leaky ReLU (exercise 2) is one cure: its gradient is never
# exactly 0.

# %% [markdown]
# ## Summary
#
# - ReLU is a max node against 0: it passes positive inputs and zeros the rest; its local
#   derivative is 1 for $x > 0$ and 0 otherwise (0 at $x = 0$: the book's mask $x \le 0$).
# - An open ReLU passes the gradient at full size, however many are stacked; a sigmoid
#   never passes more than a quarter of it (chapter 6).
# - The forward pass stores the mask $x \le 0$; `backward` builds a **new** array that is 0
#   where the mask is True. Writing zeros into `dout` gives right numbers until one array
#   reaches two layers; then the gradients are silently wrong.
# - Gradient checks need inputs away from the kink; the convention at 0 is tested directly.
# - A unit blocked on every sample of the batch gets gradient 0 for its weights and bias
#   and never moves again: a dead unit.

# %% [markdown]
# ## Exercises
#
# Each exercise has a code cell to fill in, then a check cell that shows **Right** or
# **Not yet** with a hint (**Not attempted yet** while the template is untouched). Worked
# answers: [05_relu_solutions](../notebooks/solutions/05_relu_solutions.ipynb). The checks
# use numpy arrays, so your layers only need to handle arrays.
#
# ### Exercise 1: find the bugs
#
# `SuspectRelu` below has **two** bugs, both found in real code. A gradient check finds
# one of them at once; the other hides from every gradient check (why?). Find both: run
# `layers.gradient_check(SuspectRelu(), x_far)`, then call `forward` and `backward` yourself
# on inputs that include exact zeros. Write `FixedRelu` with both bugs fixed, keeping the
# series' convention at $x = 0$.

# %%
class SuspectRelu:
    def forward(self, x):
        self.passing = x >= 0
        return (x > 0) * 1

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)


# %%
class FixedRelu:
    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
from teaching.checks import ch05 as check

check.fixed_relu(FixedRelu)


# %% [markdown]
# ### Exercise 2: leaky ReLU
#
# A leaky ReLU lets a small part of the negative inputs through:
#
# $$y = \begin{cases} x & x > 0 \\ s\,x & x \le 0 \end{cases}$$
#
# with a slope $s$ such as 0.01. Work out $\partial y/\partial x$, then write the layer.
# `LeakyRelu(slope)` keeps the slope; `backward` must not change `dout`. Then think: why can
# a unit with a leaky ReLU never be dead in the sense above?

# %%
class LeakyRelu:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.leaky_relu(LeakyRelu)


# %% [markdown]
# ### Exercise 3: when does a unit die?
#
# A unit $\operatorname{relu}(w x + b)$ sees a batch of inputs `xs` (a 1-D array). Derive the
# **largest** bias $b$ at which the unit is dead on that batch (blocked on every sample,
# with the convention at 0 above), as a formula in $w$ and `xs`. Mind a negative $w$. Then
# write `dead_bias(w, xs)`. The check tries batches and weights you have not seen.

# %%
def dead_bias(w, xs):
    raise NotImplementedError("YOUR CODE")


# %%
check.dead_bias(dead_bias)


# %% [markdown]
# ### Exercise 4: ReLU6, a switch with two sides
#
# Some networks clip the ReLU at 6: $y = \min(\max(x, 0), 6)$. Now the input can be
# blocked on two sides. Store a mask in `forward` that says where the gradient passes,
# and use it in `backward`. (At exactly 0 and 6 use the gradient 0.)

# %%
class Relu6:
    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.relu6(Relu6)
