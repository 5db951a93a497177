"""Journal throughput and latency: durable entries/s with group commit vs SQLite's own
batched-insert ceiling on the same disk, and single-entry commit latency.

    .venv/bin/python benchmarks/journal.py [--dir DIR] [--entries N]

Ceilings, both with WAL and synchronous=FULL, 1,000 rows per transaction:
  raw     rows prepared beforehand, executemany: what SQLite itself can store;
  sealed  the journal's per-entry work (id, clock, canonical JSON, SHA-256) plus the same
          batched insert in one thread: the best any journal with this entry format can do.
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path

from console.journal.entry import GENESIS_HASH, HybridLogicalClock, new_entry_id, seal
from console.journal.store import INSERT_ENTRY, JournalStore, entry_row, pragmas

PAYLOAD = {"radio": "2040001", "from_issi": "1234567", "to": "2040001", "value": 32770,
           "is_emergency": False}


def fresh_db(directory: Path, name: str) -> Path:
    path = directory / name
    JournalStore(path, "bench").open().close()
    return path


def sealed_entries(n: int):
    hlc, prev = HybridLogicalClock(), GENESIS_HASH
    for seq in range(1, n + 1):
        e = seal(id=new_entry_id(), console="bench", seq=seq, hlc=hlc.now(), operator="system",
                 kind="radio.status", payload=PAYLOAD, drill=False, prev_hash=prev)
        prev = e.hash
        yield e


def batched_insert(path: Path, rows_iter, n: int, batch: int = 1000) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    for line in pragmas("FULL"):
        conn.execute(line)
    sql = INSERT_ENTRY
    start = time.perf_counter()
    it = iter(rows_iter)
    done = 0
    while done < n:
        chunk = [entry_row(e) if not isinstance(e, tuple) else e
                 for _, e in zip(range(batch), it, strict=False)]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, chunk)
        conn.execute("COMMIT")
        done += len(chunk)
    elapsed = time.perf_counter() - start
    conn.close()
    return n / elapsed


def ceiling_raw(directory: Path, n: int) -> float:
    rows = [entry_row(e) for e in sealed_entries(n)]  # prepared outside the clock
    return batched_insert(fresh_db(directory, "raw.db"), rows, n)


def ceiling_sealed(directory: Path, n: int) -> float:
    return batched_insert(fresh_db(directory, "sealed.db"), sealed_entries(n), n)


def group_commit(directory: Path, n: int, producers: int = 4) -> tuple[float, int]:
    store = JournalStore(directory / "group.db", "bench").open()
    batches: list[int] = []
    store.add_listener(lambda entries: batches.append(len(entries)))
    per = n // producers

    def produce():
        futures = [store.append("radio.status", PAYLOAD, operator="system") for _ in range(per)]
        for f in futures:
            f.result()

    threads = [threading.Thread(target=produce) for _ in range(producers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    store.close()
    return per * producers / elapsed, len(batches)


def single_latency(directory: Path, n: int = 1000) -> tuple[float, float, float]:
    store = JournalStore(directory / "single.db", "bench").open()
    lat = []
    for _ in range(n):
        t0 = time.perf_counter()
        store.append("radio.status", PAYLOAD, operator="system").result()
        lat.append((time.perf_counter() - t0) * 1000)
    store.close()
    q = statistics.quantiles(lat, n=100)
    return q[49], q[98], n / (sum(lat) / 1000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dir", type=Path, default=None, help="where the test databases go")
    ap.add_argument("--entries", type=int, default=40_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        d = Path(tmp)
        n = args.entries
        raw = ceiling_raw(d, n)
        sealed = ceiling_sealed(d, n)
        grouped, transactions = group_commit(d, n)
        p50, p99, single_rate = single_latency(d)
    print(f"machine: {platform.node()} {platform.machine()} Python {platform.python_version()}"
          f" SQLite {sqlite3.sqlite_version}; databases in {args.dir or tempfile.gettempdir()}")
    print(f"ceiling raw     (batched insert, rows prepared): {raw:10,.0f} entries/s")
    print(f"ceiling sealed  (seal + batched insert, 1 thread): {sealed:8,.0f} entries/s")
    print(f"group commit    (4 producers, durable):          {grouped:10,.0f} entries/s"
          f" in {transactions:,} transactions ({n / transactions:.0f} entries/commit)")
    print(f"  ratio to raw ceiling:    {grouped / raw:6.1%}")
    print(f"  ratio to sealed ceiling: {grouped / sealed:6.1%}")
    print(f"single entry, append→durable: p50 {p50:.3f} ms, p99 {p99:.3f} ms"
          f" ({single_rate:,.0f} sequential commits/s)")


if __name__ == "__main__":
    main()
