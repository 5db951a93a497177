"""Power loss: every write not yet fsynced is dropped; no saved entry may be lost.

The journal's own schema (migrations), pragmas and commit protocol (``commit_entries``)
run on apsw over a VFS that remembers unsynced writes. The same run with
``synchronous=NORMAL`` must detect loss: that proves the test can fail.
"""

import random
import sqlite3

import apsw
import pytest

from console.journal.entry import GENESIS_HASH, HybridLogicalClock, new_entry_id, seal
from console.journal.store import JournalStore, commit_entries, pragmas
from console.journal.verify import verify
from tests.journal.fault_vfs import FaultVFS


def run_until_power_cut(tmp_path, synchronous: str, vfs_name: str):
    db = tmp_path / "journal.db"
    JournalStore(db, "pos-pl").open().close()  # the real schema, cleanly closed
    vfs = FaultVFS(vfs_name)
    conn = apsw.Connection(str(db), vfs=vfs_name)
    for line in pragmas(synchronous):
        conn.execute(line)
    rng = random.Random(7)
    hlc = HybridLogicalClock()
    seq, prev, saved = 0, GENESIS_HASH, []
    for _ in range(rng.randint(40, 60)):
        batch = []
        for _ in range(rng.randint(1, 6)):
            seq += 1
            e = seal(id=new_entry_id(), console="pos-pl", seq=seq, hlc=hlc.now(),
                     operator="op", kind="operator.note", payload={"n": seq}, drill=False,
                     prev_hash=prev)
            batch.append(e)
            prev = e.hash
        commit_entries(conn, batch)
        saved += [e.id for e in batch]  # the commit returned: the UI may now say "saved"
    files = [db, db.with_name(db.name + "-wal")]
    after = vfs.power_cut(files, tmp_path / "after-power-cut")
    conn.close()
    vfs.unregister()
    survivor = after[0]
    check = sqlite3.connect(survivor)
    stored = {r[0] for r in check.execute("SELECT id FROM entries")}
    integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
    check.close()
    return saved, stored, integrity, survivor


def test_full_sync_loses_no_saved_entry(tmp_path):
    saved, stored, integrity, survivor = run_until_power_cut(tmp_path, "FULL", "faulty-full")
    assert integrity == "ok"
    lost = [i for i in saved if i not in stored]
    assert lost == []
    assert len(saved) > 40
    assert verify(survivor).ok


def test_normal_sync_loses_entries_so_the_test_can_fail(tmp_path):
    saved, stored, integrity, _ = run_until_power_cut(tmp_path, "NORMAL", "faulty-normal")
    lost = [i for i in saved if i not in stored]
    assert lost, "synchronous=NORMAL lost nothing: the power-cut simulation is not working"


@pytest.mark.parametrize("synchronous", ["FULL"])
def test_store_uses_full_sync(tmp_path, synchronous):
    """The store's own connection really runs with the setting the test above proves."""
    store = JournalStore(tmp_path / "j.db", "pos-x").open()
    try:
        value = store._conn.execute("PRAGMA synchronous").fetchone()[0]
        mode = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        store.close()
    assert (value, mode) == (2, "wal")  # 2 = FULL
