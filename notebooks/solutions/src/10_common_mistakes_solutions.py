# %% [markdown]
# # 10. Common mistakes: solutions
#
# Worked answers to the exercises of [chapter 10](../10_common_mistakes.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

import layers
from network import TwoLayerNet
from teaching import mystery
from teaching.checks import ch10 as check

# %% [markdown]
# ## The toolbox: the error of a factor $k$
#
# With $a = k\,g$ and $n = g$: $\lVert kg - g\rVert = |k - 1|\,\lVert g\rVert$ and
# $\lVert kg\rVert + \lVert g\rVert = (|k| + 1)\,\lVert g\rVert$. The $\lVert g\rVert$
# cancels, so the error is $|k - 1|/(|k| + 1)$, the same for every parameter and any
# data. For $k = 5$: $4/6 = 0.6667$. For a negative multiple, $k < 0$,
# $|k - 1| = 1 + |k|$: the error is exactly 1, whatever the size, so a gradient pointing
# the wrong way always scores 1.

# %%
def error_of_factor(k):
    return abs(k - 1) / (abs(k) + 1)


check.error_of_factor(error_of_factor)

# %% [markdown]
# ## Exercise 1: what the size of the error says
#
# Solving $|k - 1|/(k + 1) = e$ gives $k = (1 - e)/(1 + e)$ below 1 and
# $k = (1 + e)/(1 - e)$ above, reciprocals of each other. For 0.9394 they are about 1/32
# and 32, so the colleague's batch size is $N = 32$.

# %%
def factors_for_error(e):
    return (1 - e) / (1 + e), (1 + e) / (1 - e)


print([round(k, 4) for k in factors_for_error(0.9394)])
colleague_N = 32
check.factors_for_error(factors_for_error, colleague_N)

# %% [markdown]
# $1/32$ is the bias's gradient taken as a mean (mistake 3, (a)) and 32 is the loss's $1/N$
# forgotten (c); an ignored `dout` or a pile-up gives no factor tied to $N$. The error
# cannot tell the two apart, the factor itself can: for $a = k\,n$, $a\cdot n/(n\cdot n) = k$,
# sign included (a ratio of norms would turn $k = -2$ into 2). The colleague's `db` is 32
# times too **small**: (a).

# %%
def factor_of(a, n):
    return np.dot(a, n) / np.dot(n, n)      # least squares: keeps the sign of k


a_seen, n_seen = mystery.colleague_gradients()
print(round(factor_of(a_seen, n_seen), 5))
colleague_bug = "a"         # factor_of gives 1/32 < 1: the smaller factor's bug
check.colleague_bug(factor_of, colleague_bug)


# %% [markdown]
# ## Exercise 2: a training loop with a bug
#
# The curve falls, flattens, then slowly climbs, while the right loop with the
# same learning rate keeps falling. Not the sign (that climbs from the first step), not
# the learning rate (the right loop uses the same), not a loss recorded before the step
# (that shifts the curve by one step but cannot turn it): every step goes the same way,
# past the low point, so the gradient does not follow the parameters. In the code the
# gradient is computed once, before the loop; the fix computes it in each step.

# The step of the lowest loss: `np.argmin` of the losses (here on a batch of our own).

# %%
rng = np.random.default_rng(0)
x_small, t_small = rng.standard_normal((20, 5)), rng.integers(0, 3, 20)
net = TwoLayerNet(5, 8, 3, weight_init_std=0.5, seed=1)
buggy = [net.loss(x_small, t_small)] + mystery.buggy_train(net, x_small, t_small, 0.2, 25)
my_diagnosis = ("c", int(np.argmin(buggy)))
check.loop_diagnosis(my_diagnosis, buggy)

# %%
mystery.show_buggy_train()


# %%
def fixed_train(model, x, t, learning_rate, steps):
    losses = []
    for _ in range(steps):
        grads = model.gradient(x, t)        # at the current parameters, every step
        for k in model.params:
            model.params[k] -= learning_rate * grads[k]
        losses.append(model.loss(x, t))
    return losses


check.fixed_loop(fixed_train)


# %% [markdown]
# ## Exercise 3: name the bug from what it measures
#
# What separates each pair: a wrong forward (1) is the only one whose forward differs from
# `np.tanh`; a stray factor (3) fails the gradient check by the same error whatever `dout`,
# while a layer that ignores `dout` (4) passes with `dout = 1` and fails with another; a
# pile-up (6) passes any single check on a fresh layer, so it needs backward twice on one
# object, same input, same `dout`, the two compared with each other. Four measurements
# cover it. On A to D: A piles up (6); B passes only with `dout = 1` (4); C's forward is not
# `np.tanh` (1); D fails by 0.6 with both: $k = 1/4$ or 4, with 4 rows a stray $1/N$ (3).

# %%
x_mystery = np.array([[0.5, -1.0, 2.0], [0.1, -0.3, 1.5], [1.2, -0.7, 0.3], [-1.5, 0.8, -0.2]])
dout_mystery = np.random.default_rng(3).standard_normal(x_mystery.shape)


def fingerprint(make_layer, x, dout):
    layer = make_layer()
    layer.forward(x)
    first = np.array(layer.backward(dout))
    layer.forward(x)
    piles_up = not np.allclose(layer.backward(dout), first)
    return (layers.gradient_check(make_layer(), x, dout=np.ones_like(x)),
            layers.gradient_check(make_layer(), x, dout=dout),
            layers.relative_error(make_layer().forward(x), np.tanh(x)), piles_up)


for name in "ABCD":
    print(name, "dout = 1: {:.3g}, dout given: {:.3g}, forward vs tanh: {:.3g}, "
          "piles up: {}".format(*fingerprint(getattr(mystery, name), x_mystery, dout_mystery)))

found = {"A": 6, "B": 4, "C": 1, "D": 3}

# %%
check.mystery_layers(fingerprint, found)
