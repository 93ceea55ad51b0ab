# %% [markdown]
# # 3. Backward through add, multiply and max nodes

# %% [markdown]
# > **Goal:** the backward rules of the add node ("copies"), the multiply node ("swaps") and
# > the max node ("routes"); what happens where a value is used twice; why one backward sweep
# > beats listing paths and forward mode, counted as a graph grows; how to check a backward
# > pass against central differences.
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
# ## Add copies, multiply swaps
#
# As in chapter 2, a node multiplies the upstream gradient `dout` $= \partial L/\partial z$
# by its local derivative for each input ($L$: the price here, the loss in a network), so a
# new kind of node needs only its local derivatives:
#
# $$z = x + y:\ \ \frac{\partial z}{\partial x} = \frac{\partial z}{\partial y} = 1;
# \qquad\qquad z = x y:\ \ \frac{\partial z}{\partial x} = y, \quad \frac{\partial z}{\partial y} = x.$$
#
# So the add node **copies** `dout` to each input and needs nothing from the forward pass:
# here it is one line, `dx, dy = dout, dout`. The multiply node sends each input `dout` times
# the **other** input, as if it **swapped** them, so its `forward` keeps the input values.
# Chapter 4 writes the add node as a layer and handles broadcast shapes. The multiply node as
# a layer, in the shape of every layer of this series:

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
# ## Backward through apples and oranges
#
# Chapter 1 found this graph's five gradients by nudging each input; one backward sweep
# gives all five. Start at the right with $\partial\,\text{price}/\partial\,\text{price}
# = 1$ and walk back: multiply swaps, add copies. **Predict first**, for a changed shop
# (**4** oranges, tax factor **1.25**): what reaches `tax`, `orange_price` and
# `orange_num`? The cell after runs the sweep with `MulLayer`, `backward` in the reverse
# order of `forward`.

# %%
shop = examples.apples_oranges_graph(named=("orange_price", "all_price"))
shop.forward(apple=100, apple_num=2, orange=150, orange_num=4, tax=1.25)
display(SVG(to_svg(shop, grads=False)))
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
shop.backward()                             # the drawn graph's own sweep agrees:
assert np.allclose([shop.grads[n] for n in ("orange_num", "tax")], [dorange_num, dtax])
reveal(my_guess, lambda: SVG(to_svg(shop)), name=None)

# %% [markdown]
# ## The max node
#
# For $z = \max(x, y)$ the output *is* the larger input. This shop charges at least 1000
# yen before tax: `price = max(all_price, minimum) × tax`, with the same fruit as above
# (all_price = 800). **Predict first**: what reaches `minimum` and `orange_num`?

# %%
minimum_shop = check.minimum_charge_shop()
display(SVG(to_svg(minimum_shop, grads=False)))
my_route = {"minimum": None, "orange_num": None}    # YOUR PREDICTION
check.max_prediction(my_route)

# %%
minimum_shop.backward()
reveal(my_route, lambda: GraphExplorer(minimum_shop, mark_grad_changes=True), name=None)

# %% [markdown]
# > **The max node routes.** Its local derivative is 1 for the input that won the forward
# > pass and 0 for the other ($\partial z/\partial x = 1$ if $x > y$, 0 if $x < y$), so the whole
# > upstream gradient goes to the winner and nothing to the other input. At a tie, $x = y$,
# > max has no derivative; code picks one side. Chapter 5's ReLU is $\max(0, x)$.
#
# In the explorer above, raise `orange_num` until the gradient leaves `minimum`, and see
# where it goes.
#
# ## One value, two edges
#
# What if a value goes to two nodes? The simplest case is $z = x \cdot x$: one multiply
# node whose two inputs are the *same* $x$. The graph forks (a *fan-out*): $x$ leaves along
# two edges and reaches $L$ along each. Take $x = 3$ and $\text{dout} = 2$ arriving at $z$
# (as if $L = 2z$). **Predict first**: what is $\partial L/\partial x$? The cell after
# compares with central differences, which know nothing of edges.

