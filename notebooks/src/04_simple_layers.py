# %% [markdown]
# # 4. Simple layers: multiply and add as code
#
# Book: section 5.4 (implementing simple layers).
#
# **What you will learn**
#
# - what a *layer* is: one node of the graph as a Python object with `forward` and `backward`;
# - how `MulLayer` and `AddLayer` turn the two shopping examples into a few lines of code;
# - why the backward calls run in the reverse order of the forward calls;
# - how to check a layer you wrote yourself against numerical differences.

# %% [markdown]
# ## From a node to a layer
#
# In chapters 1-3 every node of a graph did two jobs. Going forward it turned its inputs
# into an output. Going backward it took the gradient arriving from the right, the
# *upstream* gradient $\partial L / \partial \text{out}$, multiplied it by its own local
# derivatives, and sent the results to its inputs.
#
# A layer is that node written as a class with two methods:
#
# - `forward(x, y)` computes the output and **keeps** what it will need later;
# - `backward(dout)` takes `dout` $= \partial L / \partial \text{out}$ and returns one
#   gradient per input, in the same order as the inputs of `forward`.
#
# For a multiply node $\text{out} = x y$ the local derivatives are
# $\partial \text{out}/\partial x = y$ and $\partial \text{out}/\partial y = x$, so
#
# $$\frac{\partial L}{\partial x} = \text{dout} \cdot y, \qquad
#   \frac{\partial L}{\partial y} = \text{dout} \cdot x .$$
#
# The backward pass of a multiply needs the forward inputs: that is why `forward` keeps
# them. For an add node $\text{out} = x + y$ both local derivatives are 1, so `backward`
# hands `dout` to both inputs unchanged and needs nothing from the forward pass.
#
# Both layers live in `layers.py` at the top of the repository. Open it beside this
# notebook: each `backward` is one line of the chain rule.
#
# > **Editing `layers.py`?** Python imports a module once. After you change the file,
# > restart the kernel, or run `%load_ext autoreload` and `%autoreload 2` first, or
# > the notebook keeps using the old code.
#
# In every figure of this series forward **values are green** and drawn above an edge,
# **gradients are red** and drawn below it.

# %%
import numpy as np

import layers
from layers import AddLayer, MulLayer

# %% [markdown]
# ## Buying two apples
#
# One apple costs 100, we buy 2, and a sales tax of 10 % multiplies the bill by 1.1.
# The graph has two multiply nodes, so we make two `MulLayer` objects: one per node.
# A layer object remembers *its own* inputs, so never reuse one object for two nodes.
#
# ![Apple graph: values above the edges in green, gradients below in red](../images/apple_backward.svg)

# %%
apple, apple_num, tax = 100, 2, 1.1

mul_apple = MulLayer()   # apple * apple_num
mul_tax = MulLayer()     # apple_price * tax

# forward: left to right
apple_price = mul_apple.forward(apple, apple_num)
price = mul_tax.forward(apple_price, tax)
print("apple_price =", round(apple_price, 4))
print("price       =", round(price, 4))

# %% [markdown]
# Floating point cannot store 1.1 exactly, so `price` is really 220.00000000000003.
# We print rounded values; the checks compare with a small tolerance.
#
# Now the backward pass. The loss here is the price itself, so the gradient that starts
# the pass is $\partial\,\text{price}/\partial\,\text{price} = 1$. We call the layers in
# the **reverse** order: the tax layer first, because it is the only one whose upstream
# gradient we know.

# %%
dprice = 1
dapple_price, dtax = mul_tax.backward(dprice)        # the last forward layer goes first
dapple, dapple_num = mul_apple.backward(dapple_price)  # it needs dapple_price from the line above

for name, value in [("dapple_price", dapple_price), ("dtax", dtax),
                    ("dapple", dapple), ("dapple_num", dapple_num)]:
    print(f"{name:13s}= {value:.4g}")

# %% [markdown]
# Read the numbers as sensitivities. One unit more on the apple price raises the bill by
# 2.2 (two apples, each taxed at 1.1). One more apple adds 110. One unit more on the tax
# factor adds 200, the untaxed bill.
#
# ### Check

