# %% [markdown]
# # 6. The sigmoid layer

# %% [markdown]
# > **Goal:** run the sigmoid backward through its four nodes, simplify the result to a
# > formula in the output $y$ alone, see what saturation does to it, and train a one-neuron
# > model with gradient steps you write.
# >
# > **Book:** section 5.5.2.
# >
# > **You need:** the central difference `layers.numerical_gradient` (chapter 2), add and
# > multiply nodes (chapter 3), the layer shape (chapter 4), ReLU's switch (chapter 5).

# %% [markdown]
# ## The sigmoid as a graph
#
# $$y = \sigma(x) = \frac{1}{1 + \exp(-x)}$$
#
# Read from the inside out, the formula is four steps, each one a node we already know how
# to differentiate:
#
# | node | forward | local derivative |
# |---|---|---|
# | $\times(-1)$ | $a = -x$ | $\partial a/\partial x = -1$ |
# | $\exp$ | $e = \exp(a)$ | $\partial e/\partial a =$ ? |
# | $+1$ | $c = e + 1$ | $\partial c/\partial e = 1$ |
# | $/$ | $y = 1/c$ | $\partial y/\partial c =$ ? (write it with $y$) |
#
# Each node is a layer of `layers.py`: `MulLayer` (multiply by the constant $-1$),
# `ExpLayer`, `AddLayer` (add the constant 1) and `ReciprocalLayer` (the "/" node, $1/c$).
# We follow one input, $x = 2$, all the way through.

# %%
import numpy as np

import layers
from layers import AddLayer, ExpLayer, MulLayer, ReciprocalLayer, Sigmoid
from teaching.checks import ch06 as check

x = 2.0
neg, exp, plus, recip = MulLayer(), ExpLayer(), AddLayer(), ReciprocalLayer()

a = neg.forward(x, -1.0)     # -x
e = exp.forward(a)           # exp(-x)
c = plus.forward(e, 1.0)     # 1 + exp(-x)
y = recip.forward(c)         # 1 / (1 + exp(-x))
for name, value in [("a = -x", a), ("e = exp(a)", e), ("c = e + 1", c), ("y = 1/c", y)]:
    print(f"{name:11s}= {value:.4f}")

# %% [markdown]
# ## Backward, one node at a time
#
# Start from the right with an upstream gradient $\partial L/\partial y$, called `dout` and
# set to 1 (as if $L = y$). Each node multiplies what reaches it by its local derivative.
#
# Your turn, in the explorer below (at $x = 2$): before each **Step** it asks what the next
# node sends back to each input. Fill the table's two blanks first, then work it out from
# the table and the green values, type it and press **Check**. When all four are done,
# write down $dx$; then do it again at `x` = 0. Values are
# <span style="color:#1a7f37">**green**</span>, above each edge; gradients
# <span style="color:#c62828">**red**</span>, under the edges.

# %%
from teaching.explorer import GraphExplorer
from teaching import examples

GraphExplorer(examples.sigmoid_graph(x=2.0), predict=True)

# %% [markdown]
# ## The simplification
#
# The product of your four local derivatives is $\partial L/\partial x$; one factor still
# needs $x$, but $y = 1/(1 + \exp(-x))$ holds it. **Your turn:** write `y_exp(y)`: $y\exp(-x)$
# with $y$ alone (no $x$, and no $1/y$: far in the left tail $y$ rounds to 0), for an array too.

# %%
def y_exp(y):
    raise NotImplementedError("YOUR CODE")


# %%
simplified = check.exp_in_y(y_exp)     # kept: the comparison below runs once this says Right
simplified

# %% [markdown]
# So the gradient $\text{dout}\cdot y\cdot$`y_exp(y)` needs only the forward **output**
# $y$: the four nodes group into one "sigmoid" node.
#
# ![The grouped sigmoid node](../images/sigmoid_grouped.svg)
#
# As a layer, `forward` keeps its output and `backward` uses nothing else (your `y_exp`):

# %%
class GroupedSigmoid:
    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out.copy()       # our own copy: the caller may change what we return
        return out

    def backward(self, dout):
        return dout * self.out * y_exp(self.out)

# %%
from teaching.checks.ch06 import compare_sigmoids     # the chapter's runs sit beside its checks

compare_sigmoids(simplified, (neg, exp, plus, recip), GroupedSigmoid)   # dx at 2 and 0

# %% [markdown]
# Since $y(1 - y) = \tfrac14 - (y - \tfrac12)^2$, the slope peaks at $\tfrac14$, at
# $y = \tfrac12$: $x = 0$. [`layers.py`](../layers.py)'s `Sigmoid` is this layer with a
# stable forward.

