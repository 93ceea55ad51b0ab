"""The check convention of teaching/checks/core.py and the helpers every chapter shares."""

import warnings

import numpy as np
import pytest
from verdicts import assert_not_yet, assert_right

import layers
from teaching.checks import core
from teaching.checks.core import NotYet, Verdict, check


def test_verdict_is_truthy_iff_right_and_shows_only_its_message():
    from IPython.lib.pretty import pretty

    right, not_yet = Verdict.right("220 yen."), Verdict.not_yet("multiply by 1.1.")
    assert bool(right) is True and right.ok is True and right.message == "Right: 220 yen."
    assert bool(not_yet) is False and not_yet.ok is False
    assert not_yet.message == "Not yet. Hint: multiply by 1.1."
    # a check cell shows its verdict once, as the message alone (no True/False after it)
    for result in (right, not_yet):
        assert repr(result) == str(result) == pretty(result) == result.message


@check
def is_six(func):
    """A check written the way every chapter's checks are."""
    got = core.answer(func, 3.0, if_none="is_six: return a number.")
    if not core.close(got, 6.0):
        raise NotYet(core.mistake(got, [(9.0, "that is 3 squared.")], "double 3."))
    return "3 doubled is 6."


def test_check_turns_praise_into_right_and_not_yet_into_its_hint(capsys):
    assert_right(capsys, is_six, lambda x: 2 * x)
    assert is_six(lambda x: 2 * x).message == "Right: 3 doubled is 6."
    assert is_six(lambda x: x * x).message == "Not yet. Hint: that is 3 squared."
    assert_not_yet(capsys, is_six, lambda x: x + 1, "double 3.")
    assert_not_yet(capsys, is_six, lambda x: None, "return a number")
    assert is_six.__name__ == "is_six" and "every chapter" in is_six.__doc__


def test_an_error_in_learner_code_is_a_hint_naming_it(capsys):
    assert_not_yet(capsys, is_six, lambda x: 1 / 0,
                   "your code raised ZeroDivisionError: division by zero")
    assert_not_yet(capsys, is_six, 6.0, "pass your function itself, not its result (got float)")


def test_a_bug_in_the_check_itself_still_raises():
    @check
    def broken(answer):
        return {}["missing"]

    @check
    def praises_nothing(answer):
        return None
    with pytest.raises(KeyError):
        broken(1)
    with pytest.raises(TypeError, match="must return its praise"):
        praises_nothing(1)


def test_close_is_strict_about_what_counts_as_a_number():
    near = core.close
    assert near(2.2000000000000002, 2.2)
    assert not near(2.21, 2.2)
    assert not near(None, 0.0)
    assert not near("2.2", 2.2)
    assert not near([2.2], 2.2)          # one number, not a list
    assert not near(float("nan"), 0.0)
    # arrays: same shape, every element within the tolerance (relative above 1)
    assert near([1.0, 1000.0 + 1e-4], [1.0, 1000.0])
    assert not near([1.0, 1000.1], [1.0, 1000.0])
    assert not near([1.0, 2.0], [[1.0, 2.0]])


def test_shown_writes_numbers_as_a_learner_would():
    assert core.shown(3.0) == "3" and core.shown(-0.5) == "-0.5"
    assert core.shown((0.5, -1.0)) == "(0.5, -1)"
    assert core.shown((2,)) == "(2,)" and core.shown(()) == "()"   # a shape, as Python writes it
    assert core.shown(np.array([[1 / 3, 2.0]])) == "[[0.3333, 2.0]]"
    assert core.shown(None) == "None"


def test_call_reports_writes_into_what_it_was_given():
    x = np.array([1.0, -2.0])

    def zero_negatives(v):
        v[v < 0] = 0
        return v
    with pytest.raises(NotYet, match=r"f wrote into the x it was given: that changed the x of "
                                     r"the caller from \[1.0, -2.0\] to \[1.0, 0.0\]\. .*a copy"):
        core.call(zero_negatives, x, what="f", keep={"x": x}, fix="work on a copy.")
    y = np.array([1.0, -2.0])
    assert core.call(lambda v: np.maximum(v, 0), y, keep={"y": y}).tolist() == [1.0, 0.0]


