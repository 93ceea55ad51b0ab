# %% [markdown]
# # 6. The sigmoid layer

# %% [markdown]
# > **Goal:** run the sigmoid backward through its four nodes, simplify the result to a
# > formula in the output $y$ alone, see what saturation does to it, and train a one-neuron
# > model with gradient steps you write.
# >
# > **Book:** section 5.5.2; the gradient check, 5.7.3.
# >
# > **You need:** the central difference `layers.numerical_gradient` (chapter 2), add and
# > multiply nodes (chapter 3), the layer interface: `forward` keeps, `backward(dout)` returns
# > (chapter 4), ReLU's switch (chapter 5).

# %%
import numpy as np

import layers
from teaching import examples, explorer
from teaching.checks import ch06 as check

# %% [markdown]
# ## The sigmoid as a graph
#
# $$y = \sigma(x) = \frac{1}{1 + \exp(-x)}$$
#
# Read from the inside out, it is four nodes we already know how to differentiate:
#
# | node | forward | local derivative |
# |---|---|---|
# | $\times(-1)$ | $a = -x$ | $\partial a/\partial x = -1$ |
# | $\exp$ | $e = \exp(a)$ | $\partial e/\partial a =$ ? |
# | $+1$ | $c = e + 1$ | $\partial c/\partial e = 1$ |
# | $/$ | $y = 1/c$ | $\partial y/\partial c =$ ? (write it with $y$) |
#
# Start from the right with an upstream gradient $\partial L/\partial y$, `dout` = 1 (as if
# $L = y$); each node multiplies what reaches it by its local derivative. **Your turn:** in
# the explorer (at $x = 2$), multiply the gradient arriving from the right at the highlighted
# node by its local derivative (you work out the blanks; forward values in
# <span style="color:#1a7f37">**green**</span>), type the result, press **Check**. Each right
# answer steps back, down to $dx$ (<span style="color:#c62828">**red**</span>).

# %%
explorer.GraphExplorer(examples.sigmoid_graph(x=2.0), predict=True)

# %% [markdown]
# ## One layer from the output alone
#
# The product of your four local derivatives is $\partial y/\partial x$ (times `dout`, it is
# $\partial L/\partial x$); one factor still needs $x$, but $y = 1/(1 + \exp(-x))$ holds it.
# **Your turn:** write the sigmoid as one layer: its `backward` is `dout` times that product,
# with the kept output `self.out` alone (no $x$, no division). Once right, the check compares
# it at $x = 2$ and $-1$ with the four nodes as chained layers and with central differences.

# %%
class GroupedSigmoid:
    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out.copy()       # our own copy: the caller may change what we return
        return out

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.grouped_sigmoid(GroupedSigmoid)

# %% [markdown]
# float64's largest number is about $1.8\cdot 10^{308}$. **Predict** what float64 makes of
# $x = -1000$ in "plain" (the four nodes' product unsimplified): $y = 1/(1+\exp(-x))$,
# $dx = y^2\exp(-x)$; and in your `GroupedSigmoid` (same $y$): first $y$, then the two $dx$.
# Once right, the check runs both, and `layers.Sigmoid` too.

# %%
my_far = None       # (y, dx of "plain", dx of "grouped"): float('inf'), float('nan') count

check.far_tail(my_far, GroupedSigmoid)

# %% [markdown]
# ## Saturation
#
# **Predict** with a calculator or numpy, not the layers; $\sigma'(x)$ is the slope $dy/dx$.
#
# - `my_peak`: the largest value of $\sigma'$.
# - `my_tenth_x`: from which $|x|$ on is $\sigma'(x)$ below a tenth of that peak? Solve for
#   $y$ first, then $\sigma(x) = y$ for $x$.
# - `my_k3_grad`: the gradient at $x = 0$ through $k = 3$ `Sigmoid` layers in a row.
#
# Beyond that $|x|$ the sigmoid is *saturated*: like a ReLU's closed switch, it passes almost
# nothing back. Once all three are right, the check opens an explorer. Left: $y = \sigma(x)$.
# Middle: $\sigma'$ (dotted: a tenth of its peak). Right, on a log axis: the gradient through $k$
# layers (grey: $k = 1$). **Task:** at $x = 0$, move $k$ from 1 to 10: about how many powers of
# ten does the gradient lose? At $x = 4$, which $k$ first goes below $10^{-6}$?

# %%
my_peak = None         # the largest value of sigma'(x): a number
my_tenth_x = None      # |x| where sigma'(x) falls to a tenth of my_peak: a number
my_k3_grad = None      # the gradient at x = 0 through three Sigmoid layers: a number

check.saturation(my_peak, my_tenth_x, my_k3_grad)

# %% [markdown]
# ## Capstone: one neuron learns
#
# A neuron with weight $w$ and bias $b$ maps an input $x$ toward a target $t$ in $(0, 1)$:
#
# $$y = \sigma(w x + b), \qquad L = (y - t)^2 .$$
#
# **Your turn:** build the graph with one `layers.py` object per node: `MulLayer`,
# `AddLayer`, `Sigmoid`, `SquareLayer` (`forward` returns $x^2$, `backward` `dout * 2x`);
# $y - t$ is $y + (-t)$. Run forward, then backward from $\partial L/\partial L = 1$; return
# `(L, dL_dw, dL_db)` as plain numbers.

# %%
from layers import AddLayer, MulLayer, Sigmoid, SquareLayer


def neuron(w, b, x, t):
    raise NotImplementedError("YOUR CODE")


