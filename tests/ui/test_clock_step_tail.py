"""The journal tail on screen after a clock step back: times out of order are marked."""

from PySide6.QtCore import Qt

from console.journal.entry import CLOCK_STEP_MS
from console.state.journal_tail import JournalTail
from console.ui.models import STEPPED_MARK, JournalTailModel, hhmmss
from tests.factories import make_entry

T = 1_800_000_000_000
HOUR = 3_600_000
TIP = ("This computer's clock went back: time as the clock gave it, order as the journal "
       "holds it")


def test_a_time_the_stepped_clock_gave_is_marked(qapp, qtmodeltester):
    tail = JournalTail()
    model = JournalTailModel(tail)
    old = make_entry("operator.note", {"text": "old"}, hlc_ms=T)
    near = make_entry("operator.note", {"text": "near"}, hlc_ms=T, wall_ms=T - CLOCK_STEP_MS)
    stepped = make_entry("operator.note", {"text": "stepped"}, hlc_ms=T, wall_ms=T - HOUR,
                         drill=True)
    for e in (old, near, stepped):
        tail.apply(e)
    model.sync()
    qtmodeltester.check(model)
    shown = [(model.index(r, 0).data(), model.index(r, 4).data()) for r in range(3)]
    assert shown == [(STEPPED_MARK + hhmmss(T - HOUR), "stepped"),  # newest on top
                     (hhmmss(T - CLOCK_STEP_MS), "near"), (hhmmss(T), "old")]
    assert shown[0][0].startswith("⚠ ")
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.index(0, 0).data(tip) == f"Drill entry\n{TIP}"
    assert model.index(0, 1).data(tip) == "Drill entry"  # the mark is the time's
    assert model.index(1, 0).data(tip) is None and model.index(2, 0).data(tip) is None


def test_a_start_with_the_clock_behind_says_so_and_shows_the_clocks_times(
        console_factory, tmp_path, caplog):
    import logging

    from console.journal.store import JournalStore, append_all
    from console.notices import NoticeCode

    path = tmp_path / "journal.db"
    store = JournalStore(path, "pos-test", wall_ms=lambda: T).open()
    append_all(store, [("operator.note", {"text": "voor de stap"})], operator="anna")
    store.close()
    with caplog.at_level(logging.WARNING, "console.runtime"):
        session = console_factory(path, sound=False, clock_ms=lambda: T - HOUR)
    notices = [r.notice for r in session.window.notices.rows()]
    assert [n.code for n in notices] == [NoticeCode.CLOCK_BEHIND]
    assert [r.getMessage() for r in caplog.records
            if "clock_behind" in r.getMessage()] == [notices[0].log_line()]  # once
    note = session.controller.ops.add_note("na de stap").result(5)
    assert note.hlc > (T, 0, "pos-test") and note.wall_ms == T - HOUR  # after; its own time
