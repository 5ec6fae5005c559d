"""Build the student edition and the Gradescope autograder bundle from the instructor's kit.

The student edition holds the stubs, the grader with its public checks, a README written for
students, the packaging and a `tests/` that runs the public checks under `python -m pytest`;
never the solutions folder (reference code, hidden checks, hidden seeds, answer key). The
Gradescope bundle is the instructor's: it carries everything.

The stubs come from `grader/stubs/`, package data of the grader that builds the release: the
kit's `exercises/` is a working copy that whoever tries the exercises edits, and it may belong
to another checkout than the grader that runs. `grader/stubs/` is the one source of truth;
the kit's committed `exercises/` is a copy of it (tests/test_student_edition.py proves it).
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from grader import quiz_stub, variants
from grader.errors import UsageError

KIT_ROOT = Path(__file__).resolve().parents[1]
STUBS = Path(__file__).resolve().parent / "stubs"  # the pristine exercise files
STUDENT_FILES = ("README.md", "pyproject.toml")
STUDENT_FOLDERS = ("exercises", "grader")
STUB_PATTERNS = ("ex*.py", "ex*.ipynb")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".pytest_cache", ".hypothesis")
TEMPLATES = Path(__file__).resolve().parent / "templates"


def build_student_release(out: Path, *, kit: Path = KIT_ROOT, student_id: str | None = None) -> Path:
    """Copy what students need into `out` (which must not exist yet); with `student_id`, that
    student's edition: the quiz stub shows the options in the student's own order."""
    _require_kit(kit, ("pyproject.toml", "grader"))
    variant = _variant(kit, student_id)
    if out.exists():
        raise UsageError(f"{out} already exists; choose a new folder for the release")
    out.mkdir(parents=True)
    shutil.copy2(kit / "pyproject.toml", out / "pyproject.toml")
    shutil.copy2(TEMPLATES / "STUDENT_README.md", out / "README.md")
    shutil.copytree(kit / "grader", out / "grader", ignore=IGNORED)
    (out / "exercises").mkdir()
    for path in pristine_stubs(kit / "grader" / "stubs"):
        shutil.copy2(path, out / "exercises" / path.name)
    (out / "tests").mkdir()
    shutil.copy2(TEMPLATES / "test_public_checks.py", out / "tests" / "test_public_checks.py")
    if variant is not None:
        stub = quiz_stub.render(variant.option_order, variant=variant.fingerprint)
        (out / "exercises" / "ex07_quiz.py").write_text(stub, encoding="utf-8")
    return out


def _variant(kit: Path, student_id: str | None) -> variants.Variant | None:
    """The student's variant, from the course secret of the kit's solutions (or the environment)."""
    if student_id is None:
        return None
    return variants.for_student(student_id, variants.required_secret(kit / "solutions"))


def pristine_stubs(folder: Path = STUBS) -> list[Path]:
    """The exercise files as students first get them: stubs and, when there are some, notebooks."""
    return sorted(path for pattern in STUB_PATTERNS for path in folder.glob(pattern))


def build_gradescope_bundle(zip_path: Path, *, kit: Path = KIT_ROOT) -> Path:
    """The autograder zip: setup.sh, run_autograder and the kit (with solutions) at its root.

    Gradescope unpacks the zip into /autograder/source, so the kit is installed from there and
    the hidden checks are read from /autograder/source/solutions.
    """
    _require_kit(kit)
    if not (kit / "solutions" / "hidden_checks").is_dir():
        raise UsageError(f"no solutions/hidden_checks folder in {kit}: the autograder needs the hidden checks")
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for script in ("setup.sh", "run_autograder"):
            _write_executable(bundle, script, (TEMPLATES / script).read_text())
        for name in (*STUDENT_FILES, *STUDENT_FOLDERS, "solutions"):
            for path in _bundled_files(kit / name):
                bundle.write(path, path.relative_to(kit).as_posix())
    return zip_path


def _write_executable(bundle: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = 0o100755 << 16  # a regular file, rwxr-xr-x
    info.compress_type = zipfile.ZIP_DEFLATED
    bundle.writestr(info, text)


def _bundled_files(path: Path) -> list[Path]:
    """`path` itself, or the files under it, without caches and build leftovers."""
    if path.is_file():
        return [path]
    return [p for p in sorted(path.rglob("*")) if p.is_file() and not _is_leftover(p.relative_to(path))]


def _is_leftover(relative: Path) -> bool:
    skipped = {"__pycache__", ".pytest_cache", ".hypothesis"}
    return (relative.suffix == ".pyc" or bool(skipped & set(relative.parts))
            or any(part.endswith(".egg-info") for part in relative.parts))


def _require_kit(kit: Path, needed: tuple[str, ...] = (*STUDENT_FILES, *STUDENT_FOLDERS)) -> None:
    missing = [name for name in needed if not (kit / name).exists()]
    if missing:
        raise UsageError(f"{kit} is not the kit's source tree (missing {', '.join(missing)}); "
                         "run this from an editable install of the kit")