# %%
my_dx = None    # YOUR PREDICTION: d L / d x at x = 3, dout = 2
check.fanout_dx(my_dx)

# %%
fan = examples.fanout_graph()            # z = x * x at x = 3, dout = 2 arriving at z
fan.backward()                           # the drawn graph's own sweep, shown with the answer
x, dout = fan.values["x"], fan.dout
mul = MulLayer()
z = mul.forward(x, x)                    # both inputs are the same x
dx_left, dx_right = mul.backward(dout)   # one gradient per edge
numeric = dout * layers.numerical_gradient(lambda v: v * v, x)
answers.fanout(my_dx, fan, (dx_left, dx_right), numeric)    # once you predicted

# %% [markdown]
# > **At a fork, gradients add** (the chain rule for several variables). The gradient of
# > $x$ is the sum, over the edges leaving $x$, of what each edge brings back (its node's
# > upstream gradient times that edge's local derivative). For two nodes $u$ and $v$:
# > $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial u}\frac{\partial u}{\partial x} + \frac{\partial L}{\partial v}\frac{\partial v}{\partial x}.$$
# > In the figures a small dot marks the **fork**; the line before it carries the sum.
#
# ### Debug it: a sweep with a fork
#
# A sweep of $f = s \cdot x$ with $s = x + y$ ($x$ feeds both nodes). It runs without an
# error, but one line is wrong. At $x = 3$, $y = 2$, trace it line by line: which value of
# `dx` does the wrong line throw away? And what should `dx` be (follow every path of $x$)?
# Check, then fix the line, run its cell again, and compare with central differences below.

# %%
def sweep(x, y):
    mul_f = MulLayer()
    s = x + y                       # the add node
    mul_f.forward(s, x)             # f = s * x
    ds, dx = mul_f.backward(1.0)
    dx, dy = ds, ds                 # the add node copies
    return dx, dy


# %%
my_sweep = {"dx the wrong line loses": None, "dx should be": None}    # YOUR ANSWER
check.buggy_sweep(my_sweep)

# %%
answers.sweep_against_numeric(my_sweep, sweep)    # your sweep against central differences

# %% [markdown]
# ## Why one backward sweep is cheap
#
# A gradient is a sum over paths of products of local derivatives. **Listing paths**
# multiplies each path out on its own (`paths.by_paths`). **Forward mode** makes one pass
# per input, left to right, carrying each value's derivative with respect to that input
# (its *tangent*), on every edge, zero or not. The **backward sweep** goes right to left through
# `graph.nodes`, kept in the order the forward pass ran: reversed, every user of a value has
# added its share before the value's gradient is passed on. Each gradient is computed once
# and reused by everything behind it: **reverse accumulation**. Each loop counts its products
# as it makes them; the add node's copy (`dout * 1` in `layers.AddLayer`) is not counted.

# %%
def forward_mode(graph):
    local = {node.output: node.layer.backward(1.0) for node in graph.nodes}  # once, at dout = 1
    grads, multiplications = {}, 0
    for name in graph.inputs:                       # one pass per input
        tangent = dict.fromkeys(graph.edges, 0.0)   # d edge / d name: 0 ...
        tangent[name] = 1.0                         # ... except name itself
        for node in graph.nodes:                    # left to right
            for edge, d in zip(node.inputs, local[node.output]):
                tangent[node.output] += d * tangent[edge]   # on every edge, zero or not
                multiplications += node.op == "×"           # into +, d = 1: a copy
        grads[name] = tangent[graph.output]
    return grads, multiplications


def backward_sweep(graph):
    grad = dict.fromkeys(graph.edges, 0.0)          # every gradient starts at 0 ...
    grad[graph.output] = 1.0
    multiplications = 0
    for node in reversed(graph.nodes):              # right to left: grad[node.output] complete
        shares = node.layer.backward(grad[node.output])    # × swaps, + copies
        for edge, share in zip(node.inputs, shares):
            grad[edge] += share                     # ... and each edge adds its share
            multiplications += node.op == "×"       # dout × the other input; into +, a copy
    return grad, multiplications


