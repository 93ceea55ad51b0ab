# %% [markdown]
# # 6. The sigmoid layer: solutions
#
# Worked answers to the capstone and the exercises of [chapter 6](../06_sigmoid.ipynb).
# Each answer is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch06 as check
import layers
from layers import AddLayer, MulLayer, Sigmoid, SquareLayer

# %% [markdown]
# ## One node from the output alone
#
# The four local derivatives are $-1$, $\exp(a) = \exp(-x)$, $1$ and $-1/c^2 = -y^2$; their
# product is $y^2\exp(-x)$. Solve $y = 1/(1 + \exp(-x))$ for $\exp(-x)$:
# $1 + \exp(-x) = 1/y$, so $\exp(-x) = 1/y - 1$ and $y^2\exp(-x) = y - y^2 = y(1 - y)$.

# %%
class GroupedSigmoid:
    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out.copy()
        return out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)   # y**2 (1/y - 1) is nan at y = 0


check.grouped_sigmoid(GroupedSigmoid)

# %% [markdown]
# The four nodes grouped into one node, at $x = 2$: its $dx$ is their product.
#
# ![The four nodes grouped into one sigmoid node at x = 2](../../images/sigmoid_grouped.svg)

# %% [markdown]
# **Far in the tail.** At $x = -1000$, $\exp(-x) = \exp(1000) \approx 10^{434}$ is beyond
# float64's largest number (about $1.8\cdot 10^{308}$): it overflows to `inf`, with a warning,
# wherever it is computed, in the plain forward and in `GroupedSigmoid`'s. $y$ is then
# $1/\infty = 0$, the float nearest the true $e^{-1000}$; $y(1 - y) = 0$, but
# $y^2\exp(-x) = 0\cdot\infty$ is `nan`.

# %%
my_far = (0.0, np.nan, 0.0)     # y, dx of plain, dx of grouped

check.far_tail(my_far, GroupedSigmoid)

# %% [markdown]
# **Saturation.** $y(1 - y) = \tfrac14 - (y - \tfrac12)^2$ is largest at $y = \tfrac12$
# ($x = 0$): the peak is $\tfrac14$. A tenth of it: $y(1 - y) = 0.025$ is $y^2 - y + 0.025 = 0$, so
# $y = (1 - \sqrt{0.9})/2 \approx 0.0257$ (or $1 - y$ on the other side), and $\sigma(x) = y$
# gives $|x| = \ln\frac{1 - y}{y} \approx 3.64$. Through three layers at $x = 0$ the inputs
# are $0$, $\sigma(0) = 0.5$ and $\sigma(0.5) \approx 0.6225$; the gradient is the product of
# $y(1 - y)$ at the outputs $0.5$, $0.6225$, $0.6508$: $0.25 \cdot 0.2350 \cdot 0.2273$.

# %%
my_peak = 0.25
y_tenth = (1 - np.sqrt(0.9)) / 2
my_tenth_x = float(np.log((1 - y_tenth) / y_tenth))
outputs = [0.5, 1 / (1 + np.exp(-0.5))]
outputs.append(1 / (1 + np.exp(-outputs[-1])))
my_k3_grad = float(np.prod([y * (1 - y) for y in outputs]))
print(f"my_tenth_x = {my_tenth_x:.4f}, my_k3_grad = {my_k3_grad:.5f}")

check.saturation(my_peak, my_tenth_x, my_k3_grad)

# %% [markdown]
# **The explorer's task.** Each sigmoid in a row multiplies by at most $\tfrac14$: from
# $k = 1$ to $10$ the gradient at $x = 0$ loses almost six powers of ten. At $x = 4$ the first
# factor is already $0.018$, so it drops below $10^{-6}$ at $k = 8$, two layers sooner.


# %%
def through_sigmoids(x, k):
    stack = [Sigmoid() for _ in range(k)]
    h = np.array(x)
    for layer in stack:
        h = layer.forward(h)
    dx = np.array(1.0)
    for layer in reversed(stack):
        dx = layer.backward(dx)
    return float(dx)


for x0 in (0.0, 4.0):
    print(f"x = {x0:g}:", " ".join(f"{through_sigmoids(x0, k):.1e}" for k in range(1, 11)))

# %% [markdown]
# ## Capstone: one neuron
#
# **The code.** Five layers, forward left to right, then backward right to left. The second gradient of
# `MulLayer` belongs to $x$ and that of the first `AddLayer`'s input $b$ is $\partial L/\partial b$;
# the gradient of the constant $-t$ is not needed.

# %%
def neuron(w, b, x, t):
    mul, add_b, sigmoid, minus_t, square = (MulLayer(), AddLayer(), Sigmoid(), AddLayer(),
                                            SquareLayer())
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


