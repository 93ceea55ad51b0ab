# %% [markdown]
# # 6. The sigmoid layer

# %% [markdown]
# > **Goal:** follow the sigmoid's backward pass through its four nodes, see why it shrinks to $\text{dout}\cdot y(1-y)$, and train a one-neuron model with steps you write. **Book:** section 5.5.2. **You need:** add and multiply nodes (chapter 3), the layer shape (chapter 4), the ReLU chapter's switch (chapter 5). **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below.

# %% [markdown]
# **What you will learn**
#
# - how the sigmoid breaks into four simple nodes: $\times(-1)$, $\exp$, $+1$ and $/$;
# - the backward pass through those four nodes, one step at a time, each local
#   derivative checked against a numerical one;
# - why the whole result simplifies to $\text{dout}\cdot y(1 - y)$, so one grouped node
#   can replace the four;
# - why computing $y$ can overflow and how `layers.Sigmoid` avoids it;
# - why the sigmoid's gradient is never larger than 0.25, and what saturation means;
# - in the capstone: a one-neuron model $\sigma(wx + b)$ with a squared loss, built from
#   layers, run backward by hand, gradient-checked with central differences you write,
#   and trained with gradient steps you write, at learning rates whose behaviour you predict
#   first.

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
# | $\exp$ | $b = \exp(a)$ | $\partial b/\partial a = \exp(a) = \exp(-x)$ |
# | $+1$ | $c = b + 1$ | $\partial c/\partial b = 1$ |
# | $/$ | $y = 1/c$ | $\partial y/\partial c = -1/c^2 = -y^2$ |
#
# ![The sigmoid graph: x, times -1, exp, +1, divide, y](../images/sigmoid_graph.svg)
#
# Each node is a layer in [`layers.py`](../layers.py): `MulLayer` (multiply by the
# constant $-1$), `ExpLayer`, `AddLayer` (add the constant 1) and `ReciprocalLayer` (the
# "/" node, $1/c$). We follow one input, $x = 2$, all the way through; the figures use the
# same $x$.

# %%
import numpy as np

import layers
from layers import AddLayer, ExpLayer, MulLayer, ReciprocalLayer, Sigmoid, SquareLayer

x = 2.0
neg, exp, plus, recip = MulLayer(), ExpLayer(), AddLayer(), ReciprocalLayer()

a = neg.forward(x, -1.0)     # -x
b = exp.forward(a)           # exp(-x)
c = plus.forward(b, 1.0)     # 1 + exp(-x)
y = recip.forward(c)         # 1 / (1 + exp(-x))
for name, value in [("a = -x", a), ("b = exp(a)", b), ("c = b + 1", c), ("y = 1/c", y)]:
    print(f"{name:11s}= {value:.4f}")

# %% [markdown]
# ## Backward, one node at a time
#
# Start from the right with an upstream gradient $\partial L/\partial y$; we call it
# `dout` and set it to 1 (as if $L = y$). Each step multiplies by one local derivative.
# Next to each step we compare that local derivative with a central difference
# (`layers.numerical_gradient`) of the node's own function, at the point where the
# forward pass went through that node.

# %%
dout = 1.0


def show_step(name, analytic, numeric):
    print(f"{name}: local derivative {analytic:.6f}, numerical {numeric:.6f}")


# %% [markdown]
# ### Step 1: the "/" node
#
# $y = 1/c$, so $\partial y/\partial c = -1/c^2$. Since $1/c = y$, that is $-y^2$: the
# node can use its own output. The gradient leaving it is $-\text{dout}\cdot y^2$.
#
# ![Step 1: the divide node](../images/sigmoid_step_1.svg)

# %%
dc = recip.backward(dout)
show_step("step 1  /    ", -y**2, layers.numerical_gradient(lambda t: 1 / t, c))
print(f"dc = {dc:.6f}")

# %% [markdown]
# ### Step 2: the "+1" node
#
# Adding a constant does not change a slope: the local derivative is 1 and the gradient
# passes unchanged.
#
# ![Step 2: the +1 node](../images/sigmoid_step_2.svg)

# %%
db, _ = plus.backward(dc)      # the second gradient belongs to the constant 1
show_step("step 2  +1   ", 1.0, layers.numerical_gradient(lambda t: t + 1, b))
print(f"db = {db:.6f}")

# %% [markdown]
# ### Step 3: the exp node
#
# $\exp$ is its own derivative, so the local derivative is the node's forward output,
# $b = \exp(-x)$.
#
# ![Step 3: the exp node](../images/sigmoid_step_3.svg)

