# %% [markdown]
# # 7. Common mistakes, and the checks that catch them

# %% [markdown]
# > **Goal:** recognise six classic backpropagation bugs by what they print, and catch each one with a check. **Book:** sections 5.4, 5.5 and 5.7. **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below. **Changed `layers.py`?** Restart the kernel (*Kernel → Restart Kernel*) so this notebook sees your edit. **Your answers** live in your own copy of this notebook (`my-notebooks/`); `make fresh CHAPTER=07` gives you a clean one.

# %% [markdown]
# **What you will learn**
#
# - ten bugs that nearly everybody writes once while implementing backpropagation (the last
#   four come with the network of chapters 8 and 9);
# - what each one looks like when it happens: the wrong numbers below are printed **on purpose**;
# - why each one happens, in a few sentences;
# - a check from `teaching/checks/ch10.py` that catches each one and says what to change.
#
# Every section has the same parts: the mistake in code, what it prints, why, and the check
# that catches it. This chapter prints numbers rather than drawing figures.

# %%
import importlib
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

from teaching.checks import ch10 as check
import layers
from layers import AddLayer, MulLayer

# %% [markdown]
# ## Mistake 1: a ReLU backward that edits the caller's `dout`
#
# ReLU's backward pass sets the gradient to zero wherever the input was $\le 0$. The
# shortest way to write that is to assign zeros into `dout` through the mask and return it.
# The numbers it returns are right, which is why this bug survives for a long time.

# %%
class InPlaceRelu:
    """ReLU whose backward writes into the array it is given (the mistake)."""

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0      # changes the caller's array
        return dout


x = np.array([[1.0, -0.5], [-2.0, 3.0]])
relu = InPlaceRelu()
relu.forward(x)
dout = np.array([[1.0, 2.0], [3.0, 4.0]])
dx = relu.backward(dout)
print("dx  :", dx.tolist())
print("dout:", dout.tolist(), " <- the caller's upstream gradient has changed")

# %% [markdown]
# **Why it matters.** The caller may still need `dout`. Take $y = \mathrm{ReLU}(x) + x$, a
# "skip connection": the add node hands the same upstream gradient to both branches, so
# $\partial L/\partial x = \text{dout}\cdot[x > 0] + \text{dout}$. If the ReLU branch runs
# first and zeroes `dout`, the skip branch receives the damaged array:

# %%
def skip_connection_grad(relu_layer, x, dout):
    relu_layer.forward(x)
    dx_relu = relu_layer.backward(dout)   # branch 1: through the ReLU
    dx_skip = dout                        # branch 2: the add node passes dout on unchanged
    return dx_relu + dx_skip


dout_value = [[1.0, 2.0], [3.0, 4.0]]
wrong = skip_connection_grad(InPlaceRelu(), x, np.array(dout_value))
right = skip_connection_grad(layers.Relu(), x, np.array(dout_value))
print("in-place ReLU:", wrong.tolist())
print("layers.Relu  :", right.tolist())

# %% [markdown]
# By hand: where $x > 0$ the gradient is $2\,\text{dout}$, elsewhere it is $\text{dout}$,
# so the answer is $[[2, 2], [3, 8]]$. The in-place version lost the skip branch's 2 and 3.
#
# **The fix** is to build a new array, e.g. `dx = np.where(self.mask, 0, dout)`, or to
# copy first: `dx = dout.copy(); dx[self.mask] = 0`.
#
# **Caught by** `check.relu_layer`, which compares `dout` before and after
# `backward`:

# %%
assert right.tolist() == [[2.0, 2.0], [3.0, 8.0]]
assert check.relu_layer(layers.Relu)   # the series' Relu passes
caught = check.relu_layer(InPlaceRelu)
assert not caught
caught

# %% [markdown]
# ## Mistake 2: a ReLU forward that returns the mask
#
# Copies of ReLU circulate whose forward returns `(x > 0) * 1`: the *derivative* of ReLU,
# not ReLU. For positive inputs that gives 1 instead of the input itself.

