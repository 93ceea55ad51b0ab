# %% [markdown]
# # 2. The chain rule: solutions
#
# Worked answers to the exercises of [chapter 2](../02_chain_rule.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**.

# %%
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
# ## Exercise 3: why the central difference?
#
# Expand: $(1 \pm h)^4 = 1 \pm 4h + 6h^2 \pm 4h^3 + h^4$. In the central
# difference the even terms cancel: $\big((1+h)^4 - (1-h)^4\big)/2h = (8h + 8h^3)/2h =
# 4 + 4h^2$, an error of $4h^2$: $(c, p) = (4, 2)$. The one-sided difference keeps them:
# $\big((1+h)^4 - 1\big)/h = 4 + 6h + 4h^2 + h^3$, an error led by $6h$: $(6, 1)$. A ten
# times smaller step cuts the central error a hundred times, the one-sided one only about
# ten times, as the table under the check measures.

# %%
error_terms = {"central": (4, 2), "one-sided": (6, 1)}

check.error_terms(error_terms)
