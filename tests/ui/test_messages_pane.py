"""Messages pane: the model over the projection, the inline send form, and the real stack."""

import queue

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow

from console.state.messages import MESSAGE_READ, Messages
from console.ui.messages_pane import MessagesModel, MessagesPane, identity_label
from console.ui.sds_form import resolve_recipient
from tests.factories import make_entry

RADIO, UNIT, GROUP = "2040001", "2301050", "3110001"
ALIASES = {UNIT: "99-4131", GROUP: "RR-BRW-1", RADIO: "Sim 1"}
RECIPIENTS = [(UNIT, "99-4131"), (GROUP, "RR-BRW-1")]
TEMPLATES = ["Rij door naar ...", "Status graag bijwerken"]
STATE = 4


class Journal:
    """Entries as the desk and the radio would write them, straight into a projection."""

    def __init__(self, proj):
        self.proj, self.t = proj, 1_800_000_000_000

    def add(self, kind, payload, **kw):
        self.t += 1000
        entry = make_entry(kind, payload, hlc_ms=self.t, **kw)
        self.proj.apply(entry)
        return entry.id

    def text_out(self, text="Meld u op RR-BRW-1", to=UNIT):
        return self.add("command.send_text", {"radio": RADIO, "to": to, "text": text},
                        operator="anna")

    def result(self, command_id, outcome="ok", mr=None, **extra):
        extra.update({} if mr is None else {"message_reference": mr})
        self.add("command.result", {"command_id": command_id, "command": "send_text",
                                    "radio": RADIO, "outcome": outcome, **extra})

    def report(self, mr, status=0):
        self.add("radio.sds_report", {"radio": RADIO, "from_issi": UNIT, "to": RADIO,
                                      "delivery_status": status, "message_reference": mr})

    def text_in(self, text="Patiënt overgedragen", from_issi=UNIT, **kw):
        return self.add("radio.text", {
            "radio": RADIO, "from_issi": from_issi, "to": RADIO, "text": text,
            "protocol_id": 0x82, "message_reference": 1, "delivery_report_requested": False,
            "immediate": False}, **kw)

    def unreadable(self, from_issi=UNIT, raw_hex="040102",
                   reason="protocol 0x04 (WAP) not decoded"):
        return self.add("radio.unrecognized", {
            "radio": RADIO, "line": f"+CTSDSR: 12,{from_issi},0,{RADIO},0,24",
            "raw_hex": raw_hex, "reason": reason, "from_issi": from_issi, "to": RADIO,
            "service": 12, "protocol_id": 4, "length_bits": 24})


@pytest.fixture
def journal():
    return Journal(Messages(size=4))


@pytest.fixture
def model(journal, qtmodeltester):
    m = MessagesModel(journal.proj, ALIASES.get)
    qtmodeltester.check(m)
    return m


@pytest.fixture
def pane(qtbot, model):
    p = MessagesPane(model, [(RADIO, "Sim 1"), ("2040002", "Sim 2")], RECIPIENTS, TEMPLATES,
                     max_chars=20)
    qtbot.addWidget(p)
    p.show()
    return p


def row_texts(model, column):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_model_newest_on_top_with_states_and_colours(journal, model, qtmodeltester):
    sent = journal.text_out()
    model.sync()
    journal.result(sent, mr=3)
    failed = journal.text_out("tweede", to="2309999")
    journal.result(failed, outcome="rejected", code=36, meaning="busy")
    journal.text_in()
    model.sync()
    qtmodeltester.check(model)
    assert row_texts(model, 3) == ["Patiënt overgedragen", "tweede", "Meld u op RR-BRW-1"]
    assert row_texts(model, 1) == ["In", "Out", "Out"]
    assert row_texts(model, 2) == ["99-4131 (2301050)", "2309999", "99-4131 (2301050)"]
    assert row_texts(model, STATE) == ["new", "failed: rejected by the radio: busy",
                                       "sent to radio (ref 3)"]
    bg = Qt.ItemDataRole.BackgroundRole
    assert model.index(1, STATE).data(bg).name() == "#c62828"  # failed: red
    assert model.index(2, STATE).data(bg) is None  # sent: neutral
    assert model.index(0, 3).data(Qt.ItemDataRole.FontRole).bold()  # unread
    assert "Sim 1 (2040001)" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)

    journal.report(3, 0x00)
    model.sync()
    qtmodeltester.check(model)
    assert model.index(2, STATE).data() == "delivered"
    assert model.index(2, STATE).data(bg).name() == "#2e7d32"  # delivered: green


