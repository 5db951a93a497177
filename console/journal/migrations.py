"""Schema as numbered migrations (sqlite-utils ``Migrations``); never edit a shipped one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

journal = Migrations("vangnet.journal")
# In the file header (PRAGMA application_id): a journal says it is one (set_aside.examine).
APPLICATION_ID = 0x56414E47  # "VANG"


@journal()
def m001_entries(db: Database) -> None:
    db.execute("""
        CREATE TABLE entries (
            position    INTEGER PRIMARY KEY,   -- local commit order; projections fold in it
            id          TEXT    NOT NULL UNIQUE,
            console     TEXT    NOT NULL,
            seq         INTEGER NOT NULL,
            hlc_ms      INTEGER NOT NULL,
            hlc_counter INTEGER NOT NULL,
            operator    TEXT    NOT NULL,
            kind        TEXT    NOT NULL,
            payload     TEXT    NOT NULL,      -- canonical JSON
            drill       INTEGER NOT NULL CHECK (drill IN (0, 1)),
            prev_hash   TEXT    NOT NULL,
            hash        TEXT    NOT NULL,
            UNIQUE (console, seq)
        )""")
    db.execute("CREATE INDEX entries_kind ON entries (kind, position)")
    # The last committed (seq, hash) per console, written in the same transaction as the
    # entries: deleting rows from the end of a chain no longer matches it (tamper test).
    db.execute("""
        CREATE TABLE chain_heads (
            console TEXT PRIMARY KEY,
            seq     INTEGER NOT NULL,
            hash    TEXT    NOT NULL
        )""")
    # Entries are immutable: the database itself refuses edits, not only our code.
    for op in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER entries_no_{op.lower()} BEFORE {op} ON entries
            BEGIN SELECT RAISE(ABORT, 'journal entries are immutable'); END""")


@journal()
def m002_snapshots(db: Database) -> None:
    db.execute("""
        CREATE TABLE snapshots (
            name     TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            state    TEXT    NOT NULL,
            saved_ms INTEGER NOT NULL
        )""")
    # A one-row table the writer touches to learn that saving works again (disk full,
    # read-only) without writing a journal entry.
    db.execute("CREATE TABLE write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at_ms INTEGER)")


@journal()
def m003_hlc_order(db: Database) -> None:
    # Projections fold each world (drill, live) in HLC order (console/state/projection.py).
    db.execute("CREATE INDEX entries_hlc ON entries (drill, hlc_ms, hlc_counter, console)")


@journal()
def m004_application_id(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@journal()
def m005_wall_ms(db: Database) -> None:
    # The wall clock's time when it was behind the HLC (stepped back): what the screen shows
    # (entry.py). NULL for every entry before it and whenever the clocks agree.
    db.execute("ALTER TABLE entries ADD COLUMN wall_ms INTEGER")


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied."""
    pending = [m.name for m in journal.pending(db)]
    journal.apply(db)
    return pending
