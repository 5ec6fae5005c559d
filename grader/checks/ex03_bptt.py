"""Public checks for ex03_bptt: torch autograd is the oracle; known mistakes are named."""
from __future__ import annotations

import ast
import functools
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

from grader.diagnosis.catalogue import explain
from grader.numeric_comparison import as_array, assert_close, matches
from grader.diagnosis import bptt
from grader.diagnosis.clipping import clip_gap, clip_mistake, clip_rtol, global_norm, gradient_dict, torch_clip
from grader.engine.check import check
from grader.engine.properties import graded
from grader.errors import WrongAnswer

AUTOGRAD_LIBRARIES = {"torch", "jax", "jaxlib", "tensorflow", "autograd", "mxnet", "theano",
                      "chainer", "paddle", "tinygrad", "micrograd", "keras"}
# Measured on 300 problems of these sizes: the reference's float64 BPTT is within 3e-14 (abs) of
# autograd, which sums the same products in another order; each catalogued mistake is off by at
# least 2.7e-4 relative on some key. rtol=1e-6 sits between; atol=1e-9 covers rounding-level zeros.
GRAD_TOL = {"rtol": 1e-6, "atol": 1e-9}
GRAD_KEYS = ("Wxh", "Whh", "Why", "bh", "by", "h0")
dims = st.integers(1, 5)
scales = st.sampled_from([0.1, 0.5, 1.0, 2.0])


def autograd_imports(source_file: Path, loaded: list[str]) -> list[str]:
    """Autograd libraries the file imports (by its text) or pulled in (at run time)."""
    try:
        text = source_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return sorted((AUTOGRAD_LIBRARIES & set(loaded)) | _imported_names(text))