def test_model_drops_evicted_rows_and_resets_after_restore(journal, model, qtmodeltester):
    for i in range(6):  # the projection keeps 4
        journal.text_out(f"bericht {i}")
        model.sync()
    qtmodeltester.check(model)
    assert row_texts(model, 3) == [f"bericht {i}" for i in (5, 4, 3, 2)]
    other = Journal(Messages())
    other.add("command.send_status", {"radio": RADIO, "to": GROUP, "value": 32771})
    journal.proj.restore(orjson.loads(orjson.dumps(other.proj.snapshot())))  # as stored
    model.sync()
    qtmodeltester.check(model)
    assert row_texts(model, 3) == ["Status 32771 (0x8003)"]
    assert row_texts(model, 2) == ["RR-BRW-1 (3110001)"]


def test_identity_label_without_alias():
    assert identity_label("2301050", lambda _: None) == "2301050"
    assert identity_label(None, ALIASES.get) == "?"


@pytest.mark.parametrize("typed, expected", [
    ("2301050", UNIT), (" 02301050 ", UNIT), ("RR-BRW-1 (3110001)", GROUP),
    ("rr-brw-1", GROUP), ("99-4131", UNIT), ("16777216", None), ("0", None),
    ("brw", None), ("", None)])
def test_resolve_recipient(typed, expected):
    assert resolve_recipient(typed, RECIPIENTS) == expected


def fill(qtbot, pane, to, text):
    pane.form.recipient.setText(to)
    pane.form.text_edit.setPlainText(text)


def test_send_text_emits_radio_recipient_and_text(qtbot, pane):
    form = pane.form
    assert not form.send_button.isEnabled()
    form.radio_combo.setCurrentIndex(1)
    fill(qtbot, pane, "RR-BRW-1 (3110001)", "  Patiënt in zicht ")
    assert form.counter_label.text() == "16 / 20"
    assert form.send_button.isEnabled() and form.send_button.height() >= 44
    with qtbot.waitSignal(pane.send_text_requested) as sig:
        form.send_button.click()
    assert sig.args == ["2040002", GROUP, "Patiënt in zicht"]


def test_latin1_and_length_errors_inline(qtbot, pane):
    form = pane.form
    fill(qtbot, pane, UNIT, "Kosten 20 €")
    assert form.error_label.isVisible() and "€" in form.error_label.text()
    assert not form.send_button.isEnabled()
    form.text_edit.setPlainText("x" * 21)
    assert "21 characters, at most 20" in form.error_label.text()
    with qtbot.assertNotEmitted(pane.send_text_requested):
        form.send()
    form.text_edit.setPlainText("Inzet beëindigd")  # ë is ISO 8859-1
    assert not form.error_label.isVisible() and form.send_button.isEnabled()
    form.recipient.setText("geen eenheid")
    assert "Recipient" in form.error_label.text()


def test_text_kept_on_failure_and_cleared_on_acceptance(qtbot, pane):
    form = pane.form
    fill(qtbot, pane, UNIT, "Bel de meldkamer")
    with qtbot.waitSignal(pane.send_text_requested):
        form.send_button.click()
    assert form.pending and not form.send_button.isEnabled()  # no double send
    with qtbot.assertNotEmitted(pane.send_text_requested):
        form.send()
    pane.send_failed("radio not connected")
    assert form.text_edit.toPlainText() == "Bel de meldkamer"
    assert "NOT sent: radio not connected" in form.send_state.text()
    assert form.send_button.isEnabled()
    with qtbot.waitSignal(pane.send_text_requested):
        form.send_button.click()
    pane.send_accepted()
    assert form.text_edit.toPlainText() == "" and not form.pending


def test_acceptance_keeps_what_was_typed_after_sending(qtbot, pane):
    fill(qtbot, pane, UNIT, "eerste")
    with qtbot.waitSignal(pane.send_text_requested):
        pane.form.send()
    pane.form.text_edit.setPlainText("tweede")  # typed while the first was on its way
    pane.send_accepted()
    assert pane.form.text_edit.toPlainText() == "tweede"


