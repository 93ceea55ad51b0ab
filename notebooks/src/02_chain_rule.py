# %% [markdown]
# # 2. The chain rule

# %% [markdown]
# > **Book:** section 5.2. **You need:** chapter 1 (a graph's forward pass, the central
# > difference). **Goal:** you will
# >
# > - learn the chain rule and see that a backward pass applies it one node at a time
# >   (upstream gradient times local derivative), checked against a numerical slope;
# > - derive and write in the exercises two nodes of your own.

# %%
import layers
from layers import AddLayer, SquareLayer
from teaching.checks import ch02 as check

# %% [markdown]
# ## The chain rule
#
# A **composite function** is a function of a function. Take
#
# $$z = t^2, \qquad t = x + y .$$
#
# $z$ depends on $x$ only through $t$. The chain rule says that the derivative through
# such a chain is the product of the derivatives of its links, each worked out on its own:
#
# $$\frac{\partial z}{\partial x} = \frac{\partial z}{\partial t}\,\frac{\partial t}{\partial x}
# = 2t \cdot 1 = 2(x + y),$$
#
# and likewise $\partial z/\partial y = 2(x + y)$.

# %% [markdown]
# ## The chain rule on a graph
#
# As a graph, $z = (x+y)^2$ is an add node, then the edge carrying $t$, then a square node
# making $z$; here with its forward values at $x = 1,\ y = 2$ (the next cell runs it forward
# and backward):
#
# ![The graph of z = (x + y) squared at x = 1, y = 2, forward values](../images/chain_rule.svg)
#
# A backward pass builds the chain-rule product one factor per node, right to left:
#
# - it starts at the output with $\partial z/\partial z = 1$;
# - each node multiplies the gradient arriving from its right, the **upstream** gradient, by
#   its own **local derivative** and sends the product to its inputs, so the factors pile up
#   into the chain-rule product above;
# - a node needs only the upstream gradient and what its forward kept (a node sees only its
#   own inputs, as in chapter 1);
# - each upstream gradient is computed once and reused by all behind it ($2t$ serves $x$ and
#   $y$), so one pass gives every input's gradient: chapter 3 counts what this saves.
#
# In code, `AddLayer` and `SquareLayer` from [`layers.py`](../layers.py) are these nodes;
# stripped of input checks and shape bookkeeping they read as below; the next cell runs them.
#
# ```python
# class SquareLayer:
#     def forward(self, x):
#         self.x = x                 # kept: backward needs it for 2x
#         return x ** 2
#
#     def backward(self, dout):
#         return dout * 2 * self.x   # upstream times the local derivative 2x
#
# class AddLayer:
#     def forward(self, x, y):
#         return x + y               # both local derivatives are 1: no value needed later
#
#     def backward(self, dout):
#         return dout * 1, dout * 1  # (dx, dy): upstream times 1, once per input
# ```

# %%
x, y = 1.0, 2.0

add, square = AddLayer(), SquareLayer()

t = add.forward(x, y)      # t = x + y
z = square.forward(t)      # z = t**2

dz = 1.0                   # dz/dz: 1 when z is the final output
dt = square.backward(dz)   # dz * 2t
dx, dy = add.backward(dt)  # dt * 1 each: one dt serves both

print(f"forward:  t = {t:.4g}, z = {z:.4g}")
print(f"backward: dz/dt = {dt:.4g}, dz/dx = {dx:.4g}, dz/dy = {dy:.4g}")

# %% [markdown]
# The same graph with the pass drawn on it: each gradient in red below its edge.
#
# ![The graph of z = (x + y) squared at x = 1, y = 2, with its gradients 1, 6, 6, 6](../images/chain_rule_backward.svg)

# %% [markdown]
# ## Checking against a numerical slope
#
# - Chapter 1's central difference, $\big(f(x + h) - f(x - h)\big)/2h$, needs no derivative
#   formula, so it cannot share a wrong one: it is the standard test of a backward pass.
#   `layers.numerical_gradient(f, x)` computes it with the step $h = 10^{-4}$.
# - Here $f$ is $z$ along $x$, with $y$ held fixed, at three points; each row also measures a
#   wrong formula, $2x$ ($y$ forgotten), the same way.
# - The **gap** is relative, `layers.relative_error`: $|a - b|/(|a| + |b|)$, so the gradient's
#   size does not matter. With $h = 10^{-4}$ the central difference errs by about
#   $h^2 = 10^{-8}$ (times a ratio of derivatives) plus rounding: a gap of $10^{-7}$ or less
#   is a pass, $10^{-2}$ or more a bug.

# %%
for x_at, y_at in [(x, y), (-1.5, 4.0), (3.0, 0.0)]:
    add, square = AddLayer(), SquareLayer()
    square.forward(add.forward(x_at, y_at))
    dx_at, _ = add.backward(square.backward(1.0))
    slope = layers.numerical_gradient(
        lambda v: SquareLayer().forward(AddLayer().forward(v, y_at)), x_at)
    print(f"x = {x_at:4}, y = {y_at:3}: gap of backward "
          f"{layers.relative_error(slope, dx_at):.1e}, "
          f"gap of 2x {layers.relative_error(slope, 2 * x_at):.1e}")