# %% [markdown]
# Far in the tail, at $x = -1000$, $\exp(-x) = e^{1000}$ overflows float64. The cell after
# next runs there the plain formula with the unsimplified gradient $y^2\exp(-x)$ (`"plain"`),
# the `GroupedSigmoid` above (`"grouped"`) and `layers.Sigmoid` (`"stable"`:
# $y = e^{x}/(1 + e^{x})$ for $x < 0$). **Predict:** which gives $dx$ = `nan`, and which print
# a warning?

# %%
my_nan = None       # the one whose dx is nan: "plain", "grouped" or "stable"
my_warns = None     # the ones that print a warning: a list of those names

check.far_tail(my_nan, my_warns)

# %%
from teaching.checks.ch06 import far_tail_runs

far_tail_runs((my_nan, my_warns), simplified, GroupedSigmoid)

# %% [markdown]
# ## Saturation
#
# Far from 0, $y$ is close to 0 or 1 and the gradient almost vanishes: the sigmoid is
# *saturated*. Like a ReLU's closed switch it passes almost nothing back: never 0 in exact
# arithmetic, but 0.0 in float64 far enough out, as at $x = -1000$ above.
#
# **Predict, then confirm.** The explorer below (it opens once you have answered) shows
# $\sigma'$ (middle panel) and, on a logarithmic axis, the gradient that reaches $x$ through
# $k$ `Sigmoid` layers in a row, backward from $\text{dout} = 1$ (right panel). On paper:
#
# - `my_tenth_x`: from which $|x|$ on is $\sigma'(x)$ below a tenth of its peak? Solve
#   $y(1 - y) = 0.025$ for $y$, then $\sigma(x) = y$ for $x$.
# - `my_k3_grad`: the gradient at $x = 0$ through $k = 3$ layers.

# %%
my_tenth_x = None      # |x| where sigma'(x) falls to a tenth of 0.25: a number
my_k3_grad = None      # the gradient at x = 0 through three Sigmoid layers: a number

check.saturation(my_tenth_x, my_k3_grad)

# %%
from teaching import plots      # confirm: x at your |x|; x = 0 with k = 3
from teaching.reveal import reveal

reveal((my_tenth_x, my_k3_grad), lambda: plots.SigmoidExplorer(x=2.0),
       name="my_tenth_x and my_k3_grad")

# %% [markdown]
# ### Where the starting weights put a sigmoid
#
# In a network a sigmoid's input is a weighted sum, $z = \sum_i w_i x_i$, so the size of the
# weights decides where on the curve it starts. Take 64 inputs uniform in $[0, 1)$ (chapter
# 8's digits are like this) and weights `weight_init_std` (the book's `TwoLayerNet`
# parameter) times standard normal numbers. Then $x_i^2$ averages $1/3$, each term has
# variance $\text{weight\_init\_std}^2/3$, and 64 variances add: $z$ spreads about
# $\sqrt{64/3} \approx 4.6$ times `weight_init_std` to each side of 0.
#
# **Estimate.** At `weight_init_std = 1.0`, what is the mean $\sigma'(z)$ over many units?
# $z$, a sum of 64 terms, is close to normal; the bump of $\sigma'$ is narrower than its
# spread, and its area is $\int\sigma'\,dz = \sigma(\infty) - \sigma(-\infty) = 1$.
# `my_mean_slope` within a factor 1.2 counts; the cell after runs 1000 units at 0.01, 0.1, 1.

# %%
my_mean_slope = None      # your prediction: mean sigma'(z) at weight_init_std = 1.0

check.start_slope(my_mean_slope)

# %%
from teaching.checks.ch06 import start_scales

reveal(my_mean_slope, start_scales, name="my_mean_slope")

# %% [markdown]
# ## Capstone: one neuron learns
#
# A neuron with weight $w$ and bias $b$ should map an input $x$ to a target $t$ in $(0, 1)$,
# where a sigmoid's outputs lie. Its prediction and squared loss are
#
# $$y = \sigma(w x + b), \qquad L = (y - t)^2 .$$
#
# ### Forward and backward, layer by layer
#
# Build the graph from `layers.py`, one layer object per node: `MulLayer`, `AddLayer`,
# `Sigmoid` and `SquareLayer` (`forward` returns $x^2$, `backward` `dout * 2x`). There
# is no subtraction layer: $y - t$ is $y + (-t)$. Run forward, then backward from
# $\partial L/\partial L = 1$; return `(L, dL_dw, dL_db)` as plain numbers. The check
# watches the layers' `backward` calls and starts at $w = 0.5$, $b = 1$, $x = 2$, $t = 0.3$.

