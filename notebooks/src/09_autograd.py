# %% [markdown]
# # 9. An autograd of your own

# %% [markdown]
# > **Goal:** write a `Value` class whose `backward()` does, by itself, what chapters 4 to 8
# > did by hand, and train a small network with it.
# >
# > **Book:** beyond chapter 5. **You need:** chapters 1 to 3 (graphs, the chain rule, add
# > and multiply, forward mode), 4 (the layer classes), 6 (the sigmoid), 7 and 8 (the network).

# %% [markdown]
# ## The idea
#
# In chapters 4 to 8 you wired every network by hand: forward calls in order, backward
# calls in reverse. An *autograd* engine (PyTorch's, or Karpathy's *micrograd*, whose core
# fits in a few dozen lines) does that bookkeeping itself. Every value it computes (a number
# here, a tensor in PyTorch) remembers what it came from and how to send a gradient back.
# So one call, `loss.backward()`, walks the graph from the loss to the inputs.
#
# | chapters 4 to 8 | this chapter |
# |---|---|
# | one layer object per node | one `Value` per number |
# | `MulLayer`'s `forward(x, y)` keeps `x` and `y` | `out` keeps its `parents`, `(self, other)` |
# | `backward(dout)` returns `dx, dy` | `out._backward()` sends `out.grad` on to the parents |
# | we call the `backward`s in reverse, by hand | `backward()` finds that order itself |

# %% [markdown]
# ## Step 1: a number that remembers
#
# A `Value` holds four things. `data` is the number. `grad` is the gradient of the final
# result with respect to it, 0 until a backward pass fills it in. `parents` are the Values it
# was computed from (none for an input). `_backward` is a function of no arguments that will
# send `grad` on to the parents (an input's does nothing). A Value with parents is an
# **operation**. Write `__init__`: `data` a float; `parents` the Values given, in order,
# unchangeable.

# %%
class Value:
    """One number of a computation, with the gradient of the final result with respect to it."""

    def __init__(self, data, parents=()):
        # YOUR CODE HERE: set self.data, self.grad, self.parents and self._backward
        raise NotImplementedError("YOUR CODE")

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"


# %%
from teaching.checks import ch09 as check

check.value(Value)


# %% [markdown]
# ## Step 2: add, with its local backward beside it
#
# `a + b` makes a new Value, `out`, with parents `a` and `b`. In the same breath it defines
# what `out` will do on the way back: a function `_backward` written *inside* `add`. Such a
# **closure** still sees `self`, `other` and `out` when it runs much later, once `out.grad`
# is known. So the backward rule sits beside the operation, as a layer's `backward` beside
# its `forward`. Each closure applies chapter 2's chain rule: a parent's share is `out.grad`
# times the local derivative. For `+` that local derivative is 1 for both inputs (chapter 3).
# One decision is yours: should the closure *set* a parent's `grad`, or *add* to it?

# %%
def add(self, other):
    other = other if isinstance(other, Value) else Value(other)   # v + 1: wrap the number
    out = Value(self.data + other.data, (self, other))

    def _backward():
        # YOUR CODE HERE: send out.grad to self and to other
        raise NotImplementedError("YOUR CODE")

    out._backward = _backward
    return out


# added to the class afterwards: after re-running step 1's cell, re-run this and later cells
Value.__add__ = add
Value.__radd__ = add      # 1 + v: Python asks v to add, with the number as other


# %%
check.add(Value)


# %% [markdown]
# ## Step 3: multiply
#
# Write `mul` after the pattern of `add` (forward value with its parents, closure,
# `out._backward = _backward`, `return out`), with chapter 3's two local derivatives.

# %%
def mul(self, other):
    other = other if isinstance(other, Value) else Value(other)
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


Value.__mul__ = mul


# %%
check.mul(Value)


# %% [markdown]
# ## Step 4: `backward()`, and why the order matters
#
# A closure passes on what its `out.grad` holds *when it runs*. So it may run only once
# every Value that uses `out` has sent its share. In $c = ba$, $d = c + a$, $e = cd$, both
# $a$ and $c$ are used twice, along paths of different lengths.

# %%
from teaching import engine


def tangled(a, b):
    c = b * a
    d = c + a
    e = c * d
    return e


def ten_tangled(a, b):             # ten tangled graphs in a row: each one's e is the next a
    for _ in range(10):
        a = tangled(a, b)
    return a


engine.graph(tangled, a=3.0, b=2.0)     # drawn with the layers of layers.py

