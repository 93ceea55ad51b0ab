# %% [markdown]
# # 5. The ReLU layer: solutions
#
# Worked answers to the exercises of [chapter 5](../05_relu.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch05 as check
import layers

# %% [markdown]
# ## Exercise 1: find the bugs
#
# The predictions: the gradient check gives an error near 1, not near $10^{-10}$, because
# `forward` returns the wrong thing. With that bug fixed, the check would pass, although the
# second bug is still there: a gradient check never looks at exactly 0. The evidence, the
# gradient check, then forward and backward on inputs that include exact zeros:

# %%
class SuspectRelu:
    def forward(self, x):
        self.passing = x >= 0
        return (x > 0) * 1

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)


rng = np.random.default_rng(0)
x_far = rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(0.1, 2.0, size=(3, 4))
print("gradient check of SuspectRelu:", round(layers.gradient_check(SuspectRelu(), x_far), 2))

suspect = SuspectRelu()
x = np.array([0.0, 2.0, -1.0])
print("forward: ", suspect.forward(x).tolist(), "  should be [0, 2, 0]")
print("backward:", suspect.backward(np.array([5.0, 6.0, 7.0])).tolist(),
      "  should be [0, 6, 0]: gradient 0 at x = 0")

# %% [markdown]
# 1. `forward` returns the mask `(x > 0) * 1` (ones and zeros) instead of the values:
#    the output is flat, so its true gradient is 0 almost everywhere, while `backward`
#    still says 1 where $x > 0$. The gradient check sees the mismatch at once.
# 2. The mask `x >= 0` lets the gradient through at exactly $x = 0$, against the series'
#    convention (the book's mask $x \le 0$: gradient 0 at 0). Only `backward`'s output
#    shows it, and only at 0. A gradient check cannot see it: `x_far` stays away from the
#    kink, and at the kink itself a central difference gives 0.5, which matches neither
#    choice. Only a test *at* 0 finds it.
#
# The fix: return the values, and block where $x \le 0$. The prediction for the evidence:
# neither layer passes on `x_kink`, the right one no more than the buggy one, since at 0 the
# numerical gradient is 0.5 and the layers say 0 and 1. (On `x_far` both pass.)

# %%
class FixedRelu:
    def forward(self, x):
        self.blocked = x <= 0
        return np.where(self.blocked, 0.0, x)

    def backward(self, dout):
        return np.where(self.blocked, 0.0, dout)   # a new array; dout is left alone


class OnlyConventionBug(FixedRelu):
    def forward(self, x):
        out = super().forward(x)
        self.blocked = x < 0                        # the mask x >= 0 passes at 0
        return out


x_kink = np.array([0.0, -1.0, 1.0])     # the chapter's inputs at the kink
kink_errors = (layers.gradient_check(FixedRelu(), x_kink),
               layers.gradient_check(OnlyConventionBug(), x_kink))
print(f"on x_kink: FixedRelu {kink_errors[0]:.3f}, OnlyConventionBug {kink_errors[1]:.3f}")
print(f"on x_far:  FixedRelu {layers.gradient_check(FixedRelu(), x_far):.1e}, "
      f"OnlyConventionBug {layers.gradient_check(OnlyConventionBug(), x_far):.1e}")

# %%
check.fixed_relu(FixedRelu, OnlyConventionBug, kink_errors)


# %% [markdown]
# ## Exercise 2: leaky ReLU
#
# $\partial y/\partial x$ is 1 for $x > 0$ and $s$ for $x < 0$; at the corner $x = 0$ the
# convention (the mask $x \le 0$) takes $s$. So `backward` returns `dout` where $x > 0$ and
# `slope * dout` elsewhere.
#
# The prediction: after the large step every sample is blocked, but each still sends back
# `0.01 * dout`, so with `dout` = $-1$ the bias gets $dL/db = -0.01 \cdot 20 = -0.2$ and
# climbs by $0.1 \cdot 0.2 = 0.02$ a step (and $w$ a little too). From $b \approx -2$ that
# takes about 40 steps to let the first sample through; once samples pass, their full
# gradient pulls the unit back fast. So some samples pass after the 50 steps. A leaky unit
# cannot die; the plain ReLU stays at $b = -2$.

