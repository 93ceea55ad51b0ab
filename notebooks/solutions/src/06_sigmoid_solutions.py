# %% [markdown]
# # 6. The sigmoid layer: solutions
#
# Worked answers to the exercises of [chapter 6](../06_sigmoid.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch06 as check
import layers
from layers import AddLayer, MulLayer, Sigmoid, SquareLayer

# %% [markdown]
# ## Exercise 1: softplus
#
# With $u = 1 + e^{x}$, $y = \ln u$. The chain rule gives
#
# $$\frac{\partial y}{\partial x} = \frac{1}{u}\cdot\frac{\partial u}{\partial x}
#   = \frac{e^{x}}{1 + e^{x}} = \frac{1}{1 + e^{-x}} = \sigma(x),$$
#
# the sigmoid itself (divide top and bottom by $e^{x}$). So `forward` keeps $\sigma(x)$,
# computed with `layers.Sigmoid` so that it is stable, and `backward` multiplies `dout` by it.

# %%
class Softplus:
    def forward(self, x):
        self.slope = Sigmoid().forward(x)    # sigma(x) is the local derivative
        return np.log1p(np.exp(x))

    def backward(self, dout):
        return dout * self.slope


# %%
check.softplus(Softplus)


# %% [markdown]
# ## Exercise 2: tanh from the sigmoid
#
# Write $s = \sigma(2x)$, so $y = 2s - 1$. By the chain rule,
#
# $$\frac{\partial y}{\partial x} = 2\cdot\sigma'(2x)\cdot 2 = 4\,s\,(1 - s).$$
#
# The identity solved for $s$ gives $s = (1 + y)/2$ and $1 - s = (1 - y)/2$, so
#
# $$\frac{\partial y}{\partial x} = 4\cdot\frac{1 + y}{2}\cdot\frac{1 - y}{2}
#   = (1 + y)(1 - y) = 1 - y^2 .$$
#
# Like the sigmoid, tanh needs only its output. First the identity and the derivative,
# numerically:

# %%
x = np.linspace(-3, 3, 7)
print("tanh(x) = 2 sigma(2x) - 1:", np.allclose(np.tanh(x), 2 * Sigmoid().forward(2 * x) - 1))
slope = np.array([layers.numerical_gradient(np.tanh, x_i) for x_i in x])
print("slope = 1 - tanh(x)**2:   ", np.allclose(slope, 1 - np.tanh(x) ** 2, atol=1e-8))


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
# ## Exercise 3: swish
#
# $x$ is used twice: as a direct input of the product and as the input of the sigmoid. The
# product node sends $\sigma(x)$ back along the direct use and $x$ into the sigmoid, whose
# local derivative is $\sigma(1 - \sigma)$. The two shares add:
#
# $$\frac{\partial y}{\partial x} = \sigma(x) + x\,\sigma(x)\big(1 - \sigma(x)\big).$$
#
# That needs $x$ and $\sigma(x)$; $y = x\sigma(x)$ alone is not enough (at $x = 0$ it is 0
# whatever the slope), so `forward` keeps both.

# %%
class Swish:
    def forward(self, x):
        self.x = np.array(x, dtype=float)          # a copy: the caller may change theirs later
        self.sig = Sigmoid().forward(self.x)
        return self.x * self.sig

    def backward(self, dout):
        direct = self.sig                                 # the multiply node's share
        through_sigmoid = self.x * self.sig * (1 - self.sig)
        return dout * (direct + through_sigmoid)


# %%
check.swish(Swish)


# %% [markdown]
# ## Exercise 4 (capstone): one neuron
#
# Five layers, forward left to right, then backward right to left. The second gradient of
# `MulLayer` belongs to $x$ and that of the first `AddLayer`'s input $b$ is $\partial L/\partial b$;
# the gradient of the constant $-t$ is not needed.

# %%
def neuron(w, b, x, t):
    mul, add_b, sigmoid, minus_t, square = MulLayer(), AddLayer(), Sigmoid(), AddLayer(), SquareLayer()
    wx = mul.forward(w, x)
    z = add_b.forward(wx, b)
    y = sigmoid.forward(z)
    diff = minus_t.forward(y, -t)
    loss = square.forward(diff)

    d_diff = square.backward(1.0)          # dL/dL = 1
    dy, _ = minus_t.backward(d_diff)       # the constant -t gets a gradient too; unused
    dz = sigmoid.backward(dy)
    d_wx, dL_db = add_b.backward(dz)
    dL_dw, _ = mul.backward(d_wx)          # the second one is dL/dx
    return loss, dL_dw, dL_db


w, b, x, t = 0.5, 1.0, 2.0, 0.0
loss, dL_dw, dL_db = neuron(w, b, x, t)
print(f"L = {loss:.6f}, dL/dw = {dL_dw:.6f}, dL/db = {dL_db:.6f}")

# %%
check.neuron(neuron)

# %% [markdown]
# The gradient check: the loss as a function of $w$ alone, then of $b$ alone.

# %%
w, b, x, t = 0.5, 1.0, 2.0, 0.0

numeric = {
    "dL_dw": layers.numerical_gradient(lambda v: neuron(v, b, x, t)[0], w),
    "dL_db": layers.numerical_gradient(lambda v: neuron(w, v, x, t)[0], b),
}
for name, backprop in [("dL_dw", dL_dw), ("dL_db", dL_db)]:
    error = abs(numeric[name] - backprop) / max(abs(numeric[name]), abs(backprop))
    print(f"{name}: numerical {numeric[name]:.8f}, backprop {backprop:.8f}, "
          f"relative error below 1e-7: {error < 1e-7}")

# %%
check.neuron_gradient_check(numeric)
