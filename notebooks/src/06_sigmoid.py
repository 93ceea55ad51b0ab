# %% [markdown]
# # 6. The sigmoid layer
#
# Book: section 5.5.2 (the sigmoid layer).
#
# **What you will learn**
#
# - how the sigmoid breaks into four simple nodes: $\times(-1)$, $\exp$, $+1$ and $/$;
# - the backward pass through those four nodes, one step at a time, each local
#   derivative checked against a numerical one;
# - why the whole result simplifies to $\text{dout}\cdot y(1 - y)$, so one grouped node
#   can replace the four;
# - why the sigmoid's gradient is never larger than 0.25, and what saturation means.

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
# Forward values are **green** above each edge, gradients **red** below it.
#
# ![The sigmoid graph: x, times -1, exp, +1, divide, y](../images/sigmoid_graph.svg)
#
# > **Editing `layers.py`?** Restart the kernel after changing it, or run
# > `%load_ext autoreload` and `%autoreload 2` first: Python imports a module only once.
#
# Each node is a layer in `layers.py`: `MulLayer` (multiply by the constant $-1$),
# `ExpLayer`, `AddLayer` (add the constant 1) and `ReciprocalLayer` (the "/" node,
# $1/c$). We follow one input, $x = 1$, all the way through (the figures use the same $x$).

# %%
import numpy as np

import layers
from layers import AddLayer, ExpLayer, MulLayer, ReciprocalLayer, Sigmoid

x = 1.0
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
show_step("step 1  /   ", -y**2, layers.numerical_gradient(lambda t: 1 / t, c))
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
show_step("step 2  +1  ", 1.0, layers.numerical_gradient(lambda t: t + 1, b))
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
show_step("step 3  exp ", np.exp(-x), layers.numerical_gradient(np.exp, a))
print(f"da = {da:.6f}")

# %% [markdown]
# ### Step 4: the $\times(-1)$ node
#
# A multiply node passes `dout` times the *other* input, here the constant $-1$.
#
# ![Step 4: the times -1 node](../images/sigmoid_step_4.svg)

# %%
dx, _ = neg.backward(da)
show_step("step 4  x-1 ", -1.0, layers.numerical_gradient(lambda t: -t, x))
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
sigmoid = Sigmoid()
y_fused = sigmoid.forward(x)
dx_fused = sigmoid.backward(dout)
print(f"four nodes : y = {y:.6f}, dx = {dx:.6f}")
print(f"one node   : y = {y_fused:.6f}, dx = {dx_fused:.6f}")
print(f"y(1 - y)   = {y * (1 - y):.6f}")

# %% [markdown]
# `layers.Sigmoid` also computes $y$ in a way that never overflows. The formula
# $1/(1 + \exp(-x))$ evaluates $\exp(1000)$ for $x = -1000$, which is too big for a float.
# numpy still gets $y = 0$ right, but prints an overflow warning.
# `layers.Sigmoid` only ever calls $\exp$ on $-|x|$, which is never positive:

# %%
with np.errstate(over="raise"):          # turn numpy's overflow warning into an error we can catch
    try:
        1 / (1 + np.exp(-np.array([-1000.0])))
    except FloatingPointError as error:
        print("plain formula:", error)
print("layers.Sigmoid:", Sigmoid().forward(np.array([-1000.0, 0.0, 1000.0])).tolist())

# %% [markdown]
# ## Saturation: the gradient is at most 0.25
#
# $y(1 - y)$ is a product of two numbers between 0 and 1 whose sum is 1. Such a product
# is largest when both are $\tfrac12$, that is at $x = 0$, where it equals
# $\tfrac12\cdot\tfrac12 = 0.25$. Far from 0, $y$ is close to 0 or to 1 and the gradient
# almost vanishes. The sigmoid is *saturated* there: changing $x$ barely changes $y$,
# so almost no gradient gets back to $x$.

# %%
for x_i in [0.0, 1.0, 2.0, 5.0, 10.0]:
    s = Sigmoid()
    y_i = s.forward(x_i)
    print(f"x = {x_i:4.1f}:  y = {y_i:.5f},  dy/dx = {s.backward(1.0):.5f}")

# %% [markdown]
# Each sigmoid a gradient passes through multiplies it by at most 0.25. After ten of
# them in a row, at most $0.25^{10} \approx 10^{-6}$ is left. This is one reason deep
# networks moved to ReLU (notebook 5).
#
# ![Sigmoid (left) and its gradient (right), never above 0.25](../images/sigmoid_plot.svg)
#
# ### Check
#
# For several inputs, scalars and an array: the four-node graph and the grouped node give
# the same $y$ and the same gradient, both agree with a numerical gradient, the gradient
# equals $y(1 - y)$ times `dout`, and it never exceeds 0.25.

