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
# - what the layers in [`layers.py`](../layers.py) add to the small classes (the sum back
#   to the input's shape, private copies, clear errors, number types), and why each
#   matters.

# %%
import ast
import inspect

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
# shoppers pay together, $L = \sum_i \text{apple\_price}_i$. Each bill enters that sum
# once, so $\partial L/\partial\,\text{apple\_price}_i = 1$: `dout` is an array of ones.

# %%
apple = np.array([100.0, 120.0, 90.0, 110.0])    # price in each shop
apple_num = np.array([2.0, 0.0, 5.0, 1.0])       # how many each shopper buys

mul_apple = SimpleMulLayer()
apple_price = mul_apple.forward(apple, apple_num)
dapple, dapple_num = mul_apple.backward(np.ones(4))   # L = the sum of the four bills

print("apple_price =", apple_price)
print("dapple      =", dapple, "  (each shopper's count)")
print("dapple_num  =", dapple_num, "  (each shop's price)")

# %% [markdown]
# Nothing new happened: each element is its own small multiply node, and each gradient
# has the shape of its input. The shopper who buys nothing has $\partial L/\partial\,
# \text{apple} = 0$: that shop's price does not change the total at all.
#
# ## Broadcasting is a fan-out
#
# Now the tax. There is one tax factor, 1.1, for everybody. Numpy lets us multiply the
# array of four bills by the single number 1.1: it *broadcasts* the number, using the same
# 1.1 for each of the four elements. Seen as a graph, the one value `tax` feeds four
# multiply nodes. That is a fork, and chapter 3's rule applies: **the gradient of a value
# used several times is the sum over its uses**:
#
# $$\frac{\partial L}{\partial\,\text{tax}} = \sum_{i} \text{dout}_i \cdot \text{apple\_price}_i .$$
#
# The small class does not know that. Its `backward` multiplies and returns whatever
# shape comes out:

# %%
simple_tax = SimpleMulLayer()
simple_tax.forward(apple_price, 1.1)              # 1.1 is broadcast to all four bills
_, dtax_simple = simple_tax.backward(np.ones(4))
print("SimpleMulLayer: dtax =", dtax_simple, " shape", np.shape(dtax_simple),
      " (four numbers for one tax)")

mul_tax = MulLayer()                              # the layer of layers.py
price = mul_tax.forward(apple_price, 1.1)
dapple_price, dtax = mul_tax.backward(np.ones(4))
print("layers.MulLayer: dtax =", round(dtax, 4), "  (one number, like tax)")
print("the four untaxed bills add up to", apple_price.sum())

# %% [markdown]
# The small class hands back four gradients for one tax factor: one per use, never
# added up. `layers.MulLayer` kept `tax` as given, a single number, so it knows its
# gradient must be a single number too, and sums the four contributions. Read the sum as
# a sensitivity: raising the tax factor by 1 would raise the total by all the untaxed
# bills together, 760.
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
# gradient of small whole numbers so the sums are easy to follow, through both add
# layers:

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
# Is a sum really right, and not, say, the mean over the batch? Ask the numbers. The loss
# whose upstream gradient is `dout` is $L = \sum_{n,h} \text{out}_{n,h}\,\text{dout}_{n,h}$;
# its numerical gradient with respect to $b$ (central differences, chapter 2) needs no
# idea of broadcasting at all:

# %%
def loss_of_b(b_value):
    return np.sum((x + b_value) * dout)


print("numerical db =", layers.numerical_gradient(loss_of_b, b.copy()).round(6))

# %% [markdown]
# The same three numbers. And why does the shape matter? A learning step moves every
# parameter against its gradient, `b - rate * db`. With the right `db` that keeps one bias
# per column. With the unsummed gradient in its place, numpy broadcasts again, without
# any error, and hands back a $(4, 3)$ array: a different bias for every example, which
# is no longer a layer's parameter at all.

# %%
rate = 0.1
print("b - rate * db        has shape", (b - rate * db).shape)
print("b - rate * db_simple has shape", (b - rate * db_simple).shape, " (silently wrong)")

# %% [markdown]
# ### Try it: the broadcasting explorer
#
# The picture is `AddLayer` at work on $x$ of shape $(N, 3)$ plus a bias $b$ of shape
# $(3,)$; at $N = 4$ it holds the `x`, `b` and `dout` of the cells above. Forward, on top: $b$'s row is drawn once in full and then as the faded copies
# numpy uses in the other rows. Backward, below: `dout`, `dx` (which is `dout`), and each
# column of `dout` summed into `db`. Every number comes from the layer. Things to try:
#
# - Move a bias slider. Which arrays change, and which do not? Say why from the add
#   node's local derivative.
# - From the picture as it is now, predict `db` for $N = 1$; then set $N = 1$ and check.
#   Is numpy still broadcasting there?
# - Move $N$ from 1 up to 6 one step at a time and watch each column sum grow: which row
#   of `dout` did each step add?

# %%
BroadcastExplorer(n=4, bias=(0.1, -0.2, 0.3))

