# %% [markdown]
# # 0. Start here

# %% [markdown]
# > **Goal:** find your way around the series, learn why backpropagation is worth learning, and check that your set-up works. **Book:** chapter 5 (its introduction). **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below.

# %% [markdown]
# This series teaches **backpropagation** by building it by hand, node by node,
# following chapter 5 of *Deep Learning from Scratch* (Koki Saitoh). Each
# notebook names the book's section it follows, so you can read both side by side.
#
# **What you will find here**
# - how a computation becomes a graph, and how gradients flow back through it;
# - live graphs and plots: move a slider and watch every value and gradient change;
# - small exercises whose answers are checked for you.
#
# You need some Python and numpy, and the idea of a derivative. Nothing else.

# %% [markdown]
# ## Check your set-up
#
# The next cell prints which Python this notebook's kernel runs: a path on your own
# machine (under `make lab`, the one in the repository's `.venv`). Then it checks that the
# packages are there and recent enough: each package line should end with `ok`. If one says
# `missing` or `too old`, update them all from the repository's folder with
# `.venv/bin/python -m pip install -U -r requirements.txt` (`make lab` reinstalls only when
# `requirements.txt` changes), then restart the kernel. On Binder or JupyterHub there is no
# `.venv`: rebuild the image instead.

# %%
import sys
from importlib.metadata import PackageNotFoundError, version

print(f"this kernel runs {sys.executable}")

# the oldest version of each package this series is tested with (as in requirements.txt)
needed = {"numpy": "2.2", "matplotlib": "3.10", "ipywidgets": "8.1.5", "bqplot": "0.13.1",
          "jupyterlab": "4.4", "scikit-learn": "1.5"}


def as_tuple(v):
    return tuple(int(part) for part in v.split(".")[:3] if part.isdigit())


problems = []
for package, oldest in needed.items():
    try:
        have = version(package)
    except PackageNotFoundError:
        have, status = "-", "missing"
    else:
        status = "ok" if as_tuple(have) >= as_tuple(oldest) else f"too old, needs >= {oldest}"
    print(f"{package:<12} version {have:<8} {status}")
    if status != "ok":
        problems.append(package)
assert not problems, f"update {', '.join(problems)}: see the line above this cell"

# %% [markdown]
# And that `layers.py` imports and computes what the math says: the sigmoid
# $\sigma(x) = 1/(1+e^{-x})$ is $0.5$ at $x = 0$, and the book's apple example costs
# $100 \times 2 \times 1.1 = 220$.

# %%
import numpy as np

import layers

sigmoid = layers.Sigmoid()
y = sigmoid.forward(0.0)
assert y == 0.5 and sigmoid.backward(1.0) == 0.25

apple, tax = layers.MulLayer(), layers.MulLayer()
price = tax.forward(apple.forward(100, 2), 1.1)
assert abs(price - 220) < 1e-9

print(f"sigmoid(0) = {y}")
print(f"apple price with tax = {price:.2f}")
print("layers.py works.")

# %% [markdown]
# ## Why backpropagation?
#
# A neural network learns by making one number small: its *loss* $L$, which measures how
# wrong its answers are. To know which way to move each weight, it needs the gradient
# $\partial L/\partial w$ of every weight. Measuring each gradient numerically (nudge the
# weight up and down, run the network after each nudge) costs two forward passes per
# weight, $2n$ for $n$ weights; backpropagation gets all $n$ from one forward and one
# backward pass, and a backward pass costs about as much as one or two forward passes
# (chapter 8 measures forward and backward together at about 1.8 forward passes). The cell
# below counts the passes of both for a loss of three weights, $L = w_1^2 + w_2^2 + w_3^2$,
# and what the numerical way would cost for the book's 784-50-10 network; chapter 1 does
# the full count on the book's shopping graph.

# %%
w = np.array([1.0, -2.0, 3.0])
passes = {"numerical forward": 0, "forward": 0, "backward": 0}


def loss(w):
    passes["numerical forward"] += 1    # one forward pass of this tiny "network"
    return float(np.sum(w ** 2))


class CountedSquare(layers.SquareLayer):
    def forward(self, x):
        passes["forward"] += 1
        return super().forward(x)

    def backward(self, dout):
        passes["backward"] += 1
        return super().backward(dout)


numeric = layers.numerical_gradient(loss, w)
square = CountedSquare()
square.forward(w)
backprop = square.backward(np.ones(3))   # dL/d(w^2) = 1 for each term of the sum; dL/dw = 2w
print(f"numerical gradient: {numeric.round(6)} from {passes['numerical forward']} forward passes")
print(f"backpropagation:    {backprop} from {passes['forward']} forward and "
      f"{passes['backward']} backward pass")

n = 784 * 50 + 50 + 50 * 10 + 10          # weights and biases of the book's 784-50-10 network
print(f"the book's 784-50-10 network: {n:,} parameters, {2 * n:,} forward passes "
      f"for one numerical gradient")

