"""The autograd oracles behind diagnosis: correct gradients, and mistakes that really differ."""
from __future__ import annotations

import numpy as np
import pytest

from grader.diagnosis.catalogue import MISTAKES, explain
from grader.diagnosis import bptt


def problem(seed=0, steps=5):
    rng = np.random.default_rng(seed)
    params = {"Wxh": rng.normal(size=(3, 4)), "Whh": rng.normal(size=(4, 4)) * 0.7,
              "Why": rng.normal(size=(4, 2)), "bh": rng.normal(size=4), "by": rng.normal(size=2)}
    return params, rng.normal(size=(steps, 3)), rng.normal(size=4), rng.normal(size=2)


def finite_difference(params, inputs, h0, d_output, name, eps=1e-6):
    def loss(p):
        h = h0
        for x in inputs:
            h = np.tanh(x @ p["Wxh"] + h @ p["Whh"] + p["bh"])
        return (h @ p["Why"] + p["by"]) @ d_output

    grad = np.zeros_like(params[name])
    for index in np.ndindex(grad.shape):
        up = {k: v.copy() for k, v in params.items()}
        down = {k: v.copy() for k, v in params.items()}
        up[name][index] += eps
        down[name][index] -= eps
        grad[index] = (loss(up) - loss(down)) / (2 * eps)
    return grad


@pytest.mark.parametrize("name", bptt.PARAMS)
def test_the_correct_oracle_agrees_with_finite_differences(name):
    params, inputs, h0, d_output = problem()
    expected = finite_difference(params, inputs, h0, d_output, name)
    np.testing.assert_allclose(bptt.gradients(params, inputs, h0, d_output)[name], expected,
                               rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("variant", sorted(bptt.BPTT_MISTAKES))
def test_every_mistake_variant_changes_the_recurrent_gradients(variant):
    correct = bptt.gradients(*problem())
    wrong = bptt.gradients(*problem(), mistake=variant)
    assert any(not np.allclose(wrong[k], correct[k]) for k in ("Wxh", "Whh", "bh"))
    np.testing.assert_allclose(wrong["Why"], correct["Why"])  # the output layer is never touched


def test_mistake_variants_are_told_apart():
    signatures = {variant: np.concatenate([bptt.gradients(*problem(), mistake=variant)[k].ravel()
                                           for k in ("Wxh", "Whh", "bh")])
                  for variant in bptt.BPTT_MISTAKES}
    names = sorted(signatures)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            assert not np.allclose(signatures[first], signatures[second]), (first, second)


def test_every_variant_names_a_catalogued_mistake_with_a_fix():
    for mistake in set(bptt.BPTT_MISTAKES.values()):
        assert mistake in MISTAKES
        assert "Fix:" in explain(mistake)
