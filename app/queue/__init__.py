"""Distributed ingest on RQ (Redis): the CLI enqueues articles, workers anywhere store them."""