# %%
def neuron(w, b, x, t):
    raise NotImplementedError("YOUR CODE")


# %%
check.neuron(neuron)

# %% [markdown]
# If `check.neuron` says Not yet, step through this graph of your five layers ($-t$ is
# `minus_t`) typing your `backward` results: the first node that disagrees is your bug.

# %%
from teaching.checks.ch06 import capstone_explorer

capstone_explorer(neuron)      # opens once neuron is written


# %% [markdown]
# ### Gradient-check it with your own central differences
#
# Central differences use nothing but the loss, so they can catch a wrong backward pass.
# From now on $x$ and $t$ stay fixed (below); only $w$ and $b$ change.
#
# - Write `loss(w, b)`: the neuron's loss at this $x$ and $t$ (your `neuron` can do the work).
# - Write `central_difference(f, w, b, h=1e-4)` for **any** `f(w, b)`: chapter 2's
#   `layers.numerical_gradient(g, v, h)` on $w$ with $b$ held fixed, then on $b$; return
#   `(df_dw, df_db)`.
#
# The check tries it on a function of its own, then prints `layers.relative_error` against
# your backprop, $\lVert n - p\rVert / (\lVert n\rVert + \lVert p\rVert)$: the tests of
# `layers.py` hold every backward below $10^{-7}$ by it.

# %%
w, b, x, t = 0.5, 1.0, 2.0, 0.3     # start of the capstone: w and b will move, x and t stay


def loss(w, b):
    raise NotImplementedError("YOUR CODE")


def central_difference(f, w, b, h=1e-4):
    raise NotImplementedError("YOUR CODE")


# %%
check.neuron_gradient_check(loss, central_difference, neuron)

# %% [markdown]
# That could only confirm your checked `neuron`. `check.buggy_neuron(w, b, x, t)` returns
# `(L, dL_dw, dL_db)` with a right forward and one slip in its backward. At the start,
# compare its gradients with your `central_difference` of its loss (`layers.relative_error`),
# then divide the wrong one by the right one. A node's backward has at hand only the values
# it saw in forward: which node, using one of those in place of its right local derivative,
# makes that ratio?

# %%
my_buggy = None       # (relative error of its dL_dw, of its dL_db): two numbers you computed
my_ratio = None       # its wrong gradient over your central difference of it: a number
my_bug_node = None    # "multiply" (w * x), "add", "sigmoid" or "square"

check.buggy_gradient(my_buggy, my_ratio, my_bug_node)

# %% [markdown]
# ### The first steps of learning
#
# A gradient says which way the loss grows. To make the loss smaller, move each parameter a
# little the other way, by a step proportional to its gradient:
#
# $$w \leftarrow w - \text{lr}\cdot\frac{\partial L}{\partial w}, \qquad
#   b \leftarrow b - \text{lr}\cdot\frac{\partial L}{\partial b},$$
#
# with a **learning rate** $\text{lr} > 0$ setting the step's length. Soon you write this
# step and a loop, and eight steps at each of the learning rates 1, 2, 4, 8 and 20 print and
# plot. Predict first, by hand (your `neuron` gives the gradients at the start):
#
# - `lr20_loss`: the loss after eight steps at lr = 20. Where does the first step put
#   $z = w x + b$, and what does $y(1 - y)$ there say about the next seven?
# - `one_step_lr`: the learning rate whose first step lands $y$ exactly on $t$. By how much
#   does a step change $z$ (both $w$ and $b$ move)? Which $z$ gives $\sigma(z) = t$?
# - `rising_lrs`: which of 1, 2, 4, 8, 20 raise the loss on the **first** step? A step past
#   $t$ raises it only if $y$ lands further from $t$ than it started.

# %%
lr20_loss = None        # the loss after eight steps at lr = 20: a number
one_step_lr = None      # the lr whose first step puts y exactly on t: a number

check.learning_rates(lr20_loss, one_step_lr)

# %%
rising_lrs = None       # the learning rates whose first step raises the loss: a list

check.overshoot(rising_lrs)

# %% [markdown]
# **Your turn:** write `step(w, b, lr)`: one such step at the $x$ and $t$ above, with
# gradients from your `neuron`; return `(w, b)`.

# %%
def step(w, b, lr):
    raise NotImplementedError("YOUR CODE")


# %%
check.gradient_step(step)

# %% [markdown]
# Then write `train(lr, steps)`: from $w = 0.5$, $b = 1$, take `steps` steps with
# your `step`; return the loss at the start and after each.

# %%
def train(lr, steps=8):
    raise NotImplementedError("YOUR CODE")