# %%
class MaskRelu:
    """ReLU whose forward returns 0/1 instead of the values (the mistake)."""

    def forward(self, x):
        self.mask = x <= 0
        return (x > 0) * 1

    def backward(self, dout):
        return np.where(self.mask, 0, dout)


print("forward(x):", MaskRelu().forward(x).tolist(), " <- x = 3 came out as 1")
print("right     :", layers.Relu().forward(x).tolist())

# %% [markdown]
# **Why it goes unnoticed.** The backward pass is correct, and for inputs between 0 and 1
# the outputs even look plausible. A **gradient check** sees it at once: it compares
# `backward` with central differences of `forward`. The mask is flat away from 0, so its
# numerical gradient is 0 everywhere while `backward` passes `dout` through: the relative
# error is $1$ (anything above $10^{-2}$ means wrong; below $10^{-7}$ means right).

# %%
rng = np.random.default_rng(0)
x_check = rng.standard_normal((3, 4))
x_check[np.abs(x_check) < 0.1] = 0.5      # stay away from the kink at 0
error_mask = layers.gradient_check(MaskRelu(), x_check)
error_right = layers.gradient_check(layers.Relu(), x_check)
print(f"gradient check, MaskRelu   : {error_mask:.2g}")
print(f"gradient check, layers.Relu: {'below 1e-7' if error_right < 1e-7 else error_right}")

# %% [markdown]
# **Caught by** the gradient check above, and by `check.relu_layer`, which also
# names the mistake:

# %%
assert error_mask > 1e-2 and error_right < 1e-7
caught = check.relu_layer(MaskRelu)
assert not caught
caught

# %% [markdown]
# ## Mistake 3: `=` instead of `+=` where gradients meet at a fork
#
# When one value feeds two nodes, the graph forks, and on the way back two gradients arrive
# at that value. Both are parts of the answer, so they are **added**. Take
# $L = x\,y + x$ with $x = 3$, $y = 4$:
#
# $$\frac{\partial L}{\partial x} = \underbrace{y}_{\text{through }\times}
#   + \underbrace{1}_{\text{through }+} = 5, \qquad \frac{\partial L}{\partial y} = x = 3 .$$
#
# Written with layers, a second assignment to `dx` quietly throws the first one away:

# %%
def fork_grads_overwrite(x, y):
    mul, add = MulLayer(), AddLayer()
    t = mul.forward(x, y)
    add.forward(t, x)              # x is used a second time here: a fork
    dt, dx = add.backward(1.0)     # the add node's share for x
    dx, dy = mul.backward(dt)      # the mistake: this replaces the add node's share
    return dx, dy


dx, dy = fork_grads_overwrite(3.0, 4.0)
slope = layers.numerical_gradient(lambda v: v * 4.0 + v, 3.0)
print(f"backward     : dx = {dx:.4g}, dy = {dy:.4g}")
print(f"numerical dx : {slope:.4f}")

# %% [markdown]
# **Why.** Each branch contributes its own share of $\partial L/\partial x$; the multivariable
# chain rule sums over every path from $x$ to $L$. Code that stores gradients in a dict has
# the same trap: `grads["x"] = g` must be `grads["x"] = grads.get("x", 0) + g`.
#
# **The fix:** keep both shares and add them,
# `dt, dx_add = add.backward(1.0); dx_mul, dy = mul.backward(dt); dx = dx_add + dx_mul`.
#
# **Caught by** `check.fork_backward`, which knows which branch went missing:

# %%
assert abs(slope - 5.0) < 1e-6 and dx == 4.0   # the math says 5; the overwrite left y = 4
caught = check.fork_backward(fork_grads_overwrite)
assert not caught
caught

# %% [markdown]
# ## Mistake 4: sigmoid overflow with the naive formula
#
# $\sigma(x) = 1/(1 + e^{-x})$ is correct mathematics, but for $x = -1000$ the computer must
# form $e^{1000}$, far beyond the largest float64 (about $1.8 \times 10^{308} = e^{709.8}$;
# for float32 the limit is already $e^{88.7}$). numpy returns `inf` and warns:

# %%
def naive_sigmoid(x):
    return 1 / (1 + np.exp(-x))


x_wide = np.array([-1000.0, -1.0, 0.0, 1.0, 1000.0])
with warnings.catch_warnings(record=True) as caught_warnings:
    warnings.simplefilter("always")
    y_naive = naive_sigmoid(x_wide)
print("values  :", y_naive.round(4).tolist())
for w in caught_warnings:
    print("warning :", type(w.message).__name__, "-", w.message)

# %% [markdown]
# **Why it matters.** Here $1/(1 + \infty) = 0$ happens to be the right value, but a
# notebook full of warnings trains people to ignore warnings, and with `np.errstate(over="raise")`
# or in other code the `inf` becomes an error or a `nan`.
#
# **The fix** uses two equal forms of the same function and picks, for each $x$, the one in
# which `exp` only sees a number $\le 0$:
#
# $$\sigma(x) = \frac{1}{1 + e^{-x}} \;\text{ for } x \ge 0, \qquad
#   \sigma(x) = \frac{e^{x}}{1 + e^{x}} \;\text{ for } x < 0 .$$
#
# That is what `layers.Sigmoid` does. It also keeps tiny values such as
# $\sigma(-40) \approx 4.2 \times 10^{-18}$, which the form $\tfrac12(1 + \tanh\tfrac{x}{2})$
# rounds to 0. That accuracy is the forward pass's: the backward $y(1 - y)$ still gives 0 at
# $x = 40$, where $y$ rounds to 1 and the true gradient is about $4.2 \times 10^{-18}$
# (chapter 6; a harmless absolute error, asserted below). With every warning turned into
# an error, it still runs:

# %%
with warnings.catch_warnings():
    warnings.simplefilter("error")
    y_stable = layers.Sigmoid().forward(x_wide)
print("layers.Sigmoid:", y_stable.round(4).tolist())

# %% [markdown]
# **Caught by** `check.sigmoid`, which runs your function with numpy overflow
# turned into an error and compares it with the exact values, tails included:

# %%
assert y_stable[2] == 0.5 and y_stable[0] < 1e-300 and y_stable[4] == 1.0
at_40 = layers.Sigmoid()
at_40.forward(40.0)
true_gradient_40 = np.exp(-40.0) / (1 + np.exp(-40.0)) ** 2   # sigma'(40) without 1 - y
assert at_40.backward(1.0) == 0.0 and abs(true_gradient_40 - 4.248e-18) < 1e-21
caught = check.sigmoid(naive_sigmoid)
assert not caught
caught

# %% [markdown]
# ## Mistake 5: integer arrays in a numerical gradient
#
# The usual numerical gradient nudges one element of `x` by $\pm h$ in place, evaluates $f$
# twice, and puts the element back. Give it an **integer** array and the nudge disappears:
# numpy stores $1 + 10^{-4}$ into an integer array as 1, and $1 - 10^{-4}$ as 0.

# %%
def numerical_gradient_in_place(f, x, h=1e-4):
    grad = np.zeros_like(x)           # an int array for int input
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + h               # 1.0001 stored in an int array becomes 1
        f_plus = f(x)
        x[i] = keep - h               # 0.9999 becomes 0
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * h)
        x[i] = keep
    return grad


def sum_of_squares(v):
    return np.sum(v ** 2)             # its gradient is 2v


x_int = np.array([1, 2])
print("in-place, int input   :", numerical_gradient_in_place(sum_of_squares, x_int).tolist())
print("layers, int input     :", layers.numerical_gradient(sum_of_squares, x_int).round(6).tolist())
print("in-place, float input :",
      numerical_gradient_in_place(sum_of_squares, x_int.astype(float)).round(6).tolist())

