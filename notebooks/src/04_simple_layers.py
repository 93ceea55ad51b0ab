# %% [markdown]
# # 4. Simple layers: the two classes, then arrays, batches and broadcasting

# %% [markdown]
# > **Goal:** a graph node as a *layer*, a class whose `forward` keeps what `backward` needs;
# > the gradient of an input that numpy *broadcasts*, such as a bias; how the batch size
# > meets the learning rate. **Book:** section 5.4, and the bias sum of section 5.6.2.
# > **You need:** chapter 3 (the backward rules of add and multiply, and the fork rule),
# > chapter 2's numerical gradient and chapter 0's steps downhill (the learning rate).

# %%
import numpy as np
from IPython.display import SVG

from layers import numerical_gradient
from teaching import examples
from teaching.broadcast import BroadcastExplorer, compare_db, mean_loss_steps, rerun
from teaching.checks import ch04 as check
from teaching.drawing import to_svg
from teaching.reveal import reveal

# %% [markdown]
# ## From a node to a layer: two small classes
#
# A graph node written as a class is a *layer*: `forward(x, y)` computes the output and
# **keeps** what the backward pass will need; `backward(dout)` returns one gradient per
# input, in the order of `forward`'s inputs. `SimpleMulLayer` below is the book's `MulLayer`,
# shortened. **Warm-up:** below it, write its add twin, `SimpleAddLayer`, for
# $\text{out} = x + y$, one line in each method, from the add node's two local derivatives.
# Each check answers **Right** or **Not yet** with a hint.

# %%
class SimpleMulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class SimpleAddLayer:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.simple_add_layer(SimpleAddLayer)

# %% [markdown]
# **Wire the shopping graph** below with your two classes, one object per node (at each
# node the upper line is `forward`'s first input). Run `forward` in graph order, then
# `backward` in reverse from 1, handing each layer the gradient of its own output. Return
# the five gradients your layers' `backward` gave: prices, counts and tax.

# %%
SVG(to_svg(examples.apples_oranges_graph(), grads=False))

# %%
def shop_gradients():
    # YOUR CODE HERE: return {"dapple": ..., "dapple_num": ..., "dorange": ...,
    #                         "dorange_num": ..., "dtax": ...}
    raise NotImplementedError("YOUR CODE")


# %%
check.apple_orange(shop_gradients)

# %% [markdown]
# Why one object per node? **Predict:** one `SimpleMulLayer` used for both fruits,
# `forward(100, 2)` for the apples, then `forward(150, 3)` for the oranges; what does its
# `backward(1.1)` give for `dapple`? Write it into `my_dapple`.

# %%
my_dapple = None   # YOUR CODE HERE: your prediction of dapple, one number

# %%
check.predicted_shared(my_dapple)

# %%
shared = SimpleMulLayer()
shared.forward(100, 2)            # the apples...
shared.forward(150, 3)            # the oranges
reveal(my_dapple, lambda: print("dapple from the shared layer =",
                                round(shared.backward(1.1)[0], 4)), name=None)

# %% [markdown]
# A layer keeps only the inputs of its latest `forward`: a shared one overwrites them with
# no error and returns a wrong gradient (chapter 10 catches this slip in a network).
#
# ## A batch plus a bias
#
# Neural networks work on **batches**: $N$ examples at once. The Affine layer of chapter 7
# adds a **bias** $b$ of shape $(H,)$, one number per column, to every row of its product
# $xW$, an array of shape $(N, H)$; below, an array $a$ stands for that product:
# $\text{out}_{n,h} = a_{n,h} + b_h$. Numpy broadcasts $b$ down the $N$ rows, so your
# `SimpleAddLayer` runs on `a` and `b` as they are. **Predict**, for the batch below: take
# one step downhill (chapter 0) with the `db` that `SimpleAddLayer`'s `backward(dout)`
# returns. Does numpy raise an error at `b - rate * db`? If not, what is the shape of `b`
# after the step? Write that shape, or `"error"`, into `my_new_b_shape`.

# %%
a = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5],
              [-2.0, 1.0, 1.0], [0.0, 2.5, -1.5]])   # N = 4 examples, H = 3 columns
b = np.array([0.1, -0.2, 0.3])                     # one bias per column
dout = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0],
                 [1.0, 1.0, 0.0], [2.0, 0.0, 1.0]])   # dL/dout, from the rest of the graph
rate = 0.1
my_new_b_shape = None   # YOUR CODE HERE: a shape, such as (2, 5), or "error"

# %%
check.new_bias_shape(my_new_b_shape)

# %%
# the referee: the numerical gradient of L = sum(out * dout), whose gradient at out is dout
db_numerical = numerical_gradient(lambda v: np.sum((a + v) * dout), b.copy())
reveal(my_new_b_shape, lambda: compare_db(SimpleAddLayer, a, dout, b, rate,
                                          {"numerical": db_numerical}), name=None)

# %% [markdown]
# `b` is a fork (chapter 3): each of its numbers is used once per row, so its gradient is
# summed over its uses. `SimpleAddLayer`, written for inputs of one shape, hands back the
# $N$ uses unsummed. A bias may also be a $(1, 3)$ row, or an $(N, 1)$ column, one number
# per row. **Predict** `db`'s shape for the biases $(3,)$, $(1, 3)$ and $(4, 1)$ on the
# $(4, 3)$ batch above.

# %%
my_db_shapes = None   # YOUR CODE HERE: three shapes, for the biases (3,), (1, 3), (4, 1)

# %%
check.db_shapes(my_db_shapes)