# %%
my_leaky_passes = True


class LeakyRelu:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        self.passing = x > 0
        return np.where(self.passing, x, self.slope * x)

    def backward(self, dout):
        return np.where(self.passing, dout, self.slope * dout)


rng = np.random.default_rng(0)           # the chapter's batch
xs = rng.uniform(-1.0, 2.0, size=20)
w, b, lr = 1.5, -1.0, 0.1
for step, dout in enumerate([np.ones(20)] + [-np.ones(20)] * 50):
    z = w * xs + b
    leaky = LeakyRelu(0.01)
    leaky.forward(z)
    dz = leaky.backward(dout)
    dw, db = (dz * xs).sum(), dz.sum()
    w, b = w - lr * dw, b - lr * db
    if step in (0, 10, 40, 42, 45, 50):
        print(f"after step {step:2d}: w = {w:6.3f}, b = {b:6.3f}, "
              f"{np.count_nonzero(w * xs + b > 0):2d} of 20 pass")
leaky_w, leaky_b = w, b

# %%
check.leaky_relu(LeakyRelu, (leaky_w, leaky_b), my_leaky_passes)


# %% [markdown]
# ## Exercise 3: when does a unit die?
#
# The unit is dead when $w x_i + b \le 0$ for every sample $i$, that is when
# $b \le -w x_i$ for every $i$, that is when $b \le -\max_i (w x_i)$. So the largest dead
# bias is
#
# $$b_\text{dead} = -\max_i\,(w\,x_i).$$
#
# For $w > 0$ the largest $w x_i$ comes from the largest $x_i$; for $w < 0$ from the
# smallest; for $w = 0$ it is 0. At $b_\text{dead}$ itself the strongest sample sits
# exactly on the kink, and the convention (gradient 0 at 0) blocks it too.

# %%
def dead_bias(w, xs):
    return -np.max(w * xs)


# the chapter's batch: dead at b = -4, alive at b = -1
rng = np.random.default_rng(0)
xs = rng.uniform(-1.0, 2.0, size=20)
print(f"w = 1.5: dead for b <= {dead_bias(1.5, xs):.4f}")

# %%
check.dead_bias(dead_bias)


# %% [markdown]
# ## Exercise 4: what a dead unit's weights get
#
# By hand, $z = XW + b$, one column per unit (rows are the 3 samples):
#
# | unit | $z$ | dead? |
# |---|---|---|
# | 0 | $[0,\ 1,\ -1]$ | no: sample 1 passes |
# | 1 | $[-4.5,\ -1,\ -0.5]$ | yes |
# | 2 | $[-2,\ 0,\ -4]$ | yes: $z = 0$ is blocked too (gradient 0 at 0) |
# | 3 | $[0.5,\ -2.75,\ -2.5]$ | no: one passing sample is enough to learn from |
#
# $z_{nj} = \sum_i X_{ni} W_{ij} + b_j$, so $\partial L/\partial W_{ij} = \sum_n X_{ni}\,
# dz_{nj}$, that is `X.T @ dz`, and $\partial L/\partial b_j = \sum_n dz_{nj}$, chapter 4's
# bias sum. A dead unit's column of `dz` is all 0, so its column of `dW` and its entry of
# `db` are 0 whatever `dout` is.

# %%
X = np.array([[1.0, -2.0],
              [0.5, 1.0],
              [-1.0, 0.0]])
W = np.array([[1.0, -1.0, 2.0, 0.5],
              [0.5, 1.0, 1.0, -1.0]])
b = np.array([0.0, -1.5, -2.0, -2.0])

predicted_dead = [1, 2]


def layer_grads(X, W, b, dout):
    relu = layers.Relu()
    relu.forward(X @ W + b)
    dz = relu.backward(dout)
    return X.T @ dz, dz.sum(axis=0)      # both sum over the samples


dW, db = layer_grads(X, W, b, np.ones((3, 4)))
print("dW =", dW.tolist())
print("db =", db.tolist())

# %%
check.dead_units(layer_grads, predicted_dead)
