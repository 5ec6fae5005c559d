"""Renderers: each takes a GradeResult and returns text; none knows another."""