def test_strict_call_turns_overflow_and_warnings_into_hints():
    big = np.array([1000.0])
    with warnings.catch_warnings():
        # not strict: numpy's overflow stays a warning, so it raises here
        warnings.simplefilter("error")
        with pytest.raises(NotYet, match="RuntimeWarning"):
            core.call(np.exp, big)
    with pytest.raises(NotYet, match="FloatingPointError: overflow"):
        core.call(np.exp, big, strict=True)

    def warns():
        warnings.warn("careful", UserWarning)
        return 1.0
    with pytest.raises(NotYet, match="UserWarning: careful"):
        core.call(warns, strict=True)


class Doubler:
    """out = 2x, with a right backward: the reference for the layer helpers."""

    def forward(self, x):
        return 2 * x

    def backward(self, dout):
        return 2 * dout


def doubler_variant(backward):
    return type("DoublerVariant", (Doubler,), {"backward": backward})


def test_backward_names_each_malformed_answer():
    dout = np.array([1.0, 2.0])
    layer = Doubler()
    assert core.backward(layer, dout, 1)[0].tolist() == [2.0, 4.0]
    for bad, words in [
        (lambda self, d: None, "backward returns None: return the gradient dx"),
        (lambda self, d: (2 * d,), "returns dx itself, not a tuple"),
        (lambda self, d: np.array([2.0]), "shape of dout"),
        (lambda self, d: d * np.nan, "finite"),
        (lambda self, d: d.__imul__(2), "wrote into the dout"),
    ]:
        with pytest.raises(NotYet, match=words):
            core.backward(doubler_variant(bad)(), dout.copy(), 1)
    with pytest.raises(NotYet, match=r"return the pair \(dx, dy\)"):
        core.backward(doubler_variant(lambda self, d: None)(), dout, 2)
    with pytest.raises(NotYet, match="must return 2 gradients"):
        core.backward(layer, dout, 2)


def test_gradient_check_scores_a_nan_gradient_inf_and_the_check_names_it():
    # a NaN gradient is no gradient: its distance to the numerical one is not a number,
    # which gradient_check reports as an infinite error
    nan_grad = doubler_variant(lambda self, d: np.full_like(d, np.nan))
    assert layers.gradient_check(nan_grad(), np.array([1.0, 2.0])) == float("inf")
    # the helper names the reason instead of quoting that error
    with pytest.raises(NotYet, match="with arrays: every gradient must be a finite number"):
        core.gradient_checked(nan_grad, np.array([1.0, 2.0]))


def test_gradient_checked_passes_a_right_layer_and_fails_a_wrong_one():
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    assert core.gradient_checked(Doubler, x) < core.GRADIENT_TOLERANCE
    with pytest.raises(NotYet, match="the gradient check fails"):
        core.gradient_checked(doubler_variant(lambda self, d: 2.001 * d), x)


def test_gradient_checked_sees_an_in_place_backward_that_gradient_check_cannot():
    def scribbles(self, dout):
        dout *= 2            # right values, but the caller's dout is overwritten
        return dout
    x = np.array([0.5, -1.0])
    # gradient_check hands backward a copy of dout, so it measures no error here
    assert layers.gradient_check(doubler_variant(scribbles)(), x) < 1e-9
    with pytest.raises(NotYet, match="wrote into the dout"):
        core.gradient_checked(doubler_variant(scribbles), x)


def test_layer_answers_names_typical_mistakes_and_writes_into_x():
    x, dout = np.array([1.0, -2.0]), np.array([3.0, 4.0])

    def run(layer_class, **options):
        core.layer_answers(layer_class, (x,), dout, 2 * x, 2 * dout, check_at=(x,), **options)
    run(Doubler)   # right: returns without raising
    with pytest.raises(NotYet, match="forgot dout"):
        run(doubler_variant(lambda self, d: 2 * np.ones_like(d)),
            wrong_back=[(2 * np.ones_like(dout), "forgot dout")])
    with pytest.raises(NotYet, match=r"with x = \[1.0, -2.0\] and dout = \[3.0, 4.0\], "
                                     r"dx should be \[6.0, 8.0\], got \[3.0, 4.0\]"):
        run(doubler_variant(lambda self, d: 1 * d))
    doubles_in_place = type("InPlace", (Doubler,), {"forward": lambda self, v: v.__imul__(2)})
    with pytest.raises(NotYet, match="forward wrote into the x it was given"):
        run(doubles_in_place)


