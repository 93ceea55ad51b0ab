# %% [markdown]
# # 8. Affine and Softmax-with-Loss: solutions
#
# Worked answers to the exercises of [chapter 7](../07_affine_softmax.ipynb). Each answer
# is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch07 as check

# %% [markdown]
# ## Exercise 1: Affine's backward, for a batch
#
# Each gradient has the shape of its array: `dx` that of `x` $(N, D)$, `dW` that of `W`
# $(D, H)$, `db` that of `b` $(H,)$. With `dout` of shape $(N, H)$ there is one way each:
# `dout @ W.T`, `x.T @ dout` (its inner dimension $N$ adds up the samples' shares) and
# the sum of `dout` over the batch axis. All three build new arrays; nothing given is
# changed.

# %%
class MyAffine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout          # (D, N) @ (N, H) -> (D, H)
        self.db = dout.sum(axis=0)         # (N, H) -> (H,): b was added to every sample
        return dout @ self.W.T             # (N, H) @ (H, D) -> (N, D)


# %%
check.affine_backward(MyAffine)


# %% [markdown]
# ## Exercise 2: a SoftmaxWithLoss whose backward honours `dout`
#
# The mean loss has the gradient $(y - t)/N$; the chain rule multiplies it by the
# upstream gradient `dout`.

# %%
class MySoftmaxWithLoss:
    def forward(self, x, t):
        self.N = len(x)
        shifted = x - x.max(axis=1, keepdims=True)
        log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.y = np.exp(log_y)
        self.t = np.eye(x.shape[1])[t]
        return float(-np.sum(self.t * log_y) / self.N)

    def backward(self, dout=1.0):
        return dout * (self.y - self.t) / self.N


# %%
check.softmax_loss_backward(MySoftmaxWithLoss)


# %% [markdown]
# ## Exercise 3: an Affine layer for images
#
# Flattening is a reshape: it moves no number and changes no value, so its backward is
# the reverse reshape. `forward` remembers the shape it was given; `backward` uses it.
# `x.reshape(len(x), -1)` leaves a flat batch $(N, D)$ as it is.

# %%
class ImageAffine:
    def __init__(self, W, b):
        self.affine = MyAffine(W, b)

    def forward(self, x):
        self.x_shape = x.shape
        return self.affine.forward(x.reshape(len(x), -1))

    def backward(self, dout):
        dx = self.affine.backward(dout)
        self.dW, self.db = self.affine.dW, self.affine.db
        return dx.reshape(self.x_shape)


# %%
check.image_affine(ImageAffine)
