# %% [markdown]
# # 3. Backward through add, multiply and max nodes

# %% [markdown]
# > **Goal:** the backward rules of the add node ("copies"), the multiply node ("swaps") and the max node ("routes"); what happens where a value is used twice; why one backward sweep beats listing paths and forward mode; how to check a backward pass against central differences.
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
from teaching.explorer import GraphExplorer
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
# inputs were, so its backward pass needs nothing from the forward pass (with broadcasting
# it needs their shapes: chapter 4). Here the copy is one line, `dx, dy = dout, dout`;
# chapter 4 makes it a layer, `AddLayer`.

# %% [markdown]
# ## The multiply node swaps its inputs
#
# For $z = x y$ the derivative with respect to one input is the **other** input:
#
# $$\frac{\partial z}{\partial x} = y, \qquad \frac{\partial z}{\partial y} = x
# \qquad\Longrightarrow\qquad
# \frac{\partial L}{\partial x} = \text{dout}\cdot y, \qquad \frac{\partial L}{\partial y} = \text{dout}\cdot x .$$
#
# So the gradient for $x$ is scaled by $y$ and the other way round, as if the node swapped
# its inputs on the way back (below: $10 \times 5$ with `dout` = 1.3). Unlike the add node, a
# multiply node needs the **values** of its forward inputs in the backward pass, so its
# `forward` keeps them. Here is the whole layer, in the shape every layer of this series
# has. (`layers.MulLayer` adds input checks, private copies and broadcasting: chapter 4.)

# %%
class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y           # backward will need both
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x     # swap: x gets y, y gets x


dout = 1.3
mul = MulLayer()
z = mul.forward(10, 5)
dx, dy = mul.backward(dout)
print(f"forward:  10 * 5 = {z:.4g}")
print(f"backward: dout = {dout}  ->  dx = {dout} * 5 = {dx:.4g}, dy = {dout} * 10 = {dy:.4g}")

# %% [markdown]
# ## The max node routes the gradient
#
# For $z = \max(x, y)$ the output simply *is* the larger input. Nudge the larger input
# and $z$ moves with it, one for one; nudge the smaller one a little and $z$ does not
# move at all. So the local derivatives are 1 and 0:
#
# $$\frac{\partial z}{\partial x} = \begin{cases} 1 & x > y \\ 0 & x < y \end{cases},
# \qquad
# \frac{\partial z}{\partial y} = \begin{cases} 0 & x > y \\ 1 & x < y \end{cases}.$$
#
# Backward, the max node sends the whole upstream gradient to the input that won the
# forward pass and nothing to the other: it **routes**. (At a tie, $x = y$, max has no
# derivative; code picks one side, and it rarely matters.) The numerical gradient of
# chapter 1 (central differences, one input at a time), which knows nothing of this
# rule, agrees: at $x = 3$, $y = 5$ the slopes of $\max(x, y)$ are

# %%
slopes = layers.numerical_gradient(lambda xy: np.max(xy), np.array([3.0, 5.0]))
print(f"d max/dx = {slopes[0]:.4g}, d max/dy = {slopes[1]:.4g}   (at x = 3, y = 5)")
assert np.allclose(slopes, [0.0, 1.0], atol=1e-9)

# %% [markdown]
# Chapter 5's ReLU is $\max(0, x)$, a max node with one input fixed at 0: where $x > 0$
# the gradient passes unchanged, where $x < 0$ it is blocked. Exercise 2 writes `MaxLayer`.

# %% [markdown]
# ## Backward through apples and oranges
#
# Chapter 1 found this graph's five gradients by nudging each input; one backward sweep
# gives all five, and a gradient on every inner edge. Start at the right with
# $\partial\,\text{price}/\partial\,\text{price} = 1$ and walk back: multiply swaps, add
# copies. **Predict first**, for a changed shop (**4** oranges, tax factor **1.25**): what
# reaches `tax`, `orange_price` and `orange_num`? Write them in `my_guess` and check; the
# cell after runs the sweep with this chapter's `MulLayer`, calling `backward` in the
# reverse order of `forward` (each needs the gradient of the node after it), and draws
# every gradient.

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

dprice = 1.0
dall_price, dtax = mul_tax.backward(dprice)
dapple_price, dorange_price = dall_price, dall_price    # the add node copies
dapple, dapple_num = mul_apple.backward(dapple_price)
dorange, dorange_num = mul_orange.backward(dorange_price)

drawn.backward()                            # the drawn graph's own sweep agrees
assert np.allclose([drawn.grads[n] for n in ("apple", "apple_num", "orange", "orange_num", "tax",
                                             "orange_price", "all_price")],
                   [dapple, dapple_num, dorange, dorange_num, dtax, dorange_price, dall_price])
reveal(my_guess, lambda: SVG(to_svg(drawn)), name="my_guess")

