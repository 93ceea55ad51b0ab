# %% [markdown]
# # 4. Simple layers: the two classes, then arrays, batches and broadcasting

# %% [markdown]
# > **Goal:** write the multiply and add nodes as two small layer classes, run them on whole arrays and batches, see why the gradient of an input that numpy broadcasts is a **sum** (the bias gradient of chapter 7), and see what `layers.py` adds to the small classes and why. **Book:** section 5.4. **You need:** chapter 3 (the backward rules of add and multiply, and the fork rule: gradients of a value used several times add up). **Colours:** values in <span style="color:#1a7f37">**green**</span>, gradients in <span style="color:#c62828">**red**</span>.

# %% [markdown]
# **What you will learn**
#
# - what a *layer* is: one node of the graph as a class whose `forward` keeps what its
#   `backward` needs;
# - that the same two classes work element by element on arrays, so one call handles a
#   whole batch of examples;
# - that numpy *broadcasting* (one number, or one row, used with a larger array) is a
#   fan-out, so the gradient of the broadcast input is a **sum**; for a bias $b$ of shape
#   $(H,)$ added to a batch of shape $(N, H)$, `db = dout.sum(axis=0)`;
# - what the layers in `layers.py` add to the small classes (the sum back to each input's
#   shape, and private copies), and why.

# %%
import numpy as np

import layers
from layers import AddLayer, MulLayer
from teaching.broadcast import BroadcastExplorer

# %% [markdown]
# ## From a node to a layer: two small classes
#
# Chapter 3 ran the shopping graphs with `MulLayer` and `AddLayer` without looking
# inside. A layer is one node written as a class with two methods:
#
# - `forward(x, y)` computes the output and **keeps** what the backward pass will need;
# - `backward(dout)` takes `dout` $= \partial L / \partial\,\text{out}$ and returns one
#   gradient per input, in the order of `forward`'s inputs.
#
# That is all section 5.4 of the book needs. Here are the two nodes in that shape, each
# backward line beside the local derivative it uses:

# %%
class SimpleMulLayer:
    """out = x * y. Backward needs both inputs: each one's gradient uses the other."""

    def forward(self, x, y):
        self.x, self.y = x, y           # kept for backward
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x   # d out/dx = y, d out/dy = x: multiply swaps