# %%
assert abs(price - 220) < 1e-9
assert abs(dapple_price - 1.1) < 1e-12 and abs(dtax - 200) < 1e-12
assert abs(dapple - 2.2) < 1e-12 and abs(dapple_num - 110) < 1e-9
print("Check passed: price 220, dapple 2.2, dapple_num 110, dtax 200.")

# %% [markdown]
# ## Why backward runs in reverse order
#
# `mul_apple.backward` needs `dapple_price`, and only `mul_tax.backward` produces it.
# Each layer waits for the gradient of the layer that consumed its output, so the
# backward calls must be the forward calls read from the bottom up.
#
# What goes wrong if we skip that? Suppose we hand the starting gradient 1 straight to
# the apple layer. Python does not complain; the numbers are simply wrong, because the
# factor 1.1 contributed by the tax node never arrives:

# %%
wrong_dapple, wrong_dapple_num = mul_apple.backward(dprice)   # should have been dapple_price
print("wrong dapple     =", round(wrong_dapple, 4), "  (right: 2.2)")
print("wrong dapple_num =", round(wrong_dapple_num, 4), "  (right: 110)")

# %% [markdown]
# A layer does protect you from one mistake: calling `backward` before `forward`, when it
# has nothing stored yet.

# %%
try:
    MulLayer().backward(1.0)
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# ## Apples and oranges
#
# Now add 3 oranges at 150 each. The two item prices meet in an add node, and the sum is
# taxed. Four nodes, so four layers. The forward order is apples, oranges, add, tax; the
# backward order is tax, add, then the two item layers (their order does not matter,
# since neither needs the other's gradient).
#
# ![Apples and oranges graph with every value and gradient](../images/apples_oranges_backward.svg)

# %%
apple, apple_num = 100, 2
orange, orange_num = 150, 3
tax = 1.1

mul_apple = MulLayer()
mul_orange = MulLayer()
add_fruit = AddLayer()
mul_tax = MulLayer()

# forward
apple_price = mul_apple.forward(apple, apple_num)          # 200
orange_price = mul_orange.forward(orange, orange_num)      # 450
all_price = add_fruit.forward(apple_price, orange_price)   # 650
price = mul_tax.forward(all_price, tax)                    # 715

# backward, in reverse order
dprice = 1
dall_price, dtax = mul_tax.backward(dprice)
dapple_price, dorange_price = add_fruit.backward(dall_price)
dorange, dorange_num = mul_orange.backward(dorange_price)
dapple, dapple_num = mul_apple.backward(dapple_price)

print("price =", round(price, 4))
for name, value in [("dall_price", dall_price), ("dtax", dtax),
                    ("dapple_price", dapple_price), ("dorange_price", dorange_price),
                    ("dapple", dapple), ("dapple_num", dapple_num),
                    ("dorange", dorange), ("dorange_num", dorange_num)]:
    print(f"{name:14s}= {value:.4g}")

# %% [markdown]
# The add node passed 1.1 to both item prices unchanged; each multiply node swapped its
# inputs: the apple count 2 times 1.1 gives 2.2, the apple price 100 times 1.1 gives 110,
# and the same for oranges gives 3.3 and 165.
#
# ### Check
#
# Every number below comes from the math, not from running the code:
# $\partial\,\text{price}/\partial\,\text{tax} = 200 + 450 = 650$,
# $\partial\,\mathrm{price}/\partial\,\mathrm{orange} = \mathrm{orange\_num}\cdot\mathrm{tax} = 3.3$, and so on.
# The last lines also compare each layer with a numerical gradient (chapter 2):
# `layers.gradient_check` returns a relative error, and anything below $10^{-7}$ means
# the analytic and the numerical gradients agree.

# %%
expected = {"price": 715, "dall_price": 1.1, "dtax": 650, "dapple_price": 1.1,
            "dorange_price": 1.1, "dapple": 2.2, "dapple_num": 110,
            "dorange": 3.3, "dorange_num": 165}
