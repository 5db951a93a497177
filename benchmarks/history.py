"""A journal with a long history, for the start-up benchmark: what a position holds after
hours of New Year's Eve traffic from the demo fleet.

The mix follows the simulated fleet's (drivers/sim/fleet.py WEIGHTS): statuses, positions,
group calls with their floor grants and releases, texts, talk requests, a few emergencies
(most acknowledged), operator notes and commands with their results. Entries are sealed and
hash-chained like the journal's own and written with its commit protocol, 2,000 a
transaction, so ``vangnet verify`` accepts the file.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from console.journal.entry import GENESIS_HASH, Entry, new_entry_id, seal
from console.journal.store import JournalStore, commit_entries, pragmas
from drivers.sim.demo_data import load_units

CONSOLE = "bench-position"
RADIOS = ("2040001", "2040002", "2040003", "2040004")
STATUS_BASE = 0x8000
START_MS = 1_767_222_000_000  # 31-12-2025 23:00 UTC
STEP_MS = 40  # 25 entries a second: 100,000 entries ≈ 67 minutes of traffic


def _events(rng: random.Random, units: list[Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(kind, operator, payload) forever, deterministic for the generator's seed."""
    cc = 0
    while True:
        u = rng.choice(units)
        radio = rng.choice(RADIOS)
        roll = rng.random()
        if roll < 0.43:
            yield "radio.status", "system", {
                "radio": radio, "from_issi": u.issi, "to": radio, "is_emergency": False,
                "value": STATUS_BASE + rng.choice((1, 2, 3, 4, 5))}
        elif roll < 0.73:
            yield "radio.location", "system", {
                "radio": radio, "from_issi": u.issi, "to": radio, "is_emergency": False,
                "lat": 52.0 + rng.random() / 10, "lon": 4.3 + rng.random() / 10,
                "velocity_kmh": rng.randrange(0, 120), "direction_deg": rng.randrange(0, 360)}
        elif roll < 0.93:
            cc += 1
            yield "radio.call_incoming", "system", {
                "radio": radio, "cc_instance": cc, "calling_issi": u.issi,
                "called": u.talkgroup, "is_group": True, "priority": 0, "is_emergency": False}
            yield "radio.tx_grant", "system", {
                "radio": radio, "cc_instance": cc, "grant": 3, "talker_issi": u.issi,
                "own_transmission": False}
            yield "radio.call_released", "system", {"radio": radio, "cc_instance": cc,
                                                    "cause": 1}
        elif roll < 0.97:
            yield "radio.text", "system", {
                "radio": radio, "from_issi": u.issi, "to": radio, "protocol_id": 130,
                "message_reference": rng.randrange(256), "parts": 1, "missing_parts": [],
                "text": "Ter plaatse, verzoek extra eenheid"}
        elif roll < 0.985:
            yield "radio.status", "system", {
                "radio": radio, "from_issi": u.issi, "to": radio, "is_emergency": False,
                "value": STATUS_BASE + 9}
            yield "talk_request.answered", "centralist", {"issi": u.issi}
        elif roll < 0.99:
            yield "operator.note", "centralist", {"text": f"Eenheid {u.callsign} gebeld"}
        elif roll < 0.997:
            yield "command.send_status", "centralist", {"radio": radio, "to": u.issi,
                                                        "value": STATUS_BASE + 2}
            yield "command.result", "system", {
                "command_id": "", "command": "send_status", "radio": radio, "outcome": "ok",
                "code": None, "meaning": "", "detail": "", "message_reference": None}
        else:
            yield "radio.status", "system", {
                "radio": radio, "from_issi": u.issi, "to": radio, "is_emergency": True,
                "value": 0xFFFF}


def entries(count: int, *, seed: int = 2025, open_alarms: int = 3) -> Iterator[Entry]:
    """``count`` sealed entries. Every emergency of the traffic is acknowledged by the next
    entry; ``open_alarms`` more, among the last entries, are not (they ring at start)."""
    rng = random.Random(seed)
    units = load_units()
    source = _events(rng, units)
    prev, ack = GENESIS_HASH, None
    for n in range(1, count + 1):
        left = count - n
        if ack is not None:
            kind, operator, payload = "alarm.acknowledged", "centralist", {"alarm_id": ack}
        elif left < open_alarms * 100 and left % 100 == 0:
            kind, operator, payload = "radio.status", "system", {
                "radio": RADIOS[0], "from_issi": rng.choice(units).issi, "to": RADIOS[0],
                "is_emergency": True, "value": 0xFFFF}
        else:
            kind, operator, payload = next(source)
        e = seal(id=new_entry_id(), console=CONSOLE, seq=n, hlc=(START_MS + n * STEP_MS, 0),
                 operator=operator, kind=kind, payload=payload, drill=False, prev_hash=prev)
        prev = e.hash
        ack = (e.id if payload.get("is_emergency") and kind != "alarm.acknowledged"
               and not left < open_alarms * 100 else None)
        yield e


def write_journal(path: Path, count: int, *, seed: int = 2025) -> Path:
    """A new journal file at ``path`` holding ``count`` entries of history."""
    JournalStore(path, CONSOLE).open().close()  # the schema, by the journal's migrations
    conn = sqlite3.connect(path, isolation_level=None)
    for line in pragmas("NORMAL"):
        conn.execute(line)
    batch: list[Entry] = []
    for e in entries(count, seed=seed):
        batch.append(e)
        if len(batch) == 2000:
            commit_entries(conn, batch)
            batch = []
    if batch:
        commit_entries(conn, batch)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path
