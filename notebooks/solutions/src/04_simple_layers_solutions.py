# %% [markdown]
# # 4. Simple layers: solutions
#
# Worked answers to the exercises of [chapter 4](../04_simple_layers.ipynb). Each answer
# is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch04 as check
import layers
from layers import AddLayer, MulLayer

# %% [markdown]
# ## Exercise 1: a division layer
#
# $\text{out} = x / y = x \cdot y^{-1}$, so
# $\partial\,\text{out}/\partial x = 1/y$ and
# $\partial\,\text{out}/\partial y = -x/y^2$ (a larger $y$ makes the output smaller, hence
# the minus sign). `backward` multiplies both by `dout`. Every operation builds a new
# value, so `dout` is never changed.

# %%
class DivLayer:
    def forward(self, x, y):
        self.x, self.y = x, y          # both are needed by backward
        return x / y

    def backward(self, dout):
        dx = dout / self.y
        dy = -dout * self.x / self.y ** 2
        return dx, dy


layer = DivLayer()
print("forward(6, 3) =", layer.forward(6.0, 3.0))
print("backward(1.5) =", layer.backward(1.5))
print("gradient check below 1e-7?",
      layers.gradient_check(DivLayer(), np.array([1.0, -2.0]), np.array([0.5, 4.0])) < 1e-7)

# %%
check.div_layer(DivLayer)


# %% [markdown]
# ## Exercise 2: the shopping graph as a function
#
# Four layers, forward from left to right, backward from right to left, each backward
# call fed with the gradient the previous call returned.

# %%
def shopping(apple, apple_num, orange, orange_num, tax):
    mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()

    apple_price = mul_apple.forward(apple, apple_num)
    orange_price = mul_orange.forward(orange, orange_num)
    all_price = add_fruit.forward(apple_price, orange_price)
    price = mul_tax.forward(all_price, tax)

    dall_price, dtax = mul_tax.backward(1.0)
    dapple_price, dorange_price = add_fruit.backward(dall_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    return price, {"apple": dapple, "apple_num": dapple_num,
                   "orange": dorange, "orange_num": dorange_num, "tax": dtax}


price, grads = shopping(100, 2, 150, 3, 1.1)
print("price =", round(price, 4))
print({name: round(value, 4) for name, value in grads.items()})

# %%
check.shopping(shopping)


# %% [markdown]
# ## Exercise 3: what does one more friend save?
#
# A fifth node, `share = price / people`, sits after the tax node, so the backward pass
# starts there: its `dx` (which is $1/\text{people}$) becomes the upstream gradient of the
# tax layer. Every shopping gradient is therefore divided by the number of people.
# $\partial\,\text{share}/\partial\,\text{people} = -\text{price}/\text{people}^2$
# is negative: one more friend lowers everyone's share.

# %%
def shared_bill(apple, apple_num, orange, orange_num, tax, people):
    mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    div_people = DivLayer()

    apple_price = mul_apple.forward(apple, apple_num)
    orange_price = mul_orange.forward(orange, orange_num)
    all_price = add_fruit.forward(apple_price, orange_price)
    price = mul_tax.forward(all_price, tax)
    share = div_people.forward(price, people)

    dprice, dpeople = div_people.backward(1.0)
    dall_price, dtax = mul_tax.backward(dprice)
    dapple_price, _ = add_fruit.backward(dall_price)
    dapple, _ = mul_apple.backward(dapple_price)
    return share, {"apple": dapple, "tax": dtax, "people": dpeople}


share, grads = shared_bill(100, 2, 150, 3, 1.1, 3)
print("share =", round(share, 4))
print({name: round(value, 4) for name, value in grads.items()})

# %%
check.shared_bill(shared_bill)
