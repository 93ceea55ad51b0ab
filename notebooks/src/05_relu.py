# %% [markdown]
# # 5. The ReLU layer

# %% [markdown]
# > **Goal:** ReLU's backward pass as a switch that keeps a mask; why backward must build a new
# > array; what a gradient check says at 0; why a unit closed on every training example stops
# > learning (a dead unit). **Book:** section 5.5.1. **You need:** the chain rule (chapter 2), the
# > max node and gradient checks (chapter 3), `forward`/`backward` (chapter 4), a gradient step
# > (chapter 0).

# %%
import numpy as np

import layers
from teaching.checks import ch05 as check
from teaching.checks.ch05 import reveal_once_right

# %% [markdown]
# ## ReLU is a max node
#
# The rectified linear unit is $\operatorname{relu}(x) = \max(0, x)$: a **max node** whose
# second input is the constant 0. Chapter 3's max node sends the upstream gradient to the
# input that won, so a ReLU node is a **switch**: where $x > 0$ went through, `dout` goes back
# at full strength (its slope is exactly 1, so open ReLUs never shrink it); where 0 won, it
# stops (the price: dead units).
#
# $$y = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{if } x \le 0 \end{cases} \qquad\qquad
# \frac{\partial y}{\partial x} = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{if } x < 0
# \end{cases}$$
#
# At $x = 0$ the graph has a corner and no derivative, so code picks a slope there (any in
# $[0, 1]$ is a valid **subgradient**): this series picks **0**, like the book's ReLU layer. For
# arrays, forward keeps the **mask** $x \le 0$ (a boolean array of the input's shape) for backward.

# %%
class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0                        # where the signal is blocked: all backward needs
        return np.where(self.mask, 0.0, x)        # a new array, zeros at the mask

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)     # blocked at the same places; a new array too


x, dout = np.array([[1.0, -0.5], [-2.0, 3.0]]), np.array([[10.0, 20.0], [30.0, 40.0]])
relu = Relu()
print("forward:", relu.forward(x).tolist(), "  mask x <= 0:", relu.mask.tolist())
print("backward of dout", dout.tolist(), "->", relu.backward(dout).tolist())

# %% [markdown]
# That is the whole layer (later chapters use `layers.Relu`, with input checks). **The switch in
# a neuron.** One unit, $y = \operatorname{relu}(w x + b)$ at $w = 1.5$, $x = 2$, `dout` = 1.
# **Predict** the gradients reaching $w$, $x$, $b$ at $b = -3.5$ and at $b = -2.9$ (`my_switch`).

# %%
my_switch = None              # your prediction: ((dL/dw, dL/dx, dL/db) at b = -3.5, then at -2.9)

reveal_once_right(my_switch, check.relu_switch, lambda: check.show_switch(Relu), "my_switch")

# %% [markdown]
# ## Never write into `dout`
#
# The book's backward zeros the blocked entries of `dout` in place, `dout[self.mask] = 0`, and
# returns that array; its network never notices, as each `dout` there is a fresh matrix product
# nobody else holds. Now let $x$ also go around the ReLU, $y = \operatorname{relu}(x) + x$ (a skip
# connection; the two paths' gradients add, chapter 3). **Predict the `dx` of `InPlaceRelu`** in
# `Skip` for $x = [1, -1]$, `dout` = $[1, 1]$, following `dout` line by line:

# %%
my_dx_skip = None             # your prediction: InPlaceRelu's dx, e.g. [1, 2]


class InPlaceRelu(Relu):
    def backward(self, dout):
        dout[self.mask] = 0.0
        return dout


class Skip:                                           # y = relu(x) + x as one layer
    def __init__(self, make):
        self.relu = make()

    def forward(self, x):
        return self.relu.forward(x) + x

    def backward(self, dout):                         # the add node hands one dout to both paths
        return self.relu.backward(dout) + dout        # through the ReLU, plus around it


reveal_once_right(my_dx_skip, check.skip_dx, lambda: check.show_skip(Skip, InPlaceRelu, Relu),
                  "my_dx_skip")