# %% [markdown]
# The gradient of $c$ (the red number under $c$) is the sum of two shares: one straight from
# $e$, one through $d$. That is the fan-out sum your `+=` builds. Only once both have arrived may $c$'s
# closure run. Could we do without an order? A pass that never waits sends each share on
# the moment it arrives:
#
# ```
# send_down(v, share):
#     v.grad += share
#     for each parent p of v:  send_down(p, share * dv/dp)
# ```
#
# It gets every gradient right, since shares add up in any order. It pays for the lack of
# order only in cost. Started as `send_down(e, 1)`, it does each Value's
# work once *per path* from $e$ down to it. Predict for `ten_tangled` above: how many times does
# `send_down` run for its first `a`?

# %%
a_calls = None     # YOUR CODE HERE: a number

# %%
engine.show_when(check.per_path(a_calls), engine.send_down_counts, tangled, ten_tangled)

# %% [markdown]
# A pass that waits until a Value's gradient is complete runs each closure **once**: the sum
# at $c$ is computed once and reused by every path below it. That is why one backward pass
# is cheap, and what the order is for.
#
# Your closures, too, send a share, but one worked out from whatever `out.grad` holds when
# they run. Run too early, a closure sends an incomplete share; run twice, it counts its share
# twice. For them the order changes the gradients, not just the cost (exercise 2 shows it).
#
# A **topological order** lists every Value after all the Values it was computed from.
# Reversed, every Value comes after all of its *users* (chapter 8 wrote its list of layers
# in such an order by hand). Write `backward`. First list every Value that `self` depends
# on in a topological order, each once. Use a depth-first walk with a list `order` and a
# set `seen` (Values hash by identity, so a set can hold them):
#
# ```
# visit(v):
#     if v is not in seen:
#         add v to seen
#         visit each parent of v, and append v to order: which first?
# ```
#
# Then *set* the output's `grad` to 1, whatever it held, and run the closures in the order
# they need; every other `grad` is left to the closures' `+=`.

# %%
def backward(self):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


Value.backward = backward


# %%
backward_check = check.backward(Value)
engine.show_when(backward_check, engine.sweep_counts, Value, tangled, ten_tangled)

# %% [markdown]
# ## Step 5: power and exp, and operations made of operations
#
# Write two more the way you wrote `mul`, one parent each, `(self,)`. The first is `a ** k`
# for a plain number `k`: its local derivative is yours to derive (try $k = 2$ and $k = 3$
# first; the check tries negative `k` too). The second is `a.exp()`, $e^a$: which number the
# node already holds is its local derivative? (`math.exp(x)` is $e^x$ of a plain number.)

# %%
import math


def power(self, k):
    # YOUR CODE HERE: k is a plain number, not a Value
    raise NotImplementedError("YOUR CODE")


def exp(self):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


Value.__pow__ = power
Value.exp = exp

# %% [markdown]
# Many operations need no closure of their own. The cell below makes `-`, `/` and the rest
# from yours. Each records the operations it is made of, and backward runs *their* closures.

# %%
Value.__neg__ = lambda self: self * -1                      # -a
Value.__sub__ = lambda self, other: self + (-other)          # a - b
Value.__rsub__ = lambda self, other: (-self) + other         # 3 - a
Value.__rmul__ = lambda self, other: self * other            # 3 * a: Python asks a
Value.__truediv__ = lambda self, other: self * other ** -1   # a / b
Value.__rtruediv__ = lambda self, other: self ** -1 * other  # 3 / a

# %%
check.pow_exp(Value)


# %% [markdown]
# Chapter 6's sigmoid as a plain function, below. Predict from the cell that defines `-` and
# `/`: how many operations does `sigmoid_by_nodes` record on your `Value`? (Step 6's
# `sigmoid` will record one.) The answer runs it beside `layers.py` and central differences.

# %%
def sigmoid_by_nodes(x):
    return 1 / (1 + engine.exp(-x))     # engine.exp(v) is v.exp() on your Value

# %%
sigmoid_ops = None     # YOUR CODE HERE: a number

# %%
engine.show_when(check.sigmoid_nodes(sigmoid_ops),     # your Values beside the layers
                 engine.compare_and_draw, sigmoid_by_nodes, Value, x=2.0)

# %% [markdown]
# ## Step 6: one sigmoid node
#
# Chapter 6 multiplied the local derivatives of its four nodes out to one expression in
# the output $y$ alone. So they can be one node, as `layers.Sigmoid` is. Write `sigmoid`
# with one parent and that local derivative. Any sigmoid formula will do forward: the check
# keeps $|x| \le 3$.

# %%
def sigmoid(self):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


Value.sigmoid = sigmoid

# %%
check.sigmoid(Value)


