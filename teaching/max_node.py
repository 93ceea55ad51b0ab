"""The max node of chapter 03, and the shop with a minimum charge that uses it.

``MaxLayer``: max(x, y) of two numbers in the layer shape of ``layers.py``; its backward
routes all of ``dout`` to the input that won the forward pass and 0 to the other.
``minimum_charge_shop()``: price = max(all_price, minimum) x tax, forward done.
``MAX_RULE``: the rule, which the chapter shows only once the max prediction is Right.
"""

import layers
from teaching.graph import Graph

__all__ = ["MAX_RULE", "MaxLayer", "minimum_charge_shop"]

# 2 apples at 100, 4 oranges at 150 (all_price 800), a minimum charge of 1000, tax 1.25
MINIMUM_SHOP = {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 4, "tax": 1.25,
                "minimum": 1000}


MAX_RULE = ("> **The max node routes.** Its local derivative is 1 for the input that won the "
            "forward pass and 0 for the other, so the whole upstream gradient goes to the "
            "winner, nothing to the other. The ReLU of this course's chapter 5 is "
            "$\\max(0, x)$. The graph's max node, as a layer:")


class MaxLayer:
    """max(x, y) of two numbers; at a tie, where max has no derivative, x counts as the
    winner."""

    def forward(self, x, y):
        self.x_won = x >= y             # backward needs only which input won
        return max(x, y)

    def backward(self, dout):
        return (dout, 0.0) if self.x_won else (0.0, dout)     # local derivatives 1 and 0


def minimum_charge_shop():
    """price = max(all_price, minimum) x tax, as a drawn graph, forward done."""
    g = Graph("a minimum charge")
    ranges = {"apple": (0, 300, 1), "apple_num": (0, 10, 1), "orange": (0, 300, 1),
              "orange_num": (0, 10, 1), "minimum": (0, 2000, 10), "tax": (0.5, 2.0, 0.01)}
    edge = {name: g.input(name, MINIMUM_SHOP[name], *ranges[name]) for name in ranges}
    apple_price = g.node("×", layers.MulLayer(), (edge["apple"], edge["apple_num"]),
                         "apple_price")
    orange_price = g.node("×", layers.MulLayer(), (edge["orange"], edge["orange_num"]),
                          "orange_price")
    all_price = g.node("+", layers.AddLayer(), (apple_price, orange_price), "all_price")
    charged = g.node("max", MaxLayer(), (all_price, edge["minimum"]), "charged")
    g.node("×", layers.MulLayer(), (charged, edge["tax"]), "price")
    g.forward()
    return g