# %%
da = exp.backward(db)
show_step("step 3  exp  ", b, layers.numerical_gradient(np.exp, a))      # b = exp(-x)
print(f"da = {da:.6f}")

# %% [markdown]
# ### Step 4: the $\times(-1)$ node
#
# A multiply node passes `dout` times the *other* input, here the constant $-1$.
#
# ![Step 4: the times -1 node](../images/sigmoid_step_4.svg)

# %%
dx, _ = neg.backward(da)
show_step("step 4  ×(-1)", -1.0, layers.numerical_gradient(lambda t: -t, x))
print(f"dx = {dx:.6f}")

# %% [markdown]
# ## The simplification
#
# Multiplying the four local derivatives:
#
# $$\frac{\partial L}{\partial x}
#   = \text{dout}\cdot(-y^2)\cdot 1\cdot \exp(-x)\cdot(-1)
#   = \text{dout}\cdot y^2 \exp(-x).$$
#
# The two minus signs cancel. Now write $y^2\exp(-x)$ as $y \cdot y\exp(-x)$ and note that
#
# $$y\,\exp(-x) = \frac{\exp(-x)}{1 + \exp(-x)}
#   = \frac{(1 + \exp(-x)) - 1}{1 + \exp(-x)} = 1 - y .$$
#
# So
#
# $$\boxed{\;\frac{\partial L}{\partial x} = \text{dout}\cdot y\,(1 - y)\;}$$
#
# The gradient needs only the forward **output** $y$: not $x$, not $\exp(-x)$, none of the
# intermediate values. So the four nodes can be grouped into one "sigmoid" node that
# stores $y$ in `forward` and returns `dout * y * (1 - y)` in `backward`. That is
# `layers.Sigmoid`.
#
# ![The grouped sigmoid node](../images/sigmoid_grouped.svg)

# %%
grouped = Sigmoid()
y_fused = grouped.forward(x)
dx_fused = grouped.backward(dout)
print(f"four nodes : y = {y:.6f}, dx = {dx:.6f}")
print(f"one node   : y = {y_fused:.6f}, dx = {dx_fused:.6f}")
print(f"y(1 - y)   = {y * (1 - y):.6f}")

# %% [markdown]
# `layers.Sigmoid` also computes $y$ in a way that never overflows. The formula
# $1/(1 + \exp(-x))$ evaluates $\exp(1000)$ for $x = -1000$, which is too big for a float.
# numpy still gets $y = 0$ right, but prints an overflow warning. `layers.Sigmoid` only ever
# calls $\exp$ on $-|x|$, which is never positive: with $e = \exp(-|x|)$ it takes
# $y = 1/(1 + e)$ for $x \ge 0$ and $y = e/(1 + e)$ for $x < 0$ (multiply the top and the
# bottom of $1/(1 + \exp(-x))$ by $\exp(x)$ to see that they are the same number).

# %%
with np.errstate(over="raise"):          # turn numpy's overflow warning into an error we can catch
    try:
        1 / (1 + np.exp(-np.array([-1000.0])))
    except FloatingPointError as error:
        print("plain formula:", error)
print("layers.Sigmoid:", Sigmoid().forward(np.array([-1000.0, 0.0, 1000.0])).tolist())

# %% [markdown]
# Silencing the warning does not fix the formula. At $x = -720$ the true value is
# $e^{-720} \approx 2.0 \times 10^{-313}$, a number a float64 can hold, but the plain formula
# divides 1 by $1 + \infty$ and returns 0. That 0 matters as soon as a loss takes the logarithm
# of $y$, as a cross-entropy does: $\log y$ should be $-720$ and becomes $-\infty$. The
# series' check for a sigmoid judges the values, not the warnings:

# %%
from teaching.checks import ch06 as check


def silenced_sigmoid(x):
    with np.errstate(over="ignore"):      # the warning is gone; the overflow is not
        return 1 / (1 + np.exp(-x))


check.safe_sigmoid(silenced_sigmoid)

# %% [markdown]
# One limit remains: at $x = 40$, $y$ rounds to exactly 1.0, so `backward` returns
# $y(1 - y) = 0$ where the true gradient is about $4.2\times 10^{-18}$. No logarithm is taken
# of a gradient: it only scales a step, and a step of $10^{-18}$ moves no weight, so here the
# 0 changes nothing.

# %% [markdown]
# ## Saturation: the gradient is at most 0.25
#
# Complete the square:
#
# $$y(1 - y) = \tfrac14 - \left(y - \tfrac12\right)^2 \le \tfrac14 ,$$
#
# with equality only at $y = \tfrac12$, that is at $x = 0$. Far from 0, $y$ is close to 0 or
# to 1 and the gradient almost vanishes. The sigmoid is *saturated* there: changing $x$
# barely changes $y$, so almost no gradient gets back to $x$.