# %%
def sigmoid_four_nodes(x, dout):
    neg, exp, plus, recip = MulLayer(), ExpLayer(), AddLayer(), ReciprocalLayer()
    y = recip.forward(plus.forward(exp.forward(neg.forward(x, -1.0)), 1.0))
    db, _ = plus.backward(recip.backward(dout))
    dx, _ = neg.backward(exp.backward(db))
    return y, dx


for x_i in [-4.0, -1.0, 0.0, 0.5, 3.0]:
    for dout_i in [1.0, -2.5]:
        y4, dx4 = sigmoid_four_nodes(x_i, dout_i)
        s = Sigmoid()
        y1, dx1 = s.forward(x_i), s.backward(dout_i)
        numeric = dout_i * layers.numerical_gradient(lambda t: 1 / (1 + np.exp(-t)), x_i)
        assert abs(y4 - y1) < 1e-12 and abs(dx4 - dx1) < 1e-12
        assert abs(dx1 - dout_i * y1 * (1 - y1)) < 1e-12
        assert abs(dx1 - numeric) < 1e-8

s = Sigmoid()
s.forward(0.0)
assert s.backward(1.0) == 0.25                     # the maximum, at x = 0
grid = np.linspace(-10, 10, 2001)                  # an array: every point at once
y_grid = s.forward(grid)
dx_grid = s.backward(np.ones_like(grid))
y4_grid, dx4_grid = sigmoid_four_nodes(grid, np.ones_like(grid))
assert np.allclose(y4_grid, y_grid, rtol=1e-12, atol=1e-15)
assert np.allclose(dx4_grid, dx_grid, rtol=1e-9, atol=1e-15)
assert dx_grid.max() <= 0.25
assert layers.gradient_check(Sigmoid(), np.random.default_rng(0).normal(0, 3, (4, 5))) < 1e-7
print("Check passed: four nodes = one node = numerical; gradient = dout * y(1 - y) <= 0.25.")

# %% [markdown]
# ## Try it
#
# **The sigmoid and its gradient.** Move `x` and watch the point on both plots. The
# gradient peaks at 0.25 at $x = 0$ and is almost flat beyond $|x| \approx 5$: that
# is saturation. The readout compares the gradient from the four-node graph with the
# fused formula $y(1 - y)$.

# %%
from teaching import plots

plots.SigmoidExplorer(x=1.0)

# %% [markdown]
# **The backward pass, one step at a time.** The graph below is the four-node sigmoid.
# Set `x` with the slider and press **Step** four times: each press runs one node's
# `backward`, right to left, and fills in its red gradient. At the end, compare the
# gradient at $x$ with $y(1-y)$ from the readout above.

# %%
from teaching import examples
from teaching.explorer import GraphExplorer

GraphExplorer(examples.sigmoid_graph())

# %% [markdown]
# ## Summary
#
# - The sigmoid is four simple nodes; their local derivatives are $-1$, $\exp(-x)$, $1$
#   and $-y^2$.
# - Multiplied together and simplified, the backward pass is
#   $\text{dout}\cdot y(1 - y)$: it needs only the forward output $y$.
# - So one grouped node replaces four: `layers.Sigmoid` stores $y$ and nothing else.
# - The gradient is at most 0.25 (at $x = 0$) and almost 0 for large $|x|$: a saturated
#   sigmoid lets almost no gradient through.

# %% [markdown]
# ## Exercises
#
# Each exercise has a code cell with `# YOUR CODE HERE`, then a check cell that shows
# **Right** or **Not yet** with a hint. Worked answers:
# `notebooks/solutions/06_sigmoid_solutions.ipynb`.
#
# ### Exercise 1: the sigmoid's backward pass
#
# `forward` is given; it stores the output in `self.out`. Write `backward(dout)` using
# only `self.out`. Do not change `dout`.

# %%
class MySigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        # YOUR CODE HERE
        return None


# %%
from teaching.checks import ch06 as check

check.sigmoid_backward(MySigmoid)


# %% [markdown]
# ### Exercise 2: a tanh layer
#
# $y = \tanh(x)$ has the derivative $1 - \tanh^2(x)$. Like the sigmoid, that can be
# written with the output alone. Write `Tanh` with `forward` (use `np.tanh`) and a
# `backward` that needs only the stored output.

# %%
class Tanh:
    def forward(self, x):
        # YOUR CODE HERE
        return None

    def backward(self, dout):
        # YOUR CODE HERE
        return None


# %%
check.tanh(Tanh)


# %% [markdown]
# ### Exercise 3: the four nodes, in the right order
#
# Write `sigmoid_by_steps(x, dout)` without using `layers.Sigmoid`: make the four
# layers (`MulLayer`, `ExpLayer`, `AddLayer`, `ReciprocalLayer`), run them forward, then
# call their `backward` methods in the reverse order. Return `(y, dx)`. The check compares
# with $\text{dout}\cdot y(1-y)$ for several $x$ and `dout`.

# %%
def sigmoid_by_steps(x, dout):
    # YOUR CODE HERE
    return None, None


# %%
check.sigmoid_steps(sigmoid_by_steps)