# %% [markdown]
# **Why.** For the first element the "difference" is $f(1, 2) - f(0, 2) = 5 - 4 = 1$,
# divided by $2h = 0.0002$: 5000. For the second, $f(1, 2) - f(1, 1) = 3$, giving 15000.
# The true gradient is $2x = [2, 4]$. With floats the same function is fine.
#
# **The fix:** convert first, `x = np.array(x, dtype=float)` (a float *copy*, which also stops
# the function from touching the caller's array). `layers.numerical_gradient` does exactly that.
#
# **Caught by** `check.numerical_gradient`, which feeds an integer array:

# %%
assert layers.numerical_gradient(sum_of_squares, x_int).round(6).tolist() == [2.0, 4.0]
caught = check.numerical_gradient(numerical_gradient_in_place)
assert not caught
caught

# %% [markdown]
# ## Mistake 6: a stale module after editing `layers.py`
#
# `import layers` runs `layers.py` **once** per kernel. Importing again does nothing, so after
# you edit the file, a running notebook keeps the old code, and a gradient check may test a
# version of your layer that no longer exists. To see it happen without touching the real
# `layers.py`, we write a small throwaway module into a temporary folder.

# %%
demo_dir = Path(tempfile.mkdtemp())
demo_file = demo_dir / "mistake_demo.py"
sys.path.insert(0, str(demo_dir))   # only for this demo: the series' own modules are installed


def write_demo(source):
    # every version below has a different length: Python's bytecode cache compares the
    # file's size and its timestamp in whole seconds, and our edits come fast
    demo_file.write_text(source, encoding="utf-8")


write_demo("def relu_grad(x):\n    return 1.0 if x >= 0 else 0.0\n")
import mistake_demo  # noqa: E402  (imported here, after the file exists)

print("relu_grad(0.0) =", mistake_demo.relu_grad(0.0), " (gradient 1 at the kink)")

# %% [markdown]
# Now "edit the file", as you would in the editor, to use this series' convention (gradient 0
# at $x = 0$), and call the function again:

# %%
write_demo("def relu_grad(x):\n    return 1.0 if x > 0 else 0.0\n")
import mistake_demo  # noqa: E402,F811  (a second import changes nothing)

print("file says 0.0, notebook still gives", mistake_demo.relu_grad(0.0))

# %% [markdown]
# **Caught by** `check.module_fresh`, which compiles the file as it is now and
# compares every function with the one in memory:

# %%
assert mistake_demo.relu_grad(0.0) == 1.0
caught = check.module_fresh(mistake_demo)
assert not caught
caught

# %% [markdown]
# **Fix 1:** `importlib.reload(module)` runs the file again. (Objects created before the
# reload, such as a layer instance, keep their old class: create them again.)

# %%
importlib.reload(mistake_demo)
print("after reload: relu_grad(0.0) =", mistake_demo.relu_grad(0.0))
assert mistake_demo.relu_grad(0.0) == 0.0
fresh = check.module_fresh(mistake_demo)
assert fresh
fresh

# %% [markdown]
# **Fix 2:** IPython's `autoreload` extension reloads every changed module before each cell
# runs. Put these two lines at the top of a notebook whose modules you are editing (or
# simply restart the kernel: **Kernel > Restart**).

# %%
# %load_ext autoreload
# %autoreload 2

# %% [markdown]
# Edit the file once more (a new argument), then use it in the **next** cell: autoreload
# has picked up the change, with no import and no reload.

# %%
write_demo("def relu_grad(x, at_zero=0.0):\n"
           "    return 1.0 if x > 0 else (at_zero if x == 0 else 0.0)\n")

# %%
print("relu_grad(0.0, at_zero=0.5) =", mistake_demo.relu_grad(0.0, at_zero=0.5))
assert mistake_demo.relu_grad(0.0, at_zero=0.5) == 0.5
fresh = check.module_fresh(mistake_demo)
assert fresh
fresh

# %% [markdown]
# The same check works on the series' own module: `check.module_fresh(layers)`.
# We tidy the demo away before going on.

# %%
fresh = check.module_fresh(layers)
assert fresh
sys.path.remove(str(demo_dir))
del sys.modules["mistake_demo"]
shutil.rmtree(demo_dir)
fresh

