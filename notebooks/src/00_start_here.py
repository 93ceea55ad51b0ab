# %% [markdown]
# # 0. Start here

# %% [markdown]
# > **Goal:** find your way around the series, learn why backpropagation is worth learning, and check that your set-up works. **Book:** section 5 (its introduction). **Colours:** values in <span style="color:#1a7f37">**green**</span> above an edge, gradients in <span style="color:#c62828">**red**</span> below.

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
#
# **Why backpropagation?** A neural network learns by making one number small: its *loss*
# $L$, which measures how wrong its answers are. To know which way to move each weight, it
# needs the gradient $\partial L/\partial w$ of every weight. Measuring each gradient
# numerically (nudge the weight, run the network again) costs two forward passes per
# weight, $2n$ for $n$ weights; backpropagation gets all $n$ from one forward and one
# backward pass. Chapter 1 counts both on a small example.

# %% [markdown]
# ## The chapters, in reading order
#
# | Notebook | Book | What it shows |
# |---|---|---|
# | [01 Computational graphs](01_computational_graphs.ipynb) | 5.1 | what gradients are for and what they cost; the shopping problem solved forward on a graph |
# | [02 Chain rule](02_chain_rule.ipynb) | 5.2 | a derivative as a local, linear estimate; the derivative of a composition as a product of local derivatives |
# | [03 Add and multiply backward](03_add_mul_backward.ipynb) | 5.3 | add distributes, multiply swaps, max routes; both shopping graphs backward; why one backward pass is cheap |
# | [04 Simple layers](04_simple_layers.ipynb) | 5.4 | the book's `MulLayer` and `AddLayer`, then on arrays and batches; why a broadcast input's gradient is a sum (the bias gradient) |
# | [05 ReLU](05_relu.ipynb) | 5.5.1 | ReLU as a switch, dead units, and a backward that leaves the caller's arrays alone |
# | [06 Sigmoid](06_sigmoid.ipynb) | 5.5.2 | four backward steps that collapse into $y(1-y)$; saturation; your first gradient steps |
# | [07 Affine and Softmax-with-Loss](07_affine_softmax.ipynb) | 5.6 | gradients of matrices, where the transposes come from, $(y - t)/N$, and why the loss is computed from the scores |
# | [08 A two-layer network](08_two_layer_net.ipynb) | 5.7 | a network as a list of layers, checked against numerical gradients, learning real handwritten digits |
# | [09 An autograd of your own](09_autograd.ipynb) | - | a `Value` class that records a graph and runs backward by itself, checked against `layers.py` |
# | [10 Common mistakes](10_common_mistakes.ipynb) | - | the bugs everybody writes once, shown happening and caught |
#
# All notebooks share two modules at the top of the repository, to read beside the book:
# [`layers.py`](../layers.py), every layer of the chapter, and [`network.py`](../network.py),
# the two-layer network of chapter 8. Each layer class is a few lines of math shaped like
# the book's, with the same two methods: `forward(...)` computes the output and remembers
# what it needs; `backward(dout)` takes the gradient arriving from the right and returns
# the gradients of its inputs, in the same order. Each method also makes one short call
# to a checking helper (defined once, at the bottom of the file), so a wrong shape or a
# backward before forward gives an error that says what to do. That makes `layers.py`
# longer than the book's file; chapter 4 shows the book-sized version first.