# --- no learner input crashes a check (issue 18), and templates are "not attempted" ---

import importlib  # noqa: E402
import inspect  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from verdicts import assert_not_attempted  # noqa: E402

from network import TwoLayerNet  # noqa: E402

CHECK_MODULES = sorted(p.stem for p in Path(core.__file__).parent.glob("ch[0-9][0-9].py"))


def checks_of(name):
    module = importlib.import_module(f"teaching.checks.{name}")
    return [(name, fn_name, fn) for fn_name, fn in vars(module).items()
            if inspect.isfunction(fn) and hasattr(fn, "__wrapped__")
            and fn.__module__ == module.__name__ and not fn_name.startswith("_")]


ALL_CHECKS = [c for name in CHECK_MODULES for c in checks_of(name)]


def first_parameter(check_fn):
    return next(iter(inspect.signature(check_fn.__wrapped__).parameters))


def with_the_rest_untouched(check_fn):
    """``check_fn`` as a check of its first answer alone: an exercise that asks for more
    (a function and a number) gets None, the untouched template, for the others."""
    required = [p.name for p in inspect.signature(check_fn.__wrapped__).parameters.values()
                if p.default is inspect.Parameter.empty]
    rest = [(template_for(name) or [None])[0] for name in required[1:]]
    return lambda answer: check_fn(answer, *rest)


class Misspelt:
    def __init__(self, *args, **kwargs):
        self.args = args

    def fowrard(self, x, *rest):
        return x

    def backwrd(self, dout):
        return dout


class NoMethods:
    def __init__(self, *args, **kwargs):
        self.args = args


class NotCallableMethods(NoMethods):
    forward = 3
    backward = "dx"
    loss = gradient = None


class LookupRaises(NoMethods):
    def __getattr__(self, name):
        raise RuntimeError(f"no {name} here")


class ExitsInForward(Misspelt):
    def forward(self, *args):
        sys.exit(1)

    def backward(self, dout):
        exit()


class ExitsOnCreation:
    def __init__(self, *args, **kwargs):
        raise SystemExit(0)


class NoGradient(TwoLayerNet):
    gradient = None


class GradientHoldsLayers(TwoLayerNet):
    def gradient(self, x, t):
        return {"W1": self.layers[0], "b1": "db1", "W2": self.layers[2], "b2": self.layers[2].db}


