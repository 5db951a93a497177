"""One order for every console's entries: the same set of entries gives the same state in
every projection, whatever order and batches they arrived in (sync delivers them so)."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.catalog import load_status_tables
from console.core import ConsoleData, build_projections
from console.journal.reader import hlc_source
from console.journal.store import JournalStore
from console.state.units import UnitInfo
from tests.chains import Chain

UNITS = [UnitInfo("2104131", "99-4131", "TS 4131", "brandweer", "3110001"),
         UnitInfo("2200101", "99-101", "Ambu 101", "ambulance", "3120001", dipp=True)]
ISSIS = ["2104131", "2200101", "2301001", "2999999"]
RADIOS = ["r1", "r2"]
DATA = ConsoleData(units=UNITS, tables=load_status_tables())

EVENT = st.sampled_from(["status", "emergency", "talk", "location", "call", "grant",
                         "ceased", "talkgroup", "signal", "link_lost", "alias", "note",
                         "ack", "answer", "text", "hold", "result"])


def add_event(chain: Chain, draw, emergencies: list[str], commands: list[str]) -> None:
    what = draw(EVENT)
    issi, radio = draw(st.sampled_from(ISSIS)), draw(st.sampled_from(RADIOS))
    step = {"step_ms": draw(st.integers(1, 3000)), "same_ms": draw(st.booleans())}
    if what in ("status", "emergency", "talk"):
        value = {"emergency": 0, "talk": 0x8000 + 9}.get(what, 0x8000 + draw(st.integers(1, 6)))
        e = chain.add("radio.status", {"radio": radio, "from_issi": issi, "to": "2040001",
                                       "value": value, "is_emergency": value == 0}, **step)
        if value == 0:
            emergencies.append(e.id)
    elif what == "location":
        chain.add("radio.location", {"radio": radio, "from_issi": issi, "lat": 52.0 +
                                     draw(st.integers(0, 9)) / 10, "lon": 4.5,
                                     "is_emergency": draw(st.booleans())}, **step)
    elif what == "call":
        chain.add("radio.call_incoming", {"radio": radio, "cc_instance": 1, "calling_issi": issi,
                                          "called": "3110001", "is_group": True,
                                          "priority": 15, "is_emergency": draw(st.booleans())},
                  **step)
    elif what == "grant":
        chain.add("radio.tx_grant", {"radio": radio, "cc_instance": 1, "grant": 0,
                                     "talker_issi": issi, "own_transmission": False}, **step)
    elif what == "ceased":
        chain.add("radio.tx_ceased", {"radio": radio, "cc_instance": 1}, **step)
    elif what == "talkgroup":
        chain.add("radio.talkgroup", {"radio": radio, "gssi": draw(st.sampled_from(
            ["3110001", "3120001"])), "group_type": draw(st.sampled_from([1, 2]))}, **step)
    elif what == "signal":
        chain.add("radio.signal", {"radio": radio, "raw": 20, "dbm": -draw(st.integers(50, 110))},
                  **step)
    elif what == "link_lost":
        chain.add("radio.link_lost", {"radio": radio, "port": "/dev/x", "reason": "eof"}, **step)
    elif what == "alias":
        chain.add("unit.alias_set", {"issi": issi, "alias": draw(st.sampled_from(["A", "B", ""]))},
                  operator="anna", **step)
    elif what == "note":
        chain.add("operator.note", {"text": draw(st.text(max_size=5))}, operator="anna", **step)
    elif what == "ack" and emergencies:
        chain.add("alarm.acknowledged", {"alarm_id": draw(st.sampled_from(emergencies))},
                  operator="anna", **step)
    elif what == "answer":
        chain.add("talk_request.answered", {"issi": issi}, operator="anna", **step)
    elif what == "text":
        chain.add("radio.text", {"radio": radio, "from_issi": issi, "to": "2040001",
                                 "text": "hallo", "protocol_id": 130}, **step)
    elif what == "hold":
        e = chain.add("command.hold", {"radio": radio, "gssi": draw(st.sampled_from(
            ["3110001", None]))}, operator="anna", **step)
        commands.append(e.id)
    elif what == "result" and commands:
        chain.add("command.result", {"command_id": draw(st.sampled_from(commands)),
                                     "command": "hold", "radio": radio,
                                     "outcome": draw(st.sampled_from(["ok", "rejected"]))},
                  **step)


@st.composite
def journals(draw):
    """Two or three consoles' chains, with overlapping clocks."""
    emergencies: list[str] = []
    commands: list[str] = []
    chains = [Chain(f"pos-{c}", start_ms=1_800_000_000_000 + draw(st.integers(0, 5000)))
              for c in "abc"[:draw(st.integers(2, 3))]]
    for _ in range(draw(st.integers(5, 40))):
        add_event(draw(st.sampled_from(chains)), draw, emergencies, commands)
    return chains