# %%
for x_i in [0.0, 1.0, 2.0, 5.0, 10.0]:
    s = Sigmoid()
    y_i = s.forward(x_i)
    print(f"x = {x_i:4.1f}:  y = {y_i:.5f},  dy/dx = {s.backward(1.0):.5f}")

# %% [markdown]
# Compare the ReLU of chapter 5: where its switch is open, its local derivative is exactly
# 1, and the gradient passes at full size. A sigmoid stuck deep in a tail fails the way
# chapter 5's dead units do: a ReLU blocked on every sample passes no gradient at all, the
# stuck sigmoid almost none, and either way the weights before it barely learn.
#
# ### Check
#
# On 2001 inputs from $-10$ to $10$ at once, the grouped node's gradient never exceeds 0.25
# and agrees with central differences of the plain formula $1/(1 + \exp(-x))$ on the same
# inputs; `layers.gradient_check` runs the layer on that grid too. (The four nodes and the
# grouped node agreed at $x = 2$ above; the series' tests compare them at many more points.)

# %%
grid = np.linspace(-10, 10, 2001)
s = Sigmoid()
s.forward(grid)
dx_grid = s.backward(np.ones_like(grid))
h = 1e-5


def plain(z):
    return 1 / (1 + np.exp(-z))                              # the formula itself


numeric = (plain(grid + h) - plain(grid - h)) / (2 * h)      # central differences
worst = np.max(np.abs(dx_grid - numeric) / dx_grid)
assert dx_grid.max() <= 0.25 and worst < 1e-6
assert layers.gradient_check(Sigmoid(), grid) < 1e-7
print(f"Check passed: gradient <= 0.25 on the grid, within {worst:.1e} (relative) of the "
      "formula's central differences.")

# %% [markdown]
# ## Try it
#
# **The sigmoid and its gradient.** Move `x` and watch the points. The gradient (middle)
# peaks at 0.25 at $x = 0$ and is almost 0 beyond $|x| \approx 5$: that is saturation.
# Then move `k`: the right panel is the gradient that reaches $x$ through $k$ `Sigmoid`
# layers in a row (backward from $\text{dout} = 1$), on a logarithmic axis, above the grey
# curve of one sigmoid; the readout gives its value at $x$. Each sigmoid you add moves the
# curve down by about the same distance: on this axis that means the gradient is divided by
# about the same factor at every layer, so it shrinks exponentially in $k$. Exercise 3 bounds
# that factor.

# %%
from teaching import plots

plots.SigmoidExplorer(x=2.0)

# %% [markdown]
# **The backward pass, your turn.** The graph below is the four-node sigmoid, now at
# $x = -1.5$. Before each **Step** the explorer asks what the next node sends back to each
# of its inputs: work it out from the table of local derivatives, type it and press
# **Check**. After four nodes, compare the gradient at $x$ with $y(1 - y)$; then move `x`
# and go again.

# %%
from teaching import examples
from teaching.explorer import GraphExplorer

GraphExplorer(examples.sigmoid_graph(x=-1.5), predict=True)

# %% [markdown]
# ## Summary
#
# - The sigmoid is four simple nodes; their local derivatives are $-1$, $\exp(-x)$, $1$
#   and $-y^2$.
# - Multiplied together and simplified, the backward pass is
#   $\text{dout}\cdot y(1 - y)$: it needs only the forward output $y$.
# - So one grouped node replaces four: `layers.Sigmoid` stores $y$ and nothing else.
# - The plain formula overflows for very negative $x$; `layers.Sigmoid` calls $\exp$ only on
#   $-|x|$, with $y = 1/(1 + e)$ or $e/(1 + e)$ for $e = \exp(-|x|)$.
# - The gradient is at most 0.25 (at $x = 0$) and almost 0 for large $|x|$: a saturated
#   sigmoid lets almost no gradient through.
# - Through $k$ sigmoids in a row the gradient is a product of $k$ such factors: it shrinks
#   exponentially in $k$: about equal steps down on the explorer's logarithmic axis.

