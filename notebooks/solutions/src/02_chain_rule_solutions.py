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
by_hand = 12.0


def three_links(x, y):
    s = x ** 2
    t = s + y
    dz_dt = 2 * t
    dt_ds = 1.0
    ds_dx = 2 * x
    return dz_dt, dt_ds, ds_dx


dz_dt, dt_ds, ds_dx = three_links(1.0, 2.0)
print(dz_dt * dt_ds * ds_dx)

# %%
check.three_links(three_links, by_hand)


# %% [markdown]
# ## Exercise 2: a quotient inside the square
#
# The outer link is the same as before, $\partial z/\partial t = 2t$. The inner links come
# from writing $t = x \cdot y^{-1}$: $\partial t/\partial x = y^{-1} = 1/y$, and
# $\partial t/\partial y = x \cdot (-y^{-2}) = -x/y^2$ (a larger $y$ makes $t$ smaller, so
# the sign is negative). The two chain-rule products are $2t/y$ and $-2tx/y^2$. At
# $x = 1,\ y = 2$: $t = 0.5$, so the factors are $(1, 0.5, -0.25)$ and the products
# $(0.5, -0.25)$.

# %%
def quotient_chain(x, y):
    t = x / y
    dz_dt = 2 * t
    dt_dx, dt_dy = 1 / y, -x / y ** 2
    return dz_dt, dt_dx, dt_dy


dz_dt, dt_dx, dt_dy = quotient_chain(1.0, 2.0)
print(dz_dt * dt_dx, dz_dt * dt_dy)

# %%
check.quotient_chain(quotient_chain)


# %% [markdown]
# ## Exercise 3: central or one-sided?
#
# Expand: $(x \pm h)^3 = x^3 \pm 3x^2h + 3xh^2 \pm h^3$. In the central difference the
# even terms cancel: $\big((x+h)^3 - (x-h)^3\big)/2h = 3x^2 + h^2$, an error of
# $h^2 = 0.01$. The one-sided difference keeps them: $\big((x+h)^3 - x^3\big)/h =
# 3x^2 + 3xh + h^2$, an error of $3xh + h^2 = 0.61$, about $3xh = 0.6$. Sixty times worse
# for one evaluation saved, and it shrinks only like $h$, not $h^2$.

# %%
central_error = 0.01
one_sided_error = 0.61

# %%
check.slope_errors(central_error, one_sided_error)

# %% [markdown]
# Step to both sides of `x` by the given `h`; the two points are `2 * h` apart. Measured
# with it, the two errors match the predictions.

# %%
def numerical_slope(f, x, h=1e-4):
    return (f(x + h) - f(x - h)) / (2 * h)


def cube(v):
    return v ** 3


one_sided = (cube(2.1) - cube(2.0)) / 0.1
print(f"central error {numerical_slope(cube, 2.0, 0.1) - 12:.6f}, "
      f"one-sided error {one_sided - 12:.6f}")

# %%
check.numerical_slope(numerical_slope)
