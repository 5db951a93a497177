"""Projections of the journal (Qt-free)."""
