"""Predict first, then see: an answer shown only once the learner's prediction is written.

A chapter asks for a prediction in a variable (``my_dx = None  # your prediction``) and
reveals the computed answer through ``reveal``::

    reveal(my_dx, lambda: print("dx =", relu.backward(dout)))

The stored notebook (and a projected one) then shows only the request to predict; in the
learner's copy the answer appears as soon as the prediction is filled in, right or wrong.
"""

__all__ = ["reveal", "PLEASE"]

PLEASE = "Write your prediction in {name} above first; then run this cell again to see the answer."


def reveal(prediction, show, name="the variable"):
    """``show()``'s result once ``prediction`` holds something other than None or ``...``;
    until then, a line asking for the prediction (nothing of the answer is computed)."""
    if prediction is None or prediction is Ellipsis:
        print(PLEASE.format(name=name))
        return None
    return show()
