# %% [markdown]
# # 5. The ReLU layer

# %% [markdown]
# > **Goal:** write the ReLU layer's backward pass as a switch that returns a new array. **Book:** section 5.5.1. **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below. **Changed `layers.py`?** Restart the kernel (*Kernel → Restart Kernel*) so this notebook sees your edit. **Your answers** live in your own copy of this notebook (`my-notebooks/`); `make fresh CHAPTER=05` gives you a clean one.

# %% [markdown]
# **What you will learn**
#
# - the ReLU function, its derivative, and the convention at $x = 0$;
# - how a boolean *mask* stores which inputs were blocked, and how `backward` reuses it;
# - why `backward` must never change the `dout` it is given: a short version that does,
#   why the book's network never notices, where it does give wrong gradients, and the fix;
# - why a gradient check must stay away from the kink at 0.

# %% [markdown]
# ## ReLU and its derivative
#
# The rectified linear unit lets positive inputs through and replaces the rest by zero:
#
# $$y = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{if } x \le 0 \end{cases}
# \qquad\qquad
# \frac{\partial y}{\partial x} = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{if } x \le 0 \end{cases}$$
#
# At exactly $x = 0$ the graph has a corner and no derivative exists. Code has to pick a
# value; `layers.Relu` picks 0, like the book's ReLU layer. (The book's helper function
# `relu_grad` picks 1 instead. Either is fine as long as one program uses one choice.)
#
# By the chain rule, the backward pass multiplies the upstream gradient by that local
# derivative: $\partial L/\partial x = \text{dout}$ where $x > 0$, and $0$ elsewhere. A ReLU
# node is a **switch**. Where the signal went through in the forward pass, the gradient
# goes back unchanged; where the signal was blocked, the gradient is blocked too.
#
# ![ReLU (left) and its gradient (right)](../images/relu_plot.svg)

# %%
import numpy as np

import layers
from layers import Relu

# %% [markdown]
# ## The mask
#
# For arrays, "where was the input blocked" is a boolean array of the same shape: the
# mask $x \le 0$. The forward pass computes it once and keeps it; the backward pass only
# needs the mask, not $x$ itself.

# %%
x = np.array([[1.0, -0.5],
              [-2.0, 3.0]])
mask = x <= 0
print("mask = x <= 0:")
print(mask)
print("forward, zeros where the mask is True:")
print(np.where(mask, 0.0, x))

# %% [markdown]
# `layers.Relu` does exactly this. Give its `backward` an upstream gradient with four
# different numbers, so that you can see which ones get through:

# %%
relu = Relu()
out = relu.forward(x)
dout = np.array([[10.0, 20.0],
                 [30.0, 40.0]])
dx = relu.backward(dout)
print("out =", out.tolist())
print("dx  =", dx.tolist())

# %% [markdown]
# Only 10 (at $x = 1$) and 40 (at $x = 3$) pass; the gradients at the two blocked
# places are 0.
#
# ## A backward that changes its input
#
# The shortest way to write the backward pass is to set the blocked entries of `dout` to
# zero and return it. The book's ReLU does this, and so do many copies of it. The numbers
# it returns are right. The problem is *where* it writes them: into the caller's array.

# %%
class NaiveRelu:
    """Correct forward, correct numbers backward, and one hidden side effect."""

    def forward(self, x):
        self.blocked = x <= 0
        return np.maximum(x, 0.0)

    def backward(self, dout):
        dout[self.blocked] = 0.0   # the bug: this writes into the array the caller owns
        return dout


dout = np.array([[10.0, 20.0],
                 [30.0, 40.0]])
naive = NaiveRelu()
naive.forward(x)
dx = naive.backward(dout)
print("dx            =", dx.tolist())
print("caller's dout =", dout.tolist(), " <- it was [[10, 20], [30, 40]]")
print("dx is dout:", dx is dout)

# %% [markdown]
# ### Harmless in the book's network
#
# An edited `dout` only hurts if somebody reads that array again. In the book's own code
# nobody does. Its `AddLayer` returns `dout * 1` for each input: two new arrays, one per
# branch. And in its two-layer network the `dout` that reaches ReLU always comes straight
# from the affine layer above it, a matrix product computed just for this call that nothing
# else holds. So in the book the defect never fires.
#
# To see that, take two ReLUs whose outputs are added,
#
# $$L = \operatorname{sum}\big(\operatorname{relu}(a) + \operatorname{relu}(b)\big).$$
#
# The right answer is easy to read off: $\partial L/\partial a$ is 1 where $a > 0$,
# and $\partial L/\partial b$ is 1 where $b > 0$. Run it backward with an add node in
# the book's style, which hands each branch an array of its own:

# %%
a = np.array([[1.0, -0.5], [-2.0, 3.0]])
b = np.array([[-1.0, 2.0], [0.5, -3.0]])