@st.composite
def arrival(draw, chains):
    """An interleaving that keeps each console's own order (its chain), cut in batches."""
    queues = [list(c.entries) for c in chains if c.entries]
    order = []
    while queues:
        q = draw(st.sampled_from(queues))
        order.append(q.pop(0))
        if not q:
            queues.remove(q)
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(order) - 1)), max_size=5)))
    return [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]


class MemoryJournal:
    """The entries a console holds, in arrival order: positions and an HLC-order source."""

    def __init__(self):
        self.held = []

    def add(self, batch):
        stored = [replace(e, position=len(self.held) + i + 1) for i, e in enumerate(batch)]
        self.held.extend(stored)
        return stored

    def source(self, after, drill, upto):
        return sorted((e for e in self.held if e.drill == drill and e.position <= upto
                       and (after is None or e.hlc > after)), key=lambda e: e.hlc)


def state(host):
    return {name: orjson.loads(orjson.dumps(p.snapshot(), option=orjson.OPT_SORT_KEYS))
            for name, p in host.projections.items()}


def differing(got, expected):
    """Only the projections that differ, for a readable failure."""
    return {n: (got[n], expected[n]) for n in expected if got[n] != expected[n]}


def reference(chains):
    host = build_projections(DATA)
    for e in sorted((e for c in chains for e in c.entries), key=lambda e: e.hlc):
        host.apply(e)
    return state(host)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_projection_ends_equal_whatever_the_arrival_order(data):
    chains = data.draw(journals())
    expected = reference(chains)
    for _ in range(2):  # two consoles that received the same entries differently
        journal = MemoryJournal()
        # small checkpoints: late entries exercise both the rewind and the full re-fold
        host = build_projections(DATA, source=journal.source, checkpoint_every=3,
                                 checkpoints_kept=2)
        for batch in data.draw(arrival(chains)):
            host.apply_all(journal.add(batch))
        assert differing(state(host), expected) == {}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_ingest_into_real_journals_and_restart_from_snapshots_agree(data):
    chains = data.draw(journals())
    expected = reference(chains)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "j.db"
        store = JournalStore(path, "pos-local").open()
        host = build_projections(DATA, source=hlc_source(path), checkpoint_every=3,
                                 checkpoints_kept=2)
        store.add_listener(host.apply_all)
        batches = data.draw(arrival(chains))
        half = len(batches) // 2
        for batch in batches[:half]:
            store.ingest(batch).result(5)
        store.flush()
        for stored, (position, snap) in host.snapshots().items():  # mid-way snapshots
            store.save_snapshot(stored, position, snap).result(5)
        for batch in batches[half:]:  # older entries may arrive after the snapshot
            assert store.ingest(batch).result(5).refused == []
        store.flush()
        store.close()
        assert differing(state(host), expected) == {}
        from console.journal.reader import JournalReader
        restarted = build_projections(DATA)
        with JournalReader(path) as reader:
            restarted.rebuild(reader)
        assert differing(state(restarted), expected) == {}
