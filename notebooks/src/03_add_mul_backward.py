# %% [markdown]
# # 3. Backward through add, multiply and max nodes

# %% [markdown]
# > **Goal:** the backward rules of the add node ("copies"), the multiply node ("swaps") and the max node ("routes"); what happens where a value is used twice; why one backward sweep, which computes each gradient once and reuses it, beats listing paths and forward mode (counted as a graph grows); how to check a backward pass against central differences.
# >
# > **Book:** 5.3 and the `MulLayer` of 5.4.1; the max node and the fork rule follow the CS231n backprop notes. **You need:** chapters 1 and 2.
# >
# > **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below.

# %%
import numpy as np
from IPython.display import SVG, display

import layers
from teaching import ch03_answers as answers, examples, paths
from teaching.checks import ch03 as check
from teaching.drawing import to_svg
from teaching.reveal import reveal

# %% [markdown]
# ## The add node passes the gradient on
#
# As in chapter 2, a node multiplies the upstream gradient `dout` $= \partial L/\partial z$
# by its local derivative for each input ($L$: the price here, the loss in a network), so a
# new kind of node needs only its local derivatives. For $z = x + y$ both local derivatives are 1:
#
# $$\frac{\partial z}{\partial x} = 1, \qquad \frac{\partial z}{\partial y} = 1
# \qquad\Longrightarrow\qquad
# \frac{\partial L}{\partial x} = \text{dout}\cdot 1, \qquad \frac{\partial L}{\partial y} = \text{dout}\cdot 1 .$$
#
# The add node copies `dout` to each input. Its local derivatives are 1 whatever the
# inputs were, so its backward pass needs nothing from the forward pass: one line,
# `dx, dy = dout, dout` (chapter 4 makes it `AddLayer`, with broadcasting).

# %% [markdown]
# ## The multiply node swaps its inputs
#
# For $z = x y$ the derivative with respect to one input is the **other** input:
#
# $$\frac{\partial z}{\partial x} = y, \qquad \frac{\partial z}{\partial y} = x
# \qquad\Longrightarrow\qquad
# \frac{\partial L}{\partial x} = \text{dout}\cdot y, \qquad \frac{\partial L}{\partial y} = \text{dout}\cdot x .$$
#
# as if the node swapped its inputs on the way back. So a multiply node needs the
# **values** of its forward inputs in the backward pass, and its `forward` keeps them.
# The whole layer, in the shape of every layer of this series (`layers.MulLayer` adds
# input checks, private copies and broadcasting: chapter 4):

# %%
class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y           # backward will need both
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x     # swap: x gets y, y gets x


mul = MulLayer()
print(mul.forward(10, 5), mul.backward(1.3))    # 10 x 5; x gets 1.3 x 5, y gets 1.3 x 10

# %% [markdown]
# ## The max node routes the gradient
#
# For $z = \max(x, y)$ the output *is* the larger input. Nudge the larger input and $z$
# moves with it, one for one; nudge the smaller one a little and $z$ does not move:
#
# $$\frac{\partial z}{\partial x} = \begin{cases} 1 & x > y \\ 0 & x < y \end{cases},
# \qquad
# \frac{\partial z}{\partial y} = \begin{cases} 0 & x > y \\ 1 & x < y \end{cases}.$$
#
# Backward, the max node sends the whole upstream gradient to the input that won the
# forward pass and nothing to the other: it **routes**. (At a tie, $x = y$, max has no
# derivative; code picks one side.) Chapter 5's ReLU is $\max(0, x)$, a max node with
# one input fixed at 0. Exercise 2 writes `MaxLayer`.

# %% [markdown]
# ## Backward through apples and oranges
#
# Chapter 1 found this graph's five gradients by nudging each input; one backward sweep
# gives all five. Start at the right with $\partial\,\text{price}/\partial\,\text{price}
# = 1$ and walk back: multiply swaps, add copies. **Predict first**, for a changed shop
# (**4** oranges, tax factor **1.25**): what reaches `tax`, `orange_price` and
# `orange_num`? The cell after runs the sweep with `MulLayer`, calling `backward` in the
# reverse order of `forward` (each needs the gradient of the node after it).

