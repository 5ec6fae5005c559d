"""The kit's texts are written in its own words: no run of 8 words is shared with the source lessons.

Words are compared lower-cased with punctuation stripped. The lessons sit in
`<repo>/../shared/seeds/*.txt` (a folder further up is accepted too); without them the
test is skipped and says so.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT

N = 8


def seeds_folder() -> Path | None:
    return next((p / "shared" / "seeds" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()), None)


def words(text: str) -> list[str]:
    """Lower-cased, punctuation deleted (so `h_t` is one word, `ht`), split at white space."""
    return re.sub(r"[^a-z0-9\s]", "", text.lower()).split()


def ngrams(text: str, n: int = N) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def string_constants(path: Path) -> str:
    """The prose of a Python file: its docstrings and string literals, not its code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return "\n".join(node.value for node in ast.walk(tree)
                     if isinstance(node, ast.Constant) and isinstance(node.value, str))


def notebook_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return "\n".join("".join(cell.get("source", "")) for cell in cells)


def kit_texts() -> dict[str, str]:
    """Every text a student reads: stubs, notebooks, the quiz bank, the key's feedback, the README."""
    texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("exercises/*.py"))}
    texts |= {str(p.relative_to(ROOT)): notebook_text(p) for p in sorted(ROOT.glob("exercises/*.ipynb"))}
    texts["grader/quiz_bank.py"] = (ROOT / "grader" / "quiz_bank.py").read_text(encoding="utf-8")
    texts |= {str(p.relative_to(ROOT)): string_constants(p) for p in sorted(ROOT.glob("solutions/**/*.py"))}
    texts["README.md"] = (ROOT / "README.md").read_text(encoding="utf-8")
    return texts


def test_eight_word_runs_are_found_whatever_the_case_and_punctuation():
    lesson = ngrams("The hidden state is compressed memory, not exact memory at all.")
    assert ngrams("the HIDDEN state -- is compressed memory; not exact") & lesson
    assert not ngrams("the hidden state is a compressed memory, not an exact one") & lesson


def test_no_kit_text_shares_a_run_of_eight_words_with_the_lessons():
    folder = seeds_folder()
    if folder is None:
        pytest.skip(f"the source lessons are not here: no shared/seeds folder above {ROOT}")
    lessons = {path.name: ngrams(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))}
    assert lessons, f"{folder} holds no .txt lessons"
    shared = [f"{name}: '{' '.join(run)}' (also in {lesson})"
              for name, text in kit_texts().items()
              for lesson, runs in lessons.items() for run in sorted(ngrams(text) & runs)]
    assert not shared, "texts copied from the lessons; rewrite them:\n" + "\n".join(shared[:20])