# %% [markdown]
# ## Four more, from the network chapters
#
# Chapters 8 and 9 put the layers together into a network with a softmax and a loss. That
# invites four more mistakes. Each is short; each is shown happening and then caught.
#
# The first and the third test a loss layer, a layer with labels: its gradient check
# compares `backward(dout)` with the numerical gradient of `dout * loss` over the scores,
# with the labels held fixed.

# %%
from network import TwoLayerNet, relative_error


def loss_gradient_error(make_layer, scores, t, dout):
    """Relative error between a loss layer's backward(dout) and central differences."""
    numeric = layers.numerical_gradient(lambda s: dout * make_layer().forward(s, t), scores,
                                        h=1e-5)
    layer = make_layer()
    layer.forward(scores, t)
    return relative_error(layer.backward(dout), numeric)


# %% [markdown]
# ## Mistake 7: the last layer ignores `dout`
#
# The loss is the end of the graph, where $\partial L/\partial L = 1$, so it is tempting to
# write the loss layer's backward without a `dout`. That is right only as long as the loss
# is used exactly as it is. Scale it, say $L = 0.5\cdot\text{loss}$, or add a second term,
# and the upstream gradient is no longer 1:

# %%
class LossIgnoringDout(layers.SoftmaxWithLoss):
    def backward(self, dout=1.0):
        return (self.y - self.t) / len(self.y)     # the mistake: dout is never used


scores = np.array([[2.0, -1.0, 0.5], [0.1, 0.2, -0.3]])
t = np.array([0, 2])
ignoring = LossIgnoringDout()
ignoring.forward(scores, t)
print("backward(0.5):", ignoring.backward(0.5).round(4).tolist())
print("backward(1.0):", ignoring.backward(1.0).round(4).tolist(), " <- the same")

# %% [markdown]
# **Caught by** the gradient check of the loss layer with an upstream gradient other than 1
# (a check with `dout = 1` would miss it). `layers.SoftmaxWithLoss` multiplies by `dout`:

# %%
error_ignoring = loss_gradient_error(LossIgnoringDout, scores, t, dout=0.5)
error_layers = loss_gradient_error(layers.SoftmaxWithLoss, scores, t, dout=0.5)
assert error_ignoring > 0.1 and error_layers < 1e-7
print(f"ignoring dout: relative error {error_ignoring:.2f}; "
      f"layers.SoftmaxWithLoss: below 1e-7: {error_layers < 1e-7}")

# %% [markdown]
# The error is exactly $1/3$: a gradient twice too large gives
# $\lVert 2g - g\rVert / (\lVert 2g\rVert + \lVert g\rVert) = 1/3$.
#
# ## Mistake 8: the log of a clipped probability
#
# A common cross-entropy computes the probabilities first and then takes
# $-\log(y_t + 10^{-7})$: the small constant keeps `log` away from 0. For scores $[0, 1000]$
# and the label 0, the right loss is $\log(e^0 + e^{1000}) - 0 = 1000$ (to float64
# precision). The softmax of those scores rounds to $[0, 1]$, so the constant decides:

# %%
def clipped_cross_entropy(x, t):
    y = layers.softmax(x)
    return float(-np.log(y[t] + 1e-7))


wide = np.array([0.0, 1000.0])
print("softmax:", layers.softmax(wide).tolist())
print(f"clipped log: {clipped_cross_entropy(wide, 0):.4f}   (-log 1e-7 = {7 * np.log(10):.4f})")
print(f"layers.SoftmaxWithLoss: {layers.SoftmaxWithLoss().forward(wide, 0):.4f}")

# %% [markdown]
# About 16.1 instead of 1000: a very wrong answer is reported as merely bad, and the loss
# curve flattens where it should be steepest. **The fix** never takes the log of a
# probability: $-\log \mathrm{softmax}(x)_t = \log\sum_j e^{x_j} - x_t$, computed with the
# largest score subtracted first (log-sum-exp), as `layers.SoftmaxWithLoss` does.
#
# **Caught by** a test against the math: the loss of $[0, 1000]$ with label 0 is 1000.