# %% [markdown]
# ### Gradient-check it with your own central differences
#
# Test `neuron` yourself first: central differences use nothing but the loss, so they can catch a
# wrong backward pass. From now on $x$ and $t$ stay fixed (below); only $w$ and $b$ change. Write
# `loss(w, b)` (your `neuron` can do the work) and `central_differences_wb(f, w, b, h=1e-4)` for
# **any** `f(w, b)`: `layers.numerical_gradient(g, v, h)` (chapter 2) on $w$ with $b$ held fixed,
# then on $b$; return `(df_dw, df_db)`. The check compares them with your backprop by
# `layers.relative_error`, $\lVert n - p\rVert / (\lVert n\rVert + \lVert p\rVert)$.

# %%
w, b, x, t = 0.5, 1.0, 2.0, 0.3     # start of the capstone: w and b will move, x and t stay


def loss(w, b):
    raise NotImplementedError("YOUR CODE")


def central_differences_wb(f, w, b, h=1e-4):
    raise NotImplementedError("YOUR CODE")


# %%
check.neuron_gradient_check(loss, central_differences_wb, neuron)

# %%
check.neuron(neuron)

# %% [markdown]
# Now test code that is not yours: `check.buggy_neuron(w, b, x, t)` returns
# `(L, dL_dw, dL_db)` with one slip in its backward. At the start, compare its gradients with
# your `central_differences_wb` of its loss (`layers.relative_error`). A node's backward has
# at hand only the values it saw in forward: which node sent back one of those in place of
# its local derivative, and which value?

# %%
my_buggy = None       # (relative error of its dL_dw, of its dL_db): two numbers you computed
my_bug_node = None    # "multiply" (w * x), "add", "sigmoid" or "square"
my_bug_local = None   # the value that node used in place of its local derivative: a number

check.buggy_gradient(my_buggy, my_bug_node, my_bug_local)

# %% [markdown]
# ### The first steps of learning
#
# A gradient says which way the loss grows; to lower it, step each parameter the other way,
# in proportion to its gradient, with a **learning rate** $\text{lr} > 0$:
#
# $$w \leftarrow w - \text{lr}\cdot\partial L/\partial w, \qquad b \leftarrow b - \text{lr}\cdot\partial L/\partial b .$$
#
# You will take eight steps at lr = 2, 8 and 20 from the start above. **Predict** lr = 20
# first: `z20`, $z = w x + b$ after its first step (one call of `neuron` gives the gradients;
# both $w$ and $b$ move), and from $\sigma'$ there, `lr20_loss`: the loss after eight steps.

# %%
z20 = None              # z = w x + b after the first step at lr = 20: a number
lr20_loss = None        # the loss after eight steps at lr = 20: a number (three decimals)

check.learning_rates(z20, lr20_loss)

# %% [markdown]
# **Your turn:** write `step(w, b, lr)`: one such step at the $x$ and $t$ above, with
# gradients from your `neuron`; return `(w, b)`. Then `train(lr, steps)`: from $w = 0.5$,
# $b = 1$, take `steps` steps with your `step`; return the loss at the start and after each.
# With it, find `lr8_rise`. Once all is right, the check runs the three rates, prints $y$ under
# each loss and plots the losses.

# %%
def step(w, b, lr):
    raise NotImplementedError("YOUR CODE")


def train(lr, steps=8):
    raise NotImplementedError("YOUR CODE")


# %%
check.gradient_step(step)

# %%
lr8_rise = None         # the first step at which train(8.0) raises the loss: a step number

check.training_loop(train, z20, lr20_loss, lr8_rise)

# %% [markdown]
# ## Summary
#
# - The four nodes' product simplifies to $dy/dx = y(1 - y)$: the backward needs only the
#   kept output.
# - $y(1 - y)$ peaks at $x = 0$, almost vanishes a few units away (saturation), and
#   multiplies once per sigmoid in a row.
# - Central differences check a backward pass and find a wrong one. Your loop trains a neuron:
#   lr = 2 converges, lr = 8 overshoots and oscillates, lr = 20 saturates in one step and stalls.

# %% [markdown]
# ## Exercises
#
# Worked answers: [06_sigmoid_solutions](../notebooks/solutions/06_sigmoid_solutions.ipynb).
#
# ### Exercise 1: tanh from the sigmoid
#
# $\tanh(x) = 2\,\sigma(2x) - 1$ is a stretched, shifted sigmoid. Derive its slope from this
# identity, the chain rule and $\sigma' = \sigma(1 - \sigma)$:
#
# 1. `tanh_slope(s)`: $\partial y/\partial x$ where $\sigma(2x) = s$.
# 2. `Tanh`: `forward` uses `np.tanh` and keeps only its output $y$; `backward` needs nothing
#    else (solve the identity for $\sigma(2x)$; the check refuses a layer that keeps $x$).

# %%
def tanh_slope(s):
    raise NotImplementedError("YOUR CODE")


class Tanh:
    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.tanh_slope(tanh_slope)

# %%
check.tanh(Tanh)

# %% [markdown]
# ### Exercise 2: a weight between the sigmoids
#
# Put a weight $w$ before each sigmoid of `my_k3_grad`'s stack: $y_0 = x$,
# $y_i = \sigma(w\,y_{i-1})$.
#
# 1. **Measure.** Write `stack_gradient(x, k, w)`: run `x` forward through the `k` units
#    (`w * h`, then a fresh `Sigmoid`), backward from `dout = 1.0`; return $dy_k/dx$.
# 2. **Derive.** `gradient_bound(k, w)`: the bound on $|dy_k/dx|$, for **every** $x$, that
#    uses $\sigma' \le \tfrac14$ once per unit. The check tries unseen $k$ and $w$.

# %%
def stack_gradient(x, k, w):
    raise NotImplementedError("YOUR CODE")


def gradient_bound(k, w):
    raise NotImplementedError("YOUR CODE")


# %%
check.sigmoid_stack(stack_gradient, gradient_bound)