# %% [markdown]
# ## Gradient checks and the kink
#
# `layers.gradient_check(layer, x)` (chapter 3) compares `backward` with the central difference;
# here `dout` = 1 is given explicitly, so for each element that is
# $\big(\operatorname{relu}(x+h) - \operatorname{relu}(x-h)\big)/2h$. A relative error below
# $10^{-7}$ counts as right.
# **Predict** the central difference at $x = h/2$, with $h = 10^{-5}$ (`my_quotient_near_0`).

# %%
my_quotient_near_0 = None     # your prediction: a number

x_kink = np.array([0.5e-5, 0.0, -1.0, 1.0])     # h/2, the corner, and one point on each side


def show_kink():
    numeric = layers.numerical_gradient(lambda v: Relu().forward(v).sum(), x_kink, h=1e-5)
    relu = Relu()
    relu.forward(x_kink)
    error = layers.gradient_check(Relu(), x_kink, dout=np.ones(4))    # the same dout, ones
    print(f"at x = {x_kink.tolist()}:\nnumerical gradient {numeric.round(4).tolist()}, "
          f"backward {relu.backward(np.ones(4)).tolist()}: relative error {error:.2g}")
    far = layers.gradient_check(Relu(), np.array([-1.0, 1.0, 2.0]), dout=np.ones(3))   # far from 0
    print(f"at x = [-1.0, 1.0, 2.0]: relative error {far:.2g}\nSo within h of the kink a "
          "gradient check fails even on a right layer; farther away it passes.")


reveal_once_right(my_quotient_near_0, check.quotient_near_0, show_kink, "my_quotient_near_0")

# %% [markdown]
# ## Dead units
#
# Over a batch the gradient of $w$ and $b$ is a sum over the samples (chapter 4's bias). One
# unit $\operatorname{relu}(w x + b)$ on 20 inputs learns targets from a live unit,
# $t_i = \operatorname{relu}(0.25 x_i + 0.25)$, with $L = \frac12 \sum_i (y_i - t_i)^2$, so
# `dout` $= y - t$. At $w = 1.5$, two biases:

# %%
rng = np.random.default_rng(0)
xs = rng.uniform(-1.0, 2.0, size=20)          # one input per sample, drawn once
target = np.maximum(0.25 * xs + 0.25, 0.0)


def gradients(w, b):
    z = w * xs + b
    relu = Relu()
    y = relu.forward(z)
    dz = relu.backward(y - target)            # dout = y - t
    return (dz * xs).sum(), dz.sum(), np.count_nonzero(z > 0), 0.5 * ((y - target) ** 2).sum()


for b in (-1.0, -4.0):
    dw, db, passing, _ = gradients(1.5, b)
    print(f"b = {b:4.1f}: {passing:2d} of 20 pass, dL/dw = {dw:.3f}, dL/db = {db:.3f}")
print(f"largest x = {xs.max():.3f}")

# %% [markdown]
# At $b = -4$ the switch is closed for **every** sample, so every term of the sum is 0, though
# every target asks for a larger output. A unit closed on every training example is a **dead
# unit**: while its inputs stay fixed (always, in a first layer), plain gradient descent never
# moves its $w$ and $b$ again. Chapter 8 watches it happen in a real network.
#
# **A step from $b = -1$**, where most passing outputs lie above their targets. **Predict** one
# step at lr 0.1 (chapter 0): the new $w$, the new $b$ and how many samples pass after it.

# %%
my_step = None                # your prediction: (new w, new b, samples passing)


def show_step(w=1.5, b=-1.0, lr=0.1):
    dw, db, _, loss = gradients(w, b)
    w1, b1 = w - lr * dw, b - lr * db
    dw1, db1, passing, loss1 = gradients(w1, b1)
    print(f"after one step: w = {w1:.3f}, b = {b1:.3f}, {passing} pass, dL/dw = {dw1:.3f}, "
          f"dL/db = {db1:.3f}\nL fell from {loss:.4f} to {loss1:.4f}: no warning there")


reveal_once_right(my_step, check.large_step, show_step, "my_step")

# %% [markdown]
# **How large may lr be?** From the same start, with the printed $dL/dw$, $dL/db$ and largest
# $x$: **predict** the edge lr, from which on one step leaves no sample passing (4 significant
# figures).

# %%
my_lr_edge = None             # your prediction: a number, to 4 significant figures

