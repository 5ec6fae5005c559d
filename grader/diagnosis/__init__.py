"""Recognisers for the catalogued mistakes: what a known-wrong answer looks like."""
