# %% [markdown]
# # 1. Computational graphs

# %% [markdown]
# > **Book:** sections 5.1, 5.3 and 5.4 (the apple-orange graph). **You need:** Python, and
# > multiplying out brackets. **Goal:** you will
# >
# > - draw a calculation as a graph and run it forward, each node computing from its own
# >   inputs only (*local computation*);
# > - work out what a small change of each input does to the result, its gradient, and
# >   that it holds only at the current inputs;
# > - run the graph backward with the layers yourself, every gradient in one pass;
# > - count what that pass costs, against central differences.

# %% [markdown]
# ## Why gradients at all?
#
# Every calculation in this series ends in one number, $L$: below, the price you pay; in a
# neural network, the **loss**, how wrong the answers are. $\partial L/\partial w$ says how
# fast $L$ moves with the input $w$: if it is 4, raising $w$ by a tiny $\varepsilon$ raises
# $L$ by about $4\,\varepsilon$. These numbers, one per input, form the **gradient**. A
# network learns by stepping every weight against its gradient, thousands of times: it needs
# the gradient of **every** weight, often millions.

# %%
from IPython.display import display

from layers import AddLayer, MulLayer        # one small object per node
from teaching import shopping                # this chapter's pictures and explorer
from teaching.checks import ch01 as check   # the exercise checks

# %% [markdown]
# ## Problem 1: two apples
#
# You buy 2 apples at 100 yen each. A consumption tax of 10 % multiplies the bill by 1.1.
# What do you pay?
#
# ![Apple graph, forward: 100 and 2 give 200, times 1.1 gives 220](../images/apple_forward.svg)
#
# This is a **computational graph**: each **node** (a circle) does one operation, such as
# $\times$ or $+$; each **edge** (an arrow) carries a number, written in
# <span style="color:#1a7f37">**green**</span> above it, to the next node. Here
# $100 \times 2 = 200$, then $200 \times 1.1 = 220$, the price $L$.
#
# Following the arrows from left to right is the **forward pass** (forward propagation).
# In code, each node is one small object from [`layers.py`](../layers.py), whose `forward`
# does the operation (`layers.py` adds input checks and conversions around these lines):
#
# ```python
# class MulLayer:
#     def forward(self, x, y):
#         self.x, self.y = x, y    # kept: backward will multiply by them
#         return x * y
# ```
#
# `AddLayer.forward` returns `x + y`.

# %%
apple, apple_num, tax = 100, 2, 1.1
mul_apple, mul_tax = MulLayer(), MulLayer()   # one layer per × node
price = mul_tax.forward(mul_apple.forward(apple, apple_num), tax)
print(f"price = {price:g}")

# %% [markdown]
# ## Problem 2: apples and oranges
#
# Now you also buy 3 oranges at 150 yen each. Each item gets a $\times$ node, an **add** node
# sums the item prices (`all_price` in the code), and the tax $\times$ node takes that sum:

# %%
shopping.picture()

# %%
apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
# one layer per node, called in the order of the arrows
apple_price = mul_apple.forward(apple, apple_num)
orange_price = mul_orange.forward(orange, orange_num)
all_price = add_fruit.forward(apple_price, orange_price)
price = mul_tax.forward(all_price, tax)
print(f"apple_price {apple_price:g}, orange_price {orange_price:g}, "
      f"all_price {all_price:g}, price {price:.4g}")

# %% [markdown]
# Each `forward` call is given two numbers and nothing else: a node computes from its own
# inputs only (**local computation**), so however large the graph, you reason about one
# small node at a time.
#
# ## What a change does to the price
#
# A tiny change, followed through the graph, gives a gradient. In Problem 1, raise the apple
# price by $\varepsilon$: the first $\times$ node gives $(100 + \varepsilon) \times 2 = 200 +
# 2\varepsilon$, the extra times the node's *other* input; the tax node turns that into
# $(200 + 2\varepsilon) \times 1.1 = 220 + 2.2\,\varepsilon$. The price rose by
# $2.2\,\varepsilon$: its gradient with respect to the apple price is 2.2.
#
# Now Problem 2, on paper: raise each input below by $\varepsilon$ and follow the extra
# through every node after it.

# %%
by_hand = {   # YOUR CODE HERE: d price / d apple_num and so on, in Problem 2
    "apple_num": None, "orange": None, "orange_num": None, "tax": None,
}

# %%
check.gradients_by_hand(by_hand)

# %% [markdown]
# ## Two moves at once
#
# In Problem 2 (2 apples, 3 oranges), work these out on paper:
#
# - `tax_rate`: with the apple price at 120 instead of 100, the price's gradient with
#   respect to tax;
# - `extra`: what moving apple 100 to 120 and tax 1.1 to 1.2 *together* adds to the price
#   beyond the two moves made one at a time (each from 100 and 1.1), in yen;
# - `extra_halved`: the same for half the steps, apple 100 to 110 and tax 1.1 to 1.15.

# %%
together = {"tax_rate": None, "extra": None, "extra_halved": None}   # YOUR CODE HERE

# %%
check.two_moves(together)

