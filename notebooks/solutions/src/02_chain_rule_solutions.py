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
# Write $u = \sqrt{x} = x^{1/2}$; the power rule gives $\partial u/\partial x =
# \tfrac{1}{2}x^{-1/2} = 1/(2u)$, so `backward` needs only the output: `forward` keeps it.
# Chained after the add node, $t = x + y$ and $z = \sqrt{t}$: the node sends back
# $1 \cdot 1/(2u)$, and the add node passes it on times 1. At $x = 5,\ y = 4$: $t = 9$,
# $u = 3$, so $x$ receives $1/6 \approx 0.167$.

# %%
by_hand = 1 / 6

check.sqrt_by_hand(by_hand)


# %%
class SqrtLayer:
    def forward(self, x):
        self.out = x ** 0.5              # kept: backward needs it for 1 / (2u)
        return self.out

    def backward(self, dout):
        return dout / (2 * self.out)     # upstream times the local derivative 1 / (2u)


add, node = AddLayer(), SqrtLayer()
node.forward(add.forward(5.0, 4.0))
print(add.backward(node.backward(1.0)))

# %%
check.sqrt_layer(SqrtLayer)


# %% [markdown]
# ## Exercise 2: a division node
#
# Write $t = x \cdot y^{-1}$: $\partial t/\partial x = y^{-1} = 1/y$, and
# $\partial t/\partial y = x \cdot (-y^{-2}) = -x/y^2$ (a larger $y$ makes $t$ smaller,
# so the sign is negative). `backward` needs both inputs, so `forward` keeps them. At
# $x = 3,\ y = 0.5$ with `dout = 2`: $(2/0.5,\ -2 \cdot 3/0.25) = (4, -24)$.

# %%
my_div_grads = (4.0, -24.0)

check.div_by_hand(my_div_grads)


# %%
class DivLayer:
    def forward(self, x, y):
        self.x, self.y = x, y            # kept: both local derivatives need them
        return x / y

    def backward(self, dout):
        dx = dout / self.y               # dt/dx = 1/y
        dy = -dout * self.x / self.y ** 2   # dt/dy = -x/y**2
        return dx, dy


div = DivLayer()
div.forward(3.0, 0.5)
print(div.backward(2.0))

# %%
check.div_layer(DivLayer)

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
predicted_h = (1e-16 / 4) ** (1 / 3)
print(f"predicted_h = {predicted_h:.2g}")

check.step_predictions(predicted_h)


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
check.best_step(errors, best_h, predicted_h)

# %% [markdown]
# **(c)** Subtracting the expansions of $f(y \pm h)$ leaves $2f'h + f'''h^3/3 + \dots$;
# divided by $2h$ that is $f' + f'''h^2/6$. For $t = 3/y = 3y^{-1}$: $t' = -3y^{-2}$,
# $t'' = 6y^{-3}$, $t''' = -18y^{-4} = -288$ at $y = 0.5$, so the gap is
# $288 \cdot 10^{-8}/6 = 4.8 \cdot 10^{-7}$, far above the rounding near $10^{-12}$.

# %%
predicted_gap = 18 / 0.5 ** 4 * 1e-4 ** 2 / 6

check.gap_prediction(predicted_gap)


# %%
def t_along_y(y_value):
    """t = x / y as a function of y alone, x held at 3."""
    return DivLayer().forward(3.0, y_value)


div = DivLayer()
div.forward(3.0, 0.5)
_, my_dy = div.backward(1.0)

check.div_gap(t_along_y, my_dy, DivLayer, predicted_gap)