# %% [markdown]
# ## The chapters, in reading order
#
# | Notebook | Book | What it shows |
# |---|---|---|
# | [01 Computational graphs](01_computational_graphs.ipynb) | 5.1 | what gradients are for and what they cost; the shopping problem solved forward on a graph |
# | [02 Chain rule](02_chain_rule.ipynb) | 5.2 | a derivative as a local, linear estimate; the derivative of a composition as a product of local derivatives |
# | [03 Add and multiply backward](03_add_mul_backward.ipynb) | 5.3 | add distributes, multiply swaps, max routes; both shopping graphs backward; why one backward pass is cheap |
# | [04 Simple layers](04_simple_layers.ipynb) | 5.4 | the book's `MulLayer` and `AddLayer`, then on arrays and batches; why a broadcast input's gradient is a sum (the bias gradient) |
# | [05 ReLU](05_relu.ipynb) | 5.5.1 | ReLU as a switch that passes or blocks the gradient; dead units that stop learning |
# | [06 Sigmoid](06_sigmoid.ipynb) | 5.5.2 | four backward steps that collapse into $y(1-y)$; saturation; your first gradient steps |
# | [07 Affine and Softmax-with-Loss](07_affine_softmax.ipynb) | 5.6 | gradients of matrices, where the transposes come from, $(y - t)/N$, and why the loss is computed from the scores |
# | [08 A two-layer network](08_two_layer_net.ipynb) | 5.7 | a network as a list of layers, checked against numerical gradients; you write the training loop and compare learning rates on real handwritten digits (scikit-learn's 8x8 digits, shipped offline, instead of the book's MNIST) |
# | [09 An autograd of your own](09_autograd.ipynb) | - | a `Value` class that records a graph and runs backward by itself, checked against `layers.py` |
# | [10 Common mistakes](10_common_mistakes.ipynb) | - | the bugs everybody writes once, shown happening and caught |
#
# All notebooks share two modules at the top of the repository, the reference versions
# your own code is checked against: [`layers.py`](../layers.py), every layer of the
# chapter, and [`network.py`](../network.py), the two-layer network of chapter 8. Each
# layer class has the book's two methods: `forward(...)` computes the output and remembers
# what it needs; `backward(dout)` takes the gradient arriving from the right and returns
# the gradients of its inputs, in the same order.

# %% [markdown]
# ## How to use the notebooks
#
# - Run a notebook from the top: **Run > Run All Cells**. Every cell runs offline in a few seconds.
# - **Sliders**: drag the handle, or click it and use the arrow keys for one step at a time.
# - **Graph explorers** draw a computation as a graph with a slider for each input and one
#   for the upstream gradient (the gradient arriving at the output). *Step* runs the
#   backward pass one node at a time, *Run all* finishes it, *Reset* starts again; a
#   gradient not yet computed shows as `?`. A toggle shows the edges as numbers or as
#   expressions. In *predict* mode each step first asks for the next gradients: type them
#   in the boxes, press *Check*, and a score counts what you got right first time. Chapter 1
#   uses a forward-only explorer (no gradients yet).
# - Every explorer of the chapters comes with a printed figure of the same thing, so a
#   chapter still shows its pictures when it is only read.
# - **Exercises** end each chapter: write code in the cell marked `# YOUR CODE HERE`, then run
#   the check cell below it. It says *Right*, or *Not yet* with a hint; an exercise you have
#   not touched yet just says *Not attempted yet*, so no hint gives an answer away before you
#   try (the warm-up at the end of this notebook works the same way). Worked answers are in the
#   solutions notebooks, for example
#   [chapter 1's](../notebooks/solutions/01_computational_graphs_solutions.ipynb), but try first.
# - **The box under each title** says what the notebook is for, which section of the book it
#   follows, and what you need.
# - **Your work**: `make lab` opens your own copies of the chapters, in `my-notebooks/`; change
#   and save them freely. Check that the path of your tab starts with `my-notebooks/`: the
#   copies in `notebooks/` are the stored originals, read-only under `make lab`.
# - **A fresh chapter**: `make fresh CHAPTER=05` (your copy is kept; see README, *Two commands*).
# - **Edited `layers.py`?** Restart the kernel (*Kernel → Restart Kernel*) and run the notebook
#   again (see README, *Editing a notebook*); chapter 10 shows what goes wrong otherwise.

# %% [markdown]
# ## A first widget, and a warm-up
#
# Widgets are controls that talk to the running Python kernel. Below, a slider will send
# $x$ to the kernel, `layers.Sigmoid` will compute $\sigma(x)$ and its gradient, and the
# text under the slider will update. **Before you see it**, guess: at which $x$ is the
# sigmoid's gradient largest, and roughly how big is it at $x = 6$? Write your guesses,
# then run the cell after them: it says *Right*, *Not yet* with a hint, or, while a guess
# is still `None`, *Not attempted yet*, as every chapter's exercises do.

# %%
my_peak = None            # the x where the gradient is largest
my_gradient_at_6 = None   # roughly, the gradient at x = 6

# %%
from teaching.checks import ch00

ch00.warm_up(my_peak, my_gradient_at_6)

# %% [markdown]
# Once both guesses are written, the next cell shows the slider: move it and see. If it
# shows plain text such as `VBox(children=...)`, open the notebook in JupyterLab
# (`make lab`); if nothing changes as you slide, the kernel is not running: run the cell again.

# %%
from ipywidgets import HTML, FloatSlider, VBox

from teaching import style   # the series' colours: style.VALUE for values, style.GRADIENT for gradients
from teaching.reveal import reveal


def sigmoid_slider():
    x_slider = FloatSlider(value=0.0, min=-6.0, max=6.0, step=0.5, description="x")
    readout = HTML()

    def show(change=None):
        layer = layers.Sigmoid()
        y = layer.forward(x_slider.value)
        dx = layer.backward(1.0)
        readout.value = (f"sigmoid(x) = <b style='color:{style.VALUE}'>{y:.4f}</b>, "
                         f"gradient = <b style='color:{style.GRADIENT}'>{dx:.4f}</b>")

    x_slider.observe(show, names="value")
    show()
    return VBox([x_slider, readout])


guessed = my_peak is not None and my_gradient_at_6 is not None
reveal(True if guessed else None, sigmoid_slider, name="my_peak and my_gradient_at_6")

# %% [markdown]
# ## Next
#
# Go on with [01 Computational graphs](01_computational_graphs.ipynb).
