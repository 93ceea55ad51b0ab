# %% [markdown]
# # 3. Backward through add, multiply and max nodes

# %% [markdown]
# > **Goal:** the backward rules of the add node ("copies"), the multiply node ("swaps") and
# > the max node ("routes"); a value used twice; why one backward sweep beats listing paths
# > and forward mode; checking a backward pass against central differences.
# >
# > **Book:** 5.3 and the `MulLayer` of 5.4.1; the max node and the fork rule follow the CS231n backprop notes. **You need:** chapters 1 and 2.
# >
# > **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below.

# %%
import inspect

import numpy as np
from IPython.display import SVG, Markdown, display

import layers
from teaching import examples, paths
from teaching.checks import ch03 as check
from teaching.checks.ch03 import once_right
from teaching.drawing import to_svg
from teaching.explorer import GraphExplorer
from teaching.max_node import MAX_RULE, MaxLayer, minimum_charge_shop

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
# So the add node **copies** `dout` to each input, `dx, dy = dout, dout`, and needs nothing
# from the forward pass (you write it as a layer in chapter 4; here it stays a bare `+`). The
# multiply node sends each input `dout` times the **other** input, as if it **swapped** them,
# so its `forward` keeps the inputs. As a layer, in the shape of every layer of this series:

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
# gives all five. Start at the right with $\partial\,\text{price}/\partial\,\text{price} = 1$
# and walk back. **Predict first**, for a changed shop (**4** oranges, tax factor **1.25**):
# what reaches `tax`, `orange_price` and `orange_num`? The cell after runs the sweep with
# `MulLayer`, `backward` in the reverse order of `forward`.

# %%
shop = examples.apples_oranges_graph()
shop.forward(apple=100, apple_num=2, orange=150, orange_num=4, tax=1.25)
display(SVG(to_svg(shop, grads=False)))
my_guess = {"tax": None, "orange_price": None, "orange_num": None}    # YOUR PREDICTION
shop_verdict = check.shop_prediction(my_guess)
display(shop_verdict)

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
once_right(shop_verdict, lambda: print(f"{dapple = }, {dapple_num = }, {dorange = }, {dorange_num = }, "
                                  f"{dtax = }; and {dorange_price = }"))

# %% [markdown]
# ## The max node
#
# For $z = \max(x, y)$ the output *is* the larger input. This shop charges at least 1000
# yen before tax: `price = max(all_price, minimum) × tax`, with the same fruit as above.
# **Predict first**: what reaches `minimum` and `orange_num`?

# %%
minimum_shop = minimum_charge_shop()
display(SVG(to_svg(minimum_shop, grads=False)))
my_route = {"minimum": None, "orange_num": None}    # YOUR PREDICTION
max_verdict = check.max_prediction(my_route)
display(max_verdict)
minimum_shop.backward()
once_right(max_verdict, lambda: GraphExplorer(minimum_shop, mark_grad_changes=True))

# %% [markdown]
# Once Right, in the explorer above, raise `orange_num` until the gradient leaves `minimum`,
# and see where it goes.

# %%
once_right(max_verdict, lambda: display(Markdown(MAX_RULE)) or print(inspect.getsource(MaxLayer)))

# %% [markdown]
# ## One value, two edges
#
# What if a value feeds two nodes? The graph forks (a *fan-out*): the value leaves along two
# edges and reaches the output along each. **Debug it:** a sweep of $f = s \cdot x$ with
# $s = x + y$ ($x$ feeds both nodes). It runs without an error, but one line is wrong.
# At $x = 3$, $y = 2$, trace it line by line: which value of `dx` does the wrong line throw
# away? And what should `dx` be (follow every path of $x$)? Then fix the line, and rerun its
# cell and the check below.

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
debug_verdict = check.buggy_sweep(my_sweep)
display(debug_verdict)
once_right(debug_verdict, lambda: print("the wrong line loses s = 5 (x's own edge); dx = 5 + 3 = 8"))

