"""The grader's exceptions, kept apart by whose fault they are.

GraderError                 a problem the grader reports to the user (usage, set-up)
    UsageError              bad command-line input; exit code 2
StudentCodeError            the submission raised, exited or died
    SubmissionUnusable      the file or a required name is missing, or it does not import
    StudentTimeout          the submission ran past the check's time limit
WrongAnswer                 the submission ran and answered wrongly
Anything else raised inside a check is a grader bug and is reported as one.
"""
from __future__ import annotations


class GraderError(Exception):
    """Base class for problems the grader reports in plain words."""


class UsageError(GraderError):
    """The command line or the arguments asked for something impossible."""


class StudentCodeError(Exception):
    """Student code is missing, raised an exception, exited or crashed."""


class SubmissionUnusable(StudentCodeError):
    """The file is missing, does not import, or lacks a required name: no input would help."""


class StudentTimeout(StudentCodeError):
    """Student code did not answer within the check's time limit."""


class WrongAnswer(AssertionError):
    """Student code ran but its answer is wrong; `diagnosis` names a catalogued mistake."""

    def __init__(self, feedback: str, diagnosis: str | None = None):
        super().__init__(feedback)
        self.feedback, self.diagnosis = feedback, diagnosis
