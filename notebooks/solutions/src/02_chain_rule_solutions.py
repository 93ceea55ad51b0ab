# %% [markdown]
# # 2. The chain rule: solutions
#
# Worked answers to the exercises of [chapter 2](../02_chain_rule.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**.

# %%
import layers
from layers import AddLayer
from teaching.checks import ch02 as check

# %% [markdown]
# ## Exercise 1: a node that keeps its output
#
# Write $u = 1/x = x^{-1}$; the power rule gives $\partial u/\partial x = -x^{-2} =
# -u^2$, so `backward` needs only the output: `forward` keeps it. Chained after the add
# node, $t = x + y$ and $z = 1/t$: the node sends back $1 \cdot (-u^2)$, and the add node
# passes it on times 1. At $x = 1,\ y = 3$: $t = 4$, $u = 1/4$, so $x$ receives
# $-1/16 = -0.0625$.

# %%
class ReciprocalLayer:
    def forward(self, x):
        self.out = 1 / x                 # kept: backward needs it for -u**2
        return self.out

    def backward(self, dout):
        return dout * -self.out ** 2     # upstream times the local derivative -u**2


by_hand = -0.0625

add, node = AddLayer(), ReciprocalLayer()
node.forward(add.forward(1.0, 3.0))
print(add.backward(node.backward(1.0)))

# %%
check.reciprocal_layer(ReciprocalLayer, by_hand)


# %% [markdown]
# ## Exercise 2: a quotient inside the square
#
# The outer link is the same as before, $\partial z/\partial t = 2t$. The inner links come
# from writing $t = x \cdot y^{-1}$: $\partial t/\partial x = y^{-1} = 1/y$, and
# $\partial t/\partial y = x \cdot (-y^{-2}) = -x/y^2$ (a larger $y$ makes $t$ smaller, so
# the sign is negative). Multiplied by $\partial z/\partial t$, they give the two
# chain-rule products, $\partial z/\partial x = 2t/y$ and $\partial z/\partial y = -2tx/y^2$. At
# $x = 3,\ y = 0.5$: $t = 6$, so the factors are $(12, 2, -12)$ and the products
# $(24, -144)$.

# %%
def quotient_chain(x, y):
    t = x / y
    dz_dt = 2 * t
    dt_dx, dt_dy = 1 / y, -x / y ** 2
    return dz_dt * dt_dx, dz_dt * dt_dy


print(quotient_chain(3.0, 0.5))

# %%
check.quotient_chain(quotient_chain)


# %% [markdown]
# ## Exercise 3: how good is a numerical slope?
#
# **(a)** Expand: $(1 \pm h)^4 = 1 \pm 4h + 6h^2 \pm 4h^3 + h^4$. In the central
# difference the even terms cancel: $\big((1+h)^4 - (1-h)^4\big)/2h = (8h + 8h^3)/2h =
# 4 + 4h^2$, an error of $4h^2$, like $h^2$. The one-sided difference keeps them:
# $\big((1+h)^4 - 1\big)/h = 4 + 6h + 4h^2 + h^3$, an error of $6h + 4h^2 + h^3$, about
# $6h$ for small $h$. A ten times smaller step cuts the central error a hundred times, the
# one-sided one only about ten times. Written as `(8 * h + 8 * h**3) / (2 * h) - 4`, the
# central formula would subtract 4 from $4.000\ldots$ in floats and lose its digits at
# tiny $h$: hence the cancelling on paper.

# %%
def central_error(h):
    return 4 * h ** 2


def one_sided_error(h):
    return 6 * h + 4 * h ** 2 + h ** 3


# %%
check.slope_errors(central_error, one_sided_error)

# %% [markdown]
# **(b)** Set the central difference's rounding error equal to its truncation error:
# $10^{-16}/h = 4h^2$, so
# $h^3 = 10^{-16}/4$ and $h = (2.5 \cdot 10^{-17})^{1/3} \approx 2.9 \cdot 10^{-6}$. (The
# sum $4h^2 + 10^{-16}/h$ is smallest a little lower, at $(10^{-16}/8)^{1/3} \approx 2.3
# \cdot 10^{-6}$.)

# %%
predicted_best = (1e-16 / 4) ** (1 / 3)
print(f"predicted_best = {predicted_best:.2g}")

check.crossover(predicted_best)


# %% [markdown]
# At $h = 10^{-12}$ the rounding error is about $10^{-16}/10^{-12} = 10^{-4}$, while the
# truncation error $4h^2 = 4 \cdot 10^{-24}$ is nothing beside it.

# %%
my_rounding = 1e-16 / 1e-12

check.rounding_at_tiny_step(my_rounding)


# %% [markdown]
# In the table the error follows $4h^2$ down to $h = 10^{-5}$; below that step rounding
# takes over and grows like $10^{-16}/h$, so the smallest error sits at the power of ten
# next to the prediction.

# %%
def quartic(v):
    return v ** 4


errors = {}
for k in range(1, 13):
    h = 10.0 ** -k
    errors[h] = abs(layers.numerical_gradient(quartic, 1.0, h) - 4)
    print(f"h = {h:.0e}: error {errors[h]:.1e}")
best_h = min(errors, key=errors.get)
print("best_h =", best_h)

# %%
check.best_step(errors, best_h, predicted_best)