# %%
assert abs(layers.SoftmaxWithLoss().forward(wide, 0) - 1000.0) < 1e-9
assert abs(clipped_cross_entropy(wide, 0) - 7 * np.log(10)) < 1e-6    # the clip decided it

# %% [markdown]
# ## Mistake 9: a stale `softmax`
#
# A real report: a gradient check of a loss layer kept failing after the softmax in the
# module had been fixed. The notebook still used the old function. Mistake 6 again, with a
# twist: `from module import softmax` copies the *name* into the notebook, and reloading the
# module does not change what that name refers to. Here is a demo module whose first
# softmax sums over the whole batch instead of each row:

# %%
softmax_dir = Path(tempfile.mkdtemp())
sys.path.insert(0, str(softmax_dir))   # only for this demo, removed below
(softmax_dir / "softmax_demo.py").write_text(
    "import numpy as np\n\n"
    "def softmax(x):\n"
    "    e = np.exp(x - x.max())\n"
    "    return e / e.sum()            # the bug: the sum of the whole batch\n",
    encoding="utf-8")
import softmax_demo  # noqa: E402
from softmax_demo import softmax  # noqa: E402


class MyLoss:
    """A loss layer written in the notebook, using the imported softmax."""

    def forward(self, x, t):
        self.y, self.t = softmax(x), np.eye(x.shape[1])[t]
        return float(-np.sum(self.t * np.log(self.y)) / len(x))

    def backward(self, dout=1.0):
        return dout * (self.y - self.t) / len(self.y)


print(f"gradient check with the buggy softmax: relative error "
      f"{loss_gradient_error(MyLoss, scores, t, dout=1.0):.2f}")

# %% [markdown]
# Fix the file (each row divided by its own sum), reload the module, and check again:

# %%
(softmax_dir / "softmax_demo.py").write_text(
    "import numpy as np\n\n"
    "def softmax(x):\n"
    "    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
    "    return e / e.sum(axis=-1, keepdims=True)   # fixed: each row its own sum\n",
    encoding="utf-8")
importlib.reload(softmax_demo)
error_stale = loss_gradient_error(MyLoss, scores, t, dout=1.0)
print("module fresh:", bool(check.module_fresh(softmax_demo)),
      f"  gradient check: relative error {error_stale:.2f}",
      "  softmax is softmax_demo.softmax:", softmax is softmax_demo.softmax)

# %% [markdown]
# The module is fresh, yet the check still fails: `MyLoss` looks up the notebook's
# `softmax`, which is still the old function. **Caught by** the gradient check (it tests
# the code that actually runs) and by `softmax is softmax_demo.softmax`. **The fix:** import
# the name again after a reload, or restart the kernel (`%autoreload 2` also updates names
# imported with `from`, in most cases).

# %%
from softmax_demo import softmax  # noqa: E402,F811

error_fresh = loss_gradient_error(MyLoss, scores, t, dout=1.0)
assert error_stale > 0.01 and error_fresh < 1e-7
print("after importing again: relative error below 1e-7:", error_fresh < 1e-7)
sys.path.remove(str(softmax_dir))
del sys.modules["softmax_demo"]
shutil.rmtree(softmax_dir)

# %% [markdown]
# ## Mistake 10: one sample where a batch was expected
#
# A network takes a batch of shape $(N, D)$. One image taken from a batch, `x[0]`, has
# shape $(D,)$: no batch axis. Code that reads the batch size as `len(y)` or
# `y.shape[0]` then reads the number of classes instead:

# %%
def batch_cross_entropy(y, t):
    """Mean cross-entropy of probabilities y and one-hot labels t, both (N, C)."""
    return float(-np.sum(t * np.log(y)) / len(y))     # len(y): N for a batch, C for one sample


y = layers.softmax(np.array([[2.0, 1.0, 0.1, -1.0, 0.5]]))
label = np.array([[1.0, 0.0, 0.0, 0.0, 0.0]])
print("batch of one, shape (1, 5):", round(batch_cross_entropy(y, label), 4))
print("one sample, shape (5,):    ", round(batch_cross_entropy(y[0], label[0]), 4),
      " <- divided by 5, the number of classes")
