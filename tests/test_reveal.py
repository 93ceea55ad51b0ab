"""teaching.reveal: the answer stays hidden until a prediction is written."""

from teaching.reveal import LECTURE, reveal


def test_nothing_of_the_answer_is_computed_before_a_prediction(capsys):
    shown = []
    assert reveal(None, lambda: shown.append("answer"), name="my_dx") is None
    assert reveal(..., lambda: shown.append("answer")) is None
    assert shown == []
    out = capsys.readouterr().out
    assert out.count("Write your prediction in my_dx above first") == 1


def test_any_prediction_right_or_wrong_reveals_the_answer(capsys):
    for prediction in (0, 12.5, [1, 2], "no idea"):
        assert reveal(prediction, lambda: "answer") == "answer"
    assert capsys.readouterr().out == ""


def test_the_lecture_view_asks_nobody_for_a_prediction(capsys, monkeypatch):
    from teaching.checks.core import Verdict
    monkeypatch.setenv("BACKPROP_LECTURE", "1")
    shown = []
    assert reveal(None, lambda: shown.append("answer"), name="my_dx") is None
    assert shown == ["answer"], "computed now, shown on the lecturer's click"
    assert "my_dx" not in capsys.readouterr().out
    assert Verdict.not_attempted("fill in the template").message == ""
    monkeypatch.delenv("BACKPROP_LECTURE")
    assert Verdict.not_attempted("fill in the template").message.startswith("Not attempted yet")


def test_the_lecturers_button_holds_the_answer_computed_when_the_cell_ran(capsys):
    from teaching.reveal import answer_button
    state = {"graph": "apples"}
    shown = []
    box = answer_button(lambda: shown.append(state["graph"]) or "the answer")
    button, out = box.children
    assert shown == ["apples"], "computed while the cell runs"
    assert out.layout.display == "none" and button.description == "Show the answer"
    assert "the answer" in "".join(o.get("text", "") for o in out.outputs), out.outputs
    state["graph"] = "oranges"           # a later cell changes what show() reads
    button.click()
    assert out.layout.display is None and button.disabled
    assert shown == ["apples"], "the click shows, it does not compute again"


def test_waiting_lines_are_silent_in_the_lecture_view(capsys, monkeypatch):
    from teaching.reveal import waiting
    waiting("Write train first.")
    assert capsys.readouterr().out == "Write train first.\n"
    monkeypatch.setenv("BACKPROP_LECTURE", "1")
    waiting("Write train first.")
    assert capsys.readouterr().out == ""


def test_a_prediction_of_several_parts_waits_for_every_part(capsys):
    for partly in ({"a": 1, "b": None}, [None, None], (2, ...), {"a": None}):
        assert reveal(partly, lambda: "answer", name="my_parts") is None
        assert "my_parts" in capsys.readouterr().out
    for whole in ({"a": 1, "b": 0}, [0, 0.0], (2, "x"), [[None]]):
        assert reveal(whole, lambda: "answer") == "answer"


def test_the_button_keeps_prints_and_displays_in_their_order():
    from teaching.reveal import captured

    def show():
        print("table")
        print("row")
        return 42

    outputs = captured(show)
    assert [o["output_type"] for o in outputs] == ["stream"]   # outside IPython display prints
    assert outputs[0]["text"] == "table\nrow\n42\n"


def test_without_a_name_the_request_is_left_to_the_check_above(capsys, monkeypatch):
    monkeypatch.delenv(LECTURE, raising=False)
    assert reveal(None, lambda: print("the answer"), name=None) is None
    assert capsys.readouterr().out == ""
    assert reveal(3, lambda: print("the answer"), name=None) is None
    assert capsys.readouterr().out == "the answer\n"


def test_a_captured_figure_is_base64_text_as_a_notebook_stores_it():
    """The lecture view's "Show the answer" holds what ``captured`` caught: a figure's PNG
    must be base64 text, as a notebook stores it (raw bytes showed as a broken image)."""
    import base64

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    from teaching.figures import new_figure
    from teaching.reveal import captured

    figure, (axes,) = new_figure(3, 2, 1)        # as chapter 06's runs at three rates
    axes.plot([0, 1], [1, 0])
    InteractiveShell.instance()                  # as in a kernel: display goes to its publisher
    try:
        outputs = captured(lambda: display(figure))
    finally:
        InteractiveShell.clear_instance()        # later tests run without a shell, as before
    pictures = [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) == 1, outputs
    assert isinstance(pictures[0], str), type(pictures[0])
    assert base64.b64decode(pictures[0], validate=True).startswith(b"\x89PNG\r\n\x1a\n")
