"""The whole console as a centralist meets it: real widgets, desk, PEI driver and
simulated radios on pseudo-terminals, a real journal file. Nothing is mocked."""

import time

from PySide6.QtCore import Qt

from console.journal.reader import JournalReader


class FakeWall:
    """Wall-clock milliseconds that a test moves by hand (alarm escalation)."""

    def __init__(self):
        self.ms = time.time_ns() // 1_000_000

    def __call__(self) -> int:
        return self.ms


def wait_linked(qtbot, session, count):
    health = session.controller.health_model
    qtbot.waitUntil(lambda: health.rowCount() == count and all(
        health.index(r, 1).data() == "connected" for r in range(count)), timeout=15000)


def sent(qtbot, sim, prefix, after):
    """Wait until the simulated radio received ``prefix`` while the GUI keeps running (a
    key release is final after a short debounce, and only the event loop finishes it)."""
    qtbot.waitUntil(lambda: any(c.startswith(prefix) for c in sim.commands_received[after:]),
                    timeout=5000)


def journal(session):
    session.store.flush()
    with JournalReader(session.store.path) as reader:
        return list(reader.entries())


def test_emergency_on_radio_3_alarms_the_window_survives_restart_and_escalates(
        console_factory, qtbot, tmp_path):
    wall = FakeWall()
    db = tmp_path / "emergency.db"
    session = console_factory(db, training=True, sim_radios=3, clock_ms=wall)
    wait_linked(qtbot, session, 3)
    session.controller.radio_grid.select("2040001")  # the operator works on radio 1
    banner = session.controller.banner
    assert not banner.isVisible()
    session.fleet.radios["2040003"].emit_emergency_status("2301050")
    qtbot.waitUntil(lambda: banner.isVisible() and len(banner.rows()) == 1, timeout=3000)
    row = banner.rows()[0]
    assert "2301050" in row.unit.text() and "Noodhulp" in row.unit.text()  # alias AND ISSI
    qtbot.waitUntil(lambda: not session.controller.alarms.open_alarms()[0].provisional,
                    timeout=3000)  # committed to the journal
    assert row.overdue.isHidden()
    wall.ms += 31_000  # nobody acknowledged for 31 s
    qtbot.waitUntil(lambda: not banner.rows()[0].overdue.isHidden(), timeout=2000)
    assert "OVERDUE" in banner.rows()[0].overdue.text()
    session.shutdown()

    again = console_factory(db, training=True, sim_radios=0, clock_ms=wall)
    banner2 = again.controller.banner
    qtbot.waitUntil(lambda: banner2.isVisible() and len(banner2.rows()) == 1, timeout=3000)
    alarm_id = banner2.rows()[0].alarm_id
    again.window.activateWindow()
    qtbot.waitUntil(again.window.isActiveWindow, timeout=2000)
    qtbot.keyClick(again.window, Qt.Key.Key_F12)  # acknowledge the newest
    qtbot.waitUntil(lambda: not banner2.isVisible(), timeout=3000)
    acks = [e for e in journal(again) if e.kind == "alarm.acknowledged"]
    assert [(a.payload["alarm_id"], a.operator) for a in acks] == [(alarm_id, "anna")]


def test_status_from_a_radio_shows_with_its_table_text(console_factory, qtbot):
    session = console_factory(training=True, sim_radios=1)
    wait_linked(qtbot, session, 1)
    brandweer = next(u for u in session.controller.data.units if u.discipline == "brandweer")
    session.fleet.radios["2040001"].emit_status(brandweer.issi, 0x8000 + 2)  # ter plaatse
    model = session.controller.unit_model
    qtbot.waitUntil(lambda: (session.controller.units.unit(brandweer.issi) or None) is not None
                    and session.controller.units.unit(brandweer.issi).status_number == 2,
                    timeout=5000)

    def texts() -> list[str]:  # what the board shows, once its next refresh ran
        row = model.row_of(brandweer.issi)
        return [str(model.index(row, c).data()) for c in range(model.columnCount())]
    qtbot.waitUntil(lambda: any("ter plaatse" in t.lower() for t in texts()), timeout=5000)
    texts = texts()
    assert any(brandweer.issi == t for t in texts)