# %% [markdown]
# ## Exercises
#
# Each exercise has a code cell to fill in, then a check cell that shows **Right** or
# **Not yet** with a hint (**Not attempted yet** while the template is untouched). Worked
# answers: [06_sigmoid_solutions](../notebooks/solutions/06_sigmoid_solutions.ipynb). The
# first two exercises each ask for a local derivative that this notebook has not worked
# out: derive it on paper first, then write the layer. Exercises 4 to 6 are the capstone,
# one neuron from its graph to its first steps of learning.
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
# The hyperbolic tangent is a stretched and shifted sigmoid:
#
# $$\tanh(x) = 2\,\sigma(2x) - 1 .$$
#
# (Try a few numbers with `np.tanh` if you doubt it.) Derive $\partial y/\partial x$ for
# $y = \tanh(x)$ from this identity, the chain rule and the sigmoid's result
# $\sigma' = \sigma(1 - \sigma)$, without looking it up.
#
# 1. First write the slope with $s = \sigma(2x)$: `tanh_slope(s)` returns
#    $\partial y/\partial x$ at the $x$ where $\sigma(2x) = s$.
# 2. Then write it with the output $y$ alone: solve the identity for $\sigma(2x)$ in terms
#    of $y$. Write `Tanh` whose `forward` uses `np.tanh` and keeps only its output, and whose
#    `backward` needs nothing else (the check refuses a layer that also keeps $x$).

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
# 1. **Measure.** Write `stack_gradient(x, k)`: run `x` forward through `k` fresh `Sigmoid`
#    layers in a row, then backward through them from `dout = 1.0`, and return the gradient
#    at `x`. The check compares it with the math at several `x` and `k`.
# 2. **Derive.** In a network, a weight sits between two sigmoids. Take $k$ units in a row,
#    each multiplying by the same weight $w$ and then applying the sigmoid:
#    $y_0 = x$, $y_i = \sigma(w\,y_{i-1})$. Write $dy_k/dx$ as a product of local
#    derivatives, and use $\sigma' \le \tfrac14$ to bound its size for **every** $x$, as a
#    formula in $k$ and $w$ (mind a negative $w$). Write `gradient_bound(k, w)`. The check
#    tries values of $k$ and $w$ you have not seen, and then tells you how close ten
#    sigmoids come to the bound for $w = 1$: why do they stay below it?

# %%
def stack_gradient(x, k):
    raise NotImplementedError("YOUR CODE")


def gradient_bound(k, w):
    raise NotImplementedError("YOUR CODE")


# %%
check.sigmoid_stack(stack_gradient, gradient_bound)


# %% [markdown]
# ### Exercise 4 (capstone): one neuron, forward and backward layer by layer
#
# A single neuron with weight $w$ and bias $b$ looks at an input $x$ and should output a
# target $t$ between 0 and 1 (a sigmoid's output can never leave that interval). Its
# prediction and squared loss are
#
# $$y = \sigma(w x + b), \qquad L = (y - t)^2 .$$
#
# Build that graph from the layers of `layers.py`, one layer object per node: `MulLayer`
# for $w x$, `AddLayer` for $+\,b$, `Sigmoid`, `AddLayer` for $y + (-t)$, and `SquareLayer`
# (new here, and as simple as it sounds: `forward` returns $x^2$, `backward` `dout * 2x`).
# Run them forward in that order. Then run them backward in the reverse order, starting from
# $\partial L/\partial L = 1$, passing each `backward` the gradient the previous one
# returned. Return the loss and the two gradients the neuron learns from:
# `(L, dL_dw, dL_db)`. Work with plain numbers ($w$, $b$, $x$, $t$ are floats). The check
# watches the layers' `backward` calls: a formula typed in directly does not pass.

# %%
def neuron(w, b, x, t):
    raise NotImplementedError("YOUR CODE")


# %%
check.neuron(neuron)

# %% [markdown]
# **When `check.neuron` says Not yet**, find the node where your numbers go wrong in the
# graph explorer. `graph_from` runs the Python function below once and records one node per
# operation. There is no subtraction node, so `y - t` becomes two, a $\times(-1)$ node that
# makes $-t$ and an add node: six nodes where your neuron has five layers. Before each
# **Step** the explorer asks what the next node sends to each of its inputs; type the number
# your own layers give there and press **Check**. At $w = 0.5$, $b = 1$ the `w` and `b`
# edges end with the right `dL_dw` and `dL_db`. The target slider stays between 0 and 1,
# where a sigmoid's output lives.

# %%
from teaching.trace import graph_from, sigmoid      # sigmoid here records a graph node


def neuron_loss(w, b, x, t):
    y = sigmoid(w * x + b)
    L = (y - t) ** 2
    return L


capstone = graph_from(neuron_loss, w=(0.5, -3, 3), b=(1.0, -3, 3), x=(2.0, -3, 3),
                      t=(0.3, 0, 1))
GraphExplorer(capstone, predict=True)


