# %% [markdown]
# # 4. Simple layers on arrays: batches, broadcasting and summed gradients

# %% [markdown]
# > **Goal:** run `MulLayer` and `AddLayer` on whole arrays and batches, and see why the gradient of an input that numpy broadcasts is a sum, which is the bias gradient of the next chapters. **Book:** section 5.4. **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below. **Changed `layers.py`?** Restart the kernel (*Kernel → Restart Kernel*) so this notebook sees your edit. **Your answers** live in your own copy of this notebook (`my-notebooks/`); `make fresh CHAPTER=04` gives you a clean one.

# %% [markdown]
# **What you will learn**
#
# - what a *layer* is: one node of the graph as a class with `forward` and `backward`;
# - that the same two layers work element by element on arrays, so one call handles a
#   whole batch of examples;
# - that numpy *broadcasting* (one number, or one row, used with a larger array) is a
#   fan-out, so the gradient of the broadcast input is a **sum**;
# - the bias gradient of the next chapters: for $x$ of shape $(N, H)$ plus $b$ of shape
#   $(H,)$, $\partial L/\partial b$ is `dout` summed over axis 0;
# - that a derivative is a local, linear estimate, and what that means for a step of 1.

# %% [markdown]
# ## From a node to a layer
#
# Chapter 3 ran both shopping graphs backward with two classes, `MulLayer` and `AddLayer`.
# Each is one node of a graph written as a class with two methods (the book's
# section 5.4):
#
# - `forward(x, y)` computes the output and **keeps** what it will need later;
# - `backward(dout)` takes `dout` $= \partial L / \partial\,\text{out}$ and returns one
#   gradient per input, in the same order as the inputs of `forward`.
#
# Open [`layers.py`](../layers.py) beside this notebook. `MulLayer.backward` needs the
# *values* of both inputs (multiply swaps), so `forward` keeps them. `AddLayer.backward`
# does not need their values (its local derivatives are 1 whatever they were), and yet
# `AddLayer.forward` keeps its inputs too: for their **shapes** and number types, so that
# each gradient it returns is shaped like its input. With single numbers, as in chapter 3,
# that made no difference. With arrays it does, and this chapter shows why.

# %%
import numpy as np

import layers
from layers import AddLayer, MulLayer, SquareLayer

# %% [markdown]
# ## Many numbers at once
#
# Four shoppers buy apples in four shops. Each shop has its own price, each shopper their
# own count. Instead of four graphs we use one `MulLayer` on arrays of length 4: numpy
# multiplies element by element, so element $i$ of the output is shopper $i$'s bill.
#
# For the backward pass we need one number at the end. Take $L$ = the total the four
# shoppers pay together, $L = \sum_i \text{apple\_price}_i$. Each bill enters that sum
# once, so $\partial L/\partial\,\text{apple\_price}_i = 1$: `dout` is an array of ones.

# %%
apple = np.array([100.0, 120.0, 90.0, 110.0])    # price in each shop
apple_num = np.array([2.0, 0.0, 5.0, 1.0])       # how many each shopper buys

mul_apple = MulLayer()
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
# `MulLayer` does exactly that. It kept `tax` as it was given, a single number, so it
# knows that its gradient must be a single number too, and sums the four contributions.

# %%
mul_tax = MulLayer()
price = mul_tax.forward(apple_price, 1.1)         # 1.1 is broadcast to all four bills
dapple_price, dtax = mul_tax.backward(np.ones(4))

print("price        =", price.round(4))
print("dapple_price =", dapple_price.round(4), f"  (shape {dapple_price.shape}, like the bills)")
print("dtax         =", round(dtax, 4), "  (a single number, like tax)")
print("the four untaxed bills add up to", apple_price.sum())

# %% [markdown]
# Read it as a sensitivity: raising the tax factor by 1 would raise the total by the sum
# of all untaxed bills, 760. Chapter 3 saw the same thing in the apples-and-oranges graph,
# where $\partial\,\text{price}/\partial\,\text{tax} = 200 + 450$.
#
# ## A batch plus a bias: the gradient sums over the batch axis
#
# Neural networks work on **batches**: $N$ examples at once, each a row of $H$ numbers,
# an array $x$ of shape $(N, H)$. The Affine layer of the next chapters adds a **bias**
# $b$ of shape $(H,)$, one number per column, to every row:
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
# $(N, H)$. Here is `AddLayer` on a batch of $N = 4$ examples with $H = 3$ columns, and an
# upstream gradient chosen with small whole numbers so the sums are easy to follow.

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

add = AddLayer()
out = add.forward(x, b)
dx, db = add.backward(dout)
print("out shape", out.shape, "  dx shape", dx.shape, "  db shape", db.shape)
print("db =", db, "  (each column of dout, summed)")

# %% [markdown]
# `AddLayer` returned `db` with the shape of `b`. It could do so only because it kept `b`
# in `forward`: comparing the shape of `dout`, $(4, 3)$, with the shape of `b`, $(3,)$,
# tells it which axis broadcasting added, and that axis is summed away. That is the whole
# reason an add node keeps its inputs.
#
# Is a sum really right, and not, say, the mean over the batch? Ask the numbers. The loss
# whose upstream gradient is `dout` is $L = \sum_{n,h} \text{out}_{n,h}\,\text{dout}_{n,h}$;
# its numerical gradient with respect to $b$ (central differences, chapter 2) needs no
# idea of broadcasting at all:

# %%
def loss_of_b(b_value):
    return np.sum(AddLayer().forward(x, b_value) * dout)


print("numerical db =", layers.numerical_gradient(loss_of_b, b).round(6))