class RaggedParams(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params["W1"] = [[1.0, 2.0], [3.0]]


def exits(*args):
    sys.exit("bye")


def quits(*args):
    exit()


def returns_a_layer(*args):
    return layers.Relu()


HOSTILE = [None, Ellipsis, 42, "abc", [[1.0, 2.0], [3.0]], {}, {"x": object()}, object(),
           Misspelt, NoMethods, NotCallableMethods, LookupRaises, ExitsInForward,
           ExitsOnCreation, NoGradient, GradientHoldsLayers, RaggedParams,
           lambda *args, **kwargs: None, exits, quits, returns_a_layer, lambda *a: "abc",
           lambda *a: (None, None, None), sys, layers.Relu]


@pytest.mark.parametrize("module, name, check_fn", ALL_CHECKS,
                         ids=[f"{m}.{n}" for m, n, _ in ALL_CHECKS])
def test_no_learner_input_crashes_a_check_or_ends_the_kernel(capsys, module, name, check_fn):
    for answer in HOSTILE:
        result = with_the_rest_untouched(check_fn)(answer)   # must not raise, not even SystemExit
        assert isinstance(result, Verdict), (answer, result)
        assert capsys.readouterr().out == ""
        if answer not in (layers.Relu, returns_a_layer):   # a ReLU is right for ReLU checks
            assert not result.ok, (answer, result)


def template_for(parameter):
    """What an untouched notebook template hands a check, by the check's parameter name."""
    def function(*args, **kwargs):
        raise NotImplementedError("YOUR CODE")

    class Layer:
        def __init__(self, *args, **kwargs):
            self.args = args

        def forward(self, *args):
            raise NotImplementedError("YOUR CODE")

        def backward(self, dout=1.0):
            raise NotImplementedError("YOUR CODE")

    class Network(TwoLayerNet):
        def __init__(self, *args, **kwargs):
            raise NotImplementedError("YOUR CODE")

    class Suspect(TwoLayerNet):
        def gradient(self, x, t):
            self.loss(x, t)
            dout = self.last_layer.backward(1.0)
            for layer in self.layers:
                dout = layer.backward(dout)
            return {"W1": self.layers[0].dW, "b1": self.layers[0].db,
                    "W2": self.layers[2].dW, "b2": self.layers[2].db}

    class ValueTemplate:
        """Chapter 09's template: the constructor is still to be written."""

        def __init__(self, data, parents=()):
            raise NotImplementedError("YOUR CODE")

        def _later_step(self, *args):
            raise NotImplementedError("YOUR CODE")

        __add__ = __radd__ = __mul__ = __rmul__ = __pow__ = __sub__ = __truediv__ = \
            __neg__ = exp = sigmoid = backward = _later_step

    class EveryKeyNone(dict):
        """{"a": None, "b": None, ...} for whatever keys the check asks."""

        def __contains__(self, key):
            return True

        def __missing__(self, key):
            return None

    return {
        "func": [function],
        "layer_class": [Layer],
        "net_class": [Network, None],
        "fixed": [type('Fixed', (Suspect,), {}), None],
        "fixed_train": [function],
        "values": [None, EveryKeyNone()],
        "loss": [function],
        "step": [function],
        "predicted": [None, EveryKeyNone()],
        "value_class": [ValueTemplate],
        "prediction": [None, EveryKeyNone()],
        "train": [function],
        "changes": [None, EveryKeyNone()],
        "stall_loss": [None],
        "sigmoid_ops": [None],
        "z20": [None],
        "lr20_loss": [None],
        "my_tenth_x": [None],
        "a_calls": [None],
        "end_loss": [None],
        "weight_passes": [None],
        "x_over_x_grad": [None],
        "my_dx": [None],
        "my_div_grads": [None],
        "by_hand": [None],
        "price_of": [function],
        "measured": [None],
        "my_db_shapes": [None],
        "my_new_b_shape": [None],
        "my_buggy": [None],
        "my_wrong_shapes": [None],
        "mul_class": [Layer],
        "my_dapple": [None],
        "my_dprice": [None],
        "my_sweep": [None, EveryKeyNone()],
        "sweep": [function],
        "backward_sweep": [function],
        "kind": [function],
        "found": [None, EveryKeyNone()],
        "my_mask_readers": [None],
        "my_mask_errors": [None],
        "my_one_sample_loss": [None],
        "my_first_step": [None],
        "my_pile_up": [None],
        "colleague_bug": [None],
        "my_int_gradient": [None],
        "my_diagnosis": [None],
        "fingerprint": [function],
        "factor_of": [function],
        "my_mean_bias": [None],
        "my_dout_error": [None],
        "my_entries": [None, EveryKeyNone()],
        "my_y0": [None],
        "my_book_loss": [None],
        "my_candidates": [None, EveryKeyNone()],
        "my_bars": [None],
        "my_rows": [None],
        "my_step": [None],
        "my_switch": [None],
        "my_suspect": [None],
        "my_lr_edge": [None],
        "my_dx_skip": [None],
        "my_quotient_near_0": [None],
        "my_leaky": [None],
        "predicted_step": [None],
        "steps_to_death": [function],
        "location": [None],
        "rate_guess": [None],
        "missed_guess": [None],
        "accuracy_guess": [None],
        "factor_guess": [None],
        "my_far": [None],
        "my_peak": [None],
        "my_factor": [None],
    }.get(parameter)


@pytest.mark.parametrize("module, name, check_fn", ALL_CHECKS,
                         ids=[f"{m}.{n}" for m, n, _ in ALL_CHECKS])
def test_every_untouched_template_is_not_attempted_without_a_hint(capsys, module, name,
                                                                   check_fn):
    parameter = first_parameter(check_fn)
    templates = template_for(parameter)
    assert templates, f"{module}.{name}({parameter}): add its template to template_for"
    for template in templates:
        assert_not_attempted(capsys, with_the_rest_untouched(check_fn), template)


def test_method_names_what_is_missing_or_misspelt():
    with pytest.raises(NotYet, match=r"Misspelt has no method forward \(it has fowrard: check "
                                     r"the spelling\): define forward"):
        core.method(Misspelt(), "forward")
    with pytest.raises(NotYet, match="got None where an object with a backward method"):
        core.method(None, "backward")
    with pytest.raises(NotYet, match="NotCallableMethods.forward should be a method, got int"):
        core.method(NotCallableMethods(), "forward")
    with pytest.raises(NotYet, match="looking up LookupRaises.forward raised RuntimeError"):
        core.method(LookupRaises(), "forward")
    layer = layers.Relu()
    assert core.method(layer, "forward") == layer.forward


def test_learner_exit_is_a_hint_and_ctrl_c_still_stops():
    for learner in (exits, quits):
        with pytest.raises(NotYet, match=r"called sys.exit\(\) or exit\(\), which would stop "
                                         "the kernel"):
            core.call(learner, 1.0)

    def interrupted():
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        core.call(interrupted)


def test_exit_in_a_notebook_does_not_shut_the_kernel_down(monkeypatch):
    """In a kernel, exit() asks the shell to end the kernel after the cell (no exception);
    while a check runs learner code that request becomes a hint and the shell is left as
    it was."""
    from IPython.core.autocall import ExitAutocall

    class Shell:
        exit_now = False

        def ask_exit(self):
            self.exit_now = True

    shell = Shell()
    monkeypatch.setattr(core, "_shell", lambda: shell)
    notebook_exit = ExitAutocall(ip=shell)
    with pytest.raises(NotYet, match="which would stop the kernel"):
        core.call(lambda: notebook_exit())
    assert shell.exit_now is False and "ask_exit" not in vars(shell)
    shell.ask_exit()          # outside a check, exit() works as before
    assert shell.exit_now is True


def test_untouched_and_placeholders():
    def raises(x):
        raise NotImplementedError("YOUR CODE")

    def returns_none(x):
        # YOUR CODE HERE
        return None

    def works(x):
        return 2 * x
    assert core.untouched(None) and core.untouched(...) and not core.untouched(works)
    assert core.is_placeholder(raises) and core.is_placeholder(returns_none)
    assert core.does_nothing(returns_none) and not core.does_nothing(raises)
    assert not core.is_placeholder(works) and not core.is_placeholder(len)
    with pytest.raises(core.NotAttempted):
        core.call(raises, 1.0)
    with pytest.raises(core.NotAttempted):
        core.call(None)


def test_floats_and_shown_survive_any_object():
    class BadRepr:
        def __repr__(self):
            raise RuntimeError("no")
    assert core.floats([[1.0, 2.0], [3.0]]) is None           # ragged
    assert core.floats(layers.Relu()) is None
    assert core.shown(BadRepr()) == "a BadRepr"


def test_sigmoid_reference_is_accurate_in_both_tails():
    # sigma(x) = 1 / (1 + e**-x); for x << 0 it is e**x (1 - e**x + ...), so e**x to 1e-15
    x = np.array([-720.0, -40.0, 0.0, np.log(3.0), 40.0])
    got = core.sigmoid_reference(x)
    assert abs(got[0] - np.exp(-720.0)) <= 2 * np.nextafter(0, 1)     # subnormal: a step or two
    assert abs(got[1] / np.exp(-40.0) - 1) < 1e-13
    assert got[2] == 0.5 and abs(got[3] - 0.75) < 1e-15 and got[4] == 1.0


def test_gradient_checked_refuses_a_forward_that_writes_into_its_inputs():
    class DividesInPlace:
        """x /= y into the caller's array (issue 18): values right on the first call only."""

        def forward(self, x, y):
            self.y = y
            x /= y
            self.x = x.copy()
            return x

        def backward(self, dout):
            return dout / self.y, -dout * self.x / self.y

    with pytest.raises(NotYet, match="forward wrote into the x it was given"):
        core.gradient_checked(DividesInPlace, np.array([1.0, 2.0]), np.array([3.0, 4.0]))