@functools.lru_cache(maxsize=8)
def _imported_names(source: str) -> frozenset[str]:
    """Names in import statements, and strings (for __import__("torch")), found in the source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    found: set[str] = set()
    for node in ast.walk(tree):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else \
            [node.value] if isinstance(node, ast.Constant) and isinstance(node.value, str) else []
        found |= {name.split(".")[0] for name in names} & AUTOGRAD_LIBRARIES
    return frozenset(found)


def require_from_scratch(student, submission_file: Path) -> None:
    """No credit for gradients that an autograd library computed."""
    used = autograd_imports(submission_file, student.loaded_modules())
    if used:
        raise WrongAnswer(f"ex03_bptt.py uses {', '.join(used)}: this exercise is from scratch, "
                          "so gradient checks give no credit. " + explain("uses_autograd", "It")
                          .split(". ", 1)[1], "uses_autograd")


def problem(seed: int, input_dim: int, hidden_dim: int, output_dim: int, steps: int, scale: float):
    """Parameters, inputs, h0 and dL/dy drawn from one seed."""
    rng = np.random.default_rng(seed)
    shapes = {"Wxh": (input_dim, hidden_dim), "Whh": (hidden_dim, hidden_dim),
              "Why": (hidden_dim, output_dim), "bh": (hidden_dim,), "by": (output_dim,)}
    params = {name: rng.standard_normal(shape) * scale for name, shape in shapes.items()}
    return (params, rng.standard_normal((steps, input_dim)), rng.standard_normal(hidden_dim),
            rng.standard_normal(output_dim))


def student_model(student, params: dict[str, np.ndarray]):
    """A student VanillaRNN holding the given parameters."""
    input_dim, hidden_dim = params["Wxh"].shape
    model = student.call("VanillaRNN", input_dim, hidden_dim, params["Why"].shape[1])
    for name, value in params.items():
        model.set(name, value)
    return model


def student_gradients(student, params, inputs, h0, d_output) -> dict[str, np.ndarray]:
    model = student_model(student, params)
    model.call_later("forward", inputs, h0)  # its values are checked elsewhere; a failure is raised here
    grads = model.call("backward", d_output)
    missing = [key for key in GRAD_KEYS if not isinstance(grads, dict) or key not in grads]
    if missing:
        raise WrongAnswer(f"VanillaRNN.backward should return a dict with keys {list(GRAD_KEYS)}; "
                          f"missing {missing}")
    return grads


def diagnose_backward(student) -> str | None:
    """Run one telling example and name the catalogued mistake the gradients match."""
    params, inputs, h0, d_output = problem(2024, 3, 4, 2, 5, 0.8)
    got = student_gradients(student, params, inputs, h0, d_output)
    for variant, mistake in bptt.BPTT_MISTAKES.items():
        wrong = bptt.gradients(params, inputs, h0, d_output, variant)
        if all(matches(got[key], wrong[key], **GRAD_TOL) for key in ("Wxh", "Whh", "bh")):
            return mistake
    return None


def compare_gradients(student, submission_file, keys, seed, input_dim, hidden_dim, steps, scale):
    require_from_scratch(student, submission_file)
    params, inputs, h0, d_output = problem(seed, input_dim, hidden_dim, 2, steps, scale)
    got = student_gradients(student, params, inputs, h0, d_output)
    expected = bptt.gradients(params, inputs, h0, d_output)
    for key in keys:
        if not matches(got[key], expected[key], **GRAD_TOL):
            mistake = diagnose_backward(student)
            hint = explain(mistake, f"Your d{key}") if mistake else \
                "Compare your loop with the formulas in the module docstring."
            assert_close(got[key], expected[key], what=f"d{key} (T={steps}, scale={scale})",
                         **GRAD_TOL, hint=hint, diagnosis=mistake)


gradient_cases = given(seed=st.integers(0, 2**16), input_dim=dims, hidden_dim=st.integers(2, 5),
                       steps=st.integers(1, 6), scale=scales)


@check(1)
def check_from_scratch(student, submission_file):
    """ex03_bptt.py uses NumPy only: no torch or other autograd library."""
    student_gradients(student, *problem(0, 2, 2, 1, 2, 0.5))  # credit only for working code
    require_from_scratch(student, submission_file)


@check(1)
@graded(5)
@given(seed=st.integers(0, 1000), input_dim=dims, hidden_dim=dims, output_dim=dims)
def check_init_follows_contract(student, seed, input_dim, hidden_dim, output_dim):
    """VanillaRNN draws Wxh, Whh, Why in order from default_rng(seed) times scale; zero biases."""
    model = student.call("VanillaRNN", input_dim, hidden_dim, output_dim, seed=seed, scale=0.05)
    rng = np.random.default_rng(seed)
    for name, shape in (("Wxh", (input_dim, hidden_dim)), ("Whh", (hidden_dim, hidden_dim)),
                        ("Why", (hidden_dim, output_dim)), ("bh", (hidden_dim,)), ("by", (output_dim,))):
        expected = rng.standard_normal(shape) * 0.05 if name.startswith("W") else np.zeros(shape)
        assert_close(model.get(name), expected, what=f"VanillaRNN(seed={seed}, scale=0.05).{name}",
                     rtol=1e-12, atol=0, hint="Draw rng.standard_normal(shape) * scale in the order Wxh, Whh, Why.")


@check(2)
@graded(15)
@given(seed=st.integers(0, 2**16), input_dim=dims, hidden_dim=dims, steps=st.integers(1, 6), scale=scales)
def check_forward_matches_nn_rnn(student, seed, input_dim, hidden_dim, steps, scale):
    """forward returns y from the last state and every state h_1..h_T."""
    params, inputs, h0, _ = problem(seed, input_dim, hidden_dim, 2, steps, scale)
    model = student_model(student, params)
    result = model.call("forward", inputs, h0)
    if not isinstance(result, tuple) or len(result) != 2:
        raise WrongAnswer(f"forward should return the tuple (y, hs), got {type(result).__name__}")
    with torch.no_grad():
        states = torch.stack(bptt._plain_states({k: torch.tensor(v) for k, v in params.items()},
                                                torch.tensor(inputs), torch.tensor(h0))).numpy()
    assert_close(result[1], states, what=f"hs (T={steps})", **GRAD_TOL)
    assert_close(result[0], states[-1] @ params["Why"] + params["by"], what="y", **GRAD_TOL,
                 hint="y = h_T @ Why + by, from the last state only.")


GRADIENTS = [pytest.param(("Why", "by"), marks=check(1), id="output_layer"),
             pytest.param(("Wxh",), marks=check(3), id="Wxh"),
             pytest.param(("Whh",), marks=check(4), id="Whh"),
             pytest.param(("bh",), marks=check(2), id="bh"),
             pytest.param(("h0",), marks=check(1), id="h0")]


@pytest.mark.parametrize("keys", GRADIENTS)
@graded(10)
@gradient_cases
def check_gradient(student, submission_file, keys, seed, input_dim, hidden_dim, steps, scale):
    """backward gives these parameters the gradients torch autograd gives."""
    compare_gradients(student, submission_file, keys, seed, input_dim, hidden_dim, steps, scale)


@check(1)
@graded(8)
@given(seed=st.integers(0, 2**16), magnitude=st.sampled_from([1e-6, 1e-3, 1e3, 1e6]))
def check_backward_scales_with_d_output(student, submission_file, seed, magnitude):
    """backward is linear in d_output: scaling dL/dy scales every gradient by the same factor."""
    require_from_scratch(student, submission_file)
    params, inputs, h0, d_output = problem(seed, 2, 3, 2, 4, 0.5)
    unit = student_gradients(student, params, inputs, h0, d_output)  # right or wrong: graded elsewhere
    scaled = student_gradients(student, params, inputs, h0, d_output * magnitude)
    for key in GRAD_KEYS:
        # float64 rounding of a linear map changes each entry by ~1e-16 of the largest one
        size = float(np.max(np.abs(as_array(unit[key], f"d{key}")), initial=0.0))
        assert_close(scaled[key], as_array(unit[key], f"d{key}") * magnitude, rtol=1e-9,
                     atol=1e-12 * magnitude * size, what=f"d{key} with d_output scaled by {magnitude:g}",
                     hint=f"It should be your d{key} for d_output times {magnitude:g}. Use d_output as "
                          "given: no normalising, clipping or sign() of dL/dy.")


@check(2)
def check_backward_leaves_parameters(student):
    """backward computes gradients and leaves the parameters as they were."""
    params, inputs, h0, d_output = problem(7, 3, 4, 2, 4, 0.5)
    model = student_model(student, params)
    model.call("forward", inputs, h0)
    model.call("backward", d_output)
    for name, before in params.items():
        if not matches(model.get(name), before, rtol=0, atol=0):
            raise WrongAnswer(f"After backward, {name} is no longer what it was before. "
                              + explain("params_changed", "This"), "params_changed")


@check(1)
@graded(10)
@given(seed=st.integers(0, 2**16), hidden_dim=st.integers(2, 5), steps=st.integers(1, 8), scale=scales)
def check_hidden_grad_norms(student, submission_file, seed, hidden_dim, steps, scale):
    """hidden_grad_norms gives |dL/dh_t| for every step, as autograd does."""
    require_from_scratch(student, submission_file)
    params, inputs, h0, d_output = problem(seed, 2, hidden_dim, 2, steps, scale)
    model = student_model(student, params)
    model.call("forward", inputs, h0)
    got = model.call("hidden_grad_norms", d_output)
    require_norms(student, got, bptt.hidden_grad_norms(params, inputs, h0, d_output),
                  f"hidden_grad_norms (T={steps})",
                  "Entry t is the norm of the full dL/dh_t, including what flows back from later steps.")


def require_norms(student, got, expected, what: str, hint: str) -> None:
    """Per-step gradient norms must match autograd; a known backward mistake is named."""
    if not matches(got, expected, **GRAD_TOL):
        mistake = diagnose_backward(student)
        hint = explain(mistake, "Your backward pass") if mistake else hint
        assert_close(got, expected, **GRAD_TOL, what=what, hint=hint, diagnosis=mistake)


@check(1)
def check_gradient_fades_over_a_long_sequence(student, submission_file, record_data):
    """On 30 steps with small weights, hidden_grad_norms shows the signal fading towards step 1."""
    require_from_scratch(student, submission_file)
    params, inputs, h0, d_output = problem(404, 2, 8, 2, 30, 0.3)
    model = student_model(student, params)
    model.call("forward", inputs, h0)
    got = model.call("hidden_grad_norms", d_output)
    expected = bptt.hidden_grad_norms(params, inputs, h0, d_output)
    record_data["grad_norms_compared"] = {"got": as_array(got, "hidden_grad_norms").ravel().tolist(),
                                          "expected": [float(v) for v in expected]}  # for the feedback page
    if matches(got, expected, **GRAD_TOL):
        record_data["grad_norms_by_step"] = [float(v) for v in expected]
    require_norms(student, got, expected, "hidden_grad_norms over 30 steps",
                  "With small weights each step back multiplies the signal by a factor below one.")


gradient_sets = st.lists(st.tuples(st.integers(1, 4), st.integers(1, 3)), min_size=1, max_size=4)


def check_clipped(student, grads, max_norm):
    originals = {k: v.copy() for k, v in grads.items()}
    got = student.call("clip_gradients", grads, max_norm)
    if not isinstance(got, dict) or set(got) != set(grads):
        raise WrongAnswer(f"clip_gradients should return a dict with the keys {sorted(grads)}, got {got!r:.80}")
    expected, mistake = torch_clip(originals, max_norm), clip_mistake(originals, got, max_norm)
    hint = explain(mistake, "Your result") if mistake else clip_gap(originals, got, max_norm)
    for key in grads:
        assert_close(got[key], expected[key], what=f"clip_gradients(..., max_norm={max_norm:.4g})[{key!r}]",
                     rtol=clip_rtol(global_norm(originals)), atol=1e-9, hint=hint, diagnosis=mistake)


@check(3)
@graded(15)
@given(seed=st.integers(0, 2**16), shapes=gradient_sets, fraction=st.floats(0.05, 0.9))
def check_clip_matches_clip_grad_norm(student, seed, shapes, fraction):
    """clip_gradients scales by the global norm, as torch's clip_grad_norm_ does."""
    grads = gradient_dict(seed, shapes, 3.0)
    total = global_norm(grads)
    check_clipped(student, grads, float(total * fraction))


@check(2)
@graded(10)
@given(seed=st.integers(0, 2**16), shapes=gradient_sets, factor=st.floats(1.1, 10.0))
def check_clip_below_bound_unchanged(student, seed, shapes, factor):
    """clip_gradients leaves gradients whose global norm is under the bound unchanged."""
    grads = gradient_dict(seed, shapes, 1.0)
    total = global_norm(grads)
    check_clipped(student, grads, float(total * factor))


@check(1)
def check_clip_leaves_inputs(student):
    """clip_gradients returns new arrays and leaves its input untouched."""
    grads = gradient_dict(3, [(3, 2), (2,)], 5.0)
    kept = student.keep(grads)  # lives in the worker, where clip_gradients could change it
    result = student.call("clip_gradients", kept, 0.5)
    after = kept.fetch()
    for key, value in grads.items():
        assert_close(after[key], value, what=f"the input gradient {key!r} after clip_gradients",
                     rtol=0, atol=0, hint="Build new arrays (g * factor), do not scale in place.")
    if not isinstance(result, dict) or any(matches(result[k], grads[k], rtol=0, atol=0) for k in grads):
        raise WrongAnswer("clip_gradients should return new, clipped arrays in a dict")
