"""Notebook submissions: the code cells of `exNN_*.ipynb` become the module the grader imports.

IPython magics (`%...`), shell lines (`!...`) and cell magics (`%%...`) are Python to no one but
IPython, so they are left out, not run; so are the top-level statements that use `grader.check`,
which would grade inside the grading. A left-out line becomes `pass` (or an empty line), so every
other line keeps its place. Feedback then names cells: "ex03_bptt.ipynb, cell 4, line 2", where
cell 4 is the fourth cell from the top, Markdown cells included. Where `ex03_bptt.py` sits beside
`ex03_bptt.ipynb`, the .py is graded: the kit's notebooks drive the .py files.
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from grader.exercises import EXERCISES

_MAGIC = re.compile(r"^(\s*)(?:[%!]|\w+\s*=\s*[%!](?!=))")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line ends Python itself knows
_LOCATION = re.compile(r"\b(ex\d\d_[a-z0-9_]+)\.py, line (\d+)")
# Conversion runs in the grading process, outside the sandbox and its time budget: a notebook is
# read only within bounds no exercise comes near (nbformat and the parse grow with its size).
MAX_CELLS = 2_000
MAX_OUTPUTS = 20_000
MAX_CODE_LINES = 20_000


class NotebookUnreadable(ValueError):
    """The file is not a notebook that nbformat can read."""


@dataclass(frozen=True)
class ConvertedNotebook:
    """A notebook's code as one module, and where each of its lines came from."""

    name: str  # the exercise, e.g. "ex03_bptt"
    source: str
    origins: tuple[tuple[int, int], ...]  # for each module line: (cell number, line in that cell)
    left_out: int = 0  # lines of magics, shell commands, cell magics and checking statements
    error: str | None = None  # why the notebook could not be read; the module then only raises

    def locate(self, line: int) -> str:
        """'ex03_bptt.ipynb, cell 4, line 2' for line `line` of the module."""
        if not 1 <= line <= len(self.origins):
            return f"{self.name}.ipynb"
        cell, in_cell = self.origins[line - 1]
        return f"{self.name}.ipynb, cell {cell}, line {in_cell}"


def convert(text: str, name: str) -> ConvertedNotebook:
    """The module made of a notebook's code cells; an unreadable notebook gives one that raises."""
    try:
        cells = _code_cells(text)
    except NotebookUnreadable as exc:
        message = (f"{name}.ipynb is not a notebook that can be read ({exc}); open it in Jupyter and "
                   f"save it again, or hand in a .py file of the same name")
        return ConvertedNotebook(name, _raising_module(message), (), error=message)
    python = [(number, _LINE_BREAK.split(code.removesuffix("\n")), _python(code)) for number, code in cells]
    names = _check_names([kept for _, _, kept in python])
    lines: list[str] = []
    origins: list[tuple[int, int]] = []
    for number, _, kept in python:
        for index, first in _checking_lines(kept, names).items():
            kept[index] = "pass" if index == first else ""
        lines += kept
        origins += [(number, index + 1) for index in range(len(kept))]
    left_out = sum(len(original) - len(kept) + sum(a != b for a, b in zip(kept, original))
                   for _, original, kept in python)
    return ConvertedNotebook(name, "".join(line + "\n" for line in lines), tuple(origins), left_out)


def _code_cells(text: str) -> list[tuple[int, str]]:
    """(cell number counted from 1 over all cells, source) of each code cell."""
    import nbformat  # only when a notebook is handed in

    try:
        _within_bounds(json.loads(text))
        notebook = nbformat.reads(text, as_version=4)
        cells = list(notebook.cells)
        found = [(number, cell.source) for number, cell in enumerate(cells, start=1)
                 if cell.get("cell_type") == "code"]
    except NotebookUnreadable:
        raise
    except (nbformat.reader.NotJSONError, json.JSONDecodeError) as exc:
        raise NotebookUnreadable(f"not valid JSON: {str(exc)[:200]}") from None
    except RecursionError:
        raise NotebookUnreadable("its JSON is nested too deeply") from None
    except Exception as exc:  # whatever nbformat makes of a malformed file is the file's fault
        raise NotebookUnreadable(f"not in the notebook format: {type(exc).__name__}: {str(exc)[:200]}") from None
    if not all(isinstance(source, str) for _, source in found):
        raise NotebookUnreadable("a code cell's source is not text")
    if sum(len(_LINE_BREAK.findall(source)) + 1 for _, source in found) > MAX_CODE_LINES:
        raise NotebookUnreadable(f"its code cells hold more than {MAX_CODE_LINES:,} lines")
    return found