# %% [markdown]
# On the last row the wrong $2x$ passes too: at $y = 0$, $2(x + y)$ *is* $2x$. So check at
# several ordinary points, never at one special one. The backward pass's gap is near
# $10^{-12}$: for a parabola the central difference is exact, up to rounding.

# %% [markdown]
# ## When z is not the end
#
# In learning, $z$ feeds a loss $L$, and the backward pass starts from $\partial L/\partial z$
# instead of 1: the square node sends $\partial L/\partial z \cdot 2t$; nothing else changes.
# Take a squared error against a target of 3, $L = (z - 3)^2$, at $x = 2,\ y = -0.5$. Work
# out on paper the upstream gradient $\partial L/\partial z$ that the pass now starts from,
# and then what $x$ receives, $\partial L/\partial x$. Once the check says **Right**, it runs
# the layers from $\partial L/\partial z$ and measures the numerical slope of $L$.

# %%
my_dx = None   # YOUR CODE HERE: dL/dx for L = (z - 3)**2 at x = 2, y = -0.5

check.upstream_dx(my_dx)

# %% [markdown]
# ## Try it: the slope is the chain-rule product
#
# In $z = (x+y)^2$ the inner link $\partial t/\partial x$ is always 1. The explorer squares a
# **product**, $z = t^2$ with $t = x \cdot y$, where it is not. It plots $z$ along $x$ (green)
# and a red tangent whose slope is the backward pass (square node, then multiply node: right
# to left), not measured from the curve. For $t = xy$, $\partial t/\partial x = y$: the
# multiply node's backward sends $\mathrm{dout} \cdot y$ to $x$ (chapter 3 builds it).
#
# **Predict** on paper $\partial z/\partial x$ at $(x, y) = (1, 2)$ and $(1, -2)$, and
# **every** point where forgetting $\partial t/\partial x$ does no harm: they lie on lines
# $x = c$ and $y = c$; list the values $c$. Once the check says **Right** the explorer
# appears: move $x$ and $y$ and watch its readout (both factors, their product, the numerical
# slope), then tick **forget dt/dx** (the slope $\partial z/\partial t$ alone): the red line
# cuts the curve except on your lines.

# %%
predicted = {
    "at (1, 2)": None,    # YOUR CODE HERE: dz/dx at x = 1, y = 2
    "at (1, -2)": None,   # YOUR CODE HERE: dz/dx at x = 1, y = -2
}
harmless_lines = {"x =": None, "y =": None}   # YOUR CODE HERE: a list of c for each: [...]

check.chain_slopes(predicted, harmless_lines)

# %% [markdown]
# ## Summary
#
# - **One node sends back the upstream gradient times its local derivative**; chained right
#   to left from $\partial L/\partial z$ (1 when $z$ is the end), these products are the
#   chain rule, and one pass gives every input's gradient.
# - Every link is a factor, and several may change; dropping one is a wrong formula.
# - The central difference needs no derivative formula, so it checks a backward pass: a tiny
#   relative gap at several points is strong evidence, but a check made only on special
#   lines, like the ones you found, can pass a wrong formula.

# %% [markdown]
# ## Exercises
#
# Both exercises want derivatives by hand: their layer checks refuse any call into `layers.py`.
# Answers: [the solutions notebook](../notebooks/solutions/02_chain_rule_solutions.ipynb).
#
# ### Exercise 1: a node that keeps its output
#
# Write `SqrtLayer`, the node $u = \sqrt{x}$, shaped like `SquareLayer` above but keeping
# its **output**: write $\partial u/\partial x$ in terms of $u$, so that `backward(dout)`
# needs only `dout` and the kept $u$ (the check sets all else it keeps to None first).
# First, on paper: placed after two square nodes and an add node, SqrtLayer outputs
# $z = \sqrt{x^2 + y^2}$; what does $x$ receive at $x = 3,\ y = 4$ when the backward pass
# starts from 1?

# %%
by_hand = None   # YOUR CODE HERE: dz/dx of z = sqrt(x**2 + y**2) at x = 3, y = 4

check.sqrt_by_hand(by_hand)

# %%
class SqrtLayer:
    def forward(self, x):
        # YOUR CODE HERE: keep the output, return the square root of x
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        # YOUR CODE HERE: the upstream gradient times the local derivative, written with u
        raise NotImplementedError("YOUR CODE")


# %%
check.sqrt_layer(SqrtLayer)

# %% [markdown]
# ### Exercise 2: a division node
#
# Write `DivLayer`, the node $t = x / y$: `forward(x, y)` keeps what `backward` needs,
# `backward(dout)` returns `(dx, dy)`. First, on paper, derive both local derivatives: what
# does `backward(2)` return at $x = 3,\ y = 0.5$?

# %%
my_div_grads = None   # YOUR CODE HERE: the pair (dx, dy) at x = 3, y = 0.5, dout = 2

check.div_by_hand(my_div_grads)

# %%
class DivLayer:
    def forward(self, x, y):
        # YOUR CODE HERE: keep what backward needs, return x / y
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        # YOUR CODE HERE: return (dx, dy), dout times each local derivative
        raise NotImplementedError("YOUR CODE")


# %%
check.div_layer(DivLayer)
