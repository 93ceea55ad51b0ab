# %% [markdown]
# # 2. The chain rule: solutions
#
# Worked answers to the exercises of [chapter 2](../02_chain_rule.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**.

# %%
from teaching.checks import ch02 as check

# %% [markdown]
# ## Exercise 1: a chain of three links
#
# One local derivative per node, from the right: $z = t^2$ gives
# $\partial z/\partial t = 2t$; $t = s + y$ gives $\partial t/\partial s = 1$; $s = x^2$ gives
# $\partial s/\partial x = 2x$. Their product is $2t \cdot 1 \cdot 2x = 4x(x^2 + y)$. At
# $x = 1,\ y = 2$: $s = 1$, $t = 3$, so $\partial z/\partial x = 6 \cdot 1 \cdot 2 = 12$.

# %%
def three_links(x, y):
    s = x ** 2
    t = s + y
    dz_dt = 2 * t
    dt_ds = 1.0
    ds_dx = 2 * x
    return dz_dt * dt_ds * ds_dx


print(three_links(1.0, 2.0))

# %%
check.three_links(three_links)


# %% [markdown]
# ## Exercise 2: a quotient inside the square
#
# The outer link is the same as before, $\partial z/\partial t = 2t$. The inner links come
# from writing $t = x \cdot y^{-1}$: $\partial t/\partial x = y^{-1} = 1/y$, and
# $\partial t/\partial y = x \cdot (-y^{-2}) = -x/y^2$ (a larger $y$ makes $t$ smaller, so
# the sign is negative). The two chain-rule products are $2t/y$ and $-2tx/y^2$. At
# $x = 1,\ y = 2$: $t = 0.5$, so the pair is $(0.5, -0.25)$.

# %%
def quotient_chain(x, y):
    t = x / y
    dz_dt = 2 * t
    dt_dx, dt_dy = 1 / y, -x / y ** 2
    return dz_dt * dt_dx, dz_dt * dt_dy


print(quotient_chain(1.0, 2.0))

# %%
check.quotient_chain(quotient_chain)


# %% [markdown]
# ## Exercise 3: your own numerical slope
#
# Step to both sides of `x`; the two points are `2 * h` apart.

# %%
def numerical_slope(f, x, h=1e-4):
    return (f(x + h) - f(x - h)) / (2 * h)


print(round(numerical_slope(lambda v: (v + 2.0) ** 2, 1.0), 6))

# %%
check.numerical_slope(numerical_slope)
