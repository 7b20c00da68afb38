"""Quotemap: who said what, and where, extracted from news articles."""