loss_0, dL_dw, dL_db = neuron(0.5, 1.0, 2.0, 0.3)
print(f"L = {loss_0:.6f}, dL/dw = {dL_dw:.6f}, dL/db = {dL_db:.6f}")

# %%
check.neuron(neuron)

# %% [markdown]
# ## Capstone: the gradient check
#
# `loss` fixes $x$ and $t$ and keeps only the first value `neuron` returns.
# `central_differences_wb` hands `layers.numerical_gradient` a function of one variable at a
# time, the other held fixed:

# %%
w, b, x, t = 0.5, 1.0, 2.0, 0.3


def loss(w, b):
    return neuron(w, b, x, t)[0]


def central_differences_wb(f, w, b, h=1e-4):
    df_dw = layers.numerical_gradient(lambda v: f(v, b), w, h)
    df_db = layers.numerical_gradient(lambda v: f(w, v), b, h)
    return df_dw, df_db


# %%
check.neuron_gradient_check(loss, central_differences_wb, neuron)

# %% [markdown]
# **The buggy neuron.** Central differences of its loss (its forward is right) against its
# two gradients, one at a time:

# %%
buggy = check.buggy_neuron
numeric = central_differences_wb(lambda w, b: buggy(w, b, x, t)[0], w, b)
_, bug_dw, bug_db = buggy(w, b, x, t)
my_buggy = (layers.relative_error(numeric[0], bug_dw), layers.relative_error(numeric[1], bug_db))
print(f"relative error of dL_dw: {my_buggy[0]:.1e}, of dL_db: {my_buggy[1]:.1e}")

# %% [markdown]
# Only $dL/dw$ is off. Its ratio to the right one is $0.25$, the wrong local derivative over
# the right one. On $w$'s path alone lie the add node's derivative to $w x$ (right: 1, so
# it would have used 0.25; it saw $w x = 1$, $b = 1$, $z = 2$) and the multiply node's to $w$
# (right: $x = 2$, so it used $0.25 \cdot 2 = 0.5$, and it saw $w = 0.5$): the multiply node
# sent back $w$ instead of $x$.

# %%
ratio = bug_dw / numeric[0]
my_bug_node = "multiply"
my_bug_local = ratio * x              # the right local derivative toward w is x
print(f"buggy dL/dw / right dL/dw = {ratio:.4f}; times x = {my_bug_local:.4f} = w")

check.buggy_gradient(my_buggy, my_bug_node, my_bug_local)


# %% [markdown]
# ## Capstone: the first steps
#
# The step uses the neuron's own backward pass and moves against the gradient:

# %%
def step(w, b, lr):
    _, dL_dw, dL_db = neuron(w, b, x, t)
    return w - lr * dL_dw, b - lr * dL_db


# %%
check.gradient_step(step)


# %% [markdown]
# The loop: the loss before any step, then a step and the loss after it, `steps` times.

# %%
def train(lr, steps=8):
    w, b = 0.5, 1.0
    losses = [loss(w, b)]
    for _ in range(steps):
        w, b = step(w, b, lr)
        losses.append(loss(w, b))
    return losses


# %% [markdown]
# **The prediction.** At the start $y = \sigma(2) \approx 0.88$ is above $t = 0.3$, so
# both gradients are positive and a step lowers $z = w x + b$. Write
# $\delta = \partial L/\partial z$, so that $\partial L/\partial w = \delta x$ and
# $\partial L/\partial b = \delta$: one step changes $z$ by
# $x\cdot(-\text{lr}\,\delta x) + (-\text{lr}\,\delta) = -\text{lr}\,\delta\,(x^2 + 1)$.
# At $\text{lr} = 20$ that puts $z$ at about $-10.2$, deep in the left tail, where
# $y \approx 0$ and the loss is about $(0 - t)^2 = t^2 = 0.09$. Each later step moves $z$ by
# $\text{lr}\,|\delta|\,(x^2 + 1)$ with $|\delta| = 2|y - t|\,y(1 - y) < 2t\,y(1 - y)$: with
# $y(1 - y) \approx 4\cdot 10^{-5}$, under $0.003$ a step, so $y$ stays near 0 and the
# loss after eight steps is $(y - t)^2 \approx 0.090$.

# %%
_, _, delta = neuron(w, b, x, t)
z20 = w * x + b - 20 * delta * (x ** 2 + 1)
y_20 = Sigmoid().forward(z20)
move = 20 * 2 * t * y_20 * (1 - y_20) * (x ** 2 + 1)
print(f"a later step moves z by under {move:.4f}")
lr20_loss = (y_20 - t) ** 2        # z hardly moves in the seven later steps

check.learning_rates(z20, lr20_loss)

# %%
losses8 = train(8.0)
lr8_rise = next(i for i in range(1, 9) if losses8[i] > losses8[i - 1])

check.training_loop(train, z20, lr20_loss, lr8_rise)