def add_backward_book_style(dout):
    return dout * 1, dout * 1   # two new arrays: each branch may do what it likes with its own


relu_a, relu_b = NaiveRelu(), NaiveRelu()
relu_a.forward(a)
relu_b.forward(b)
da_sum, db_sum = add_backward_book_style(np.ones((2, 2)))
da_own = relu_a.backward(da_sum)
db_own = relu_b.backward(db_sum)
print("naive, own arrays     da =", da_own.tolist(), "  right: [[1, 0], [0, 1]]")
print("naive, own arrays     db =", db_own.tolist(), "  right: [[0, 1], [1, 0]]")

# %% [markdown]
# ### Where it bites: one array used twice
#
# The defect fires as soon as one gradient array is used twice on the way back. That is
# easy to write by hand: "the add node passes the gradient on unchanged", so the backward
# pass of the sum above can give the very same `dout` to both ReLUs. Chapter 7 shows the
# same trap in a skip connection, $\operatorname{relu}(x) + x$, where `dout` goes to the
# ReLU and is also used directly.

# %%
dout = np.ones((2, 2))
relu_a, relu_b = NaiveRelu(), NaiveRelu()
relu_a.forward(a)
relu_b.forward(b)
da_shared = relu_a.backward(dout)
db_shared = relu_b.backward(dout)     # receives the array relu_a has already edited
print("naive, one array      da =", da_shared.tolist(), "  right: [[1, 0], [0, 1]]")
print("naive, one array      db =", db_shared.tolist(), "  right: [[0, 1], [1, 0]]")

# %% [markdown]
# Both gradients come out all zero. `relu_a` zeroed the places where $a \le 0$ in the
# shared array; `relu_b` then got that edited array and zeroed the places where $b \le 0$.
# Nothing was left. Also, `da` and `db` are one array, so even `da` was overwritten after
# it was returned. No error was raised: the network would simply stop learning.
#
# ## The fix: build a new array
#
# `backward` should compute a *new* array and leave `dout` alone. `layers.Relu` uses
# `np.where(mask, 0, dout)`, which always builds a new array. (`dout * ~mask` would work
# too; `dout.copy()` followed by the assignment also works, at the cost of one more copy.)
# Then a layer is right whoever else holds its `dout`. Same graph, one shared array, real
# layers:

# %%
dout = np.ones((2, 2))
relu_a, relu_b = Relu(), Relu()
relu_a.forward(a)
relu_b.forward(b)
da = relu_a.backward(dout)
db = relu_b.backward(dout)
print("layers.Relu, one array da =", da.tolist())
print("layers.Relu, one array db =", db.tolist())
print("shared dout afterwards:", dout.tolist())

# %% [markdown]
# ## Gradient checks and the kink
#
# A gradient check compares `backward` with the central difference
# $\big(f(x+h) - f(x-h)\big)/2h$. For ReLU this works everywhere except near 0: if $x$ is
# closer to 0 than $h$, the two sample points fall on both sides of the corner and the
# difference quotient lands somewhere between 0 and 1. At $x = 0$ itself it is exactly
# $\big(h - 0\big)/2h = 0.5$, while `backward` says 0. So we draw test inputs away from
# the kink:

# %%
rng = np.random.default_rng(0)
x_far = rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(0.1, 2.0, size=(3, 4))
error_far = layers.gradient_check(Relu(), x_far)
print("away from 0: relative error below 1e-7?", error_far < 1e-7)

x_kink = np.array([0.0, -1.0, 1.0])
numeric = layers.numerical_gradient(lambda v: Relu().forward(v).sum(), x_kink, h=1e-5)
relu = Relu()
relu.forward(x_kink)
print("at the kink: numerical gradient", numeric.round(4).tolist(),
      " backward:", relu.backward(np.ones(3)).tolist())
print("             relative error", f"{layers.gradient_check(Relu(), x_kink, dout=np.ones(3)):.2f}")

# %% [markdown]
# An error that large does not mean the layer is wrong: at a corner there is no
# derivative for the numerical gradient to approximate. Keep test inputs at least a few
# $h$ away from 0.
#
# ### Check
#
# Everything above, as assertions with numbers from the math: the mask of the book's
# example, which gradients pass, the derivative 0 at $x = 0$, the caller's `dout` left
# intact, and the two-branch example with one shared array.

# %%
x = np.array([[1.0, -0.5], [-2.0, 3.0]])
dout = np.array([[10.0, 20.0], [30.0, 40.0]])
dout_before = dout.copy()
relu = Relu()
assert (relu.forward(x) == np.array([[1.0, 0.0], [0.0, 3.0]])).all()
assert (relu.mask == np.array([[False, True], [True, False]])).all()
assert (relu.backward(dout) == np.array([[10.0, 0.0], [0.0, 40.0]])).all()
assert (dout == dout_before).all(), "Relu.backward changed the caller's dout"