def test_spraakaanvraag_queues_and_is_answered(console_factory, qtbot):
    session = console_factory(training=True, sim_radios=1)
    wait_linked(qtbot, session, 1)
    amb = [u for u in session.controller.data.units if u.discipline == "ambulance"][:2]
    sim = session.fleet.radios["2040001"]
    sim.emit_status(amb[0].issi, 0x8000 + 8)  # spraakaanvraag
    sim.emit_status(amb[1].issi, 0x8000 + 9)  # urgent, later
    talk = session.controller.talk_model
    qtbot.waitUntil(lambda: talk.rowCount() == 2, timeout=5000)
    assert talk.issi_at(0) == amb[1].issi  # urgent first
    session.window.activateWindow()
    qtbot.waitUntil(session.window.isActiveWindow, timeout=2000)
    qtbot.keyClick(session.window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: talk.rowCount() == 1, timeout=3000)
    assert talk.issi_at(0) == amb[0].issi
    answered = [e for e in journal(session) if e.kind == "talk_request.answered"]
    assert answered[-1].payload == {"issi": amb[1].issi}


def test_talkgroup_and_ptt_from_the_window(console_factory, qtbot):
    session = console_factory(training=True, sim_radios=2)
    wait_linked(qtbot, session, 2)
    sim = session.fleet.radios["2040002"]
    panel = session.controller.radio_grid.panel("2040002")
    target = next(g for g in session.controller.data.talkgroups if g.gssi != sim.talkgroup)
    amb = next(u for u in session.controller.data.units if u.discipline == "ambulance")
    session.fleet.radios["2040001"].emit_status(amb.issi, 0x8000 + 8)  # a waiting request
    qtbot.waitUntil(lambda: session.controller.talk_model.rowCount() == 1, timeout=5000)
    mark = len(sim.commands_received)
    session.window.activateWindow()
    session.controller.radio_grid.select("2040002")
    qtbot.keyClick(session.window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(panel.selector.search.hasFocus, timeout=2000)  # Ctrl+G, as a user would
    qtbot.keyClicks(panel.selector.search, target.gssi)
    qtbot.keyClick(panel.selector.search, Qt.Key.Key_Return)
    sim.wait_for_command(f"AT+CTGS=1,{target.gssi}", 5, after=mark)
    qtbot.waitUntil(lambda: target.gssi in panel.talkgroup.text(), timeout=5000)
    # Enter in the talkgroup search must not also answer the talk request (regression).
    assert session.controller.talk_model.rowCount() == 1

    qtbot.keyPress(session.window, Qt.Key.Key_F2)  # PTT key of radio 2
    sim.wait_for_command("AT+CTXD", 5, after=mark)
    qtbot.waitUntil(lambda: panel.tx_state() == "granted", timeout=5000)
    qtbot.keyRelease(session.window, Qt.Key.Key_F2)
    sent(qtbot, sim, "AT+CUTXC", mark)
    qtbot.waitUntil(lambda: panel.tx_state() == "idle", timeout=5000)

    mark = len(sim.commands_received)  # and by mouse
    qtbot.mousePress(panel.ptt, Qt.MouseButton.LeftButton)
    sim.wait_for_command("AT+CTXD", 5, after=mark)
    qtbot.waitUntil(lambda: panel.tx_state() == "granted", timeout=5000)
    qtbot.mouseRelease(panel.ptt, Qt.MouseButton.LeftButton)
    sent(qtbot, sim, "AT+CUTXC", mark)
    kinds = [e.kind for e in journal(session) if e.kind.startswith("command.ptt")]
    assert kinds == ["command.ptt_press", "command.ptt_release"] * 2
