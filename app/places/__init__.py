"""Offline place data: building the gazetteer file the extractor reads."""