# %% [markdown]
# The book sums in its Affine layer's backward (section 5.6.2): `db = np.sum(dout, axis=0)`.
# The explorer (shown once your shapes are right) runs `layers.AddLayer`, which sums too: it
# draws the copies numpy reads (faded: numpy never makes them) and `dout` summed into `db`.
# Press **show db** for each shape, then drag **N** and watch each new row join `db`.

# %%
reveal(my_db_shapes if check.db_shapes(my_db_shapes) else None,
       lambda: BroadcastExplorer(n=2, shape="(1, 3)", show_db=False), name=None)

# %% [markdown]
# ## Exercises
#
# Worked answers, after you try:
# [the solutions notebook](../notebooks/solutions/04_simple_layers_solutions.ipynb).
#
# ### Exercise 1: debug a `sum_to`, then layers for broadcasting
#
# `sum_to(grad, shape)` should sum `grad`, of a layer's output shape, back to `shape`, the
# shape of one input that numpy broadcast. The version below passes the bias case above,
# $(3,)$ added to $(4, 3)$. **Predict first**, by tracing it on the output gradient `grad` of
# shape $(4, 1, 3)$: for which input shapes among $(4, 1, 3)$, $(1, 3)$, $(1, 1, 3)$,
# $(4, 1, 1)$ and $()$ does it not return that input's gradient? Write them into
# `my_wrong_shapes`. Then fix it: write a `sum_to` right for every pair of shapes numpy can
# broadcast (three axes too), with numpy alone and without writing into `grad`.

# %%
def buggy_sum_to(grad, shape):
    extra = grad.ndim - len(shape)
    return grad.sum(axis=tuple(range(extra)))    # sums over the axes in this tuple


grad = np.arange(12.0).reshape(4, 1, 3)   # the numbers 0 to 11
my_wrong_shapes = None   # YOUR CODE HERE: a list of shapes, such as [(2, 5), (7,)]

# %%
check.buggy_shapes(my_wrong_shapes)

# %%
shapes = [(4, 1, 3), (1, 3), (1, 1, 3), (4, 1, 1), ()]
reveal(my_wrong_shapes, lambda: print(*(f"{s}: buggy_sum_to returns {buggy_sum_to(grad, s).shape}"
                                        for s in shapes), sep="\n"), name=None)

# %%
def sum_to(grad, shape):
    raise NotImplementedError("YOUR CODE")


# %%
check.sum_to(sum_to)

# %% [markdown]
# Then give both layers the sum they lack: `BroadcastAddLayer` and `BroadcastMulLayer`, whose
# `backward(dout)` returns each input's gradient in that input's shape, with your `sum_to`.
# **Predict first:** one apple price shared by four shoppers' counts, bills = price * counts,
# and the bills get the gradient `w` below; what is `dprice`? Write it into `my_dprice`.

# %%
price, counts = 100.0, np.array([2.0, 0.0, 5.0, 1.0])   # bills = price * counts
w = np.array([1.0, 2.0, 1.0, 3.0])                       # dL/dbills
my_dprice = None   # YOUR CODE HERE: your prediction of dprice

# %%
check.dprice(my_dprice)

# %%
class BroadcastAddLayer:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


class BroadcastMulLayer(SimpleMulLayer):     # forward as before: it keeps x and y
    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


# %%
check.broadcast_layers(BroadcastAddLayer, BroadcastMulLayer)

# %%
# your layer on the shared price, beside the numerical gradient
dprice_numerical = numerical_gradient(lambda p: np.sum(p * counts * w), price)
rerun(BroadcastMulLayer, {"price": price, "counts": counts}, w, {"dprice": dprice_numerical})

# %% [markdown]
# ### Exercise 2: the batch size and the learning rate
#
# Let the rest of the graph send the bias section's `out` $= a + b$ the gradient $g$ below:
# $L_\text{sum} = \sum_{n,h} \text{out}_{n,h}\, g_{n,h}$. Chapter 7's loss is the mean,
# $L_\text{mean} = L_\text{sum} / N$. For the bias `b` of shape $(3,)$, predict:
#
# - `"db_mean"`: `db` of $L_\text{mean}$ on the $N = 4$ rows of $g$;
# - `"step_sum_64"`: the step `rate * db` of $L_\text{sum}$ at rate 0.01 on 64 rows, the four
#   rows of $g$ repeated 16 times;
# - `"rate_sum_64"`: the rate at which $L_\text{sum}$ takes the same step on those 64 rows
#   as $L_\text{mean}$ at rate 0.01.

# %%
g = np.array([[2.0, 1.0, 0.0], [3.0, 0.0, 1.0],
              [1.0, 2.0, 0.0], [2.0, 1.0, 1.0]])   # L_sum's g, shape (4, 3)
my_batch = {
    "db_mean": None,          # YOUR CODE HERE: three numbers
    "step_sum_64": None,      # YOUR CODE HERE: three numbers
    "rate_sum_64": None,      # YOUR CODE HERE: one number
}

# %%
check.batch_steps(my_batch)

# %%
reveal(my_batch, lambda: mean_loss_steps(g, BroadcastAddLayer, batches=(4, 16, 64)), name=None)

# %% [markdown]
# ## Summary
#
# - A layer is a graph node as a class whose `forward` keeps what `backward` needs; a graph
#   takes one object per node.
# - An input that numpy broadcasts is a fork: its gradient is summed back to its shape.
# - A summed loss's `db` grows with the batch size $N$; the mean divides by $N$, so a step
#   at a given learning rate keeps its scale whatever $N$.