# %% [markdown]
# ## Step 7: the training loop
#
# One step of gradient descent:
#
# 1. build the loss from the parameters. It is a new graph each step, whose intermediate
#    Values start with `grad` 0;
# 2. set every parameter's `grad` to 0. The parameters outlive the step, and the closures
#    *add* into `grad` (they must, for forks). Without this, each step would use the sum of
#    all the gradients so far;
# 3. `loss.backward()`;
# 4. for every parameter `p`: `p.data -= lr * p.grad`, a small step against the gradient.
#
# Write `train` once, for any model. `loss_of()` builds the loss from the parameters in
# `params`. `train` moves them in place and returns `loss.data` of each step, before its
# update. `zero_grads=False` skips item 2 alone, to watch the bug.

# %%
def train(loss_of, params, lr, steps, zero_grads=True):
    losses = []
    for _ in range(steps):
        # YOUR CODE HERE: items 1 to 4, item 2 only if zero_grads
        raise NotImplementedError("YOUR CODE")
    return losses


# %%
train_check = check.training(train, Value)
train_check

# %% [markdown]
# The cell below checks your `train` with `zero_grads=False`. Then it trains chapter 6's
# neuron $y = \sigma(wx + b)$ at $x = 2$, from $w = 0.5$, $b = 1$, to say $t = 0.2$. The loss
# is $L = (y - t)^2$, lr = 1: 10 steps with item 2 and 10 without.

# %%
def neuron_loss(w, b, x, t):
    y = (w * x + b).sigmoid()
    L = (y - t) ** 2
    return L


no_zeroing_check = check.no_zeroing(train, Value)
engine.show_when(no_zeroing_check, engine.neuron_runs, Value, train, neuron_loss,
                 steps=10, zero_grads=(True, False))

# %% [markdown]
# Predict $z = wx + b$ after 10 more steps without zeroing, from the last three numbers
# printed.

# %%
z20 = None     # YOUR CODE HERE: w x + b after step 20

# %%
engine.show_when(check.piled_up(z20), engine.neuron_runs, Value, train, neuron_loss,
                 steps=20, zero_grads=(False,), needs=[no_zeroing_check])

# %% [markdown]
# Why the loss settles while $z$ runs away: the piled-up grads keep pushing $z$ down. So
# $y = \sigma(z)$ sinks to about 0, and the loss to $(0 - t)^2 = t^2 = 0.04$. There it stays,
# however far $z$ goes.

# %% [markdown]
# ## Step 8: a network, with the same loop
#
# XOR says 1 when exactly one of its two inputs is 1. One sigmoid neuron,
# $y = \sigma(w_1 x_1 + w_2 x_2 + b)$, trained by your `train` on the squared loss summed over
# the four points, cannot get all four right. Predict the summed loss where it stalls.

# %%
stall_loss = None     # YOUR CODE HERE: the summed loss where one neuron stalls

# %%
XOR = [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]     # (x1, x2), target


def one_neuron():
    w1, w2, b = Value(0.5), Value(-0.5), Value(0.0)

    def y(x1, x2):
        return (w1 * x1 + w2 * x2 + b).sigmoid()
    losses = train(lambda: sum((y(*x) - t) ** 2 for x, t in XOR), [w1, w2, b], 2.0, 300)
    print("one neuron, loss every 50 steps:", [round(v, 4) for v in losses[::50]])
    print("its answers:", [round(y(*x).data, 3) for x, _ in XOR])


engine.show_when(check.stall(stall_loss), one_neuron, needs=[train_check])

# %% [markdown]
# A hidden layer of three sigmoid units can. Write that 2-3-1 network with Values, for one
# point $(x_1, x_2)$. The hidden units are the sigmoids of chapter 7's `x @ W1 + b1` for the
# row $x = (x_1, x_2)$ (`W1` 2 rows of 3 Values, `b1` 3 Values). The output is the sigmoid of
# the same with `W2` (3 Values) and `b2`. The check runs four steps of your `train` on it
# against `layers.Affine` and `layers.Sigmoid`. Then the cell trains it 300 steps from
# standard normal weights. Beside the loss: the largest |hidden input| over points and units.

# %%
def network(x1, x2, W1, b1, W2, b2):
    # YOUR CODE HERE: the list h of the three hidden units, then return y
    raise NotImplementedError("YOUR CODE")


def network_loss(W1, b1, W2, b2):      # summed over the four points (0 + Value: __radd__)
    return sum((network(x1, x2, W1, b1, W2, b2) - t) ** 2 for (x1, x2), t in XOR)


# %%
network_check = check.network(train, Value, network_loss)
engine.show_when(network_check,    # seed 0, biases 0, 300 steps of your train at rate 2
                 engine.xor_training, Value, train, network, network_loss)

