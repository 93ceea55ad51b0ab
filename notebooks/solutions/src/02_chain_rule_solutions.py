# %% [markdown]
# # 2. The chain rule: solutions
#
# Worked answers to the exercises of [chapter 2](../02_chain_rule.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**.

# %%
from layers import AddLayer, SquareLayer
from teaching.checks import ch02 as check

# %% [markdown]
# ## Exercise 1: a node that keeps its output
#
# Write $u = \sqrt{x} = x^{1/2}$; the power rule gives $\partial u/\partial x =
# \tfrac{1}{2}x^{-1/2} = 1/(2u)$, so `backward` needs only the output: `forward` keeps it.
# In $z = \sqrt{x^2 + y^2}$ the path from $z$ to $x$ passes the square root, the add node
# and the square node $x^2$: $1 \cdot \tfrac{1}{2u} \cdot 1 \cdot 2x = x/u$. At
# $x = 3,\ y = 4$: $t = 25$, $u = 5$, so $x$ receives $\tfrac{1}{10} \cdot 6 = 0.6$.

# %%
by_hand = 1 / (2 * 5) * 1 * (2 * 3)

check.sqrt_by_hand(by_hand)


# %%
class SqrtLayer:
    def forward(self, x):
        self.out = x ** 0.5              # kept: backward needs it for 1 / (2u)
        return self.out

    def backward(self, dout):
        return dout / (2 * self.out)     # upstream times the local derivative 1 / (2u)


square_x, square_y, add, root = SquareLayer(), SquareLayer(), AddLayer(), SqrtLayer()
root.forward(add.forward(square_x.forward(3.0), square_y.forward(4.0)))
da, db = add.backward(root.backward(1.0))
print(f"dz/dx = {square_x.backward(da):.4g}, dz/dy = {square_y.backward(db):.4g}")

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
