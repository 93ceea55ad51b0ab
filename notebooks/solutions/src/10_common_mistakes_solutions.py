# %% [markdown]
# # 10. Common mistakes: solutions
#
# Worked answers to the exercises of [chapter 10](../10_common_mistakes.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from layers import AddLayer, MulLayer
from teaching.checks import ch10 as check

# %% [markdown]
# ## Exercise 1: what the size of the error says
#
# With $a = k\,g$ and $n = g$: $\lVert kg - g\rVert = |k - 1|\,\lVert g\rVert$ and
# $\lVert kg\rVert + \lVert g\rVert = (k + 1)\,\lVert g\rVert$ (for $k > 0$). The
# $\lVert g\rVert$ cancels, so the error is $|k - 1|/(k + 1)$, the same for every
# parameter. Solving $|k - 1|/(k + 1) = 0.9394$ gives $k = 32$ or $k = 1/32$; on a batch of
# 32 the likely story is a gradient 32 times too **small**: the $1/N$ of the mean applied
# twice (mistake 3).

# %%
def error_for_factor(k):
    return abs(k - 1) / (k + 1)


k_seen = 1 / 32
print(round(error_for_factor(k_seen), 4))

# %%
check.error_for_factor(error_for_factor, k_seen)


# %% [markdown]
# ## Exercise 2: predict the reused layer's gradient
#
# When backward runs, the shared layer holds the orange's inputs, $x = 90$ and $y = 5$. The
# gradient reaching the apples' node is the tax, 1.08 (the add node passes it on), and a
# multiply node sends `dout * y` to its first input: $1.08 \times 5 = 5.4$, where the right
# answer is $1.08 \times 4 = 4.32$. Running the buggy code confirms it:

# %%
mul_fruit, add_fruit, mul_tax = MulLayer(), AddLayer(), MulLayer()
price = mul_tax.forward(add_fruit.forward(mul_fruit.forward(120, 4), mul_fruit.forward(90, 5)), 1.08)
dapple_price, _ = add_fruit.backward(mul_tax.backward(1.0)[0])
dapple_buggy, _ = mul_fruit.backward(dapple_price)
print(round(dapple_buggy, 6))

# %%
check.reused_layer(dapple_buggy)


# %% [markdown]
# ## Exercise 3: a training loop with two bugs
#
# The two bugs: the step goes uphill (`+=`, mistake 5), and `total` adds every gradient
# to the ones before (mistake 6), so each step uses the sum of all gradients so far. The
# fix uses each step's own gradient and steps against it.

# %%
def fixed_train(model, x, t, learning_rate, steps):
    losses = []
    for _ in range(steps):
        grads = model.gradient(x, t)
        for k in model.params:
            model.params[k] -= learning_rate * grads[k]
        losses.append(model.loss(x, t))
    return losses


# %%
check.fixed_train(fixed_train)