# %% [markdown]
# ### Exercise 5 (capstone): gradient-check it with your own central differences
#
# Backprop is only trusted once it agrees with numbers that do not depend on it. From now
# on the neuron sees one input and one target, fixed below; only $w$ and $b$ change.
#
# - Write `loss(w, b)`: the neuron's loss at this $x$ and $t$, as a function of $w$ and $b$
#   alone (your `neuron` can do the work).
# - Write `central_difference(f, w, b, h=1e-4)` for **any** function `f(w, b)`: nudge $w$ by
#   $h$ to both sides with $b$ held fixed, then $b$ with $w$ held fixed, and return the two
#   slopes `(df_dw, df_db)`.
#
# The check runs your `central_difference` on a function of its own, then on your `loss`,
# and compares the slopes with backprop's $\partial L/\partial w$ and $\partial L/\partial b$.

# %%
w, b, x, t = 0.5, 1.0, 2.0, 0.3     # start of the capstone: w and b will move, x and t stay


def loss(w, b):
    raise NotImplementedError("YOUR CODE")


def central_difference(f, w, b, h=1e-4):
    raise NotImplementedError("YOUR CODE")


# %%
check.neuron_gradient_check(loss, central_difference)

# %% [markdown]
# ### Exercise 6 (capstone): the first steps of learning
#
# A gradient says which way the loss grows. To make the loss smaller, move each parameter a
# little the other way, by a step proportional to its gradient:
#
# $$w \leftarrow w - \text{lr}\cdot\frac{\partial L}{\partial w}, \qquad
#   b \leftarrow b - \text{lr}\cdot\frac{\partial L}{\partial b},$$
#
# with a **learning rate** $\text{lr} > 0$ that sets the step's length. Write `step(w, b, lr)`:
# one such step for the capstone neuron (the $x$ and $t$ above), returning the new `(w, b)`.

# %%
def step(w, b, lr):
    raise NotImplementedError("YOUR CODE")


# %%
stepped = check.gradient_step(step)     # kept: the next cell runs only once this says Right
stepped

# %% [markdown]
# Once your step passes, the cell after the check takes eight steps from $w = 0.5$, $b = 1$
# at the learning rates 1, 2, 4, 8 and 20, and prints the loss before the first step and
# after each one. Predict first; the check judges your predictions before any row appears:
#
# - at $\text{lr} = 20$ the loss drops once and then hardly moves. At what loss does it
#   stall? Think of where one step that long puts $w x + b$, and what $y$ is there. Set
#   `stall_loss` to your answer.
# - a longer step gets down faster, but it can also jump past the minimum: $y$ lands on the
#   other side of $t$. If it lands closer to $t$ than it started, the loss still falls; if
#   further, the loss rises. Of $\text{lr} = 1, 2, 4, 8$, which is the largest at which the
#   loss falls at every one of the eight steps? Set `steady_lr` to it.

# %%
from teaching.reveal import reveal

stall_loss = None     # your prediction for lr = 20: a number
steady_lr = None      # your prediction: 1, 2, 4 or 8

check.learning_rates(stall_loss, steady_lr)

# %%
def capstone_y(w, b):
    return Sigmoid().forward(w * x + b)


def print_losses():
    for lr in (1.0, 2.0, 4.0, 8.0, 20.0):
        w, b = 0.5, 1.0
        losses, jumps = [(capstone_y(w, b) - t) ** 2], []
        for i in range(1, 9):
            above = capstone_y(w, b) > t
            w, b = step(w, b, lr)
            losses.append((capstone_y(w, b) - t) ** 2)
            if (capstone_y(w, b) > t) != above:
                jumps.append(i)              # y ended on the other side of t
        rises = [i for i in range(1, 9) if losses[i] > losses[i - 1]]
        print(f"lr = {lr:2g}: " + " ".join(f"{L:.4f}" for L in losses))
        print(f"         y jumps past t at steps {jumps}; the loss rises at steps {rises}")


if stepped:                               # runs your step once its check says Right
    both = None if stall_loss is None or steady_lr is None else (stall_loss, steady_lr)
    reveal(both, print_losses, name="stall_loss and steady_lr")
else:
    print("Write step above until its check says Right; then run this cell again.")

# %% [markdown]
# **What the capstone showed.** A gradient step moves each parameter against its gradient,
# $w \leftarrow w - \text{lr}\cdot\partial L/\partial w$, and the learning rate sets how far.
# In the rows, jumping past the minimum and the loss rising are not the same: $y$ may land on
# the other side of $t$ again and again while the loss falls at every step, as long as each
# landing is closer to $t$ than the last. Chapter 8 takes such steps for every weight of a
# network.