def _within_bounds(notebook: object) -> None:
    """Refuse, before nbformat reads it, a notebook with more cells or outputs than any exercise needs."""
    top = notebook if isinstance(notebook, dict) else {}
    sheets = [sheet for sheet in _list(top.get("worksheets")) if isinstance(sheet, dict)]  # format 3
    cells = [cell for holder in (top, *sheets) for cell in _list(holder.get("cells")) if isinstance(cell, dict)]
    outputs = sum(len(_list(cell.get("outputs"))) for cell in cells)
    if len(cells) > MAX_CELLS or outputs > MAX_OUTPUTS:
        raise NotebookUnreadable(f"it holds {len(cells):,} cells and {outputs:,} outputs, more than the "
                                 f"{MAX_CELLS:,} cells and {MAX_OUTPUTS:,} outputs a notebook may hold; "
                                 "clear its outputs or hand in the .py")


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _python(code: str) -> list[str]:
    """A cell's lines as Python: a magic or shell line becomes `pass`, a cell magic drops the cell."""
    lines = _LINE_BREAK.split(code.removesuffix("\n"))
    if code.lstrip().startswith("%%"):
        return []
    return lines if _parses(code) else [_without_magic(line) for line in lines]


def _without_magic(line: str) -> str:
    match = _MAGIC.match(line)
    return f"{match.group(1)}pass" if match else line


def _check_names(cells: list[list[str]]) -> set[str]:
    """The names `grader.check` is imported as, in any cell of the notebook."""
    trees = [tree for tree in map(_parsed, cells) if tree is not None]
    return {alias.asname or alias.name for tree in trees for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "grader"
            for alias in node.names if alias.name == "check"}


def _checking_lines(lines: list[str], names: set[str]) -> dict[int, int]:
    """{line index: index of its statement's first line} for top-level statements that use
    `grader.check`: run at import, they would grade inside the grading. A function that calls it
    is kept: defining it runs nothing."""
    tree = _parsed(lines)
    if tree is None:
        return {}
    found: dict[int, int] = {}
    for statement in tree.body:
        if _uses_check(statement, names):
            first = statement.lineno - 1
            found.update({index: first for index in range(first, statement.end_lineno or first + 1)})
    return found


def _uses_check(statement: ast.stmt, names: set[str]) -> bool:
    """The statement imports `grader.check` or mentions it (`check(...)`, `grader.check`)."""
    if isinstance(statement, ast.ImportFrom) and statement.module == "grader":
        return any(alias.name == "check" for alias in statement.names)
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return False
    return any(isinstance(node, ast.Name) and node.id in names or isinstance(node, ast.Attribute)
               and node.attr == "check" and isinstance(node.value, ast.Name) and node.value.id == "grader"
               for node in ast.walk(statement))


def _parsed(lines: list[str]) -> ast.Module | None:
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None


def _parses(code: str) -> bool:
    return _parsed([code]) is not None


def _raising_module(message: str) -> str:
    return ("class NotebookUnreadable(Exception):\n    pass\n\n"
            f"raise NotebookUnreadable({message!r})\n")


@dataclass(frozen=True)
class NotebookSubmission:
    """The notebooks converted for one submission; rewrites feedback to name their cells."""

    converted: tuple[ConvertedNotebook, ...] = ()
    left_out: tuple[str, ...] = ()  # links and special files the graded copy does not hold

    def relabel(self, text: str) -> str:
        """'ex03_bptt.py, line 12' becomes 'ex03_bptt.ipynb, cell 4, line 2'; other mentions follow."""
        by_name = {notebook.name: notebook for notebook in self.converted}
        if not by_name or not text:
            return text

        def located(match: re.Match) -> str:
            notebook = by_name.get(match.group(1))
            return match.group(0) if notebook is None else notebook.locate(int(match.group(2)))

        text = _LOCATION.sub(located, text)
        return re.sub(rf"\b({'|'.join(map(re.escape, by_name))})\.py\b", r"\1.ipynb", text)

    def notes(self, exercises: tuple[str, ...]) -> list[str]:
        """One line for the report's notes per notebook of `exercises` graded."""
        return [n.error or f"{n.name}.ipynb was graded from its code cells (no {n.name}.py beside it); "
                f"{n.left_out} magic, shell or checking line(s) left out"
                for n in self.converted if n.name in exercises] + ([
            "left out of the copy that was graded (links or special files): "
            + ", ".join(repr(name[:60]) for name in self.left_out[:5])] if self.left_out else [])


def notebooks_to_convert(folder: Path) -> list[Path]:
    """The exercise notebooks of `folder` that have no .py of the same name beside them."""
    return [folder / f"{name}.ipynb" for name in EXERCISES
            if (folder / f"{name}.ipynb").is_file() and not (folder / f"{name}.py").exists()]


def stage(source: Path, target: Path) -> NotebookSubmission:
    """Copy `source` to `target` (links left out) and write `<name>.py` there for each notebook
    to convert; `source` itself is never changed."""
    from grader.sandbox.copy import copy_submission

    left_out = copy_submission(source, target)
    converted = []
    for path in notebooks_to_convert(source):
        if (target / path.name).is_file():  # the copy holds only what could be copied safely
            notebook = convert((target / path.name).read_text(encoding="utf-8", errors="replace"), path.stem)
            # a lone surrogate (valid in JSON, not in UTF-8) becomes "?": the rest still imports
            (target / f"{path.stem}.py").write_text(notebook.source, encoding="utf-8", errors="replace")
            converted.append(notebook)
    return NotebookSubmission(tuple(converted), tuple(left_out))
