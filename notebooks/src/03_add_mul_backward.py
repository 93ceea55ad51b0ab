# %% [markdown]
# # 3. Backward through add and multiply nodes
#
# Book: section 5.3 (backward propagation).
#
# **What you will learn**
#
# - an add node passes the upstream gradient on to both inputs, unchanged;
# - a multiply node multiplies the upstream gradient by the *other* input ("it swaps");
# - every gradient of both shopping graphs, and what each one means in yen;
# - where one value is used twice (a fork, or *fan-out*), its gradients **add up**.

# %% [markdown]
# ## The rule from chapter 2
#
# A node receives the upstream gradient $\partial L/\partial z$ (we write `dout`) from the
# right, multiplies it by its local derivative for each input, and passes the products to
# the left. Here $L$ is whatever number the graph ends in; in the shopping graphs it is the
# price. So all we need for a new kind of node is its local derivatives.
#
# As always, forward **values are green** (above an edge) and **gradients are red**
# (below an edge).
#
# > **Editing `layers.py`?** Restart the kernel (or run `%load_ext autoreload` and
# > `%autoreload 2` first): a running notebook keeps the version it imported.

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
# The add node copies `dout` to each input. It does not even need to remember its inputs.
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
# multiply node must **keep its forward inputs** for the backward pass; that is why
# `MulLayer.forward` stores them.

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
# So far every value went to exactly one node. What if it goes to two? The simplest case
# is $z = x \cdot x$: one multiply node whose two inputs are the *same* $x$. The graph
# forks (a *fan-out*): $x$ leaves along two edges.
#
# The multiply node does what it always does. It sends $\text{dout}\cdot x$ (the other
# input) back along each edge. Both edges lead to the same $x$, and $x$ influences $z$
# through both, so the two contributions **add**:
#
# $$\frac{\partial L}{\partial x} = \text{dout}\cdot x + \text{dout}\cdot x = 2x\cdot\text{dout},$$
#
# which is the derivative of $x^2$, as it must be. In code this means: at a fork,
# accumulate with `+=`. Writing `dx = ...` for the second branch would silently throw the
# first one away and give half the right gradient.
#
# ![The fan-out graph x times x, with both gradients arriving at x](../images/fanout.svg)

# %%
x = 3.0
mul = MulLayer()
z = mul.forward(x, x)                  # both inputs are the same x
dx_left, dx_right = mul.backward(1.0)  # one gradient per edge

dx = 0.0
dx += dx_left                          # x is used twice: add both contributions
dx += dx_right
print(f"z = x * x = {z:.4g}")
print(f"gradient along each edge: {dx_left:.4g} and {dx_right:.4g}; total dx = {dx:.4g} = 2x")

# %% [markdown]
# ### Check
#
# The numbers come from the rules above, not from running the code. Apples:
# $1.1,\ 200,\ 2.2,\ 110$. Apples and oranges: $1.1$ for all three prices, $650$ for the
# tax, $2.2,\ 110,\ 3.3,\ 165$ for the inputs. Fan-out at $x = 3$: $2x = 6$, equal to a
# numerical slope of $x^2$ and to `SquareLayer`. And the layers pass `layers.gradient_check`
# (relative error below $10^{-7}$ against central differences) on random arrays.

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
assert dx == 6.0 == square.backward(1.0)
assert abs(layers.numerical_gradient(lambda v: v * v, 3.0) - 6.0) < 1e-6

rng = np.random.default_rng(0)
for layer in (AddLayer(), MulLayer()):
    a, b = rng.standard_normal((2, 3, 4))
    assert layers.gradient_check(layer, a, b) < 1e-7
print("Check passed: apples 2.2 / 110 / 200, apples and oranges 2.2 / 110 / 3.3 / 165 / 650, "
      "fan-out 2x = 6.")

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
# **Fan-out, $z = x \cdot x$.** After one step, each branch of the fork shows the gradient
# its path sends back ($\text{dout}\cdot x$ each), and the edge before the dot shows their
# sum. Move $x$ and check that the sum is always $2x\cdot\text{dout}$.

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
# - Where a value fans out, its gradients add: use `+=`, never `=`.

# %% [markdown]
# ## Exercises
#
# Fill in each cell marked `# YOUR CODE HERE`, run it, then run the check below it. It
# shows **Right** or **Not yet** with a hint. Worked answers are in
# `solutions/03_add_mul_backward_solutions.ipynb`; try first.
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
# ### Exercise 2: write the backward of a multiply node
#
# `forward` is done: it stores both inputs. Write `backward(dout)` so that it returns
# `(dx, dy)`. The check runs your layer on numbers, then compares it with central
# differences on arrays (`layers.gradient_check`).

# %%
class MyMulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        # YOUR CODE HERE
        return None


# %%
check.mul_layer(MyMulLayer)


# %% [markdown]
# ### Exercise 3: the fan-out gradient
#
# `fanout_grad(x, dout)` builds the graph $z = x \cdot x$ from one `MulLayer`, runs it
# forward, then backward with the upstream gradient `dout`. Finish it so that it returns
# the **total** gradient of $x$. Before running the check, predict the answer for
# `x = 3, dout = 1`.

# %%
def fanout_grad(x, dout):
    mul = MulLayer()
    mul.forward(x, x)
    dx_left, dx_right = mul.backward(dout)
    dx = 0.0
    # YOUR CODE HERE: collect the gradients of both edges into dx
    return dx


# %%
check.fanout(fanout_grad)