# %%
check.fixed_sweep(sweep)    # against central differences (f(v + h) - f(v - h)) / 2h, random v

# %% [markdown]
# > **At a fork, gradients add** (the chain rule for several variables). The gradient of
# > $x$ is the sum, over the edges leaving $x$, of what each edge brings back (its node's
# > upstream gradient times that edge's local derivative). For two nodes $u$ and $v$:
# > $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial u}\frac{\partial u}{\partial x} + \frac{\partial L}{\partial v}\frac{\partial v}{\partial x}.$$
# > On $z = x \cdot x$ it gives back the product rule: $\text{dout}\,(x + x) = \text{dout} \cdot 2x$.

# %% [markdown]
# ## Why one backward sweep is cheap
#
# A gradient is a sum over paths of products of local derivatives. Three ways to compute it,
# each counted in multiplications (an add node's copy, `dout * 1`, is none):
#
# **Listing paths** multiplies each path out on its own, then adds the paths.
#
# **Forward mode** makes one pass per input, left to right, carrying each value's derivative
# with respect to that input (its *tangent*) on every edge, zero or not.
#
# **The backward sweep** goes right to left. Every node that uses a value comes after it in
# forward order, so in reverse order all of them have sent their shares before the value
# passes its gradient on. Each gradient is computed once and reused by everything behind
# it: **reverse accumulation**. Write its loop body (the graph's API is in the comment):

# %%
# A graph names each edge after the variable it carries ('all_price'): graph.edges (all),
# graph.inputs, graph.output; graph.nodes in forward order, each with .layer, .op ("×" or
# "+"), .inputs and .output.
def forward_mode(graph):
    # with dout = 1, a layer's backward returns its local derivatives
    local = {node.output: node.layer.backward(1.0) for node in graph.nodes}
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
    grad = dict.fromkeys(graph.edges, 0.0)
    grad[graph.output] = 1.0
    multiplications = 0
    for node in reversed(graph.nodes):              # every user of node.output is done
        raise NotImplementedError("YOUR CODE")      # the node's backward, its shares into grad
        multiplications += 2 * (node.op == "×")     # × sends each input dout × the other; + copies
    return grad, multiplications


# %%
sweep_verdict = check.sweep_loop(backward_sweep)     # on the first shop and graphs with forks
display(sweep_verdict)
once_right(sweep_verdict,
           lambda: check.count_loops(shop, sweep_verdict, backward_sweep, forward_mode))

# %% [markdown]
# ## A chain of diamonds
#
# Chain $k$ "diamonds": each one forks its input $x_{i-1}$ into two multiply nodes (with
# their own inputs $p_i$ and $q_i$) and adds the results,
# $x_i = p_i\,x_{i-1} + x_{i-1}\,q_i$; the figure below draws one diamond ($k = 1$).
# **Predict first** three quantities: the paths from $x$ to the output, the multiplications
# of `backward_sweep`, and those of `forward_mode` (its inputs: $x$ and each $p_i$, $q_i$).
# For each, give its count at $k = 1$, at $k = 2$, and its growth with $k$ (`"linear"`,
# `"quadratic"` or `"exponential"`).

# %%
display(SVG(to_svg(paths.diamond_chain(1), grads=False)))
# YOUR PREDICTION for each: (count at k = 1, count at k = 2, growth)
my_counts = {"paths from x": None, "backward sweep": None, "forward mode": None}
counts_verdict = check.diamond_counts(my_counts)
display(counts_verdict)


def show_counts():
    display(Markdown(
        "The sweep multiplies once per edge into a × node, forward mode as often for each input, "
        "listing paths once per such edge on each path. The forward pass makes one product per × "
        "node, its backward two: forward pass plus sweep is worth three forward passes, for every "
        "gradient at once (on any graph of × and + nodes; a small constant in general). One sweep "
        "per output, one forward-mode pass per input: a loss is one number. The price is memory: "
        "the forward pass keeps every node's inputs until the sweep has used them."))
    return paths.PathCountExplorer(k=3)