class SimpleAddLayer:
    """out = x + y. Both local derivatives are 1, so there is nothing to keep."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1       # add passes dout on to both inputs


# %% [markdown]
# They reproduce the apples-and-oranges numbers of chapter 3. Each node is its own
# object, because each must remember its own inputs, and `backward` runs in the reverse
# order of `forward`:

# %%
mul_apple, mul_orange = SimpleMulLayer(), SimpleMulLayer()
add_fruit, mul_tax = SimpleAddLayer(), SimpleMulLayer()

price = mul_tax.forward(add_fruit.forward(mul_apple.forward(100, 2),
                                          mul_orange.forward(150, 3)), 1.1)
dall_price, dtax = mul_tax.backward(1.0)
dapple_price, dorange_price = add_fruit.backward(dall_price)
dapple, dapple_num = mul_apple.backward(dapple_price)
dorange, dorange_num = mul_orange.backward(dorange_price)
shop_grads = {"apple": dapple, "apple_num": dapple_num, "orange": dorange,
              "orange_num": dorange_num, "tax": dtax}
print(f"price = {price:.4g};", ", ".join(f"d{name} = {g:.4g}" for name, g in shop_grads.items()))

# %% [markdown]
# ## Many numbers at once
#
# Four shoppers buy apples in four shops. Each shop has its own price, each shopper their
# own count. Instead of four graphs we use one multiply layer on arrays of length 4: numpy
# multiplies element by element, so element $i$ of the output is shopper $i$'s bill.
#
# For the backward pass we need one number at the end. Take $L$ = the total the four
# shoppers pay together, $L = \sum_i \text{bill}_i$. Each bill enters that sum once, so
# $\partial L/\partial\,\text{bill}_i = 1$: `dout` is an array of ones.
#
# **Predict before you run the cell:** which numbers will `dprices` hold, and which
# `dcounts`? Which shop's price does not matter to the total at all?

# %%
prices = np.array([100.0, 120.0, 90.0, 110.0])    # the apple price in each shop
counts = np.array([2.0, 0.0, 5.0, 1.0])           # how many apples each shopper buys

mul_bills = SimpleMulLayer()
bills = mul_bills.forward(prices, counts)
dprices, dcounts = mul_bills.backward(np.ones(4))   # L = the sum of the four bills

print("bills   =", bills)
print("dprices =", dprices)
print("dcounts =", dcounts)

# %% [markdown]
# Nothing new happened: each element is its own small multiply node, each gradient has
# the shape of its input, and multiply swaps: `dprices` holds the counts, `dcounts` the
# prices. The shopper who buys nothing makes $\partial L/\partial\,\text{price}_2 = 0$:
# that shop's price does not change the total.
#
# ## Broadcasting is a fan-out
#
# Now the tax. There is one tax factor, 1.1, for everybody. Numpy lets us multiply the
# array of four bills by the single number 1.1: it *broadcasts* the number, using the same
# 1.1 for each of the four elements. Seen as a graph, the one value `tax` feeds four
# multiply nodes. That is a fork, and chapter 3's rule applies: **the gradient of a value
# used several times is the sum over its uses**:
#
# $$\frac{\partial L}{\partial\,\text{tax}} = \sum_{i} \text{dout}_i \cdot \text{bill}_i .$$
#
# **Predict:** with `dout` all ones, which single number should that be (the bills are
# printed above)? The small class does not know about the fork; its `backward` just
# multiplies. What will it hand back for `dtax`, and in what shape? Then run the cell,
# which also asks `layers.MulLayer`:

# %%
simple_tax = SimpleMulLayer()
simple_tax.forward(bills, 1.1)                    # 1.1 is broadcast to all four bills
_, dtax_simple = simple_tax.backward(np.ones(4))
print("SimpleMulLayer:  dtax =", dtax_simple, " shape", np.shape(dtax_simple))

tax_all = MulLayer()                              # the layer of layers.py
taxed = tax_all.forward(bills, 1.1)
dbills, dtax_all = tax_all.backward(np.ones(4))
print("layers.MulLayer: dtax =", round(dtax_all, 4))

# %% [markdown]
# The small class hands back four gradients for one tax factor: one per use, never
# added up. `layers.MulLayer` kept `tax` as given, a single number, so it knows its
# gradient must be a single number too, and sums the four contributions. Read the sum as
# a sensitivity: raising the tax factor by 1 would raise the total by all the untaxed
# bills together.
#
# ## A batch plus a bias: the gradient sums over the batch axis
#
# Neural networks work on **batches**: $N$ examples at once, each a row of $H$ numbers,
# an array $x$ of shape $(N, H)$. The Affine layer of chapter 7 adds a **bias** $b$ of
# shape $(H,)$, one number per column, to every row:
#
# $$\text{out}_{n,h} = x_{n,h} + b_h .$$
#
# Numpy broadcasts $b$ down the $N$ rows. So each $b_h$ is used $N$ times, once per
# example, and its gradient is the sum of what comes back from those $N$ uses. Each use is
# an add node, which passes `dout` on unchanged:
#
# $$\frac{\partial L}{\partial b_h} = \sum_{n=1}^{N} \text{dout}_{n,h}
#   \qquad\text{in numpy:}\qquad \texttt{db = dout.sum(axis=0)},$$
#
# while each $x_{n,h}$ is used once, so $\partial L/\partial x = \text{dout}$, shape
# $(N, H)$. Here is a batch of $N = 4$ examples with $H = 3$ columns, and an upstream
# gradient of small whole numbers, through both add layers. Add up the columns of `dout`
# yourself before you run the cell:

# %%
x = np.array([[0.5, -1.0, 2.0],
              [1.5, 0.0, -0.5],
              [-2.0, 1.0, 1.0],
              [0.0, 2.5, -1.5]])                   # N = 4 examples, H = 3 columns
b = np.array([0.1, -0.2, 0.3])                     # one bias per column
dout = np.array([[1.0, 0.0, 2.0],
                 [0.0, 1.0, 1.0],
                 [1.0, 1.0, 0.0],
                 [2.0, 0.0, 1.0]])                 # dL/dout, shape (4, 3) like out

simple_add = SimpleAddLayer()
simple_add.forward(x, b)
_, db_simple = simple_add.backward(dout)
print("SimpleAddLayer:  db shape", db_simple.shape, " (one bias per example?)")

add = AddLayer()
out = add.forward(x, b)
dx, db = add.backward(dout)
print("layers.AddLayer: db =", db, " shape", db.shape, "  dx shape", dx.shape)

# %% [markdown]
# `AddLayer` returned `db` with the shape of `b`: each column of `dout` added up. It can
# do so only because it kept `b` in `forward`, although an add node never needs the
# *values* of its inputs: comparing the shape of `dout`, $(4, 3)$, with the shape of `b`,
# $(3,)$, tells it which axis broadcasting added, and that axis is summed away.
#
# Is a sum really right, and not, say, the mean over the batch? **Decide, and write down
# the `db` the mean would give; then run the cell.** The loss whose upstream gradient is
# `dout` is $L = \sum_{n,h} \text{out}_{n,h}\,\text{dout}_{n,h}$; its numerical gradient
# with respect to $b$ (central differences, chapter 2) needs no idea of broadcasting:

# %%
def loss_of_b(b_value):
    return np.sum((x + b_value) * dout)


print("numerical db =", layers.numerical_gradient(loss_of_b, b.copy()).round(6))

# %% [markdown]
# The same three numbers as the sum. And why does the shape matter? A learning step
# moves every parameter against its gradient, `b - rate * db`. With the right `db` that
# keeps one bias per column. With the unsummed gradient in its place, numpy broadcasts
# again, without any error, and hands back a $(4, 3)$ array: a different bias for every
# example, which is no longer a layer's parameter at all.

# %%
rate = 0.1
print("b - rate * db        has shape", (b - rate * db).shape)
print("b - rate * db_simple has shape", (b - rate * db_simple).shape, " (silently wrong)")

# %% [markdown]
# ### Try it: the broadcasting explorer
#
# The picture is `AddLayer` at work on $x$ of shape $(N, 3)$ plus a bias $b$ of shape
# $(3,)$; at $N = 4$ it holds the `x`, `b` and `dout` of the cells above. Forward, on
# top: $b$'s row is drawn once in full, then faded in the other rows, as if copied
# (numpy makes no copy: every row reads the same three numbers). Backward, below:
# `dout`, which is also `dx`, and its columns summed into `db`. Every number comes from
# the layer. Things to try:
#
# - Move a bias slider. Which arrays change, and which do not? Say why from the add
#   node's local derivative.
# - Rows 5 and 6 of `dout` are $(1, 2, 1)$ and $(0, 1, 2)$. From the `db` in the picture,
#   predict `db` at $N = 6$ before you move the slider; then move it and check.
# - Set $N = 1$. No row of $b$ is repeated now, yet `AddLayer` still sums, from shape
#   $(1, 3)$ to $(3,)$. Why must it? What would `b - rate * db` do to $b$ if it did not?

# %%
BroadcastExplorer(n=4, bias=(0.1, -0.2, 0.3))

# %% [markdown]
# ## What `layers.py` adds, and why
#
# `layers.py` holds every layer of chapters 3 to 8 and the guard functions they share.
# Its `MulLayer` and `AddLayer` keep the shape of the small classes above (`forward`
# keeps, `backward(dout)` returns one gradient per input) and add two things, each for a
# reason:
#
# 1. **The sum back to each input's shape.** You saw why: a broadcast input's gradient
#    is a sum over its uses, and the update `b - rate * db` needs `db` shaped like `b`.
#    You write this sum yourself in exercise 3.
# 2. **Private copies.** The small class keeps the caller's arrays themselves. If the
#    caller changes an array in place between `forward` and `backward` (reusing a
#    buffer, say), the small class computes its gradient from the new numbers, without
#    a word. `layers.MulLayer` keeps copies:

# %%
xs, ys = np.array([1.0, 2.0]), np.array([3.0, 4.0])
small, full = SimpleMulLayer(), MulLayer()
small.forward(xs, ys)
full.forward(xs, ys)
ys += 10.0                               # the caller reuses its array before backward
print("SimpleMulLayer: dx =", small.backward(np.ones(2))[0], " (from the changed y)")
print("layers.MulLayer: dx =", full.backward(np.ones(2))[0], " (from the y given to forward)")

# %% [markdown]
# The rest is guard code (clear errors when `backward` comes before `forward`, plain
# floats out for plain numbers in): read a layer of `layers.py` by its `forward` and
# `backward`, as you read the small classes here.
#
# ### Check
#
# From the math: the shopping gradients of chapter 3 (2.2, 110, 3.3, 165, 650),
# $\partial L/\partial\,\text{tax} = 200 + 0 + 450 + 110 = 760$, and `db`, each column
# of `dout` added up by hand, $(1+0+1+2,\ 0+1+1+0,\ 2+1+0+1) = (4, 2, 4)$.

# %%
assert np.allclose(list(shop_grads.values()), [2.2, 110, 3.3, 165, 650]) and dtax_all == 760
assert np.array_equal(db, [4.0, 2.0, 4.0]) and np.array_equal(dx, dout)
print("Check passed.")

# %% [markdown]
# ## Summary
#
# - A layer is one graph node as a class: `forward` computes and keeps what `backward`
#   needs; `backward(dout)` returns one gradient per input. The multiply layer keeps both
#   inputs (multiply swaps); the add layer needs no values.
# - On arrays the layers work element by element, so one call handles a whole batch.
# - Broadcasting uses one value many times, which is a fan-out: the gradient of the
#   broadcast input is the **sum** over its uses. For a bias, `db = dout.sum(axis=0)`.
#   A gradient left unsummed has the wrong shape, and numpy does not complain.
# - `layers.py` keeps the small classes' shape and adds the sum back to each input's
#   shape, private copies, and guard code.

# %% [markdown]
# ## Exercises
#
# Each exercise has a code cell with `# YOUR CODE HERE`, followed by a check cell. Run
# the check: it shows **Right** or **Not yet** with a hint. Worked answers are in
# [the solutions notebook](../notebooks/solutions/04_simple_layers_solutions.ipynb); try
# first.
#
# ### Exercise 1: a division layer
#
# Write `DivLayer` for $\text{out} = x / y$, in the shape of the small classes above.
# Work out the two local derivatives first: $\partial\,\text{out}/\partial x = 1/y$, and
# $\partial\,\text{out}/\partial y = ?$ `forward(x, y)` returns `x / y` and keeps what
# `backward` needs; `backward(dout)` returns `(dx, dy)`. Change nothing you are given:
# neither `x`, `y` nor `dout`. The check tries your layer on numbers, then on arrays
# (watching that the caller's arrays stay as they were), then runs a gradient check.

# %%
class DivLayer:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
from teaching.checks import ch04 as check

check.div_layer(DivLayer)


# %% [markdown]
# ### Exercise 2: a scale per column
#
# Some layers multiply each column of a batch by its own factor: `x` has shape $(N, H)$,
# `gamma` has shape $(H,)$, and
#
# $$\text{out}_{n,h} = x_{n,h}\,\gamma_h .$$
#
# (The scale $\gamma$ of batch normalization, in chapter 6 of the book, works this way.)
# Write `ScaleLayer` with numpy alone (the check refuses `MulLayer`, and any class built
# on it): `forward(x, gamma)` returns the product and keeps what `backward` needs;
# `backward(dout)` returns `(dx, dgamma)`, each with the shape of its input. Ask first:
# how many times is each $\gamma_h$ used, and what does each use send back? The check
# tries a small batch by hand, then a gradient check on random shapes.

# %%
class ScaleLayer:
    def forward(self, x, gamma):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.scale_layer(ScaleLayer)


# %% [markdown]
# ### Exercise 3: the sum back to an input's shape
#
# Write `sum_to(grad, shape)`: the gradient `grad` arrived with the shape of a layer's
# output; return it summed back to `shape`, the shape of one input that numpy
# broadcast. Work out first which axes broadcasting *adds* (compare the number of axes)
# and which it *stretches* (an axis of size 1 in `shape` against a longer one in `grad`).
# Both must be summed; a stretched axis must stay, with size 1. For example, a bias of
# shape $(3,)$ added to a batch of shape $(4, 3)$ gets back a gradient of shape $(3,)$;
# a column of shape $(4, 1)$ added to the same batch gets back shape $(4, 1)$. Do not
# write into `grad`. The check tries six pairs of shapes, and refuses the functions of
# `layers.py`: the point is to write the sum yourself.

# %%
def sum_to(grad, shape):
    raise NotImplementedError("YOUR CODE")


# %%
check.sum_to(sum_to)
