# %% [markdown]
# # 3. Backward through add and multiply nodes

# %% [markdown]
# > **Goal:** learn the backward rules of the add and the multiply node, run both shopping graphs backward, and see that a value used twice collects the gradients of all its paths. **Book:** section 5.3. **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below. **Changed `layers.py`?** Restart the kernel (*Kernel → Restart Kernel*) so this notebook sees your edit. **Your answers** live in your own copy of this notebook (`my-notebooks/`); `make fresh CHAPTER=03` gives you a clean one.

# %% [markdown]
# **What you will learn**
#
# - an add node passes the upstream gradient on to both inputs, unchanged;
# - a multiply node multiplies the upstream gradient by the *other* input ("it swaps");
# - every gradient of both shopping graphs, and what each one means in yen;
# - where one value is used twice (a fork, or *fan-out*), its gradients **add up**: the
#   gradient of a value is the sum over all the paths from it to the end.

# %% [markdown]
# ## The rule from chapter 2
#
# A node receives the upstream gradient $\partial L/\partial z$ (we write `dout`) from the
# right, multiplies it by its local derivative for each input, and passes the products to
# the left. Here $L$ is whatever number the graph ends in; in the shopping graphs it is the
# price (in a network, the loss). So all we need for a new kind of node is its local
# derivatives.

# %%
from teaching import examples
from teaching.explorer import GraphExplorer
import layers
from layers import AddLayer, MulLayer

# %% [markdown]
# ## The add node passes the gradient on
#
# For $z = x + y$ both local derivatives are 1:
#
# $$\frac{\partial z}{\partial x} = 1, \qquad \frac{\partial z}{\partial y} = 1
# \qquad\Longrightarrow\qquad
# \frac{\partial L}{\partial x} = \text{dout}\cdot 1, \qquad \frac{\partial L}{\partial y} = \text{dout}\cdot 1 .$$
#
# The add node copies `dout` to each input. Its local derivatives are 1 whatever the
# inputs were, so the *values* of its inputs play no part in its backward pass. (`AddLayer`
# in [`layers.py`](../layers.py) still keeps its inputs, for their shapes and number types:
# it returns each gradient shaped like its input. With plain numbers that changes nothing;
# chapter 4 shows where it matters, when a number is added to a whole array.)
# With $10 + 5 = 15$ and an upstream gradient of 1.3, both inputs receive 1.3.

# %%
add = AddLayer()
z = add.forward(10, 5)
dx, dy = add.backward(1.3)
print(f"forward:  10 + 5 = {z:.4g}")
print(f"backward: dout = 1.3  ->  dx = {dx:.4g}, dy = {dy:.4g}")

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
# its inputs on the way back. With $10 \times 5 = 50$ and `dout` = 1.3: $x$ receives
# $1.3 \times 5 = 6.5$ and $y$ receives $1.3 \times 10 = 13$. Unlike the add node, a
# multiply node needs the **values** of its forward inputs in the backward pass; that is
# why `MulLayer.forward` stores them.

# %%
mul = MulLayer()
z = mul.forward(10, 5)
dx, dy = mul.backward(1.3)
print(f"forward:  10 * 5 = {z:.4g}")
print(f"backward: dout = 1.3  ->  dx = 1.3 * 5 = {dx:.4g}, dy = 1.3 * 10 = {dy:.4g}")

# %% [markdown]
# ## Backward through the apple graph
#
# Chapter 1 computed the price of two apples forward: $100 \times 2 = 200$, then
# $200 \times 1.1 = 220$. Now start at the right with $\partial\,\text{price}/\partial\,\text{price} = 1$
# and walk back:
#
# - the tax node is a multiply: `apple_price` receives $1 \times 1.1 = 1.1$, `tax` receives
#   $1 \times 200 = 200$;
# - the apple node is a multiply: `apple` receives $1.1 \times 2 = 2.2$, `apple_num`
#   receives $1.1 \times 100 = 110$.
#
# ![Apple graph with values in green above the edges and gradients in red below](../images/apple_backward.svg)
#
# Each gradient answers "how much does the price rise per unit of this input?". An apple
# costing 1 yen more raises the price by 2.2 yen (two apples, taxed); one more apple adds
# 110 yen (100 yen, taxed); raising the tax *factor* by 1 (from 1.1 to 2.1, i.e. 100
# percentage points) adds 200 yen, the untaxed bill. The layers call `backward` in the
# reverse order of `forward`, since each one needs the gradient of the node after it.

