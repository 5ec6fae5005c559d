"""Renderers: each takes a GradeResult and returns text; none knows another.

Every renderer cleans student text first (`safe_text`); those a student may read also take an
`audience`, and for "student" show hidden checks only as passed or failed (`audience`)."""
