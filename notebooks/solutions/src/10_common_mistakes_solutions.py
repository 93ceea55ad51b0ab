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
# parameter and any data. Solving $|k - 1|/(k + 1) = 0.9394$ gives $k = 32$ or
# $k = 1/32$. On a batch of 32 the likely story is a gradient 32 times too **small**: the
# $1/N$ of the mean applied twice (mistake 3).

# %%
def error_for_factor(k):
    return abs(k - 1) / (k + 1)


k_seen = 1 / 32
print(round(error_for_factor(k_seen), 4), round(error_for_factor(32), 4))

# %%
check.error_for_factor(error_for_factor, k_seen)


# %% [markdown]
# ## Exercise 2: which gradients does the reused layer get wrong?
#
# When backward runs, the shared layer holds what its *last* forward stored: the orange's
# $x = 90$, $y = 5$. The gradient reaching each fruit node is the tax, 1.08 (the add node
# passes it on), and a multiply node sends `dout * y` to its first input and `dout * x` to
# its second. So both calls return $(1.08 \times 5,\ 1.08 \times 90) = (5.4, 97.2)$: right
# for the orange, wrong for the apple (it should get $1.08 \times 4 = 4.32$ and
# $1.08 \times 120 = 129.6$). The tax node has its own layer: $d\,\text{tax} = 930$, right.
# Running the buggy code confirms it:

# %%
mul_fruit, add_fruit, mul_tax = MulLayer(), AddLayer(), MulLayer()
apple_price = mul_fruit.forward(120, 4)
orange_price = mul_fruit.forward(90, 5)
mul_tax.forward(add_fruit.forward(apple_price, orange_price), 1.08)
dall_price, dtax = mul_tax.backward(1.0)
dapple_price, dorange_price = add_fruit.backward(dall_price)
dapple, dapple_num = mul_fruit.backward(dapple_price)
dorange, dorange_num = mul_fruit.backward(dorange_price)
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