# %%
drawn = examples.apples_oranges_graph(named=("orange_price", "all_price"))
drawn.forward(apple=100, apple_num=2, orange=150, orange_num=4, tax=1.25)
display(SVG(to_svg(drawn, grads=False)))
my_guess = {"tax": None, "orange_price": None, "orange_num": None}    # YOUR PREDICTION
check.shop_prediction(my_guess)

# %%
apple, apple_num, orange, orange_num, tax = 100, 2, 150, 4, 1.25
mul_apple, mul_orange, mul_tax = MulLayer(), MulLayer(), MulLayer()

apple_price = mul_apple.forward(apple, apple_num)
orange_price = mul_orange.forward(orange, orange_num)
all_price = apple_price + orange_price                  # the add node
price = mul_tax.forward(all_price, tax)

dall_price, dtax = mul_tax.backward(1.0)                # dprice = 1
dapple_price, dorange_price = dall_price, dall_price    # the add node copies
dapple, dapple_num = mul_apple.backward(dapple_price)
dorange, dorange_num = mul_orange.backward(dorange_price)

drawn.backward()                            # the drawn graph's own sweep agrees
assert np.allclose([drawn.grads[n] for n in ("apple", "apple_num", "orange", "orange_num", "tax")],
                   [dapple, dapple_num, dorange, dorange_num, dtax])
reveal(my_guess, lambda: SVG(to_svg(drawn)), name=None)

# %% [markdown]
# ## One value, two edges
#
# What if a value goes to two nodes? The simplest case is $z = x \cdot x$: one multiply
# node whose two inputs are the *same* $x$. The graph forks (a *fan-out*): $x$ leaves
# along two edges and reaches $L$ along each. Take $x = 3$ and a gradient
# $\text{dout} = 2$ arriving at $z$ (as if the graph went on with $L = 2z$). **Predict
# first**: what is $\partial L/\partial x$? The cell after computes it with `MulLayer`
# and compares with central differences, which know nothing of edges.

# %%
my_dx = None    # YOUR PREDICTION: d L / d x at x = 3, dout = 2
check.fanout_dx(my_dx)

# %%
fan = examples.fanout_graph()            # z = x * x at x = 3, dout = 2 arriving at z
x, dout = fan.values["x"], fan.dout
mul = MulLayer()
z = mul.forward(x, x)                    # both inputs are the same x
dx_left, dx_right = mul.backward(dout)   # one gradient per edge
dx = 0.0                                 # x is used twice: start at 0 ...
dx += dx_left                            # ... and add what each edge brings back
dx += dx_right
numeric = dout * layers.numerical_gradient(lambda v: v * v, x)
assert np.isclose(dx, numeric)
answers.fanout(my_dx, fan, (dx_left, dx_right), numeric)    # once you predicted

# %% [markdown]
# > **At a fork, gradients add** (the chain rule for several variables). The gradient of
# > $x$ is the sum, over the edges leaving $x$, of what each edge brings back (its node's
# > upstream gradient times that edge's local derivative). When $x$ feeds two nodes with
# > outputs $u$ and $v$ this reads
# > $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial u}\frac{\partial u}{\partial x} + \frac{\partial L}{\partial v}\frac{\partial v}{\partial x}.$$
#
# In code: at a fork, start at 0 and accumulate with `+=`. In the figures a small dot
# marks the **fork**; the line before it carries the sum.
#
# ### Debug it: a sweep with a fork
#
# A sweep of $f = s \cdot x$ with $s = x + y$ ($x$ feeds both nodes) that returns `dx`
# and `dy`. One line is wrong: it runs without an error and gives a wrong gradient. At
# $x = 3$, $y = 2$, work out what `dx` should be (follow every path of $x$), and find the
# wrong line; write both (the line copied, in quotes) in `my_sweep` and check. Then fix
# the line, run its cell again, and compare with central differences below.

# %%
def sweep(x, y):
    mul_f = MulLayer()
    s = x + y                       # the add node
    mul_f.forward(s, x)             # f = s * x
    ds, dx = mul_f.backward(1.0)
    dx, dy = ds, ds                 # the add node copies
    return dx, dy


