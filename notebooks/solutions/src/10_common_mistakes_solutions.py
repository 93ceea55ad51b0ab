# %% [markdown]
# # 10. Common mistakes: solutions
#
# Worked answers to the exercises of [chapter 10](../10_common_mistakes.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

import layers
from teaching import mystery
from teaching.checks import ch10 as check

# %% [markdown]
# ## The toolbox: the error of a factor $k$
#
# With $a = k\,g$ and $n = g$: $\lVert kg - g\rVert = |k - 1|\,\lVert g\rVert$ and
# $\lVert kg\rVert + \lVert g\rVert = (|k| + 1)\,\lVert g\rVert$. The $\lVert g\rVert$
# cancels, so the error is $|k - 1|/(|k| + 1)$, the same for every parameter and any
# data; for $k > 0$, $|k - 1|/(k + 1)$. For $k = 5$: $4/6 = 0.6667$. For a negative
# multiple, $k < 0$, $|k - 1| = 1 + |k|$: the error is exactly 1, whatever the size, so a
# gradient pointing the wrong way always scores 1.

# %%
def error_of_factor(k):
    return abs(k - 1) / (k + 1)


error_for_negative = 1.0
check.error_of_factor(error_of_factor, error_for_negative)

# %% [markdown]
# ## Exercise 1: what the size of the error says
#
# Solving $|k - 1|/(k + 1) = e$ gives $k = (1 - e)/(1 + e)$ below 1 and
# $k = (1 + e)/(1 - e)$ above, reciprocals of each other. For 0.9394 they are about 1/32
# and 32, so the colleague's batch size is $N = 32$: $1/32$ is the loss's $1/N$ applied
# twice (mistake 3, (a)) and 32 is the $1/N$ forgotten (c); an ignored `dout` or a pile-up
# gives no factor tied to $N$.
# The error cannot tell the two apart, the ratio of the sizes can: for $a = k\,n$ with
# $k > 0$, $\lVert a\rVert/\lVert n\rVert = k$. The colleague's `dW` is 32 times too
# **small**: the $1/N$ applied twice.

# %%
def factors_for_error(e):
    return (1 - e) / (1 + e), (1 + e) / (1 - e)


def factor_of(a, n):
    return np.linalg.norm(a) / np.linalg.norm(n)


a_seen, n_seen = mystery.colleague_gradients()
my_bugs = ("a", "c")
k_seen = factor_of(a_seen, n_seen)
colleague_bug = "a"         # k_seen = 1/32 < 1: the smaller factor's bug
print([round(k, 5) for k in factors_for_error(0.9394)], round(k_seen, 5))

# %%
check.factors_for_error(factors_for_error, factor_of, k_seen, my_bugs, colleague_bug)


# %% [markdown]
# ## Exercise 2: a training loop with two bugs
#
# The curve falls for a few steps, then turns and climbs, while the right loop with the
# same learning rate keeps falling. Not the sign (that climbs from the first step), not
# the learning rate (the right loop uses the same), not a loss recorded before the step
# (that shifts the curve by one step but cannot turn it): every step goes the same way,
# past the low point, so the gradient does not follow the parameters.

# %%
my_diagnosis = "c"
check.loop_diagnosis(my_diagnosis)

# %% [markdown]
# `mystery.show_buggy_train()` prints the loop. The two bugs: the gradient is computed
# once, before the loop, so every step reuses the gradient of the starting parameters (a
# gradient belongs to the point where it was computed); and only the parameters whose names start with `W` take a step, so the
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


# %% [markdown]
# ## Exercise 3: name the bug from what it measures
#
# A gradient that piles up is right on the first pass and changes on the next one, on the
# same object and input: run forward and backward twice and compare the two gradients
# with each other (not with the truth, so a wrong but steady gradient says False).
# Measuring each layer fresh: B passes with `dout = 1` and fails with a random one, so it
# ignores `dout` (mistake 4). A passes single checks but piles up (mistake 6). D fails
# every check with the same 0.6, whatever `dout`: a constant factor, and
# `factors_for_error(0.6)` gives 1/4 or 4; with 4 rows that is a stray $1/N$ in `dx`
# (mistake 3: here in the gradient the layer returns, so `gradient_check` sees it). C is the
# only one whose forward is not `np.tanh`: mistake 1. Its gradient checks fail too, by an
# error that changes with `dout`: it is the forward comparison that names it.

# %%
x_mystery = np.array([[0.5, -1.0, 2.0], [0.1, -0.3, 1.5], [1.2, -0.7, 0.3], [-1.5, 0.8, -0.2]])


def signature(make_layer, x):
    layer, dout = make_layer(), np.ones_like(x)
    layer.forward(x)
    first = np.array(layer.backward(dout))
    layer.forward(x)
    piles_up = not np.allclose(layer.backward(dout), first)
    return (layers.gradient_check(make_layer(), x, dout=1.0),
            layers.gradient_check(make_layer(), x),
            layers.relative_error(make_layer().forward(x), np.tanh(x)), piles_up)


for name in "ABCD":
    print(name, "dout = 1: {:.3g}, random dout: {:.3g}, forward vs tanh: {:.3g}, "
          "piles up: {}".format(*signature(getattr(mystery, name), x_mystery)))

found = {"A": 6, "B": 4, "C": 1, "D": 3}

# %%
check.mystery_layers(signature, found)