def test_ctrl_enter_sends_and_beats_a_window_shortcut(qtbot, model):
    window = QMainWindow()
    qtbot.addWidget(window)
    pane = MessagesPane(model, [(RADIO, "Sim 1")], RECIPIENTS, TEMPLATES)
    window.setCentralWidget(pane)
    notes = []
    QShortcut(QKeySequence("Ctrl+Return"), window, activated=lambda: notes.append(1))
    window.show()
    qtbot.waitExposed(window)
    fill(qtbot, pane, UNIT, "Status graag bijwerken")
    pane.form.text_edit.setFocus()
    with qtbot.waitSignal(pane.send_text_requested) as sig:
        qtbot.keyClick(pane.form.text_edit, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
    assert sig.args == [RADIO, UNIT, "Status graag bijwerken"]
    assert notes == []  # the main window's Ctrl+Enter ("save note") did not fire
    assert pane.form.text_edit.toPlainText() == "Status graag bijwerken"  # no newline added


def test_template_inserted_with_its_gap_selected(qtbot, pane):
    form = pane.form
    assert form.template_combo.count() == 3  # "Insert template…" + two
    form.template_combo.activated.emit(1)
    assert form.text_edit.textCursor().selectedText() == "..."
    form.text_edit.insertPlainText("Zuidplein 4")
    assert form.text() == "Rij door naar Zuidplein 4"
    assert form.template_combo.currentIndex() == 0


def test_send_status_and_emergency_value_refused(qtbot, pane):
    form = pane.form
    form.recipient.setText(GROUP)
    form.mode_tabs.setCurrentIndex(1)
    form.status_value.setValue(0)
    assert "emergency" in form.error_label.text() and not form.send_button.isEnabled()
    form.set_status_choices([(32771, "ter plaatse")])
    form.status_choice.activated.emit(1)
    assert form.status_value.value() == 32771 and form.status_hex.text() == "0x8003"
    with qtbot.waitSignal(pane.send_status_requested) as sig:
        form.send_button.click()
    assert sig.args == [RADIO, GROUP, 32771]
    pane.send_accepted()
    assert form.status_value.value() == 32771


def test_unread_counter_mark_read_and_reply(qtbot, journal, model, pane):
    first = journal.text_in("Ter plaatse")
    journal.text_in("Patiënt overgedragen", from_issi="2309999")
    model.sync()
    assert pane.unread_label.text() == "2 unread"
    pane.table.selectRow(1)
    with qtbot.waitSignal(pane.mark_read_requested) as sig:
        pane.mark_read_button.click()
    assert sig.args == [first]
    journal.add(MESSAGE_READ, {"message_id": first})
    model.sync()
    assert pane.unread_label.text() == "1 unread"
    with qtbot.waitSignal(pane.mark_read_requested):
        pane.reply_to(0)
    assert pane.form.recipient.text() == "2309999"
    assert pane.form.radio_combo.currentData() == RADIO


def test_end_to_end_through_desk_and_simulated_radio(console_factory, qtbot):
    session = console_factory(training=True, sim_radios=1)
    committed = queue.SimpleQueue()
    session.store.add_listener(lambda entries: [committed.put(e) for e in entries])
    proj = Messages()
    model = MessagesModel(proj, ALIASES.get)

    def fold():  # the journal writer thread only queues; the fold runs here
        while not committed.empty():
            proj.apply(committed.get())
        model.sync()
        return list(proj.messages.values())

    qtbot.waitUntil(lambda: getattr(session.desk.radio_state(RADIO), "linked", False),
                    timeout=15_000)  # the radio's session starts in the background
    future = session.desk.send_text(RADIO, UNIT, "Meld u op RR-BRW-1", operator="anna")
    qtbot.waitUntil(future.done, timeout=10_000)
    outcome = future.result()
    assert outcome.ok and outcome.message_reference is not None
    qtbot.waitUntil(lambda: any(m.state == "delivered" for m in fold()), timeout=10_000)
    out = next(m for m in proj.messages.values() if m.direction == "out")
    assert (out.to, out.text, out.operator, out.drill) == (UNIT, "Meld u op RR-BRW-1",
                                                           "anna", True)
    assert out.message_reference == outcome.message_reference
    assert model.index(0, STATE).data() == "delivered"

    session.fleet.radios[RADIO].emit_text(UNIT, "Patiënt overgedragen")
    qtbot.waitUntil(lambda: any(m.direction == "in" for m in fold()), timeout=10_000)
    inc = next(m for m in proj.messages.values() if m.direction == "in")
    assert (inc.from_issi, inc.text, inc.read) == (UNIT, "Patiënt overgedragen", False)
    assert model.index(0, 3).data() == "Patiënt overgedragen"
    assert proj.unread_count() == 1


def test_unreadable_message_from_a_unit(qtbot, journal, model, pane, qtmodeltester):
    mid = journal.unreadable(raw_hex="04" * 100)
    journal.add("radio.unrecognized", {  # a line that is no SDS: journal only
        "radio": RADIO, "line": "+CREG: 1", "raw_hex": "2B", "reason": "unknown result code",
        "from_issi": None, "to": None, "service": None, "protocol_id": None,
        "length_bits": None})
    model.sync()
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(5)][1:] == [
        "In", "99-4131 (2301050)", "Unreadable message", "new"]
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole).name() == "#f9a825"
    assert model.index(0, 3).data(Qt.ItemDataRole.FontRole).bold()  # unread
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Not understood: protocol 0x04 (WAP) not decoded" in tip
    assert "Raw data: " + "04" * 48 + "…" in tip  # long data cut in the tooltip
    assert pane.unread_label.text() == "1 unread"
    with qtbot.waitSignal(pane.mark_read_requested) as sig:
        pane.reply_to(0)  # ask the unit to send it again
    assert sig.args == [mid] and pane.form.recipient.text() == "99-4131 (2301050)"


