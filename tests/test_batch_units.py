"""Finding submissions and unpacking zips safely."""
from __future__ import annotations

import zipfile

import pytest

from grader import batch
from grader.errors import UsageError


def test_submissions_are_folders_and_zips_by_name(tmp_path):
    (tmp_path / "ann").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "ben.zip").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("ignored")
    assert [s.name for s in batch.discover(tmp_path)] == ["ann", "ben"]


def test_a_folder_and_a_zip_with_the_same_name_are_refused(tmp_path):
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann.zip").write_bytes(b"")
    with pytest.raises(UsageError, match="share the name"):
        batch.discover(tmp_path)


def test_a_zip_that_escapes_its_folder_is_not_graded(tmp_path):
    archive = tmp_path / "class" / "mal.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("../../outside.py", "x = 1")
    outcome = batch.grade_one(batch.Submission("mal", archive), tmp_path / "out", [])
    assert not outcome.ok and "outside the archive" in outcome.message
    assert not (tmp_path / "outside.py").exists()
    assert (tmp_path / "out" / "errors" / "mal.txt").exists()


def test_a_zip_with_a_top_folder_is_graded_from_inside_it(tmp_path):
    archive = tmp_path / "sub.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("sub/ex01_hidden_state.py", "x = 1")
    folder = batch._unpacked(batch.Submission("sub", archive), tmp_path / "unpacked")
    assert (folder / "ex01_hidden_state.py").exists()


def test_only_complete_results_count_as_done(tmp_path):
    submissions = [batch.Submission("a", tmp_path), batch.Submission("b", tmp_path)]
    batch.result_path(tmp_path, "a").parent.mkdir(parents=True)
    batch.result_path(tmp_path, "a").write_text('{"score": 3}')
    batch.result_path(tmp_path, "b").write_text('{"sco')  # a torn file is redone
    assert [s.name for s in batch.pending(submissions, tmp_path)] == ["b"]


@pytest.mark.slow
def test_a_class_can_be_graded_on_a_dask_cluster(tmp_path, make_submission):
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "class"
    folder.mkdir()
    make_submission().rename(folder / "ann")
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster:
        outcomes = batch.grade_class(batch.discover(folder), tmp_path / "out",
                                     ["--public", "--only", "ex01", "--sequential"], workers=1,
                                     scheduler=cluster.scheduler_address)
    assert [(o.name, o.ok) for o in outcomes] == [("ann", True)]
    assert batch.pending(batch.discover(folder), tmp_path / "out") == []