# %%
apple, apple_num, tax = 100, 2, 1.1
mul_apple, mul_tax = MulLayer(), MulLayer()

apple_price = mul_apple.forward(apple, apple_num)
price = mul_tax.forward(apple_price, tax)

dprice = 1.0
dapple_price, dtax = mul_tax.backward(dprice)
dapple, dapple_num = mul_apple.backward(dapple_price)

print(f"forward:  apple_price = {apple_price:.4g}, price = {price:.4g}")
print(f"backward: dapple_price = {dapple_price:.4g}, dtax = {dtax:.4g}, "
      f"dapple = {dapple:.4g}, dapple_num = {dapple_num:.4g}")

# %% [markdown]
# ## Backward through apples and oranges
#
# The four-node graph adds one idea: the add node hands the gradient that reaches
# `all_price` (1.1) to **both** fruit prices unchanged. Each fruit's multiply node then
# swaps: the apple gets $1.1 \times 2 = 2.2$, the apple count $1.1 \times 100 = 110$, the
# orange $1.1 \times 3 = 3.3$, the orange count $1.1 \times 150 = 165$. The tax receives
# the other input of its node, $\mathrm{all\_price} = 650$.
#
# ![Apples and oranges graph with every value and every gradient](../images/apples_oranges_backward.svg)

# %%
apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()

apple_price = mul_apple.forward(apple, apple_num)
orange_price = mul_orange.forward(orange, orange_num)
all_price = add_fruit.forward(apple_price, orange_price)
price = mul_tax.forward(all_price, tax)

dprice = 1.0
dall_price, dtax = mul_tax.backward(dprice)
dapple_price, dorange_price = add_fruit.backward(dall_price)
dapple, dapple_num = mul_apple.backward(dapple_price)
dorange, dorange_num = mul_orange.backward(dorange_price)

grads = {"all_price": dall_price, "tax": dtax, "apple_price": dapple_price,
         "orange_price": dorange_price, "apple": dapple, "apple_num": dapple_num,
         "orange": dorange, "orange_num": dorange_num}
print(f"price = {price:.4g}")
for name, value in grads.items():
    print(f"d{name:13s}= {value:.4g}")

# %% [markdown]
# ## When one value is used twice, gradients add
#
# So far every value went to exactly one node. What if it goes to two? Then $x$ reaches
# $L$ along more than one **path**, and a small change of $x$ moves $L$ through each of
# them at once. The effects add up. This is the chain rule for several variables:
#
# > **At a fork, the gradient is the sum over the paths.** If $x$ is used by two nodes
# > whose outputs are $u$ and $v$, then
# > $$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial u}\frac{\partial u}{\partial x} + \frac{\partial L}{\partial v}\frac{\partial v}{\partial x},$$
# > one term per path, each term the chain-rule product along its path. Three uses give
# > three terms, and so on.
#
# The simplest case is $z = x \cdot x$: one multiply node whose two inputs are the *same*
# $x$. The graph forks (a *fan-out*): $x$ leaves along two edges, and each edge is a path.
#
# Suppose the gradient arriving at $z$ from the rest of the graph is
# $\text{dout} = \partial L/\partial z = 2$, as it would be if the graph went on with
# $L = 2z$. (We take 2 rather than 1 so that no gradient on the figure equals a value:
# with 1, each branch would carry the number 3 both as value and as gradient.) The
# multiply node does what it always does: it sends $\text{dout}\cdot x = 2 \cdot 3 = 6$
# (the other input) back along each edge. Both edges lead to the same $x$, so by the rule
# above the two contributions **add**:
#
# $$\frac{\partial L}{\partial x} = \text{dout}\cdot x + \text{dout}\cdot x = 2x\cdot\text{dout}
#   = 6 + 6 = 12,$$
#
# which is $\text{dout}$ times the derivative of $x^2$, as it must be. In code this means:
# at a fork, accumulate with `+=`. Writing `dx = ...` for the second branch would silently
# throw the first one away and give half the right gradient.
#
# In the figure, $x = 3$ (green) goes into the fork; the upstream gradient 2 (red) sits
# under $z = 9$; each branch carries 6 back; the edge before the dot shows their sum, 12.
#
# ![The fan-out graph x times x at x = 3 with upstream gradient 2: 6 on each branch, 12 in total](../images/fanout.svg)