# %%
trained = check.training_loop(train)     # kept: the rows below print only once this says Right
trained

# %%
from teaching.checks.ch06 import learning_rate_runs

learning_rate_runs(trained, train, (lr20_loss, one_step_lr, rising_lrs))

# %% [markdown]
# That rise is **overshooting**. The learning rate that lands $y$ on $t$ depends on where the
# step starts (the last line above), so an lr that brings $y$ nearer at first can later carry
# it further past $t$ than it was.

# %% [markdown]
# ## Summary
#
# - The four nodes simplify to one grouped node that keeps only its output $y$ and survives
#   far in the left tail; `layers.Sigmoid` also computes its forward there without overflow.
# - The gradient is at most 0.25 (at $x = 0$) and vanishes a few units from 0; each sigmoid
#   in a row multiplies it by another such factor. Large starting weights start many units
#   in the tails.
# - Central differences check a backward pass and find which gradient is wrong. A step
#   $w \leftarrow w - \text{lr}\cdot\partial L/\partial w$ can overshoot (the loss rises) or
#   land in a tail (learning stalls). Chapter 8 steps every weight of a network.

# %% [markdown]
# ## Exercises
#
# Worked answers: [06_sigmoid_solutions](../notebooks/solutions/06_sigmoid_solutions.ipynb).
#
# ### Exercise 1: softplus
#
# The softplus function $y = \ln(1 + e^{x})$ is a smooth ReLU: close to 0 for very negative
# $x$, close to $x$ for large $x$. Work out $\partial y/\partial x$ with the chain rule.
# Then write the layer: `forward` keeps what `backward` needs, `backward(dout)` returns a
# new array. (`np.log1p(np.exp(x))` is fine here; the check keeps $|x| \le 5$.)

# %%
class Softplus:
    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.softplus(Softplus)

# %% [markdown]
# ### Exercise 2: tanh from the sigmoid
#
# The hyperbolic tangent is a stretched and shifted sigmoid, $\tanh(x) = 2\,\sigma(2x) - 1$:
# derive its slope from this identity, the chain rule and $\sigma' = \sigma(1 - \sigma)$.
#
# 1. With $s = \sigma(2x)$: `tanh_slope(s)` returns $\partial y/\partial x$ where $\sigma(2x) = s$.
# 2. With the output $y$ alone (solve the identity for $\sigma(2x)$): write `Tanh`, whose
#    `forward` uses `np.tanh` and keeps only its output, and whose `backward` needs nothing
#    else (the check refuses a layer that also keeps $x$).

# %%
def tanh_slope(s):
    raise NotImplementedError("YOUR CODE")


# %%
check.tanh_slope(tanh_slope)

# %%
class Tanh:
    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.tanh(Tanh)

# %% [markdown]
# ### Exercise 3: a gradient through a stack of sigmoids
#
# In a network a weight sits between two sigmoids. Take $k$ units in a row, each multiplying
# by the same weight $w$ and then applying the sigmoid: $y_0 = x$, $y_i = \sigma(w\,y_{i-1})$.
#
# 1. **Measure.** Write `stack_gradient(x, k, w)`: run `x` forward through the `k` units
#    (`w * h`, then a fresh `Sigmoid`), backward from `dout = 1.0`; return $dy_k/dx$.
# 2. **Derive.** Write $dy_k/dx$ as a product of local derivatives, and use
#    $\sigma' \le \tfrac14$ to bound its size for **every** $x$, as a formula in $k$ and $w$:
#    `gradient_bound(k, w)`. The check tries values of $k$ and $w$ you have not seen.
# 3. **Predict, then scan.** From $x = 0$ a long stack settles where $y = \sigma(w y)$: each
#    unit then multiplies by $w\,y(1 - y)$. On paper, `my_factors`: that factor at $w$ = 1,
#    2, 4 (repeat $y \leftarrow \sigma(w y)$ from $y = 0.5$). Then scan $w$ in $(0, 6]$ with
#    `stack_gradient` for the $w$ passing the most through ten units: `best_w`.

# %%
def stack_gradient(x, k, w):
    raise NotImplementedError("YOUR CODE")


def gradient_bound(k, w):
    raise NotImplementedError("YOUR CODE")


# %%
check.sigmoid_stack(stack_gradient, gradient_bound)

# %%
my_factors = None  # w y (1 - y) at y = sigma(w y), for w = 1, 2, 4: three numbers

check.settled_factors(my_factors)

# %%
best_w = None      # the w in (0, 6] passing the most through ten units at x = 0, two digits

check.strongest_weight(best_w)