# %% [markdown]
# Once both checks say Right, the cell below opens an **explorer** of Problem 2: green values
# follow a slider, the edges a move changed light up, and the readout divides the price's
# change by the move. Set each slider back before the next move:
#
# 1. **apple** 100 to 120, then **apple num** 2 to 3, then **tax** 1.1 to 1.2: each readout
#    is one of the gradients, even for a big step, because the price is a straight line in
#    each input alone.
# 2. **apple** to 120 and, leaving it there, **tax** to 1.2: your `tax_rate`; its rise
#    beyond the tax move of step 1 is your `extra`.
# 3. Steps 1 and 2 with half steps, apple 110 and tax 1.15: your `extra_halved`.

# %%
shopping.explorer(by_hand, together)

# %% [markdown]
# ## Backward: every gradient in one pass
#
# **Backpropagation** runs your $\varepsilon$-tracing backward, from the price to the inputs,
# and gets all five gradients in one pass:
#
# - Start with 1 at the price: the price's gradient with respect to itself.
# - Each node takes the gradient arriving from its right, `dout`, and sends each input
#   `dout` times its **local derivative**: how fast its output moves with that input.
#   Multiplying the rates along the way is the **chain rule** (chapter 2).
# - For $x \times y$ that is the *other* input, as your tracing found; for $x + y$ it is 1.
#
# Problem 1 run backward, each gradient in red under its edge; the 2.2 at the apple price
# is the one you traced forward:

# %%
shopping.picture(backward=True, apples_only=True)   # Problem 1, run backward by the layers

# %% [markdown]
# Each layer's `backward` does this with what its `forward` kept:
#
# ```python
#     def backward(self, dout):    # MulLayer's (AddLayer's: dx = dout * 1, dy = dout * 1)
#         dx = dout * self.y       # local derivative of x: the other input
#         dy = dout * self.x
#         return dx, dy
# ```
#
# Problem 2's layers above ran forward and kept their inputs. Write `backward_pass` with
# them: call each layer's `backward` once, starting at the price with `dout = 1`, and feed
# each node the gradient its output received (a `backward` returns its gradients in the
# order of its `forward`'s inputs).

# %%
def backward_pass(mul_apple, mul_orange, add_fruit, mul_tax):
    # YOUR CODE HERE: return d_apple, d_apple_num, d_orange, d_orange_num, d_tax
    raise NotImplementedError("YOUR CODE")


# %%
passed_backward = check.backward_pass(backward_pass)
passed_backward

# %% [markdown]
# Once your check says Right, the cell below draws the pass (red numbers under the edges):
# the 1.1 at `all_price` is computed once and reused by all four item inputs. Chapter 3
# counts what this reuse saves against the two other ways to get every gradient: multiplying
# out each path from an input to the price on its own, and one forward pass per input.

# %%
shopping.backward_picture(passed_backward)

# %% [markdown]
# ## What the gradients cost
#
# Another way to get a gradient needs no calculus, the **central difference**: run the whole
# calculation at $w + h$ and at $w - h$ for a small $h$, and divide the change of $L$ by $2h$:
#
# $$\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h} .$$
#
# `numerical_gradient` (in `layers.py`) does this for one input after another. To compare
# it with backpropagation, count multiplications: every product of `dout` with a local
# derivative counts, whatever `dout` is (the first 1 too); a local derivative of exactly 1,
# as in `AddLayer`'s `dx = dout * 1`, we count as free (it could be a copy).
#
# Take a shopping graph with $k$ items (Problem 2 has $k = 2$): their prices summed by $+$
# nodes, the sum taxed once. Write `cost(k)`, returning three numbers:
#
# - `backward`: the products of its backward pass;
# - `both`: the products of its forward and backward passes together, counted in forward
#   passes (one forward pass's products as the unit);
# - `central`: the forward passes central differences run for all its gradients.

# %%
def cost(k):
    # YOUR CODE HERE: return backward, both, central
    raise NotImplementedError("YOUR CODE")


# %%
verdict = check.cost(cost)
display(verdict)
# the products Problem 2's layers make; central differences and the passes they ran
shopping.measure(verdict)

# %% [markdown]
# ## Summary
#
# - A computational graph breaks a calculation into nodes (operations) and edges (numbers);
#   each node computes from its own inputs only.
# - A gradient says how fast the output moves with one input, where you stand; two moves at
#   once add a term that shrinks with the product of their steps.
# - Backpropagation runs right to left, each node sending `dout` times its local derivative
#   to its inputs: every gradient in one pass, each computed once and reused behind it.
# - Counted in products, backward makes two for each one forward: both passes together cost
#   three forward passes, however many inputs; central differences cost two per input.

# %% [markdown]
# ## Exercise: a new tax rate
#
# In Problem 2 the tax goes from 1.1 to 1.2, every other input unchanged. Work out on paper
# the five gradients your `backward_pass` would now return: follow `dout` from the price.
# ([Worked answer](../notebooks/solutions/01_computational_graphs_solutions.ipynb), for
# after you tried.)

# %%
new_tax = {   # YOUR CODE HERE: the gradients at tax 1.2
    "d_apple": None, "d_apple_num": None, "d_orange": None, "d_orange_num": None, "d_tax": None,
}

# %%
verdict = check.new_tax_gradients(new_tax)
display(verdict)
shopping.gradient_changes(verdict, tax=1.2)   # the layers' gradients, before and after
