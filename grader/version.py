"""The kit's version, in a module that imports nothing (packaging reads it too)."""
__version__ = "0.1.0"
