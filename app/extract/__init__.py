"""Pure extraction over text and spaCy ``Doc`` objects: no web framework, no database.

Functions here take text or a ``Doc`` and return frozen dataclasses from ``types.py``.
"""
