"""The grading engine: options, one session's resources, the pytest plugin that runs the checks.

`options` validates a run's settings, `session` owns its sandbox, workers and reference cache,
`plugin` collects checks and records outcomes (`outcome` keeps wrong answers, student errors and
grader bugs apart), `run.grade` ties them together.
"""