at_zero = Relu()
at_zero.forward(0.0)
assert at_zero.backward(1.0) == 0.0          # the convention at the kink

right_da = np.array([[1.0, 0.0], [0.0, 1.0]])   # 1 where a > 0
right_db = np.array([[0.0, 1.0], [1.0, 0.0]])   # 1 where b > 0
assert (da_own == right_da).all() and (db_own == right_db).all()      # book style: harmless
assert (da_shared == 0).all() and (db_shared == 0).all()             # one array: all lost
assert (da == right_da).all() and (db == right_db).all()              # layers.Relu: right
assert layers.gradient_check(Relu(), x_far) < 1e-7
print("Check passed: mask [[F, T], [T, F]], dx [[10, 0], [0, 40]], dout unchanged, "
      "both branches right with layers.Relu.")

# %% [markdown]
# ## Try it
#
# Move `x` to slide along the ReLU, and the upstream gradient `dout` to scale what comes
# back. The left plot shows $y = \operatorname{relu}(x)$; the right plot shows the
# gradient that reaches $x$, $\text{dx} = \text{dout}\cdot\partial y/\partial x$, with the
# current point marked. Things to try: cross 0 and watch `dx` jump between 0 and `dout`;
# set `dout` negative; put `x` exactly at 0.

# %%
from teaching import plots

plots.ReluExplorer(x=-1.0, dout=1.5)

# %% [markdown]
# **ReLU as a node of a graph.** Inside a network the ReLU sits after a weighted sum:
# $y = \mathrm{relu}(w x + b)$. This explorer asks before it tells: for the node about to
# run backward, type the gradient you expect on each of its inputs and press **Check**.
# Predict the ReLU node first, then move `b` below $-3$ (the ReLU closes) and predict again.

# %%
from teaching import examples
from teaching.explorer import GraphExplorer

GraphExplorer(examples.relu_graph(), predict=True)

# %% [markdown]
# ## Summary
#
# - ReLU passes positive inputs and zeros the rest; its local derivative is 1 for $x > 0$
#   and 0 otherwise (0 at $x = 0$ by our convention).
# - The forward pass stores the mask $x \le 0$; the backward pass zeros the upstream
#   gradient wherever the mask is True.
# - `backward` must return a new array. Writing zeros into `dout` gives right-looking
#   numbers. In the book's own network that is harmless, because every `dout` is a fresh
#   array; as soon as one array is used twice, the gradients are silently wrong.
# - Gradient checks need inputs away from the kink at 0.

# %% [markdown]
# ## Exercises
#
# Each exercise has a code cell with `# YOUR CODE HERE`, then a check cell that shows
# **Right** or **Not yet** with a hint. Worked answers:
# [05_relu_solutions](../notebooks/solutions/05_relu_solutions.ipynb). The checks use
# numpy arrays, so your layers only need to handle arrays.
#
# ### Exercise 1: find the bugs
#
# `SuspectRelu` below combines **two** bugs, each found in copies of the book's code that
# circulate online (one of them is also in the book's own ReLU). Find them: run `layers.gradient_check(SuspectRelu(), x_far)` and look at
# the number, then call `backward` on an array you keep a copy of and compare. Then
# write `FixedRelu` with both bugs fixed.

# %%
class SuspectRelu:
    def forward(self, x):
        self.blocked = x <= 0
        return (x > 0) * 1

    def backward(self, dout):
        dout *= ~self.blocked
        return dout


# %%
class FixedRelu:
    def forward(self, x):
        # YOUR CODE HERE
        return None

    def backward(self, dout):
        # YOUR CODE HERE
        return None


# %%
from teaching.checks import ch05 as check

check.fixed_relu(FixedRelu)


# %% [markdown]
# ### Exercise 2: leaky ReLU
#
# A leaky ReLU lets a small part of the negative inputs through, so the gradient there is
# small instead of 0:
#
# $$y = \begin{cases} x & x > 0 \\ s\,x & x \le 0 \end{cases}$$
#
# with a slope $s$ such as 0.01. Work out $\partial y/\partial x$, then write the layer.
# `LeakyRelu(slope)` keeps the slope; `backward` must not change `dout`.

# %%
class LeakyRelu:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        # YOUR CODE HERE
        return None

    def backward(self, dout):
        # YOUR CODE HERE
        return None


# %%
check.leaky_relu(LeakyRelu)


# %% [markdown]
# ### Exercise 3: ReLU6, a switch with two sides
#
# Some networks clip the ReLU at 6: $y = \min(\max(x, 0), 6)$. Now the input can be
# blocked on two sides. Store a mask in `forward` that says where the gradient passes,
# and use it in `backward`. (At exactly 0 and 6 use the gradient 0.)

# %%
class Relu6:
    def forward(self, x):
        # YOUR CODE HERE
        return None

    def backward(self, dout):
        # YOUR CODE HERE
        return None


# %%
check.relu6(Relu6)
