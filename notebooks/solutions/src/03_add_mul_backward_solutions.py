# %% [markdown]
# # 3. Backward through add, multiply and max nodes: solutions
#
# The worked answer to the exercise of [chapter 3](../03_add_mul_backward.ipynb). It is
# followed by the same check as in the chapter; its output says **Right**.

# %%
from teaching.checks import ch03 as check

# %% [markdown]
# ## Exercise: a max with a fork
#
# $f = m \cdot x$ with $m = \max(x, y)$. The multiply node swaps: $m$ gets $x$, and $x$'s
# direct edge gets $m$. The max node routes what $m$ got to the winner.
#
# - At $x = 3, y = 5$: $y$ wins, $m = 5$. $x$'s direct edge brings $5$, its edge into the
#   max brings 0 (it lost): $\partial f/\partial x = 5$; $y$ gets $x = 3$. Indeed $f = yx$ here.
# - At $x = 5, y = 3$: $x$ wins, $m = 5$. $x$'s direct edge brings $m = 5$, its edge through
#   the max brings $x = 5$; the fork adds them: $10$; $y$ lost: 0. Indeed $f = x^2$ here.

# %%
my_max_fork = {"x=3, y=5": (5, 3), "x=5, y=3": (10, 0)}
check.max_fork(my_max_fork)
