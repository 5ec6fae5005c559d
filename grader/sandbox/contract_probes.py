"""Probes run in the worker that watch how student code keeps a promise of the contract.

Like the other worker tools they return plain data and are no more trusted than the
student's own answers: they can show a promise broken, never prove a score.
"""
from __future__ import annotations

import hashlib
import importlib

import numpy as np
import torch

from grader.sandbox.blocked import import_other

TRAIN = "train_classifier"


class _TrainingRecorder:
    """Stands in for train_classifier: records which model each call trains, then trains it."""

    def __init__(self, original):
        self.original, self.records, self._models = original, [], []

    def __call__(self, model, X, *args, **options):
        if not any(model is seen for seen in self._models):
            self._models.append(model)
        record = {"model": next(i for i, seen in enumerate(self._models) if seen is model),
                  "seq_len": int(np.shape(X)[1]), "before": fingerprint(model)}
        self.records.append(record)
        try:
            return self.original(model, X, *args, **options)
        finally:
            record["after"] = fingerprint(model)


def sweep_training_records(lengths: list[int], kwargs: dict) -> dict:
    """Run length_sweep while recording every train_classifier call: which model, how trained."""
    sweep, ex04 = importlib.import_module("ex06_length_sweep"), import_other("ex04_sentiment")
    recorder = _TrainingRecorder(getattr(ex04, TRAIN))
    names = [(module, name) for module in (ex04, sweep) for name, value in list(vars(module).items())
             if value is recorder.original]  # under whatever name ex06 imported it
    for module, name in names:
        setattr(module, name, recorder)
    try:
        results = sweep.length_sweep(tuple(lengths), **kwargs)
    finally:
        for module, name in names:
            setattr(module, name, recorder.original)
    return {"records": recorder.records, "results": results}


def advance_global_rngs() -> None:
    """Draw once from torch's, NumPy's and Python's global generators."""
    import random

    torch.rand(1)
    np.random.random()
    random.random()


def fingerprint(model) -> str:
    """A digest of the model's parameters: equal digests mean equal weights."""
    digest = hashlib.sha256()
    for param in model.parameters():
        digest.update(param.detach().cpu().numpy().tobytes())
    return digest.hexdigest()[:16]


def next_char_loss(model, text_ids: list[int]) -> float:
    """The model's mean cross-entropy for predicting character t+1 from characters 1..t."""
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    ids = torch.as_tensor(text_ids, dtype=torch.long, device=device)[None]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        logits, _ = model(ids[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[0, 1:])
    model.train(was_training)
    return float(loss)