# %% [markdown]
# ## Try it: which gradients does one input reach?
#
# The explorer below runs this graph on the real layers at the book's shop (3 oranges, tax
# 1.1); sliders set the inputs, **Step** runs the backward pass one node at a time, **Run
# all** the whole pass. **Predict first**: which input gradients change if you change the
# price of one orange (the input `orange`)? Write them in `my_changed` and check; then
# press **Run all** and move the `orange` slider: the red numbers that change turn bold.

# %%
my_changed = None   # the input gradients that change, as a set such as {"apple"}
check.orange_price_changes(my_changed)

# %%
GraphExplorer(examples.apples_oranges_graph(), mark_grad_changes=True)   # bold: changed

# %% [markdown]
# ## One value, two edges
#
# What if a value goes to two nodes? The simplest case is $z = x \cdot x$: one multiply
# node whose two inputs are the *same* $x$. The graph forks (a *fan-out*): $x$ leaves
# along two edges and reaches $L$ along each, so a small change of $x$ moves $L$ along both
# at once, and the effects add up. Below, $x = 3$ and the gradient arriving at $z$ is
# $\text{dout} = 2$ (as if the graph went on with $L = 2z$); central differences, which know
# nothing of edges, agree with the sum:

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
print(f"the edges bring back {dx_left:.4g} and {dx_right:.4g}: dx = {dx:.4g}; "
      f"central differences: {numeric:.4g}")
assert np.isclose(dx, numeric)
fan.backward()
SVG(to_svg(fan))

# %% [markdown]
# This is the chain rule for several variables:
#
# > **At a fork, gradients add.** The gradient of $x$ is the sum, over the edges leaving
# > $x$, of the gradient each edge brings back (its node's upstream gradient times that
# > edge's local derivative). When $x$ feeds two nodes with outputs $u$ and $v$ this reads
# > $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial u}\frac{\partial u}{\partial x} + \frac{\partial L}{\partial v}\frac{\partial v}{\partial x}.$$
#
# In code: at a fork, start at 0 and accumulate with `+=`. In the figures a small dot
# marks the **fork**; the line before it carries the sum.
#
# ### Debug it: a sweep with a fork
#
# Here is a sweep of $f = s \cdot x$ with $s = x + y$ (so $x$ feeds an add node and a
# multiply node), written as a function of $x$ and $y$ that returns `dx` and `dy`. One
# line is wrong: it runs without an error and gives a wrong gradient.

# %%
def sweep(x, y):
    mul_f = MulLayer()
    s = x + y                       # the add node
    mul_f.forward(s, x)             # f = s * x
    ds, dx = mul_f.backward(1.0)
    dx, dy = ds, ds                 # the add node copies
    return dx, dy

# %% [markdown]
# At $x = 3$, $y = 2$, work out what `dx` should be (follow every path of $x$), and find
# the wrong line; write both (the line copied, in quotes) in `my_sweep` and check. Then
# fix the line, run its cell again, and compare with central differences below.

# %%
my_sweep = {"dx should be": None, "wrong line": None}    # YOUR ANSWER: a number, a line
check.buggy_sweep(my_sweep)

# %%
answers.sweep_against_numeric(my_sweep, sweep)    # your sweep against central differences

# %% [markdown]
# ## Why one backward sweep is cheap
#
# A gradient is a sum over paths of products of local derivatives. Three ways compute it:
# **listing paths**, each path multiplied out on its own; **forward mode**, one pass per
# input carrying each value's derivative with respect to that input from left to right;
# the **backward sweep**, computing each upstream gradient once and reusing it for all
# behind it (**reverse accumulation**). We count **multiplications** of a local derivative
# by what a method carries, on edges into × nodes (an edge into + only copies). One
# forward-mode pass on the book's shop, for the input `orange`:

# %%
shop = examples.apples_oranges_graph()      # 2 apples at 100, 3 oranges at 150, tax 1.1
paths.print_forward_pass(shop, "orange")

# %% [markdown]
# The pass multiplies on every edge into a × node, even where what it carries is 0. Each
# method's tally on this shop, with how many of its multiplications use the tax node's local
# derivative 1.1 (edge `all_price` → `price`):

# %%
paths.print_tallies(shop, edge=("all_price", "price"))

# %% [markdown]
# Listing paths multiplies by 1.1 once for every path through that edge and forward mode
# once per pass; the sweep does it once and reuses the product for the four inputs behind
# it. Counted in multiplications, the sweep does two for each one of the forward pass (one
# per edge into a × node), so forward pass plus sweep is worth three forward passes, for
# all five gradients; one forward-mode pass costs as much for a single gradient.
#
# ## A chain of diamonds
#
# Chain $k$ "diamonds": each one forks its input $x_{i-1}$ into two multiply nodes (with
# their own inputs $p_i$ and $q_i$) and adds the results,
# $x_i = p_i\,x_{i-1} + x_{i-1}\,q_i$. Here are two diamonds ($k = 2$; the first alone is
# $k = 1$) at $x = 2$, drawn from the real layers with their values:

# %%
diamond = paths.diamond_chain(2)
diamond.forward(x=2.0)
SVG(to_svg(diamond, grads=False))

