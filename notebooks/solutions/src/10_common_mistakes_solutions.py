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
# $\lVert kg\rVert + \lVert g\rVert = (|k| + 1)\,\lVert g\rVert$. The $\lVert g\rVert$
# cancels, so the error is $|k - 1|/(|k| + 1)$, the same for every parameter and any
# data. For $k \le 0$, $|k - 1| = 1 + |k|$: the error is exactly 1, whatever the size, so
# a gradient with the wrong sign always scores 1. Solving $|k - 1|/(k + 1) = 0.9394$ for
# $k > 0$ gives $k = 32$ or $k = 1/32$. On a batch of 32 the likely story is a gradient 32
# times too **small**: the $1/N$ of the mean applied twice (mistake 3).

# %%
def error_for_factor(k):
    return abs(k - 1) / (abs(k) + 1)


k_seen = 1 / 32
print(round(error_for_factor(k_seen), 4), round(error_for_factor(32), 4), error_for_factor(-3))

# %%
check.error_for_factor(error_for_factor, k_seen)


# %% [markdown]
# ## Exercise 2: a layer shared by a fruit and the tax
#
# The tax's backward runs first, while `mul` still holds the tax node's own inputs (930,
# 1.08): $d\,\text{all\_price} = 1.08$ and $d\,\text{tax} = 930$, both right. The add node
# passes 1.08 on to both fruits. The oranges have their own layer: $1.08 \times 5 = 5.4$
# and $1.08 \times 90 = 97.2$, right. The apples' backward reads what `mul` stored last,
# the tax node's (930, 1.08): $d\,\text{apple} = 1.08 \times 1.08 = 1.1664$ (should be
# $1.08 \times 4 = 4.32$) and $d\,\text{apple\_num} = 1.08 \times 930 = 1004.4$ (should be
# 129.6). Running the code confirms it:

# %%
mul, add, mul_orange = MulLayer(), AddLayer(), MulLayer()
apple_price = mul.forward(120, 4)
orange_price = mul_orange.forward(90, 5)
price = mul.forward(add.forward(apple_price, orange_price), 1.08)
dall_price, dtax = mul.backward(1.0)
dapple_price, dorange_price = add.backward(dall_price)
dapple, dapple_num = mul.backward(dapple_price)
dorange, dorange_num = mul_orange.backward(dorange_price)
reused_gradients = {"dapple": dapple, "dapple_num": dapple_num, "dorange": dorange,
                    "dorange_num": dorange_num, "dtax": dtax}
print({k: round(v, 4) for k, v in reused_gradients.items()})

# %%
check.reused_layer(reused_gradients)


# %% [markdown]
# ## Exercise 3: a training loop with two bugs
#
# The two bugs: the gradient is computed once, before the loop, so every step reuses the
# gradient of the starting parameters (a gradient belongs to the point where it was
# computed); and only the parameters whose names start with `W` take a step, so the
# biases never learn. The fix computes a fresh gradient in each step and steps every
# parameter.

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
