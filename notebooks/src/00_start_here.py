# %% [markdown]
# # 0. Start here

# %% [markdown]
# > - **Goal:** check that this notebook runs, find your way around the series, and warm up: a derivative by hand and gradient descent on one number.
# > - **Book:** 4.4.1 (gradient descent) recap; chapter 5's introduction.
# > - **You need:** some Python and numpy, and the idea of a derivative.
# > - **Colours:** values in <span style="color:#1a7f37">**green**</span>, gradients in <span style="color:#c62828">**red**</span>.

# %% [markdown]
# This series teaches **backpropagation** by building it by hand, node by node, following
# chapter 5 of *Deep Learning from Scratch* (Koki Saitoh), with sliders to move and small
# pieces of code to write that are checked for you. A network learns by nudging each weight
# against the gradient of its loss (the loss is the single number that measures how wrong its
# outputs are). Backpropagation gets every weight's gradient at once, cheaply
# ([chapter 1](01_computational_graphs.ipynb) counts the cost,
# [chapter 3](03_add_mul_backward.ipynb) shows why).
#
# **First**, run the cell below (**Shift+Enter**): it checks the kernel and folder and
# prints one line ending in `all ok`; anything else, see the last section.
# Type your answers in your copy in `my-notebooks/` (`make lab` opens it).

# %%
from teaching import start   # "No module named 'teaching'"? See the last section.

start.check_set_up()

# %% [markdown]
# ## Warm-up: a derivative by hand
#
# Every code exercise is checked like this one. Here is a function of one number, $f(x) = x^3 - 3x$.
#
# Write `slope(x)`, its derivative, as a formula worked out by hand (not a numerical estimate)
# in place of the `raise` line; run the cell, then the check below it. The check says *Not
# attempted yet* while the template is untouched, then *Right*, or *Not yet* with a hint.

# %%
def slope(x):
    """The derivative of f(x) = x**3 - 3*x at x."""
    raise NotImplementedError("YOUR CODE")


# %%
from teaching.checks import ch00

ch00.warm_up(slope)

# %% [markdown]
# ## Steps downhill
#
# The nudge of the first paragraph is **gradient descent** (the book's section 4.4.1): each
# step subtracts from every weight its gradient times a **learning rate** $\eta$. On one
# number the gradient is just the slope, so with $\eta = 0.1$ a step is
#
# $$x \leftarrow x - \eta \, f'(x) = x - 0.1 \cdot \mathrm{slope}(x) .$$
#
# Your slope is 0 at $x = 1$, the bottom of $f$'s valley: the steps should settle there.
# **Predict** from your `slope`'s formula, on paper (algebra, not runs of steps):
#
# 1. At rate 0.1, what is $x$ after one step from $-0.9$?
# 2. At a larger rate, $\eta = 0.4$, one step turns $x - 1$ into $(x - 1) \cdot g(x)$, so
#    repeated steps multiply $x - 1$ by $g$ each time. What is $g(x)$ as $x$ approaches 1?
# 3. $x - 1$ shrinks only while $-1 < g < 1$. Above what rate, exactly, do steps that start
#    near 1 stop settling at 1?

# %%
my_steps = {
    "x after one step from -0.9, rate 0.1": None,  # YOUR CODE HERE: a number
    "g(x) as x approaches 1, rate 0.4": None,      # YOUR CODE HERE: a number
    "rate above which steps near 1 stop settling": None,  # YOUR CODE HERE: a number
}

# %% [markdown]
# Once the check says **Right**, an explorer appears under it.

# %%
ch00.explore_steps(my_steps, slope)   # the check, then (once Right) the explorer

# %% [markdown]
# The explorer draws $f$ (green) and your slope as a red line through the point at $x$, the
# **tangent**. **Take a step** applies the rule, writes out its arithmetic and leaves a trail
# of dots.
#
# 1. At rate 0.4, type 1.001 in the slider's box and step: the readout's $\times$ is your $g$.
# 2. At each **rate**, take a dozen steps from 1.2. Which rates settle? Where $x$ swings
#    across 1, watch *|x − 1| over two steps*. Does $x - 1$ keep growing at 0.4?
# 3. At rate 0.1, step from $-1.2$: why does $x$ not reach 1? Then press **Show the answer**.