# %% [markdown]
# **Predict first** three counts at $k = 1$ and $k = 2$, and how each grows with $k$
# (`"linear"`, `"quadratic"` or `"exponential"`): `paths from x`, the paths from $x$ to
# the output; `backward sweep`, the multiplications of one sweep (counted as on the shop);
# `forward mode`, those of one pass per input ($x$, each $p_i$ and each $q_i$).

# %%
my_counts = {          # YOUR PREDICTION for each: (count at k = 1, count at k = 2, growth)
    "paths from x": None,
    "backward sweep": None,
    "forward mode": None,
}
check.diamond_counts(my_counts)

# %%
answers.diamond_table(my_counts)    # once you predicted: the counts, measured for k = 1 to 10

# %% [markdown]
# Forward mode suits few inputs and many outputs: one pass per input gives every output's
# derivative. A network has many weights and one loss, where only the sweep stays cheap;
# chapter 8's 64-50-10 network has $W_1$ (64 × 50), $b_1$ (50), $W_2$ (50 × 10), $b_2$ (10):

# %%
n_weights = 64 * 50 + 50 + 50 * 10 + 10
print(f"{n_weights:,} weights and biases, one loss: forward mode makes {n_weights:,} passes, "
      f"the numerical gradient (chapter 1) {2 * n_weights:,} forward passes, the sweep one "
      "backward pass")

# %% [markdown]
# ## Gradient checking
#
# Comparing a backward pass with central differences, as the debug sweep did, is
# *gradient checking*: `layers.gradient_check` makes one number of a layer's output,
# $L = \sum \text{out}\cdot\text{dout}$ with a random `dout` (so `backward` gets `dout`), and
# returns the worst relative error $\lVert g - n\rVert / (\lVert g\rVert + \lVert n\rVert)$
# over the layer's inputs of a backward gradient $g$ against central differences $n$: below
# $10^{-7}$ in float64 when they agree. Ours passes:

# %%
a, b = np.random.default_rng(0).standard_normal((2, 3, 4))
error = layers.gradient_check(MulLayer(), a, b)
print(f"MulLayer: largest relative error {error:.1e} on random (3, 4) arrays a, b")
assert error < 1e-7

# %% [markdown]
# Below is a multiply that forgets to swap. **Predict first**: does it pass the gradient
# check (relative error below $10^{-7}$) on the random `a`, `b` above? And when `a` and `b`
# hold the same numbers? Write `True` (passes) or `False` (fails) in `my_noswap`.

# %%
class NoSwapMulLayer(MulLayer):
    def backward(self, dout):
        return dout * self.x, dout * self.y     # the bug: x gets its own value back


my_noswap = {"random a, b": None, "a equal to b": None}    # YOUR PREDICTION: True or False
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
# - Where a value is used more than once, its gradient is the sum of what each edge
#   leaving it brings back, so a sum over its paths (the multivariable chain rule): in
#   code, start at 0 and `+=` each edge's share; a plain `=` keeps only the last edge.
# - One backward sweep computes each gradient once, reuses it for everything behind it
#   and crosses each edge once: counted in multiplications, forward pass plus sweep is
#   worth three forward passes. Listing paths grows with the paths, forward mode with the
#   inputs.
# - Gradient checking compares a backward pass with central differences; check at random
#   points, not special ones: with `a` equal to `b` a multiply that forgets to swap passes.

# %% [markdown]
# ## Exercises
#
# Fill in what is marked `YOUR CODE`, then run the check below it (**Right**, **Not yet**
# with a hint, or **Not attempted yet** while the cell is untouched). Worked answers: [solutions](../notebooks/solutions/03_add_mul_backward_solutions.ipynb).
#
# ### Exercise 1: oranges taxed twice
#
# Another shop's oranges pay the tax factor twice, at the border and at the till:
# $\text{price} = (\text{apple}\cdot\text{apple\_num} +
# \text{orange}\cdot\text{orange\_num}\cdot\text{tax})\cdot\text{tax}$, so `tax` is
# used twice: by the orange tax node (its output is `orange_taxed`) and by the last tax
# node (`all_price` × `tax`). Its graph, at 4 apples at 90 yen, 5 oranges at 60 yen and a
# tax factor of 1.08:

# %%
SVG(to_svg(check.exercise_shop(), grads=False))

# %% [markdown]
# Derive $\partial\,\text{price}/\partial\,\text{tax}$ for *any* shop, without running
# code: follow each path of `tax` back from $\partial\,\text{price}/\partial\,\text{price}
# = 1$. Write what each path brings back as a function of the five inputs (the check tries
# them on several shops); the fork adds the two.

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
#
# On arrays an `if` decides once for the whole array. Two NumPy tools work element by
# element: `np.maximum(x, y)`, the larger of each pair, and `np.where(condition, a, b)`,
# which takes `a` where `condition` holds and `b` elsewhere:

# %%
v = np.array([2.0, -1.0, 0.5])
print(np.maximum(v, 0.0), np.where(v > 0, 10.0, -10.0))

# %%
class MaxLayer:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.max_layer(MaxLayer)