once_right(counts_verdict, show_counts)

# %% [markdown]
# Once Right, the explorer plots each method's multiplications per diamond (count / k):
# flat is linear, a straight rise quadratic, bending off the plot exponential. Slide $k$
# from 3 to 10 and watch which line leaves the plot.

# %% [markdown]
# ## Gradient checking
#
# Comparing a backward pass with central differences, as the check of your fixed `sweep` in
# the fork section did, is *gradient checking*. `layers.gradient_check` weights a layer's
# output by a random `dout` (with all ones, a backward that forgot to multiply by `dout` would
# pass) and returns the worst relative error $\lVert g - n\rVert / (\lVert g\rVert + \lVert n\rVert)$
# of backward's $g$ against central differences $n$ (relative: fair to large and small
# gradients alike): below $10^{-7}$ when they agree. Below is a multiply that forgets to swap;
# on random arrays the check catches it. On special inputs? **Predict first**, for each pair
# x = a, y = b: the largest relative error the check reports (write 0 for a pass).

# %%
class NoSwapMulLayer(MulLayer):
    def backward(self, dout):
        return dout * self.x, dout * self.y     # x gets its own value back


# YOUR PREDICTION: the largest relative error for each (0 for a pass)
my_noswap = {"a equal to b": None, "a = 2b": None, "a = 0, b random": None}
noswap_verdict = check.noswap_prediction(my_noswap)
display(noswap_verdict)

# %%
def noswap_errors():
    a, b = np.random.default_rng(0).standard_normal((2, 3, 4))      # random (3, 4) arrays
    checks = {"MulLayer, random a, b": (MulLayer, a, b),
              "NoSwapMulLayer, random a, b": (NoSwapMulLayer, a, b),
              "NoSwapMulLayer, a equal to b": (NoSwapMulLayer, a, a.copy()),
              "NoSwapMulLayer, a = 2b": (NoSwapMulLayer, 2 * b, b),
              "NoSwapMulLayer, a = 0, b random": (NoSwapMulLayer, np.zeros_like(a), b)}
    for label, (layer, x, y) in checks.items():
        print(f"{label:32s} largest relative error {layers.gradient_check(layer(), x, y):.1e}")


once_right(noswap_verdict, noswap_errors)

# %% [markdown]
# ## Summary
#
# - Add copies the upstream gradient; multiply swaps (each input gets it times the *other*
#   input, so the node keeps its inputs); max routes (the winner gets it all, the other 0).
# - At a fork gradients add: a value's gradient sums what each of its edges brings back.
# - Reverse accumulation: one sweep computes each gradient once and reuses it; with the
#   forward pass it costs three forward passes' multiplications here (a small constant in
#   general), for every gradient at once. The book's two-layer net has 784·50 + 50 + 50·10 + 10
#   = 39,760 parameters: forward mode would need 39,760 passes, the sweep one.
# - Gradient checking: compare with central differences at random points.

# %% [markdown]
# ## Exercise: a max with a fork
#
# Take $f = \max(x, y) \cdot x$: $x$ feeds both the max node and the multiply node. By hand,
# with the max rule and the fork rule, find $(\partial f/\partial x, \partial f/\partial y)$
# at $x = 3, y = 5$ and at $x = 5, y = 3$.
# [Worked answer](../notebooks/solutions/03_add_mul_backward_solutions.ipynb).

# %%
my_max_fork = {"x=3, y=5": None, "x=5, y=3": None}     # YOUR ANSWER: (df/dx, df/dy) each
fork_verdict = check.max_fork(my_max_fork)
display(fork_verdict)
once_right(fork_verdict, lambda: print("x = 3, y = 5: y wins, f = y x: (5, 3); "
                                  "x = 5, y = 3: x wins, f = x x: (5 + 5, 0) = (10, 0)"))