# %% [markdown]
# ## What `layers.py` adds, and why
#
# [`layers.py`](../layers.py) is not small: it holds every layer of chapters 3 to 8 and
# the guard functions they share. Its `MulLayer` and `AddLayer` keep the shape of the
# small classes above (`forward` keeps, `backward(dout)` returns one gradient per input),
# at about twice their length, because they add four things, each for a reason:

# %%
source = inspect.getsource(layers)
tree = ast.parse(source)
n_classes = sum(isinstance(node, ast.ClassDef) for node in tree.body)
n_functions = sum(isinstance(node, ast.FunctionDef) for node in tree.body)
print(f"layers.py: {len(source.splitlines())} lines, {n_classes} layer classes, "
      f"{n_functions} functions")
for cls in (MulLayer, AddLayer):
    print(f"layers.{cls.__name__}: {len(inspect.getsource(cls).splitlines())} lines")

# %% [markdown]
# 1. **The sum back to each input's shape** (the function `sum_to_shape`). You saw why:
#    a broadcast input's gradient is a sum over its uses, and the update `b - rate * db`
#    needs `db` shaped like `b`. This is the only one of the four that changes the
#    *math*; you write it yourself in exercise 3.
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
# 3. **Clear errors.** A `backward` before `forward`, or a `dout` whose shape does not
#    match the output, stops with a message naming the layer and what to do, instead of
#    a wrong number or a bare numpy error deep inside:

# %%
for attempt in (lambda: MulLayer().backward(1.0),
                lambda: full.backward(np.ones(3))):
    try:
        attempt()
    except (RuntimeError, ValueError) as err:
        print(f"{type(err).__name__}: {err}")

# %% [markdown]
# 4. **Number types.** Plain Python numbers in give a plain Python float out (so the
#    shopping numbers print as numbers), and integer arrays are computed in float64, so
#    that nothing is rounded to whole numbers:

# %%
print(type(MulLayer().forward(2, 3)).__name__, MulLayer().forward(np.array([1, 2]), 3).dtype)

# %% [markdown]
# None of the four changes what a layer *is*. When you read a layer in `layers.py`,
# read its `forward` and `backward` as you read the small classes here; the rest is
# guard code.
#
# ### Check
#
# Every number below comes from the math, not from running the code: the shopping
# gradients of chapter 3 (2.2, 110, 3.3, 165, 650); the shoppers' gradients are the
# other input of each multiply; $\partial L/\partial\,\text{tax} = 200 + 0 + 450 + 110 =
# 760$, where the small class gives four numbers; `db` is each column of `dout` added
# up by hand, $(1+0+1+2,\ 0+1+1+0,\ 2+1+0+1) = (4, 2, 4)$, and `dx` is `dout`; the copy
# keeps $dx = y = (3, 4)$. Then both layers of `layers.py` pass `layers.gradient_check`
# (relative error below $10^{-7}$ against central differences) with a batch times or
# plus a row, and with a batch times a single number.

# %%
want_shop = {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}
assert all(abs(shop_grads[name] - want) < 1e-9 for name, want in want_shop.items())
assert np.array_equal(dapple, apple_num) and np.array_equal(dapple_num, apple)
assert abs(dtax - 760) < 1e-9 and np.allclose(dapple_price, 1.1)
assert np.shape(dtax_simple) == (4,)
assert np.array_equal(db, [4.0, 2.0, 4.0]) and np.array_equal(dx, dout)
assert db_simple.shape == (4, 3)
assert np.allclose(layers.numerical_gradient(loss_of_b, b.copy()), [4.0, 2.0, 4.0], atol=1e-6)
assert np.array_equal(full.backward(np.ones(2))[0], [3.0, 4.0])
assert np.array_equal(small.backward(np.ones(2))[0], [13.0, 14.0])

rng = np.random.default_rng(0)
for layer in (AddLayer(), MulLayer()):
    batch, row = rng.standard_normal((5, 3)), rng.standard_normal(3)
    assert layers.gradient_check(layer, batch, row) < 1e-7       # (N, H) with (H,)
    assert layers.gradient_check(layer, batch, 1.7) < 1e-7       # (N, H) with a number
print("Check passed: dtax = 760, db = (4, 2, 4), copies keep dx = (3, 4), and both layers "
      "pass the gradient check on broadcast shapes.")

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
#   shape, private copies, clear errors and number rules.

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
# Write `ScaleLayer` with numpy alone, without `MulLayer`: `forward(x, gamma)` returns the
# product and keeps what `backward` needs; `backward(dout)` returns `(dx, dgamma)`, each
# with the shape of its input. Ask first: how many times is each $\gamma_h$ used, and
# what does each use send back? The check tries a small batch by hand, then a gradient
# check on random shapes.

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
# write into `grad`. The check tries six pairs of shapes.

# %%
def sum_to(grad, shape):
    raise NotImplementedError("YOUR CODE")


# %%
check.sum_to(sum_to)