# %%
my_sweep = {"dx should be": None, "wrong line": None}    # YOUR ANSWER: a number, a line
check.buggy_sweep(my_sweep)

# %%
answers.sweep_against_numeric(my_sweep, sweep)    # your sweep against central differences

# %% [markdown]
# ## Why one backward sweep is cheap
#
# A gradient is a sum over paths of products of local derivatives. **Listing paths**
# multiplies each path out on its own; **forward mode** makes one pass per input, carrying
# each value's derivative with respect to that input from left to right. The **backward
# sweep** is the loop below, for any graph of these layers: every gradient starts at 0, the
# nodes are visited in reverse order (so a node's gradient is complete before it is
# passed on), and each edge adds its share with `+=`. Each upstream gradient is computed
# once and reused by everything behind it: **reverse accumulation**. The loop counts its
# multiplications; an edge into a + node only copies (local derivative 1), so it is not
# counted.

# %%
def backward_sweep(graph):
    grad = dict.fromkeys(graph.edges, 0.0)        # every gradient starts at 0 ...
    grad[graph.output] = 1.0
    multiplications = 0
    for node in reversed(graph.nodes):            # right to left: grad[node.output] is complete
        local = node.layer.backward(1.0)          # the node's local derivatives
        for edge, d in zip(node.inputs, local):
            grad[edge] += grad[node.output] * d   # ... and each edge adds its share
            multiplications += node.op == "×"     # an edge into + only copies
    return grad, multiplications


# %% [markdown]
# **Predict first**, reading the loop: a forward pass makes one multiplication per ×
# node. Counted in multiplications, forward pass plus sweep is worth how many forward
# passes (on a graph of two-input × and + nodes)? The cell after runs the loop on the
# book's shop, prints the sweep step by step and counts all three methods.

# %%
my_worth = None    # YOUR PREDICTION: forward pass + sweep = how many forward passes?
check.sweep_worth(my_worth)

# %%
shop = examples.apples_oranges_graph()      # 2 apples at 100, 3 oranges at 150, tax 1.1
shop.forward()
grad, multiplications = backward_sweep(shop)
shop.backward()                             # the graph's own backward pass agrees
assert all(np.isclose(grad[name], shop.grads[name]) for name in shop.inputs)
assert multiplications == paths.by_backward(shop)[1].count == 6
reveal(my_worth, lambda: paths.print_tallies(shop, edge=("all_price", "price")), name=None)

# %% [markdown]
# The printed steps show reverse accumulation: the 1.1 reaching `all_price` is computed
# once and reused by the four inputs behind it; listing paths multiplies by it once per
# path through that edge, forward mode once per pass ("on the edge").
#
# ## A chain of diamonds
#
# Chain $k$ "diamonds": each one forks its input $x_{i-1}$ into two multiply nodes (with
# their own inputs $p_i$ and $q_i$) and adds the results,
# $x_i = p_i\,x_{i-1} + x_{i-1}\,q_i$. Here is one diamond ($k = 1$) at $x = 2$:

# %%
diamond = paths.diamond_chain(1)
diamond.forward(x=2.0)
SVG(to_svg(diamond, grads=False))

# %% [markdown]
# **Predict first** three counts at $k = 1$ and $k = 2$, and how each grows with $k$
# (`"linear"`, `"quadratic"` or `"exponential"`): `paths from x`, the paths from $x$ to
# the output; `backward sweep`, the multiplications of one sweep (counted as above);
# `forward mode`, those of one pass per input ($x$, each $p_i$ and each $q_i$). The
# explorer below the check then measures them, and listing paths, for 1 to 10 diamonds:
# move its slider.

# %%
my_counts = {          # YOUR PREDICTION for each: (count at k = 1, count at k = 2, growth)
    "paths from x": None,
    "backward sweep": None,
    "forward mode": None,
}
check.diamond_counts(my_counts)

# %%
reveal(my_counts, lambda: paths.PathCountExplorer(k=4), name=None)    # once you predicted