# %% [markdown]
# The same three numbers. And why does the shape matter? A learning step moves every
# parameter against its gradient, `b - rate * db`. With the right `db` that keeps one bias
# per column. With the unsummed `dout` in its place, numpy would broadcast again, without
# any error, and hand back a $(4, 3)$ array: a different bias for every example, which is
# no longer a layer's parameter at all.

# %%
rate = 0.1
print("b - rate * db   has shape", (b - rate * db).shape)
print("b - rate * dout has shape", (b - rate * dout).shape, " (silently wrong)")

# %% [markdown]
# ### Check
#
# Every number below comes from the math, not from running the code: the shoppers'
# gradients are the other input of each multiply; $\partial L/\partial\,\text{tax} =
# 200 + 0 + 450 + 110 = 760$; `db` is each column of `dout` added up by hand,
# $(1+0+1+2,\ 0+1+1+0,\ 2+1+0+1) = (4, 2, 4)$, and `dx` is `dout`. Then both layers pass
# `layers.gradient_check` (relative error below $10^{-7}$ against central differences)
# with a batch times or plus a row, and with a batch times a single number.

# %%
assert np.array_equal(dapple, apple_num) and np.array_equal(dapple_num, apple)
assert abs(dtax - 760) < 1e-9 and np.allclose(dapple_price, 1.1)
assert np.array_equal(db, [4.0, 2.0, 4.0]) and np.array_equal(dx, dout)
assert np.allclose(layers.numerical_gradient(loss_of_b, b), [4.0, 2.0, 4.0], atol=1e-6)

rng = np.random.default_rng(0)
for layer in (AddLayer(), MulLayer()):
    batch, row = rng.standard_normal((5, 3)), rng.standard_normal(3)
    assert layers.gradient_check(layer, batch, row) < 1e-7       # (N, H) with (H,)
    assert layers.gradient_check(layer, batch, 1.7) < 1e-7       # (N, H) with a number
print("Check passed: dtax = 760, db = (4, 2, 4), and both layers pass the gradient check "
      "on broadcast shapes.")

# %% [markdown]
# ## A derivative is a local, linear estimate
#
# A gradient answers "how fast does $L$ change here?", not "how much does it change over
# a whole step?". The two agree only where $L$ is a straight line, as the shopping price
# is in each single input. Everywhere else the derivative is the slope of the **tangent**:
# a straight-line estimate that is good for small steps and drifts for large ones.
#
# Take $z = t^2$ at $t = 3$. The backward pass of `SquareLayer` gives the slope $2t = 6$,
# so the tangent predicts that a step of $h$ changes $z$ by $6h$. The true change is
# $(3 + h)^2 - 9 = 6h + h^2$. The extra $h^2$ is the bend of the curve: for $h = 1$ it is
# a seventh of the true change, for $h = 0.01$ about a six-hundredth.

# %%
square = SquareLayer()
z0 = square.forward(3.0)
slope = square.backward(1.0)

for h in [1.0, 0.1, 0.01]:
    true_change = SquareLayer().forward(3.0 + h) - z0
    print(f"step {h:<5}: tangent says {slope * h:.6g}, true change {true_change:.6g}, "
          f"gap {true_change - slope * h:.6g}")

# %% [markdown]
# The gap shrinks like $h^2$, much faster than the step itself. That is why a gradient is
# so useful for learning, which takes small steps, and why you should not read it as the
# effect of a step of one whole unit when the function bends. Exercise 3 meets a case
# where this matters.

# %% [markdown]
# ## Summary
#
# - A layer is one graph node as a class: `forward` computes and keeps what `backward`
#   needs; `backward(dout)` returns one gradient per input, each shaped like its input.
# - On arrays the layers work element by element, so one call handles a whole batch.
# - Broadcasting uses one value many times, which is a fan-out: the gradient of the
#   broadcast input is the **sum** over its uses. For a bias, `db = dout.sum(axis=0)`.
# - `AddLayer` keeps its inputs for their shapes: that is how it knows which axes to sum.
# - A derivative is the slope of the tangent: a close estimate for small steps, a poor one
#   for big steps where the function bends.

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
# Write `DivLayer` for $\text{out} = x / y$. Work out the two local derivatives first
# ($\partial\,\text{out}/\partial x = 1/y$, and $\partial\,\text{out}/\partial y = ?$).
# `forward(x, y)` returns `x / y` and stores what `backward` needs; `backward(dout)`
# returns `(dx, dy)`. Do not change `dout` inside `backward`. The check tries your layer
# on numbers, then runs `layers.gradient_check` on it with arrays.

# %%
class DivLayer:
    def forward(self, x, y):
        # YOUR CODE HERE
        return None

    def backward(self, dout):
        # YOUR CODE HERE
        return None, None


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
        # YOUR CODE HERE
        return None

    def backward(self, dout):
        # YOUR CODE HERE
        return None, None


# %%
check.scale_layer(ScaleLayer)


# %% [markdown]
# ### Exercise 3: what does one more friend save?
#
# Three friends share the apples-and-oranges bill of 715 equally:
# $\text{share} = \text{price} / \text{people}$. Write `one_more_friend(price, people)`,
# which returns two numbers:
#
# - `slope`: $\partial\,\text{share}/\partial\,\text{people}$ at the given number of
#   people, from the `backward` of your `DivLayer` (upstream gradient 1);
# - `change`: how much each share really changes when one more friend joins, the new share
#   minus the old one.
#
# Before running the check, predict: which of the two is larger in size, and why?

# %%
def one_more_friend(price, people):
    # YOUR CODE HERE
    return None


# %%
check.one_more_friend(one_more_friend)