got = {"price": price, "dall_price": dall_price, "dtax": dtax, "dapple_price": dapple_price,
       "dorange_price": dorange_price, "dapple": dapple, "dapple_num": dapple_num,
       "dorange": dorange, "dorange_num": dorange_num}
for key, want in expected.items():
    assert abs(got[key] - want) < 1e-9, (key, got[key], want)

rng = np.random.default_rng(0)
for layer in (MulLayer(), AddLayer()):
    x, y = rng.standard_normal((2, 3, 4))
    assert layers.gradient_check(layer, x, y) < 1e-7
print("Check passed: price 715, dapple 2.2, dapple_num 110, dorange 3.3, "
      "dorange_num 165, dtax 650; both layers pass the gradient check.")

# %% [markdown]
# ## Try it: step through the backward pass
#
# The explorer below holds the same four-node graph. Move the sliders to change the
# inputs (and the upstream gradient `dprice`); every value updates at once. Then press
# **Step** to run one layer's `backward` at a time, in the order used above, and watch
# the red gradients fill in from right to left. **Run all** finishes the pass, **Reset**
# clears the gradients.
#
# Things to try: set `tax` to 1 and check that `dapple` equals `apple_num`; double
# `dprice` and see every gradient double (the chain rule is linear in the upstream
# gradient).

# %%
from teaching import examples
from teaching.explorer import GraphExplorer

GraphExplorer(examples.apples_oranges_graph())

# %% [markdown]
# The explorer's **Step** button calls the same `backward` methods as our code above.
# Here are its four steps as text: each is "upstream gradient x local derivative =
# downstream gradient", for every input of one node.

# %%
graph = examples.apples_oranges_graph()
while not graph.done:
    for line in graph.describe(graph.step()):
        print(line)

# %% [markdown]
# ## Summary
#
# - A layer is one graph node as a class: `forward` computes and stores, `backward(dout)`
#   returns one gradient per input.
# - `MulLayer.backward` multiplies `dout` by the *other* input; `AddLayer.backward` passes
#   `dout` on unchanged.
# - Use one layer object per node. Call `backward` in the reverse order of `forward`:
#   each layer needs the gradient produced by the layer after it.
# - Passing the wrong upstream gradient does not raise an error; a check against numbers
#   you can derive (2.2, 110, 650, ...) or a gradient check catches it.

# %% [markdown]
# ## Exercises
#
# Each exercise has a code cell with `# YOUR CODE HERE`, followed by a check cell. Run
# the check: it shows **Right** or **Not yet** with a hint. Worked answers are in
# `notebooks/solutions/04_simple_layers_solutions.ipynb`; try first.
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
# ### Exercise 2: the shopping graph as a function
#
# Write `shopping(apple, apple_num, orange, orange_num, tax)`. Inside, build the four
# layers, run the forward pass, then the backward pass starting from `dprice = 1`, and
# return `(price, grads)` where `grads` is a dict with the keys `"apple"`, `"apple_num"`,
# `"orange"`, `"orange_num"` and `"tax"`. The check calls it with the book's numbers and
# with other prices, so copying 2.2 or 110 will not do.

# %%
def shopping(apple, apple_num, orange, orange_num, tax):
    # YOUR CODE HERE
    return None, {}


# %%
check.shopping(shopping)


# %% [markdown]
# ### Exercise 3: what does one more friend save?
#
# Three friends share the apples-and-oranges bill equally:
# $\text{share} = \text{price} / \text{people}$ with `people = 3`.
# Using your `DivLayer` after the four shopping layers, compute the share and its
# gradients. Return `(share, grads)` where `grads` has the keys `"apple"`, `"tax"` and
# `"people"`. Before running, predict: what sign must $\partial\,\text{share}/\partial\,\text{people}$ have?

# %%
def shared_bill(apple, apple_num, orange, orange_num, tax, people):
    # YOUR CODE HERE
    return None, {}


# %%
check.shared_bill(shared_bill)