# %% [markdown]
# ## How to use the notebooks
#
# - Run a notebook from the top: **Run > Run All Cells**. Every cell runs offline in a few seconds.
# - **Sliders**: drag the handle, or click it and use the arrow keys for one step at a time.
# - **Graph explorers** have three buttons: *Step* runs the backward pass one node at a time,
#   *Run all* finishes it, *Reset* starts again. A gradient not yet computed shows as `?`.
# - Next to every live widget there is a printed figure of the same thing, so the notebook
#   still shows its pictures when it is only read.
# - **Exercises** end each chapter: write code in the cell marked `# YOUR CODE HERE`, then run
#   the check cell below it. It says *Right*, or *Not yet* with a hint; an exercise you have
#   not touched yet just says *Not attempted yet*, so no hint gives an answer away before you
#   try. Worked answers are in
#   the solutions notebooks, for example
#   [chapter 1's](../notebooks/solutions/01_computational_graphs_solutions.ipynb), but try first.
# - **The box under each title** says what the notebook is for, which section of the book it
#   follows, and the colours: green values, red gradients.
# - **Your work**: `make lab` opens your own copies of the chapters, in `my-notebooks/`; change
#   and save them freely. `make fresh CHAPTER=05` gives you a fresh chapter 5 (your copy is
#   kept beside it under another name).
# - **Editing `layers.py`?** A running notebook keeps the version it imported. After an edit,
#   restart the kernel (*Kernel → Restart Kernel*) and run the notebook again; or put
#   `%load_ext autoreload` and `%autoreload 2` at the top of a notebook once, and it picks up
#   every saved edit. This is the one place the series says it; chapter 10 shows what goes
#   wrong when you forget.

# %% [markdown]
# ## Check your set-up
#
# The next cell checks that the packages are there and recent enough. Each line should end
# with `ok`.

# %%
from importlib.metadata import version

# the oldest version of each package this series is tested with
needed = {"numpy": "2.2", "matplotlib": "3.10", "ipywidgets": "8.1.5", "bqplot": "0.13.1",
          "jupyterlab": "4.4"}


def as_tuple(v):
    return tuple(int(part) for part in v.split(".")[:3] if part.isdigit())


for package, oldest in needed.items():
    have = version(package)
    status = "ok" if as_tuple(have) >= as_tuple(oldest) else f"too old, needs >= {oldest}"
    print(f"{package:<11} version {have:<8} {status}")
    assert status == "ok", f"{package} {have} is older than {oldest}: run `make lab` again"

# %% [markdown]
# And that `layers.py` imports and computes what the math says. The sigmoid
# $\sigma(x) = 1/(1+e^{-x})$ is $0.5$ at $x = 0$, where its slope $\sigma(1-\sigma)$ is $0.25$;
# the book's apple example costs $100 \times 2 \times 1.1 = 220$.

# %%
import layers

sigmoid = layers.Sigmoid()
y = sigmoid.forward(0.0)
dx = sigmoid.backward(1.0)
assert y == 0.5 and dx == 0.25

apple, tax = layers.MulLayer(), layers.MulLayer()
price = tax.forward(apple.forward(100, 2), 1.1)
assert abs(price - 220) < 1e-9

print(f"sigmoid(0) = {y}, its gradient = {dx}")
print(f"apple price with tax = {price:.2f}")
print("layers.py works.")

# %% [markdown]
# ## A first widget
#
# Widgets are controls that talk to the running Python kernel. Move the slider: each
# value is sent to the kernel, `layers.Sigmoid` computes the output and the gradient, and
# the text below updates. If you see the slider but nothing changes, the kernel is not
# running: run the cell again.

# %%
from ipywidgets import HTML, FloatSlider, VBox

from teaching import style   # the series' colours: style.VALUE for values, style.GRADIENT for gradients

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
VBox([x_slider, readout])

# %% [markdown]
# ## Summary
#
# - Chapters 01 to 08 follow the book's sections 5.1 to 5.7, up to a network that learns
#   handwritten digits with a training loop you write; 09 has you build an autograd of your
#   own; 10 collects the mistakes everybody makes once, and how to catch them.
# - Two shared modules, `layers.py` and `network.py`, do all the math; the notebooks call them.
# - Green is a value, red is a gradient; sliders and *Step* buttons make both move.
# - Gradients tell learning which way to move every weight; backpropagation gets them all
#   for the price of one forward and one backward pass.
#
# Go on with [01 Computational graphs](01_computational_graphs.ipynb).
