import pytest

from console.journal.store import JournalStore, append_all


@pytest.fixture
def journal(tmp_path):
    store = JournalStore(tmp_path / "journal.db", "pos-1").open()
    yield store
    store.close()


@pytest.fixture
def filled_journal(tmp_path):
    """A closed journal file with 30 entries from one console."""
    path = tmp_path / "filled.db"
    store = JournalStore(path, "pos-1").open()
    append_all(store, [("operator.note", {"text": f"note {i}"}) for i in range(30)],
               operator="anna")
    store.close()
    return path