# %% [markdown]
# ## Gradient checking
#
# Comparing a backward pass with central differences, as the debug sweep did, is
# *gradient checking*. `layers.gradient_check` sums a layer's output weighted by a random
# `dout`, and returns the worst relative error $\lVert g - n\rVert / (\lVert g\rVert +
# \lVert n\rVert)$ of a backward gradient $g$ against central differences $n$: below
# $10^{-7}$ in float64 when they agree. Ours passes:

# %%
a, b = np.random.default_rng(0).standard_normal((2, 3, 4))
error = layers.gradient_check(MulLayer(), a, b)
print(f"MulLayer: largest relative error {error:.1e} on random (3, 4) arrays a, b")
assert error < 1e-7

# %% [markdown]
# Below is a multiply that forgets to swap. On random arrays the check catches it. Does it
# catch it on special inputs? **Predict first**, for each pair: does the layer pass the
# gradient check (relative error below $10^{-7}$)? Write `True` (passes) or `False` (fails).

# %%
class NoSwapMulLayer(MulLayer):
    def backward(self, dout):
        return dout * self.x, dout * self.y     # x gets its own value back


my_noswap = {                                   # YOUR PREDICTION: True or False for each
    "a equal to b": None,
    "a = -b": None,
    "a = 0, b random": None,
}
check.noswap_prediction(my_noswap)

# %%
answers.noswap_errors(my_noswap, NoSwapMulLayer, a, b)      # once you predicted

# %% [markdown]
# ## Summary
#
# - Add node: both local derivatives are 1, so the upstream gradient goes to both inputs
#   unchanged. Multiply node: each input gets the upstream gradient times the *other*
#   input, so the node must keep its inputs. Max node: the larger input gets the whole
#   upstream gradient, the other 0.
# - At a fork gradients add (the multivariable chain rule): start at 0 and `+=` each
#   edge's share; a plain `=` keeps only the last edge.
# - One backward sweep (gradients start at 0, nodes in reverse order, `+=` on every edge)
#   computes each gradient once and reuses it for everything behind it (the shop's 1.1,
#   four times): on graphs of × and + nodes, counted as here, forward pass plus sweep is
#   worth three forward passes, for every gradient at once. On $k$ diamonds listing
#   paths grows faster than the $2^k$ paths, forward mode like $k^2$ (one pass per
#   input), the sweep like $k$: a network has thousands of weights and one loss.
# - Gradient checking compares a backward pass with central differences; check at random
#   points, not special ones: with `a` equal to `b` a multiply that forgets to swap passes.

# %% [markdown]
# ## Exercises
#
# Fill in what is marked `YOUR CODE`, then run the check below it. Worked answers:
# [solutions](../notebooks/solutions/03_add_mul_backward_solutions.ipynb).
#
# ### Exercise 1: oranges taxed twice
#
# Another shop's oranges pay the tax factor twice, at the border and at the till:
# $\text{price} = (\text{apple}\cdot\text{apple\_num} +
# \text{orange}\cdot\text{orange\_num}\cdot\text{tax})\cdot\text{tax}$, so `tax` feeds the
# orange tax node (output `orange_taxed`) and the last tax node. At 4 apples at 90 yen,
# 5 oranges at 60 yen and tax 1.08:

# %%
SVG(to_svg(check.exercise_shop(), grads=False))

# %% [markdown]
# Derive $\partial\,\text{price}/\partial\,\text{tax}$ for *any* shop, without running
# code: write what each path of `tax` brings back as a function of the five inputs (the
# check tries them on several shops); the fork adds the two.

# %%
d_tax = {   # YOUR CODE HERE: each a lambda apple, apple_num, orange, orange_num, tax: ...
    "through last tax": None,
    "through orange tax": None,
}

# %%
check.tax_used_twice(d_tax)

# %% [markdown]
# ### Exercise 2: the max node as a layer
#
# Write `MaxLayer` in the shape of `MulLayer`: `forward(x, y)` returns the larger of the
# two, element by element on arrays, and keeps what `backward` will need; `backward(dout)`
# returns `(dx, dy)`. Decide first: what must `backward` remember from the forward pass?
# The check tries two pairs of numbers, then runs a gradient check on arrays.

# %%
class MaxLayer:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.max_layer(MaxLayer)
