"""``vangnet import journal FILE.jsonl``: an export (console/journal/export.py) loaded back
into a new journal file, every chain verified first. For archives, and for the tests.

The rules:

- **A new journal only.** The target must not exist, or be an empty file; anything else
  is refused before the file is read (an import never mixes into a journal in use).
- **Complete exports only.** The header says whether the export holds every entry of its
  journal. A filtered one (``--from``, ``--to``, ``--incident``, or a ``--drill`` choice
  that left entries out) has gaps in its chains, and a chain with gaps cannot be verified:
  it is refused at line 1, saying so. It stays what it is, a report; the archive is the
  export without filters (``--drill include`` when the journal holds drill entries).
- **Every line checked before anything is written**: the header (format, version); each
  entry (exactly the fields of an entry, each of its type, and its own hash); each
  console's chain (seq 1, 2, 3 ... without a gap, each ``prev_hash`` the hash of the entry
  before); the end line (the count, and each chain's last entry: a file cut short, or
  with entries cut off the end of a chain, is refused). The first problem is named by its
  line number and nothing is written.
- **Sealed as they were**: the entries go in through ``JournalStore.ingest`` and keep their
  console id, seq, HLC, ``wall_ms`` and hash; to the new journal they are other consoles'
  entries (its own id, IMPORT_CONSOLE, never writes). They are written to a temp file
  beside the target, verified again (``verify``) and renamed only then: a failure (a full
  disk too) leaves no target behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from console.journal.entry import GENESIS_HASH, Entry
from console.journal.export import END, ENTRY, ENTRY_FIELDS, FORMAT, HEADER, VERSION
from console.journal.health import JournalError
from console.journal.ingest import Refusal
from console.journal.store import JournalStore
from console.journal.verify import VerifyReport, verify

IMPORT_CONSOLE = "vangnet-import"  # the new journal's own id: never an entry's
INGEST_BATCH = 5000  # entries a transaction (memory stays flat for a long file)
MAX_LINE = 16 * 1024 * 1024  # bytes; a longer "line" is not an export's
SIDECARS = ("-wal", "-shm", "-journal")
ENTRY_KEYS = frozenset(ENTRY_FIELDS)
SHA256_HEX = re.compile("[0-9a-f]{64}").fullmatch


class ImportProblem(Exception):
    """What is wrong, to show as it is (it names the line where there is one)."""


@dataclass
class Loaded:
    """What loading entries into a journal did."""
    stored: int = 0
    duplicates: int = 0
    refused: list[Refusal] = field(default_factory=list)


def load_entries(store: JournalStore, entries: Iterable[Entry], *, batch: int = INGEST_BATCH,
                 stop_at_refusal: bool = False) -> Loaded:
    """The one way a tool loads sealed entries into a journal (``import journal``,
    ``recover --into``): ``JournalStore.ingest`` in batches, one transaction each; every
    chain is checked against what the journal holds, entries stay as they were sealed.
    Raises JournalError when the journal cannot save (a full disk)."""
    loaded = Loaded()

    def ingest(part: list[Entry]) -> bool:
        result = store.ingest(part).result()
        loaded.stored += len(result.stored)
        loaded.duplicates += result.duplicates
        loaded.refused += result.refused
        return not (stop_at_refusal and result.refused)

    part: list[Entry] = []
    for e in entries:
        part.append(e)
        if len(part) >= batch:
            if not ingest(part):
                return loaded
            part = []
    if part:
        ingest(part)
    return loaded


def describe(r: Refusal) -> str:
    return f"{r.console} #{r.seq} ({r.entry_id}): {r.problem}: {r.detail}"


@dataclass(frozen=True, slots=True)
class Imported:
    target: Path
    entries: int
    consoles: dict[str, int]  # console -> last seq


def import_journal(source: Path, target: Path) -> Imported:
    """Load the export ``source`` into the new journal ``target``; raises ImportProblem
    (nothing written) for anything that is wrong. See the module's rules."""
    if target.exists() and source.exists() and target.samefile(source):
        raise ImportProblem(f"{source} is the file to import; name the new journal with --db")
    check_target(target)
    count = sum(1 for _ in checked_entries(source))  # everything, before a byte is written
    fd, name = _temp_beside(target)
    os.close(fd)
    tmp = Path(name)
    try:
        report = _load(source, tmp, target, count)
        if any(Path(f"{tmp}{s}").exists() for s in SIDECARS):
            raise ImportProblem(f"cannot write {target}: the new journal was not closed "
                                "cleanly")
        os.replace(tmp, target)
    except OSError as exc:
        raise ImportProblem(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        for path in (tmp, *(Path(f"{tmp}{s}") for s in SIDECARS)):
            path.unlink(missing_ok=True)
    return Imported(target, report.entries, report.consoles)


def _load(source: Path, tmp: Path, target: Path, count: int) -> VerifyReport:
    """Ingest into ``tmp`` and verify it there; the store's close removes its -wal."""
    store = JournalStore(tmp, IMPORT_CONSOLE).open()
    try:
        loaded = load_entries(store, (e for _, e in checked_entries(source)),
                              stop_at_refusal=True)
        if loaded.refused:
            r = loaded.refused[0]
            raise ImportProblem(f"{source}: line {line_of(source, r.entry_id)}: "
                                f"refused: {describe(r)}")
        store.flush()
        report = verify(tmp)
        if not report.ok or report.entries != count:
            raise ImportProblem(f"cannot import into {target}: the new journal does not "
                                f"verify: {report.summary()}")
        return report
    except JournalError as exc:
        raise ImportProblem(f"cannot write {target}: {exc.detail or exc.problem}") from exc
    finally:
        store.close()


def check_target(target: Path) -> None:
    if not target.parent.is_dir():
        raise ImportProblem(f"cannot write {target}: the folder {target.parent} does not "
                            "exist")
    if target.is_symlink() or target.exists() and (not target.is_file()
                                                   or target.stat().st_size > 0):
        raise ImportProblem(f"{target} already exists and is not empty: an import makes a "
                            "new journal (give a new --db)")
    for s in SIDECARS:
        if Path(f"{target}{s}").exists():
            raise ImportProblem(f"{target}{s} exists: {target} is, or was, a journal in use")


def _temp_beside(target: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                suffix=".importing")
    except OSError as exc:
        raise ImportProblem(f"cannot write {target}: {exc.strerror or exc}") from exc


def checked_entries(source: Path) -> Iterator[tuple[int, Entry]]:
    """(line number, entry) of a complete export, each line checked as it is read;
    raises ImportProblem at the first line that is wrong (or at the end, cut short)."""
    heads: dict[str, tuple[int, str]] = {}
    n, ended, last, first = 0, False, 0, True
    try:
        f = open(source, "rb")  # closed by the with below
    except OSError as exc:
        raise ImportProblem(f"cannot read {source}: {exc.strerror or exc}") from exc
    with f:
        for number, line in _lines(f, source):
            last = number
            if first:
                _check_header(_parse(line, number, source, first=True), source, number)
                first = False
                continue
            record = _parse(line, number, source)
            where = f"{source}: line {number}"
            if ended:
                raise ImportProblem(f"{where}: a line after the end line")
            kind = record.get("type")
            if kind == END:
                _check_end(record, heads, n, where)
                ended = True
                continue
            if kind != ENTRY:
                raise ImportProblem(f"{where}: not an entry line (type {kind!r})")
            e = entry_from_record(record.get("entry"), where)
            _check_link(e, heads.get(e.console), where)
            heads[e.console] = (e.seq, e.hash)
            n += 1
            yield number, e
    if last == 0:
        raise ImportProblem(f"{source}: the file is empty")
    if not ended:
        raise ImportProblem(f"{source}: the file ends at line {last} without its end line: "
                            "cut short")


def _lines(f: BinaryIO, source: Path) -> Iterator[tuple[int, bytes]]:
    """Numbered lines that are not blank; a line longer than MAX_LINE is refused unread."""
    number = 0
    while True:
        line = f.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise ImportProblem(f"{source}: line {number}: longer than {MAX_LINE >> 20} MB: "
                                "not a journal export")
        if line.strip():
            yield number, line


def _parse(line: bytes, number: int, source: Path, first: bool = False) -> dict[str, Any]:
    if first and line.startswith(b"SQLite format 3\x00"):
        raise ImportProblem(f"{source}: an SQLite database (a journal file?), not a JSON "
                            "lines export (make one with: vangnet export --format jsonl)")
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise ImportProblem(f"{source}: line {number}: not JSON ({exc})") from None
    if not isinstance(record, dict):
        raise ImportProblem(f"{source}: line {number}: not a JSON object")
    return record


def _check_header(record: dict[str, Any], source: Path, number: int) -> None:
    where = f"{source}: line {number}"
    if record.get("type") == "recovered":
        raise ImportProblem(f"{where}: a `vangnet recover` report, not an export; its "
                            "verified entries load with: vangnet recover DAMAGED.db --into "
                            "JOURNAL.db")
    if record.get("type") != HEADER or record.get("format") != FORMAT:
        raise ImportProblem(f"{where}: not a Vangnet journal export (expected a header "
                            f'{{"type": "{HEADER}", "format": "{FORMAT}", ...}})')
    version = record.get("version")
    if version != VERSION:
        newer = isinstance(version, int) and version > VERSION
        raise ImportProblem(f"{where}: format version {version!r}" + (
            f" is from a newer Vangnet; this one reads version {VERSION}" if newer else
            f" is not one this Vangnet reads (version {VERSION})"))
    if record.get("complete") is not True:
        raise ImportProblem(
            f"{where}: a filtered export ({filters(record.get('selection'))}) cannot be "
            "imported as a verified journal: the entries it left out are gaps in its chains."
            " Export without --from/--to/--incident, and with --drill include if the "
            "journal holds drill entries")


def filters(selection: Any) -> str:
    """The options that made an export filtered, as they were given."""
    if not isinstance(selection, dict):
        return "filters unknown"
    given = [f"--{name}" for name, key in (("from", "from_ms"), ("to", "to_ms"),
                                          ("incident", "incident"))
             if selection.get(key) is not None]
    if selection.get("drill") != "include":
        given.append(f"--drill {selection.get('drill')} left entries out")
    return ", ".join(given) or "filters unknown"


def entry_from_record(record: Any, where: str) -> Entry:
    """An entry from its JSON object (``export.entry_record``), every field checked."""
    if not isinstance(record, dict):
        raise ImportProblem(f"{where}: the entry line holds no entry object")
    if record.keys() != ENTRY_KEYS:
        missing, extra = sorted(ENTRY_KEYS - record.keys()), sorted(record.keys() - ENTRY_KEYS)
        raise ImportProblem(f"{where}: not one of our entries (" + "; ".join(
            p for p in (f"missing {', '.join(missing)}" if missing else "",
                        f"unknown {', '.join(extra)}" if extra else "") if p) + ")")
    e = Entry(**record)
    if not _well_typed(e):  # the quick test passes every good entry; this one says why
        for name, value in record.items():
            problem = _field_problem(name, value)
            if problem:
                raise ImportProblem(f"{where}: entry field {name!r} {problem}")
    if e.computed_hash() != e.hash:
        raise ImportProblem(f"{where}: entry {e.id} ({e.console} #{e.seq}) does not match "
                            "its hash: changed after it was sealed")
    if e.console == IMPORT_CONSOLE:
        raise ImportProblem(f"{where}: console id {IMPORT_CONSOLE!r} is the import's own")
    return e


def _well_typed(e: Entry) -> bool:
    """Every field of its type (``type(x) is int``: no bool), in one expression: checking
    field by field took most of an import's time."""
    return (type(e.id) is str and e.id != "" and type(e.console) is str and e.console != ""
            and type(e.seq) is int and e.seq >= 1 and type(e.hlc_ms) is int and e.hlc_ms >= 0
            and type(e.hlc_counter) is int and e.hlc_counter >= 0
            and type(e.operator) is str and type(e.kind) is str and e.kind != ""
            and type(e.payload) is dict and type(e.drill) is bool
            and type(e.position) is int and e.position >= 0
            and (e.wall_ms is None or type(e.wall_ms) is int)
            and type(e.hash) is str and SHA256_HEX(e.hash) is not None
            and type(e.prev_hash) is str and SHA256_HEX(e.prev_hash) is not None)


def _field_problem(name: str, value: Any) -> str | None:
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if name in ("seq", "hlc_ms", "hlc_counter", "position"):
        low = 1 if name == "seq" else 0
        return None if is_int and value >= low else f"is {value!r}, not a whole number >= {low}"
    if name == "wall_ms":
        return None if value is None or is_int else f"is {value!r}, not a number or null"
    if name == "drill":
        return None if isinstance(value, bool) else f"is {value!r}, not true or false"
    if name == "payload":
        return None if isinstance(value, dict) else "is not a JSON object"
    if name in ("hash", "prev_hash"):
        ok = isinstance(value, str) and SHA256_HEX(value) is not None
        return None if ok else f"is {value!r}, not a SHA-256 in hex"
    if not isinstance(value, str) or (name != "operator" and not value):
        return f"is {value!r}, not a text" + ("" if name == "operator" else " (not empty)")
    return None


def _check_link(e: Entry, head: tuple[int, str] | None, where: str) -> None:
    seq, prev = head or (0, GENESIS_HASH)
    if e.seq != seq + 1:
        gap = (f"{e.console} #{seq + 1}" + (f"..#{e.seq - 1}" if e.seq > seq + 2 else "")
               + " missing before it") if e.seq > seq + 1 else f"{e.console} #{e.seq} again"
        raise ImportProblem(f"{where}: {e.console} #{e.seq} breaks its chain: {gap}")
    if e.prev_hash != prev:
        raise ImportProblem(f"{where}: {e.console} #{e.seq} does not follow " + (
            f"#{seq}" if seq else "the chain's start") + " (previous-hash mismatch)")


def _check_end(record: dict[str, Any], heads: dict[str, tuple[int, str]], n: int,
               where: str) -> None:
    if record.get("entries") != n:
        raise ImportProblem(f"{where}: the end line counts {record.get('entries')!r} entries"
                            f", the file holds {n}")
    said = record.get("heads")
    if not isinstance(said, dict):
        raise ImportProblem(f"{where}: the end line names no chain heads")
    for console in sorted(set(said) | set(heads)):
        want, got = said.get(console), heads.get(console)
        if got is not None and isinstance(want, list) and tuple(want) == got:
            continue
        says = f"#{want[0]}" if isinstance(want, list) and want else "nothing"
        holds = f"up to #{got[0]}" if got else "none of its entries"
        raise ImportProblem(f"{where}: {console}: the end line says its chain ends at {says},"
                            f" the file holds {holds}")


def line_of(source: Path, entry_id: str) -> int | str:
    """The line an entry is on (for a refusal: rare, so the file is read again)."""
    for number, e in checked_entries(source):
        if e.id == entry_id:
            return number
    return "?"