assert np.isclose(5 * batch_cross_entropy(y[0], label[0]), batch_cross_entropy(y, label))

# %% [markdown]
# The same sample, a loss five times too small, and no error: every operation was legal.
# The gradient would be five times too small too. **Caught by** an early, clear error:
# `TwoLayerNet` checks the shape of what it is given and says what to do.

# %%
net = TwoLayerNet(5, 4, 3, seed=0)
one_sample = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
try:
    net.predict(one_sample)
    raise AssertionError("a (D,) input should have been refused")
except ValueError as err:
    print("ValueError:", err)
print("with x.reshape(1, -1):", net.predict(one_sample.reshape(1, -1)).shape)

# %% [markdown]
# ## Summary
#
# - A `backward` returns **new** arrays; it never writes into the `dout` it was given.
# - ReLU's forward returns the **values** $\max(0, x)$; the 0/1 mask is what backward uses.
#   A gradient check catches the difference at once.
# - Where a value forks, its gradients **add up** (`+=`), one share per branch.
# - Compute the sigmoid so that `exp` only sees numbers $\le 0$: no overflow, and full
#   relative accuracy in the forward values (the backward $y(1 - y)$ still rounds to 0 far out).
# - Numerical gradients need **float** inputs: convert integer arrays first.
# - After editing a module, `importlib.reload` it, use `%autoreload 2`, or restart the kernel.
# - A loss layer's backward multiplies by `dout`: the loss may be scaled or added to another.
# - Never take the log of a clipped probability: $\log\sum_j e^{x_j} - x_t$ is exact.
# - After a reload, import names taken with `from module import ...` again.
# - Keep the batch axis: one sample is `x.reshape(1, -1)`, shape $(1, D)$.

# %% [markdown]
# ## Exercises
#
# Write your code in the cells marked `# YOUR CODE HERE`, then run the check below each.
# Until you do, the checks say *Not yet*. Worked answers are in
# [10_common_mistakes_solutions](../notebooks/solutions/10_common_mistakes_solutions.ipynb).
#
# ### Exercise 1: write the in-place detector yourself
#
# `check.relu_layer` caught mistake 1 by comparing `dout` before and after `backward`.
# Write that part of it: `writes_into_dout(layer, x, dout)` runs `layer.forward(x)`, then
# `layer.backward(dout)`, and returns `True` if that changed any value in the caller's
# `dout`, `False` otherwise. The check tries it on several layers, some of which return the
# array they were given and some a copy: only what happened to the *values* of `dout`
# counts.

# %%
def writes_into_dout(layer, x, dout):
    # YOUR CODE HERE
    return None


# %%
check.in_place_detector(writes_into_dout)


# %% [markdown]
# ### Exercise 2: a sigmoid that never overflows
#
# Write `stable_sigmoid(x)` for a float array `x`, using the two forms above so that `np.exp`
# never sees a positive number. (Careful: `np.where(cond, a, b)` computes both `a` and `b`
# for every element first.)

# %%
def stable_sigmoid(x):
    # YOUR CODE HERE
    return None


# %%
check.sigmoid(stable_sigmoid)


# %% [markdown]
# ### Exercise 3: a fork that goes through a product
#
# In mistake 3 the value $x$ forked into a multiply node and straight into the add node.
# Now take
#
# $$L = (x + y)\cdot x ,$$
#
# where $x$ feeds the add node *and* the multiply node, and the add node's output is the
# multiply node's other input. Work out $\partial L/\partial x$ and $\partial L/\partial y$
# on paper, then compute them with one `AddLayer` and one `MulLayer`: forward, then backward
# from $\partial L/\partial L = 1$ in the right order. Return `(dx, dy)`.

# %%
def product_fork_grads(x, y):
    # YOUR CODE HERE
    return None


# %%
check.fork_product(product_fork_grads)
