"""Build the student edition and the Gradescope autograder bundle from the instructor's kit.

The student edition holds the stubs, the grader with its public checks, the README and
the packaging; never the solutions folder (reference code, hidden checks, hidden seeds,
answer key). The Gradescope bundle is the instructor's: it carries everything.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from grader.errors import UsageError

KIT_ROOT = Path(__file__).resolve().parents[1]
STUDENT_FILES = ("README.md", "pyproject.toml")
STUDENT_FOLDERS = ("exercises", "grader")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".pytest_cache", ".hypothesis")
TEMPLATES = Path(__file__).resolve().parent / "templates"


def build_student_release(out: Path, *, kit: Path = KIT_ROOT) -> Path:
    """Copy what students need into `out` (which must not exist yet)."""
    _require_kit(kit)
    if out.exists():
        raise UsageError(f"{out} already exists; choose a new folder for the release")
    out.mkdir(parents=True)
    for name in STUDENT_FILES:
        shutil.copy2(kit / name, out / name)
    for name in STUDENT_FOLDERS:
        shutil.copytree(kit / name, out / name, ignore=IGNORED)
    return out


def build_gradescope_bundle(zip_path: Path, *, kit: Path = KIT_ROOT) -> Path:
    """setup.sh and run_autograder at the top, the whole kit (with solutions) under source/."""
    _require_kit(kit)
    if not (kit / "solutions").is_dir():
        raise UsageError(f"no solutions folder in {kit}: the autograder needs the hidden checks")
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for script in ("setup.sh", "run_autograder"):
            info = zipfile.ZipInfo(script)
            info.external_attr = 0o755 << 16
            bundle.writestr(info, (TEMPLATES / script).read_text())
        for name in (*STUDENT_FILES, *STUDENT_FOLDERS, "solutions"):
            for path in sorted([kit / name] if (kit / name).is_file() else (kit / name).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
                    bundle.write(path, f"source/{path.relative_to(kit)}")
    return zip_path


def _require_kit(kit: Path) -> None:
    missing = [name for name in (*STUDENT_FILES, *STUDENT_FOLDERS) if not (kit / name).exists()]
    if missing:
        raise UsageError(f"{kit} is not the kit's source tree (missing {', '.join(missing)}); "
                         "run this from an editable install of the kit")