# %%
x = 3.0
dout = 2.0                              # dL/dz, arriving from the rest of the graph
mul = MulLayer()
z = mul.forward(x, x)                   # both inputs are the same x
dx_left, dx_right = mul.backward(dout)  # one gradient per edge: dout * (the other input)

dx = 0.0
dx += dx_left                           # x is used twice: add both contributions
dx += dx_right
print(f"z = x * x = {z:.4g}, upstream dout = {dout:.4g}")
print(f"gradient along each edge: {dx_left:.4g} and {dx_right:.4g}; "
      f"total dx = {dx:.4g} = 2 * x * dout")

# %% [markdown]
# ### Check
#
# The numbers come from the rules above, not from running the code. Apples:
# $1.1,\ 200,\ 2.2,\ 110$. Apples and oranges: $1.1$ for all three prices, $650$ for the
# tax, $2.2,\ 110,\ 3.3,\ 165$ for the inputs. Fan-out at $x = 3$ with upstream 2:
# $2x \cdot 2 = 12$, equal to 2 times a numerical slope of $x^2$ and to `SquareLayer`
# given the same upstream gradient. And the layers pass `layers.gradient_check` (relative
# error below $10^{-7}$ against central differences) on random arrays.

# %%
import numpy as np

want = {"all_price": 1.1, "tax": 650, "apple_price": 1.1, "orange_price": 1.1,
        "apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165}
for name, value in want.items():
    assert abs(grads[name] - value) < 1e-9, (name, grads[name], value)
assert abs(price - 715) < 1e-9

# the apples-only graph again, under its own names (the cell above reused the short ones)
node_apple, node_tax = MulLayer(), MulLayer()
node_tax.forward(node_apple.forward(100, 2), 1.1)
d_apple_price, d_tax = node_tax.backward(1.0)
d_apple, d_apple_num = node_apple.backward(d_apple_price)
assert abs(d_apple_price - 1.1) < 1e-12 and abs(d_tax - 200) < 1e-12
assert abs(d_apple - 2.2) < 1e-12 and abs(d_apple_num - 110) < 1e-9

square = layers.SquareLayer()
square.forward(3.0)
assert dx == 12.0 == square.backward(2.0)
assert abs(2 * layers.numerical_gradient(lambda v: v * v, 3.0) - 12.0) < 1e-6

rng = np.random.default_rng(0)
for layer in (AddLayer(), MulLayer()):
    a, b = rng.standard_normal((2, 3, 4))
    assert layers.gradient_check(layer, a, b) < 1e-7
print("Check passed: apples 2.2 / 110 / 200, apples and oranges 2.2 / 110 / 3.3 / 165 / 650, "
      "fan-out 2 * x * dout = 12.")

# %% [markdown]
# ## Try it: step through the backward pass
#
# Each explorer below holds one graph, run by the real layers. The sliders set the inputs
# and the **upstream** gradient fed in at the right end, $\partial L/\partial\,\text{price}$
# (1 in the shopping figures above). Press **Step** to run `backward` at one node, from right to
# left: the node lights up and the line under the graph reads
# "upstream × local = downstream" for each of its inputs. **Run all** finishes the pass,
# **Reset** clears the gradients back to `?`.
#
# **The apple graph.** Things to try:
#
# - Step once. The tax node sends 1.1 to `apple price` and 200 to `tax`: each input gets
#   the *other* one.
# - Set `tax` to 1.00 and run all: `dapple` now equals `apple num`.
# - Set the upstream gradient to 2: every red number doubles.

# %%
GraphExplorer(examples.apple_graph())

# %% [markdown]
# **Apples and oranges.** Step through it and watch the add node: whatever arrives at
# `all price` leaves along both of its inputs unchanged. Then:
#
# - Change the orange price and run all. Which gradients change? (Only `orange num` and
#   `tax`: a multiply node's gradient for one input depends on the other input.)
# - Set `apple num` to 0. Does `dapple` become 0? Why is that right?

# %%
GraphExplorer(examples.apples_oranges_graph())

# %% [markdown]
# **Fan-out, $z = x \cdot x$.** The upstream slider starts at 2, as in the figure above.
# After one step, each branch of the fork shows the gradient its path sends back
# ($\text{dout}\cdot x$ each), and the edge before the dot shows their sum. Move $x$ and
# the upstream gradient, and check that the sum is always $2x\cdot\text{dout}$.

# %%
GraphExplorer(examples.fanout_graph())

# %% [markdown]
# ## Summary
#
# - Add node: $\partial z/\partial x = \partial z/\partial y = 1$, so the upstream gradient
#   goes to both inputs unchanged.
# - Multiply node: $\partial z/\partial x = y$, $\partial z/\partial y = x$, so each input
#   gets the upstream gradient times the *other* input; the node must keep its inputs.
# - In the shopping graph, $\partial\,\text{price}/\partial\,\text{apple} = 2.2$: one yen on
#   the apple costs 2.2 yen in the end; every input's gradient comes from one backward sweep.
# - Where a value is used more than once, its gradient is the sum over its paths (the
#   multivariable chain rule): in code, `+=`, never `=`.

# %% [markdown]
# ## Exercises
#
# Fill in each cell marked `# YOUR CODE HERE`, run it, then run the check below it. It
# shows **Right** or **Not yet** with a hint. Worked answers are in
# [the solutions notebook](../notebooks/solutions/03_add_mul_backward_solutions.ipynb); try
# first.
#
# ### Exercise 1: the shopping gradients by hand
#
# Without running the layers, fill in $\partial\,\text{price}/\partial(\cdot)$ for every
# edge of the apples-and-oranges graph, starting from `"price": 1`. Work from right to
# left, one node at a time.

# %%
by_hand = {
    "price": 1,
    "all_price": None,     # YOUR CODE HERE
    "tax": None,           # YOUR CODE HERE
    "apple_price": None,   # YOUR CODE HERE
    "orange_price": None,  # YOUR CODE HERE
    "apple": None,         # YOUR CODE HERE
    "apple_num": None,     # YOUR CODE HERE
    "orange": None,        # YOUR CODE HERE
    "orange_num": None,    # YOUR CODE HERE
}

# %%
from teaching.checks import ch03 as check

check.shopping_gradients(by_hand)


# %% [markdown]
# ### Exercise 2: predict the gradients of a value used twice
#
# Here $x$ is used by two *different* nodes:
#
# $$s = x + y, \qquad f = s \cdot x .$$
#
# An add node makes $s$; a multiply node multiplies $s$ by $x$ again. Take $x = 4$,
# $y = -1$ and the upstream gradient $\partial L/\partial f = 1$. Without running any
# layers, fill in the gradients of $s$, $x$ and $y$. Work from right to left, and ask how
# many paths lead from $x$ to $f$.

# %%
predicted = {
    "s": None,   # YOUR CODE HERE
    "x": None,   # YOUR CODE HERE
    "y": None,   # YOUR CODE HERE
}

# %%
check.two_uses_by_hand(predicted)


# %% [markdown]
# ### Exercise 3: the same graph in code
#
# Write `two_uses_grads(x, y, dout)`: build $f = (x + y) \cdot x$ from one `AddLayer` and
# one `MulLayer`, run it forward, then backward from the upstream gradient `dout`, and
# return `(dx, dy)`. Every gradient must come from the layers' `backward` calls. The check
# tries several points (your predictions of exercise 2 among them) and then runs your
# function on arrays against central differences.

# %%
def two_uses_grads(x, y, dout):
    # YOUR CODE HERE
    return None


# %%
check.two_uses(two_uses_grads)