# %% [markdown]
# The loss first sits on a plateau. It leaves it once the largest |hidden input| passes
# about 2 (dashed). Why the plateau: inputs within about $\pm 1$ sit on the sigmoid's nearly
# straight middle. So three nearly linear units compute nearly one linear function. The
# network first finds what one neuron can (the inputs shrink on the way). Its gradient there
# is small but not 0 and grows the inputs until the units bend apart; then rate 2 zigzags.
#
# Now start from a $W_1$ fifteen times larger, all else the same (seed 0). Several hidden
# inputs then start on the sigmoid's flat ends, where $\sigma'$ is nearly 0 (chapter 6's
# saturation). The output first fits what the hidden values tell apart. Then the saturated
# units barely move, and training pushes the others onto the flat ends too. The hidden values
# of $(0, 1)$, $(1, 0)$ and $(1, 1)$ end nearly the same. Predict the summed loss at step 300.
# (The answer also counts, over 20 seeds, how many starts of each size solve XOR.)

# %%
end_loss = None     # YOUR CODE HERE: the summed loss at step 300

# %%
engine.show_when(check.saturated(end_loss),     # the same run, W1 times 1 and times 15
                 engine.xor_scales, Value, train, network, network_loss, needs=[network_check])

# %% [markdown]
# ## One sweep for all the weights
#
# The cell below builds a layer of 64 inputs to 10 units on a batch of 4 with your Values.
# For each example and unit: the bias plus the 64 products $x_i w_{ij}$, one at a time. Each
# unit is then added into $L$, the sum of the 40 outputs. One backward sweep runs each closure
# once and gives $\partial L / \partial w$ for every weight. Chapter 3's forward mode carries
# one input's derivative per pass: how many passes does it need for all the weights?

# %%
weight_passes = None     # YOUR CODE HERE: forward mode's passes


# %%
engine.show_when(check.forward_passes(weight_passes),   # the layer's operations
                 engine.cost_report, Value, needs=[backward_check])

# %% [markdown]
# ## Summary
#
# - A `Value` keeps `data`, `grad`, `parents` and a closure beside its forward line; closures
#   add (`+=`), so a fork gets both shares.
# - `backward()` runs each closure once, in reversed topological order; path by path, the
#   work multiplies with the paths.
# - Operations can be made of operations (`-`, `/`) or fused into one node (`sigmoid`).
# - Training: build the loss, zero the parameters' gradients, backward, step.
# - One neuron cannot learn XOR; a 2-3-1 network can. Started 15 times larger, it saturates
#   and far fewer starts solve XOR.
# - Forward mode needs one pass per weight; one backward sweep gives every weight's gradient.

# %% [markdown]
# ## Exercises
#
# Worked answers, an extra (backward called twice on one graph) and the whole class in one
# cell: [09_autograd_solutions](../notebooks/solutions/09_autograd_solutions.ipynb).
#
# ### Exercise 1: division as one node
#
# Step 5 made `a / b` from two nodes, `b ** -1` and a multiply. Derive on paper the local
# derivatives of $q = a/b$ itself, $\partial q/\partial a$ and $\partial q/\partial b$; then
# write `truediv` as **one** operation with parents `(self, other)`. The check also divides
# a Value by itself: first, what gradient should `x / x` send back to `x`?

# %%
x_over_x_grad = None     # YOUR CODE HERE: a number

# %%
engine.show_when(check.x_over_x(x_over_x_grad), engine.x_over_x_nearby)

# %%
def truediv(self, other):
    other = other if isinstance(other, Value) else Value(other)
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


Value.__truediv__ = truediv

# %%
check.divide(Value)

# %% [markdown]
# ### Exercise 2: a backward pass that goes level by level
#
# A classmate skipped the depth-first walk. Their `backward` visits the Values breadth
# first (the output, its parents, *their* parents, ...). It runs each closure the first
# time it meets a Value. It looks like a reverse order and runs without an error.
#
# Run it by hand on step 4's tangled graph at $a = 1$, $b = 2$. In which order does it visit
# $a, b, c, d, e$? What does `c.grad` hold when $c$'s closure runs? Which `a.grad` and
# `b.grad` come out? Once the check says Right, its cell runs it on your `Value`.

# %%
def backward_level_by_level(self):
    order, seen, queue = [], set(), [self]
    while queue:
        v = queue.pop(0)                 # first in, first out: level by level
        if v not in seen:
            seen.add(v)
            order.append(v)
            queue.extend(v.parents)
    self.grad = 1.0
    for v in order:
        v._backward()


levels = {"order": None,      # YOUR CODE HERE: the five names in visiting order, as a string
          "c_holds": None,    # c.grad when c's closure runs
          "a": None, "b": None}

# %%
engine.show_when(check.breadth_first(levels), engine.closure_order,
                 tangled, Value, backward=backward_level_by_level, a=1.0, b=2.0)
