"""Predict first, then see: an answer shown only once the learner's prediction is written.

A chapter asks for a prediction in a variable (``my_dx = None  # your prediction``) and
reveals the computed answer through ``reveal``::

    reveal(my_dx, lambda: print("dx =", relu.backward(dout)))

The stored notebook then shows only the request to predict; in the learner's copy the
answer appears as soon as the prediction is filled in, right or wrong.  In the lecture view
nobody types a prediction: the room predicts aloud, and a "Show the answer" button shows it.
"""

import os

__all__ = ["reveal", "answer_button", "waiting", "as_output", "as_text", "PLEASE", "LECTURE",
           "lecturing"]

# set by the lecture view (tools/lecture.py): a projected page asks nobody for predictions
LECTURE = "BACKPROP_LECTURE"

PLEASE = "Write your prediction in {name} above first; then run this cell again to see the answer."


def reveal(prediction, show, name="the variable"):
    """``show()``'s result once ``prediction`` is written (see ``unwritten``); until then,
    a line asking for the prediction (nothing of the answer is computed), or nothing when
    ``name`` is None (a check's verdict just above already asks for it).  In the lecture
    view, the answer behind a button (``answer_button``)."""
    if unwritten(prediction):
        if lecturing():
            from IPython.display import display
            display(answer_button(show))
        elif name is not None:
            print(PLEASE.format(name=name))
        return None
    return show()


def unwritten(prediction):
    """None or ``...``; or a dict, list or tuple with any part still None or ``...``: a
    prediction of several parts is shown its answer only once every part is written."""
    if prediction is None or prediction is Ellipsis:
        return True
    if isinstance(prediction, dict):
        prediction = list(prediction.values())
    return isinstance(prediction, (list, tuple)) and any(
        part is None or part is Ellipsis for part in prediction)


def answer_button(show):
    """A "Show the answer" button over ``show()``'s printout and result.  The answer is
    computed at once, while the cell runs (a later cell may change what it reads), and
    kept hidden until the click."""
    import ipywidgets as ipw

    # The outputs are caught here and handed to the widget as its state, not routed into it
    # by a ``with out:`` block: under Voila, a widget that catches a running cell's output
    # stalled the lecture page now and then (the server waited for a cell that had ended).
    out = ipw.Output(layout=ipw.Layout(display="none"))
    out.outputs = tuple(captured(show))
    button = ipw.Button(description="Show the answer", button_style="info",
                        layout=ipw.Layout(width="auto"))

    def clicked(_):
        button.disabled = True
        out.layout.display = None

    button.on_click(clicked)
    return ipw.VBox([button, out])


def captured(show):
    """What ``show()`` prints and displays, then its result (unless None), as notebook
    outputs in the order they came."""
    import contextlib
    import io

    from IPython import get_ipython
    from IPython.display import display

    outputs = []

    class Printed(io.TextIOBase):
        def write(self, text):
            if outputs and outputs[-1]["output_type"] == "stream":
                outputs[-1]["text"] += text
            elif text:
                outputs.append({"output_type": "stream", "name": "stdout", "text": text})
            return len(text)

    class Displayed:
        def publish(self, data, metadata=None, **_):
            outputs.append(display_data(data, metadata))

        def clear_output(self, wait=False):
            outputs.clear()

    shell = get_ipython()
    kept = shell.display_pub if shell is not None else None
    with contextlib.redirect_stdout(Printed()):
        try:
            if shell is not None:
                shell.display_pub = Displayed()
            result = show()
            if result is not None:
                display(result)
        finally:
            if shell is not None:
                shell.display_pub = kept
    return outputs


def as_output(item):
    """``item`` as a notebook output made by hand (for a widget's state, where nothing is
    caught from the thread that makes it): a string as printed, anything else as displayed."""
    from IPython.core.formatters import format_display_data

    if isinstance(item, str):
        return {"output_type": "stream", "name": "stdout", "text": item + "\n"}
    return display_data(*format_display_data(item))


def display_data(data, metadata=None):
    """A display_data output of ``data`` (a mimetype -> value dict), as a notebook stores it."""
    return {"output_type": "display_data", "data": as_text(data), "metadata": metadata or {}}


def as_text(data):
    """A display's data as a notebook stores it: binary formats (a matplotlib figure's
    image/png is bytes) as base64 text.  The kernel's own publisher does this on the way
    out; a widget handed raw bytes shows a broken image."""
    import base64

    return {kind: base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value
            for kind, value in data.items()}


def waiting(message):
    """Print ``message`` (what the learner must write before this cell can run), except in
    the lecture view, where nobody writes it and the line would only say so."""
    if not lecturing():
        print(message)


def lecturing():
    """True inside the lecture view, where no learner types predictions or answers."""
    return bool(os.environ.get(LECTURE))
