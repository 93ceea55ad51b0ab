# %% [markdown]
# # 4. Simple layers: the two classes, then arrays, batches and broadcasting

# %% [markdown]
# > **Goal:** a graph node as a *layer*, a class whose `forward` keeps what `backward` needs;
# > the gradient of an input that numpy *broadcasts*, such as a bias. **Book:** section 5.4,
# > and the bias sum of section 5.6.2.
# > **You need:** chapter 3 (the backward rules of add and multiply, and the fork rule),
# > chapter 2's numerical gradient and chapter 0's steps downhill (the learning rate).

# %%
import numpy as np
from IPython.display import SVG

from layers import numerical_gradient
from teaching import examples
from teaching.broadcast import BroadcastExplorer, compare_db
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
# node the upper line is `forward`'s first input): `forward` in graph order, then `backward`
# in reverse from 1. Return the five gradients your layers' `backward` gave.

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
# $xW$, of shape $(N, H)$. Below, an array $a$ stands for that product:
# $\text{out}_{n,h} = a_{n,h} + b_h$. Numpy's broadcasting rule: line the shapes up from the
# right and add missing axes in front with size 1. Then, axis by axis, equal sizes stay, a
# size 1 stretches to the other size, and sizes that differ, neither 1, raise an error:
# $(3, 1)$ with $(2, 1, 5)$ gives $(2, 3, 5)$. So your `SimpleAddLayer` runs on `a` and `b`.
#
# **Predict**, for the batch below: take one step downhill (chapter 0) with the `db` that
# `SimpleAddLayer`'s `backward(dout)` returns. Does numpy raise an error at `b - rate * db`?
# If not, what is the shape of `b` after the step? Write it, or `"error"`, into `my_new_b_shape`.

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
reveal(my_new_b_shape, lambda: compare_db(SimpleAddLayer, a, dout, b, rate, {}), name=None)

# %% [markdown]
# `b` is a fork (chapter 3): each of its numbers is used once per row, so its gradient is
# summed over its uses. `SimpleAddLayer`, written for inputs of one shape, hands back the
# $N$ uses unsummed. The book sums them in its Affine layer's backward (section 5.6.2). The
# referee is the numerical gradient of $L = \sum \text{out} \cdot \text{dout}$: its gradient
# at `out` is `dout` itself.

# %%
db = np.sum(dout, axis=0)          # axis 0: down the rows, one term per example
db_numerical = numerical_gradient(lambda v: np.sum((a + v) * dout), b.copy())
print("np.sum(dout, axis=0) =", db, "  numerical:", db_numerical.round(6))

# %% [markdown]
# The explorer runs `layers.AddLayer`, which, unlike the book's, sums back to each input's
# shape; it fades the copies of `b` numpy acts as if it made. A bias may also be a $(1, 3)$
# row: work out its `db` before you press **show db**. Then drag **N** and watch `db` gain
# one row of `dout` per row; switch the shape of `b` to $(3,)$ and compare `db`'s shape.

# %%
BroadcastExplorer(n=2, shape="(1, 3)", show_db=False)

# %% [markdown]
# ## Exercises
#
# After you try: [worked answers](../notebooks/solutions/04_simple_layers_solutions.ipynb).
#
# ### Exercise 1: debug a `sum_to`, then layers for broadcasting
#
# `sum_to(grad, shape)` should sum `grad`, of a layer's output shape, back to `shape`, the
# shape of one input that numpy broadcast. The version below passes the bias case above.
# **Debug it** by tracing, for a `grad` of shape $(4, 1, 3)$. For each input shape among
# $(4, 1, 3)$, $(1, 3)$, $(1, 1, 3)$, $(4, 1, 1)$ and $()$: which axes did numpy add or
# stretch, and which does the code sum? Write the shapes it gets wrong into `my_wrong_shapes`;
# the cell after the check runs it to confirm. Then write a `sum_to` right for every input
# shape that numpy broadcast up to `grad`'s shape, with numpy alone and without writing into `grad`
# (`grad.sum(axis=..., keepdims=True)` keeps a summed axis with size 1).

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
# Then the two layers below, with your `sum_to`: `backward(dout)` returns each input's
# gradient in its shape. An input may be a plain number (a price, 100): `np.shape(x)` takes both.

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

# %% [markdown]
# ## Summary
#
# - A layer is a graph node as a class whose `forward` keeps what `backward` needs; a graph
#   takes one object per node.
# - An input that numpy broadcasts is a fork: its gradient is summed back to its shape
#   (line the shapes up from the right). A missing sum raises nothing: `b - rate * db`
#   quietly turns `b` into the shape of the whole batch.