def test_incomplete_concatenated_text(journal, model, qtmodeltester):
    journal.add("radio.text", {
        "radio": RADIO, "from_issi": UNIT, "to": RADIO, "text": "Brand Kerk[…]straat 5",
        "protocol_id": 0x8A, "message_reference": 16, "delivery_report_requested": True,
        "immediate": False, "parts": 3, "missing_parts": [2]})
    journal.text_in("Ter plaatse")
    model.sync()
    qtmodeltester.check(model)
    assert row_texts(model, 3) == [
        "Ter plaatse", "Brand Kerk[…]straat 5 (incomplete: 1 of 3 parts missing)"]
    assert model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole).name() == "#f9a825"
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "Missing parts: 2" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_long_lost_and_unknown_sds_through_desk_and_simulated_radio(console_factory, qtbot):
    session = console_factory(training=True, sim_radios=1)
    committed = queue.SimpleQueue()
    session.store.add_listener(lambda entries: [committed.put(e) for e in entries])
    proj = Messages()
    model = MessagesModel(proj, ALIASES.get)

    def fold():
        while not committed.empty():
            proj.apply(committed.get())
        model.sync()
        return list(proj.messages.values())

    qtbot.waitUntil(lambda: getattr(session.desk.radio_state(RADIO), "linked", False),
                    timeout=15_000)
    sim = session.fleet.radios[RADIO]
    long_text = "Brand in pand Kerkstraat 5, twee personen binnen, ladderwagen gevraagd. " * 2
    sim.emit_long_text(UNIT, long_text, reference=3)
    sim.emit_sds(UNIT, "040102")  # WAP: not read by the console
    qtbot.waitUntil(lambda: len(fold()) == 2, timeout=10_000)
    whole, unknown = proj.messages.values()
    assert (whole.kind, whole.text, whole.parts, whole.incomplete) == ("text", long_text, 2,
                                                                        False)
    assert (unknown.kind, unknown.from_issi, unknown.raw) == ("unreadable", UNIT, "040102")
    assert model.index(0, 3).data() == "Unreadable message"
    assert proj.unread_count() == 2


def test_the_form_offers_each_recipient_once_as_alias_and_number(qtbot):
    from console.ui.sds_form import SendForm
    form = SendForm([("2040001", "Tafel 1"), ("2040002", "")], RECIPIENTS, TEMPLATES)
    qtbot.addWidget(form)
    assert form.completer.model().stringList() == ["99-4131 (2301050)", "RR-BRW-1 (3110001)"]
    assert [form.radio_combo.itemText(i) for i in range(2)] == ["Tafel 1 (2040001)", "2040002"]


def test_the_console_offers_units_and_talkgroups_by_alias(console_factory):
    session = console_factory()
    ctl = session.controller
    offered = ctl.messages.form.completer.model().stringList()
    unit, group = ctl.data.units[0], ctl.data.talkgroups[0]
    assert f"{unit.alias} ({unit.issi})" in offered and f"{group.alias} ({group.gssi})" in offered
    assert not any(s.count("(") > 1 for s in offered)  # the number once, not twice
    ctl.messages.form.recipient.setText(unit.alias)  # an alias typed in full resolves
    assert ctl.messages.form.to() == unit.issi
