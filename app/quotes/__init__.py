"""Quotes and the speakers they are attributed to."""