# %% [markdown]
# **Beyond the chapter: the step that lands on $t$.** $\sigma(z) = t$ at
# $z = \ln\frac{t}{1 - t}$ (solve $t(1 + e^{-z}) = 1$), so the first step lands $y$ exactly on
# $t$ at $\text{lr} = (z - \ln\frac{t}{1 - t}) / (\delta\,(x^2 + 1)) \approx 4.67$; any longer
# first step overshoots. Each later step starts elsewhere and has its own such rate.

# %%
one_step_lr = (w * x + b - np.log(t / (1 - t))) / (delta * (x ** 2 + 1))
landed = Sigmoid().forward(w * x + b - one_step_lr * delta * (x ** 2 + 1))
print(f"one_step_lr = {one_step_lr:.4f}; y after that step: {landed:.6f}")


# %% [markdown]
# ## Exercise 1: tanh from the sigmoid
#
# Write $s = \sigma(2x)$, so $y = 2s - 1$. By the chain rule,
#
# $$\frac{\partial y}{\partial x} = 2\cdot\sigma'(2x)\cdot 2 = 4\,s\,(1 - s).$$

# %%
def tanh_slope(s):
    return 4 * s * (1 - s)


# %%
check.tanh_slope(tanh_slope)


# %% [markdown]
#
# The identity solved for $s$ gives $s = (1 + y)/2$ and $1 - s = (1 - y)/2$, so
#
# $$\frac{\partial y}{\partial x} = 4\cdot\frac{1 + y}{2}\cdot\frac{1 - y}{2}
#   = (1 + y)(1 - y) = 1 - y^2 .$$
#
# Like the sigmoid, tanh needs only its output. First the identity and the derivative,
# numerically:

# %%
xs = np.linspace(-3, 3, 7)
print("tanh(x) = 2 sigma(2x) - 1:", np.allclose(np.tanh(xs), 2 * Sigmoid().forward(2 * xs) - 1))
slope = np.array([layers.numerical_gradient(np.tanh, x_i) for x_i in xs])
print("slope = 1 - tanh(x)**2:   ", np.allclose(slope, 1 - np.tanh(xs) ** 2, atol=1e-8))


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
# ## Exercise 2: a gradient through a stack of sigmoids
#
# **The measurement.** Keep the layers, run forward through them (`w * h`, then the
# sigmoid), then backward in reverse: each sigmoid's `backward` on the result of the one
# after it, times `w` for the multiply in front of it.
#
# **The bound.** Unit $i$ computes $z_i = w\,y_{i-1}$ (a multiply node, local derivative
# $w$) and $y_i = \sigma(z_i)$ (local derivative $\sigma'(z_i) = y_i(1 - y_i) =
# \tfrac14 - (y_i - \tfrac12)^2 \le \tfrac14$). The chain rule multiplies them all:
#
# $$\frac{dy_k}{dx} = \prod_{i=1}^{k} w\,\sigma'(z_i), \qquad
#   \left|\frac{dy_k}{dx}\right| \le \left(\frac{|w|}{4}\right)^{k}.$$
#
# For $w = 2$ and $k = 10$ that is $0.5^{10} \approx 9.8\times 10^{-4}$.

# %%
def stack_gradient(x, k, w):
    stack = [Sigmoid() for _ in range(k)]
    h = x
    for layer in stack:
        h = layer.forward(w * h)
    grad = 1.0
    for layer in reversed(stack):
        grad = w * layer.backward(grad)     # the sigmoid, then the multiply by w
    return grad


def gradient_bound(k, w):
    return (abs(w) / 4) ** k


print(f"w = 2: bound (2/4)**10 = {gradient_bound(10, 2.0):.3g}, "
      f"measured at x = 0: {stack_gradient(0.0, 10, 2.0):.3g}")

# %% [markdown]
# The measured value is below the bound: only the first sigmoid sees its best input 0; the
# later ones see $w$ times sigmoid outputs, away from 0, where $\sigma' < \tfrac14$.

# %%
check.sigmoid_stack(stack_gradient, gradient_bound)

# %% [markdown]
# **Beyond the chapter: the best weight.** A scan of $w$ at $x = 0$, $k = 10$:

# %%
ws = np.arange(0.1, 6.0001, 0.01)
through = np.array([stack_gradient(0.0, 10, w_i) for w_i in ws])
best_w = round(float(ws[through.argmax()]), 2)
print(f"best_w = {best_w}: {through.max():.2g} passes; at w = 4: {stack_gradient(0.0, 10, 4.0):.1g}")

# %% [markdown]
# From the second unit on, each input is $w\,y_{i-1}$ with $y_{i-1} > \tfrac12$: it grows
# with $w$, and beyond $w \approx 1.8$ the later units slide into the tail faster than the
# factor $w$ makes up for. The bound stops shrinking only for $|w| \ge 4$, but weights that
# large put the later units in the sigmoid's tails.