# %% [markdown]
# **Predict first**, reading the loops: how many multiplications does each count on the
# shop of the first prediction (its figure is above)? The cell after runs both, prints the
# sweep step by step and counts listing paths too.

# %%
my_tally = {"backward sweep": None, "forward mode": None}    # YOUR PREDICTION: two counts
check.loop_counts(my_tally)

# %%
grad, multiplications = backward_sweep(shop)
tangents, forward_multiplications = forward_mode(shop)
reveal(my_tally, lambda: paths.print_tallies(shop, ("all_price", "price"), loops={
    "backward sweep": (grad, multiplications),
    "forward mode": (tangents, forward_multiplications)}), name=None)

# %% [markdown]
# The 1.25 reaching `all_price` is computed once and reused by the four inputs behind it;
# listing paths multiplies by it once per path, forward mode once per pass. The forward pass
# makes one product per × node, its backward two: forward pass plus sweep is worth three
# forward passes, for every gradient at once.
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
# (`"linear"`, `"quadratic"` or `"exponential"`): `paths from x` to the output; `backward
# sweep` and `forward mode`, the multiplications of the two loops above (the inputs: $x$,
# each $p_i$ and $q_i$). The explorer after the check plots the measured counts, and
# listing paths', for 1 to 10 diamonds.

# %%
# YOUR PREDICTION for each: (count at k = 1, count at k = 2, growth)
my_counts = {"paths from x": None, "backward sweep": None, "forward mode": None}
check.diamond_counts(my_counts)

# %%
reveal(my_counts, lambda: paths.PathCountExplorer(k=4), name=None)    # once you predicted

# %% [markdown]
# Forward mode pays once per input, listing paths once per path, the sweep neither: with
# few paths (the shop, $k \le 3$) forward mode costs most, but each diamond doubles the
# paths and adds only two inputs.
#
# ## Gradient checking
#
# Comparing a backward pass with central differences, as the debug sweep did, is
# *gradient checking*. `layers.gradient_check` weights a layer's output by a random `dout`
# and returns the worst relative error $\lVert g - n\rVert / (\lVert g\rVert + \lVert n\rVert)$
# of backward's $g$ against central differences $n$: below $10^{-7}$ when they agree:

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


# YOUR PREDICTION: True (passes) or False (fails) for each
my_noswap = {"a equal to b": None, "a = -b": None, "a = 0, b random": None}
check.noswap_prediction(my_noswap)

# %%
answers.noswap_errors(my_noswap, NoSwapMulLayer, a, b)      # once you predicted

# %% [markdown]
# ## Summary
#
# - Add copies the upstream gradient; multiply swaps (each input gets it times the *other*
#   input, so the node keeps its inputs); max routes (the winner gets it all, the other 0).
# - At a fork gradients add: start at 0 and `+=` each edge's share.
# - One backward sweep computes each gradient once and reuses it (the shop's 1.25, four
#   times): forward pass plus sweep is worth three forward passes (two-input × nodes, the +
#   nodes' copies not counted), for every gradient at once, where forward mode pays per
#   input and listing paths per path. A network has thousands of weights and one loss.
# - Gradient checking: compare with central differences at random points.

# %% [markdown]
# ## Exercise: the max node as a layer
#
# Write `MaxLayer` in the shape of `MulLayer`, for arrays: `forward(x, y)` returns the
# larger of each pair of entries and keeps what `backward` will need; `backward(dout)`
# returns `(dx, dy)`. An `if` or Python's `max` decides once for the whole array:
# `np.maximum(x, y)` picks entry by entry. At a tie let `x` win. The check tries three pairs
# of numbers (one a tie), then a gradient check. [Worked answer](../notebooks/solutions/03_add_mul_backward_solutions.ipynb).

# %%
class MaxLayer:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.max_layer(MaxLayer)
