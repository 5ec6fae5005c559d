"""Helpers the grader runs inside a worker, next to the student's model.

They only read or wrap student objects and return plain data; they run in the
student's process, so they are no more trusted than the student's own answers.
"""
from __future__ import annotations


import numpy as np
import torch
from torch import nn

from grader.sandbox.contract_probes import (advance_global_rngs, next_char_loss,  # noqa: F401 (tools)
                                            sweep_training_records)

RECURRENT_TYPES = (nn.RNN, nn.LSTM, nn.GRU, nn.RNNCell, nn.LSTMCell, nn.GRUCell)


def summary(model: nn.Module) -> dict:
    """The model's layers and the recurrent settings the checks look at."""
    layers = []
    for name, module in model.named_modules():
        entry = {"name": name, "type": type(module).__name__,
                 "recurrent": isinstance(module, RECURRENT_TYPES)}
        for attribute in ("num_layers", "batch_first", "bidirectional", "mode", "hidden_size"):
            if hasattr(module, attribute) and isinstance(module, RECURRENT_TYPES):
                entry[attribute] = getattr(module, attribute)
        layers.append(entry)
    return {"layers": layers, "training": model.training,
            "parameters": int(sum(p.numel() for p in model.parameters()))}


def logits(model: nn.Module, x: np.ndarray) -> np.ndarray:
    """The model's raw output for x, on its own device, without gradients."""
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    with torch.no_grad():
        out = model(torch.as_tensor(x, dtype=torch.float32, device=device))
    if isinstance(out, (tuple, list)):
        raise TypeError(f"forward should return one logits tensor, got a {type(out).__name__}")
    return out.detach().cpu().numpy()


class ProbeClassifier(nn.Module):
    """A working RNN classifier that records how training and prediction use it."""

    def __init__(self, input_size: int = 1, hidden_size: int = 16, num_classes: int = 2):
        super().__init__()
        self.rnn = nn.RNN(input_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, num_classes)
        self.records = {"forward_modes": [], "grad_enabled": [], "accumulated": [], "outputs": []}
        for param in self.parameters():
            self._watch(param)

    def forward(self, x):
        self.records["forward_modes"].append(bool(self.training))
        self.records["grad_enabled"].append(bool(torch.is_grad_enabled()))
        out, _ = self.rnn(x)
        logits = self.head(out[:, -1, :])
        if logits.requires_grad and len(self.records["outputs"]) < 8:
            record = {"logits": logits.detach().cpu().numpy().tolist(), "grad": None}
            self.records["outputs"].append(record)
            logits.register_hook(lambda grad, record=record: record.update(grad=grad.cpu().numpy().tolist()))
        return logits

    def _watch(self, param: nn.Parameter) -> None:
        incoming: dict[str, torch.Tensor] = {}
        param.register_hook(lambda grad: incoming.update(grad=grad.detach().clone()))

        def after(p: nn.Parameter) -> None:  # p.grad now holds old + incoming
            if "grad" in incoming and len(self.records["accumulated"]) < 64:
                self.records["accumulated"].append(not torch.allclose(p.grad, incoming["grad"]))

        param.register_post_accumulate_grad_hook(after)


def probe_classifier(input_size: int = 1, hidden_size: int = 16, num_classes: int = 2) -> nn.Module:
    torch.manual_seed(0)
    return ProbeClassifier(input_size, hidden_size, num_classes)


def probe_records(probe: ProbeClassifier) -> dict:
    return probe.records


def seeded_call(fn, seed: int, *args):
    """Call a student's builder right after torch.manual_seed, so its weights are reproducible."""
    torch.manual_seed(seed)
    return fn(*args)


def repeat_sample(fn, logits: np.ndarray, temperature: float, seed: int, n: int) -> np.ndarray:
    """n draws from the student's sampler sharing one Generator: the ids, as an int array."""
    rng = np.random.default_rng(seed)
    draws = [fn(logits.copy(), temperature, rng) for _ in range(n)]
    if not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) for d in draws):
        kinds = sorted({type(d).__name__ for d in draws})
        raise TypeError(f"sample_with_temperature should return an int, got {', '.join(kinds)}")
    return np.asarray(draws, dtype=np.int64)


def greedy_decode(model, start_ids: list[int], length: int, carry: bool) -> list[int]:
    """Argmax decoding with the state carried (the contract) or reset at every step (a mistake)."""
    ids = [int(i) for i in start_ids]
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    with torch.no_grad():
        logits, h = model(torch.tensor([ids], device=device))
        for _ in range(length):
            ids.append(int(logits[0, -1].argmax()))
            step = torch.tensor([[ids[-1]]], device=device)
            logits, h = model(step, h) if carry else model(step)
    return ids


def train_and_predict(build: str, train: str, predict: str, build_kwargs: dict, X: np.ndarray,
                      y: np.ndarray, X_test: np.ndarray, budget: dict, device: str, seed: int) -> dict:
    """Build, train and predict with the student's functions ("module:name"); time them alone."""
    import time

    build, train, predict = (_student_function(path) for path in (build, train, predict))
    started = time.perf_counter()
    torch.manual_seed(seed)  # the model's initial weights must not depend on earlier calls
    model = build(**build_kwargs)
    untrained = _untrained_prediction(predict, model, X_test, device)
    losses = train(model, X, y, epochs=budget["epochs"], lr=budget["lr"],
                   batch_size=budget["batch_size"], device=device, seed=seed)
    predicted = predict(model, X_test, device=device)
    return {"losses": losses, "predicted": predicted, "untrained": untrained,
            "seconds": time.perf_counter() - started}


def _untrained_prediction(predict, model, X_test: np.ndarray, device: str):
    """predict on a copy of the fresh model: near chance, unless predict ignores the model."""
    import copy

    try:
        return predict(copy.deepcopy(model), X_test, device=device)
    except Exception:  # a model that cannot be copied: no evidence either way
        return None


def _student_function(path: str):
    """A function of the submission, by "module:name"; a clear error when it is missing."""
    from grader.sandbox.blocked import import_other

    module_name, name = path.split(":")
    try:
        module = import_other(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise LookupError(f"{module_name}.py is missing from the submission") from None
        raise
    if not hasattr(module, name):
        raise LookupError(f"{module_name}.py does not define {name}")
    return getattr(module, name)
