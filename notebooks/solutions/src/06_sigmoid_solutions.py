# %% [markdown]
# # 6. The sigmoid layer: solutions
#
# Worked answers to the exercises of [chapter 6](../06_sigmoid.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch06 as check
from layers import AddLayer, ExpLayer, MulLayer, ReciprocalLayer

# %% [markdown]
# ## Exercise 1: the sigmoid's backward pass
#
# The four local derivatives multiply to $y(1 - y)$, so `backward` needs only the stored
# output. `dout * ...` builds a new array; `dout` is not changed.

# %%
class MySigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


# %%
check.sigmoid_backward(MySigmoid)


# %% [markdown]
# ## Exercise 2: a tanh layer
#
# $\frac{d}{dx}\tanh x = 1 - \tanh^2 x = 1 - y^2$: again the output alone is enough.

# %%
class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out ** 2)


# %%
check.tanh(Tanh)


# %% [markdown]
# ## Exercise 3: the four nodes, in the right order
#
# Forward: $\times(-1)$, exp, $+1$, $/$. Backward: the same four in reverse, each fed with
# the gradient the previous call returned. The second gradients of the multiply and add
# layers belong to the constants $-1$ and $1$ and are not needed.

# %%
def sigmoid_by_steps(x, dout):
    neg, exp, plus, recip = MulLayer(), ExpLayer(), AddLayer(), ReciprocalLayer()
    a = neg.forward(x, -1.0)
    b = exp.forward(a)
    c = plus.forward(b, 1.0)
    y = recip.forward(c)

    dc = recip.backward(dout)
    db, _ = plus.backward(dc)
    da = exp.backward(db)
    dx, _ = neg.backward(da)
    return y, dx


y, dx = sigmoid_by_steps(1.0, 1.0)
print(f"y = {y:.4f}, dx = {dx:.4f}, y(1 - y) = {y * (1 - y):.4f}")

# %%
check.sigmoid_steps(sigmoid_by_steps)