reveal_once_right(my_lr_edge, check.lr_edge, check.show_lr_edge, "my_lr_edge")

# %% [markdown]
# Below the edge the unit survives the first step; does it survive 100? **Write**
# `steps_to_death(lr)`: from $w = 1.5$, $b = -1$, take up to 100 steps with `gradients(w, b)`
# and return the number of steps after which no sample passes (`None` if some still pass).
# Once Right, the cell draws the runs and the unit at step 50 of its lr 0.09 run: press gradient
# step until every point turns grey.

# %%
def steps_to_death(lr):
    raise NotImplementedError("YOUR CODE")


check.reveal_runs(steps_to_death)

# %% [markdown]
# ## Summary
#
# - ReLU is a switch: local derivative 1 where $x > 0$ (`dout` unshrunk), else 0 (mask $x \le 0$).
# - `backward` builds a **new** array; zeroing `dout` in place breaks a skip connection.
# - A gradient check needs inputs at least $h$ from the kink.
# - A unit blocked on every training example gets gradient 0 (a dead unit); while its inputs
#   stay fixed, plain gradient descent never moves it again. One large step can throw it there,
#   and an lr that survives the first step can still kill it later: judge an lr over the run.

# %% [markdown]
# ## Exercises
#
# [Worked answers](../notebooks/solutions/05_relu_solutions.ipynb).
#
# ### Exercise 1: read a suspect ReLU
#
# `SuspectRelu` was meant to be `Relu` written another way. **Read** it (it is only printed
# here) and predict its output and `dx` for $x = [-1, 0, 2, 3]$ and `dout` $= [4, -5, 6, -7]$
# (`my_suspect`; once Right, the cell runs it beside `Relu`).
#
# ```python
# class SuspectRelu:
#     def forward(self, x):
#         self.passing = x > 0
#         return np.maximum(self.passing, 0.0)
#
#     def backward(self, dout):
#         return np.where(self.passing, 1.0, 0.0)
# ```

# %%
my_suspect = None             # your prediction: (output, dx), e.g. ([1, 2, 3, 4], [5, 6, 7, 8])

reveal_once_right(my_suspect, check.suspect_relu, lambda: check.show_suspect(Relu), "my_suspect")

# %% [markdown]
# ### Exercise 2: leaky ReLU
#
# A leaky ReLU lets a small part of the negative inputs through, with a slope $s$ such as 0.01:
# $$y = \begin{cases} x & x > 0 \\ s\,x & x \le 0 \end{cases}$$
#
# 1. Write `LeakyRelu(slope)`, with the same convention at 0 (the mask $x \le 0$); `backward`
#    must not change `dout`.
# 2. The next cell retakes the step from $b = -1$ at lr 0.1 with your layer (after it every
#    $z_i \le 0$, as before) and prints two sums. **Derive** $dz_i$ there in $s$, $z_i$, $t_i$,
#    then $dL/db$ from those sums (`my_leaky`); once Right, it steps on until a $z_i > 0$.

# %%
class LeakyRelu:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


check.leaky_relu(LeakyRelu)

# %%
my_leaky = None               # your prediction: dL/db after the step (a number)


def leaky_step(w, b, lr=0.1):               # "A step from b = -1", with your layer
    leaky = LeakyRelu(0.01)
    dz = leaky.backward(leaky.forward(w * xs + b) - target)
    return w - lr * (dz * xs).sum(), b - lr * dz.sum()


if check.leaky_relu(LeakyRelu):             # only a right layer retakes the step
    w1, b1 = leaky_step(1.5, -1.0)
    print(f"after the step: {np.count_nonzero(w1 * xs + b1 > 0)} pass; sum of z_i = "
          f"{(w1 * xs + b1).sum():.3f}, sum of t_i = {target.sum():.3f}")
leaky_verdict = check.leaky_db(my_leaky, LeakyRelu)
print(leaky_verdict)
if leaky_verdict:
    w, b, steps = w1, b1, 0
    while not np.any(w * xs + b > 0):       # a plain ReLU unit would never leave this loop
        w, b, steps = *leaky_step(w, b), steps + 1
    print(f"a sample passes again after {steps} more steps: w = {w:.3f}, b = {b:.3f}")
