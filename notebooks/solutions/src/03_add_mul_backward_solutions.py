# %% [markdown]
# # 3. Backward through add and multiply nodes: solutions
#
# Worked answers to the exercises of [chapter 3](../03_add_mul_backward.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
from teaching.checks import ch03 as check
from layers import MulLayer

# %% [markdown]
# ## Exercise 1: the shopping gradients by hand
#
# Right to left. The tax node (multiply) swaps: `all_price` gets $1 \times 1.1$, `tax`
# gets $1 \times 650$. The add node copies 1.1 to both fruit prices. Each fruit node
# (multiply) swaps again: apple $1.1 \times 2$, apple count $1.1 \times 100$, orange
# $1.1 \times 3$, orange count $1.1 \times 150$.

# %%
by_hand = {
    "price": 1,
    "all_price": 1 * 1.1,
    "tax": 1 * 650,
    "apple_price": 1.1,
    "orange_price": 1.1,
    "apple": 1.1 * 2,
    "apple_num": 1.1 * 100,
    "orange": 1.1 * 3,
    "orange_num": 1.1 * 150,
}

# %%
check.shopping_gradients(by_hand)


# %% [markdown]
# ## Exercise 2: write the backward of a multiply node
#
# Each input gets `dout` times the *other* input.

# %%
class MyMulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


# %%
check.mul_layer(MyMulLayer)


# %% [markdown]
# ## Exercise 3: the fan-out gradient
#
# Both edges end at the same `x`, so their gradients add: $x\,\text{dout} + x\,\text{dout} = 2x\,\text{dout}$.
# For `x = 3, dout = 1` that is 6.

# %%
def fanout_grad(x, dout):
    mul = MulLayer()
    mul.forward(x, x)
    dx_left, dx_right = mul.backward(dout)
    dx = 0.0
    dx += dx_left
    dx += dx_right
    return dx


print(fanout_grad(3.0, 1.0))

# %%
check.fanout(fanout_grad)
