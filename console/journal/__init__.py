"""The journal: immutable hash-chained entries in SQLite (Qt-free)."""