# %% [markdown]
# ## How to use the notebooks
#
# - **Run a chapter from the top** (*Run > Run All Cells*); everything runs offline.
# - **Your copies** are in `my-notebooks/`; `notebooks/` is the read-only course (on Binder
#   or JupyterHub, work in `notebooks/` itself). `make fresh CHAPTER=05` adds a fresh copy and keeps yours.
# - **Worked answers** to chapters 1 to 10 are in `notebooks/solutions/` (try first); chapter 0 has none.
# - **Restart the kernel** (*Kernel > Restart Kernel*) after you edit a `.py` file the
#   notebook imports or install a package: a running kernel keeps the modules it imported.

# %% [markdown]
# ## The chapters, in reading order
#
# | Notebook | Book | What it shows |
# |---|---|---|
# | [01 Computational graphs](01_computational_graphs.ipynb) | 5.1 | what gradients are for; the shopping problem as a graph, its gradient by hand and by central differences (and what they cost); your first backward pass with the book's layers |
# | [02 The chain rule](02_chain_rule.ipynb) | 5.2 | the derivative of a composition, node by node, checked against a numerical slope; a loss at the end of the graph |
# | [03 Backward through add, multiply and max](03_add_mul_backward.ipynb) | 5.3 | add distributes, multiply swaps, max routes; a fan-out sums its gradients; both shopping graphs backward; why one backward pass is cheap |
# | [04 Simple layers](04_simple_layers.ipynb) | 5.4 | the book's `MulLayer` and `AddLayer`, then on arrays and batches; broadcasting as a fan-out, so the bias gradient is a sum |
# | [05 ReLU](05_relu.ipynb) | 5.5.1 | ReLU as a switch that passes or blocks the gradient; dead units that stop learning |
# | [06 Sigmoid](06_sigmoid.ipynb) | 5.5.2 | the sigmoid's backward pass through its four nodes; saturation; training a sigmoid unit, and the learning rates that make its loss bounce |
# | [07 Affine and Softmax-with-Loss](07_affine_softmax.ipynb) | 5.6 | gradients of matrices and where the transposes come from; why the loss layer's gradient is so simple |
# | [08 A two-layer network](08_two_layer_net.ipynb) | 5.7 | a network as a list of layers, checked against numerical gradients; your training loop on real handwritten digits; what the initial weight scale and the learning rate do; overfitting in the loss curves |
# | [09 An autograd of your own](09_autograd.ipynb) | - | a `Value` class that records a graph and runs backward by itself, checked against `layers.py` |
# | [10 Common mistakes](10_common_mistakes.ipynb) | - | the bugs everybody writes once, shown happening and caught |
#
# The reference code: [`layers.py`](../layers.py) (the layers and gradient checkers) and
# [`network.py`](../network.py) (chapter 8's network). Next: [01 Computational graphs](01_computational_graphs.ipynb).

# %% [markdown]
# ## If the first cell is not ok
#
# - **A line says this notebook is not your copy**: open the file it names in
#   `my-notebooks/`, where your answers are kept.
# - **A package is `missing` or `too old`**: in a new cell of this notebook, run `%cd ..` and
#   `%pip install -U -r requirements.txt` (it installs into this kernel, wherever it runs),
#   then restart the kernel and run the first cell again.
# - **`layers.py` gets the book's apple example (100 × 2 × 1.1 = 220) wrong, or fails**: it
#   was edited: run `git checkout layers.py` in the repository's folder, then restart the kernel.
# - **`No module named 'teaching'`, or `layers.py` or `network.py` does not import**: the
#   kernel does not see the repository. Start Jupyter with `make lab` from the repository's
#   folder, or pick the kernel of the repository's `.venv`.
# - **A cell shows a still picture, or plain text such as `VBox(children=...)`, instead of
#   sliders**: no widget support here. Open the notebook in JupyterLab (`make lab`; JupyterHub or Binder: see the README).
