"""A long history after a start: the window works at once with a progress bar, the alarms
the journal holds open ring at once, the other views follow when the history is folded."""

import sqlite3

import pytest

from console import runtime
from console.journal.store import JournalStore
from tests.state.test_rebuild_steps import history


@pytest.fixture
def long_journal(tmp_path, monkeypatch):
    monkeypatch.setattr(runtime, "START_FOLD", 20)  # "long": more than is folded at start
    path = tmp_path / "journal.db"
    store = JournalStore(path, "pos-test").open()
    raised = history(store, 80)
    store.close()
    return path, raised


def snapshot_count(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM snapshots").fetchone()[0]


def test_window_works_while_the_history_folds(qtbot, console_factory, long_journal):
    path, raised = long_journal
    session = console_factory(path, sound=False)
    c = session.controller
    assert c.folding_history
    assert session.window.history.isVisible()
    assert "entries" in session.window.history.label.text()
    # a part-way fold is not shown: the unit list's units, no status heard yet
    assert c.unit_model.rowCount() > 0
    assert all(row.status_value is None for row in c.unit_model._rows)
    # the one emergency never acknowledged rings at once; the acknowledged ones never do
    assert [a.alarm_id for a in c.alarms.open_alarms()] == [raised[-1].id]
    assert [r.alarm_id for r in c.banner.rows()] == [raised[-1].id]
    c.save_snapshots()  # a part-way fold is no snapshot
    note = c.ops.add_note("tijdens het inlezen")
    assert note.result(5).payload["text"] == "tijdens het inlezen"  # saving works already

    with qtbot.waitSignal(c.history_folded, timeout=20000) as folded:
        pass
    assert folded.args[0] > 20
    assert not c.folding_history and not session.window.history.isVisible()
    assert any(row.status_value is not None for row in c.unit_model._rows)
    qtbot.waitUntil(lambda: "tijdens het inlezen" in [
        r.summary for r in c.host.projections["journal_tail"].rows])
    assert [a.alarm_id for a in c.alarms.open_alarms()] == [raised[-1].id]
    assert not c.alarms.open_alarms()[0].provisional
    assert snapshot_count(path) == 0


def test_acknowledged_while_folding_is_gone_at_once_and_stays_gone(qtbot, console_factory,
                                                                    long_journal):
    path, raised = long_journal
    session = console_factory(path, sound=False)
    c = session.controller
    assert c.folding_history
    # Waiting for the commit here (no event is handled meanwhile, so the history cannot
    # fold on), then handing the entry over as the journal's signal would.
    acknowledged = c.ops.acknowledge(raised[-1].id).result(5)
    c.on_entries([acknowledged])
    assert c.folding_history
    assert not c.alarms.open_alarms()  # gone at once, from the next refresh's banner too
    c.banner.sync()
    assert not c.banner.rows()
    with qtbot.waitSignal(c.history_folded, timeout=20000):
        pass
    assert not c.alarms.open_alarms()
    assert c.alarms.history[-1].alarm_id == raised[-1].id


def test_a_short_history_folds_before_the_window(console_factory, tmp_path):
    store = JournalStore(tmp_path / "journal.db", "pos-test").open()
    history(store, 3)
    store.close()
    session = console_factory(tmp_path / "journal.db", sound=False)
    assert not session.controller.folding_history
    assert not session.window.history.isVisible()
    assert session.controller.unit_model.rowCount() > 0

