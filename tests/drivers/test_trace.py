"""Wire trace round trip: TraceWriter → read_trace → decode_file == decoding the raw bytes."""

from __future__ import annotations

import datetime
import errno
import io
import json
import logging
import threading

import serial

from drivers.pei import trace
from drivers.pei.decode import decode_bytes, decode_file, main_decode
from drivers.pei.session import Session
from tests.drivers.pei_helpers import NAMES, raw
from tests.drivers.test_session import FakePeer, reply


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        self.t += 0.0125
        return self.t


def write_trace(path, stream: bytes) -> None:
    writer = trace.TraceWriter(path, "COM3", clock=FakeClock())
    for i in range(0, len(stream), 37):
        writer.tx(b"AT+CSQ?\r\n")  # TX must not reach the decoder
        writer.rx(stream[i:i + 37])
    writer.close()
    writer.rx(b"ignored after close")


def test_trace_round_trip(tmp_path):
    for name in NAMES:
        path = tmp_path / f"{name}.trace"
        write_trace(path, raw(name))
        assert trace.is_trace(path)
        records = list(trace.read_trace(path))
        assert b"".join(d for _, k, d in records if k == "RX") == raw(name)
        assert [t for t, _, _ in records] == sorted(t for t, _, _ in records)
        assert decode_file(path) == decode_bytes(raw(name))
        assert decode_file(path, chunk=5) == decode_bytes(raw(name))


def test_trace_format(tmp_path):
    buf = io.StringIO()
    writer = trace.TraceWriter(buf, "/dev/ttyUSB0", clock=lambda: 1.5)
    writer.rx(b"OK\r\n\xe9")
    writer.close()
    assert buf.getvalue().splitlines() == [
        "# vangnet wire trace v1 port=/dev/ttyUSB0",
        "1.500000 RX 4F4B0D0AE9 |OK...|",
    ]


def test_raw_file_is_not_a_trace(tmp_path):
    path = tmp_path / "x.pei"
    path.write_bytes(raw("lip"))
    assert not trace.is_trace(path)
    assert decode_file(path) == decode_bytes(raw("lip"))


def test_bad_records_skipped(tmp_path):
    path = tmp_path / "t.trace"
    path.write_text("# vangnet wire trace v1 port=x\n1.0 RX 4F4B0D0A |OK..|\n"
                    "garbage\n2.0 RX ZZ |..|\n3.0 TX 41540D |AT.|\n")
    assert list(trace.read_trace(path)) == [(1.0, "RX", b"OK\r\n"), (3.0, "TX", b"AT\r")]


def test_threads_do_not_interleave_records(tmp_path):
    path = tmp_path / "t.trace"
    writer = trace.TraceWriter(path, "COM1")
    data = b"+CTXG: 1,0,0,0\r\n" * 4

    def hammer(send) -> None:
        for _ in range(200):
            send(data)

    threads = [threading.Thread(target=hammer, args=(f,)) for f in (writer.rx, writer.tx)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writer.close()
    records = list(trace.read_trace(path))
    assert len(records) == 400 and all(d == data for _, _, d in records)


def test_main_decode_prints_jsonl(tmp_path, capsys):
    path = tmp_path / "s.pei"
    path.write_bytes(raw("sds_text"))
    assert main_decode([str(path), "--chunk", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x) for x in lines] == decode_bytes(raw("sds_text"))
    assert "café" in lines[0]  # ensure_ascii=False
    assert main_decode([str(tmp_path / "missing")]) == 2


def test_trace_rotates_by_size_and_keeps_a_few(tmp_path):
    path = tmp_path / "pei-COM3.trace"
    writer = trace.TraceWriter(path, "COM3", clock=FakeClock(), max_bytes=1000, backups=2)
    data = b"+CSQ: 20,99\r\n"
    for _ in range(200):  # ~60 bytes a record: many rotations
        writer.rx(data)
    writer.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["pei-COM3.trace", "pei-COM3.trace.1", "pei-COM3.trace.2"]
    files = [tmp_path / n for n in ("pei-COM3.trace.2", "pei-COM3.trace.1", "pei-COM3.trace")]
    for f in files:
        assert f.stat().st_size <= 1000 and trace.is_trace(f)  # each readable on its own
    records = [r for f in files for r in trace.read_trace(f)]
    times = [t for t, _, _ in records]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert times[-1] == max(times) and all(d == data for _, _, d in records)
    assert 2 * 1000 // 60 <= len(records) < 200  # the oldest records were dropped


def test_trace_without_a_limit_does_not_rotate(tmp_path):
    path = tmp_path / "t.trace"
    writer = trace.TraceWriter(path, "COM3", max_bytes=0)
    for _ in range(100):
        writer.rx(b"+CSQ: 20,99\r\n")
    writer.close()
    assert [p.name for p in tmp_path.iterdir()] == ["t.trace"]


def test_old_session_traces_of_a_port_are_pruned(tmp_path):
    from drivers.pei import transport

    other = transport.trace_path(tmp_path, "COM33")  # another port: untouched
    made = [transport.trace_path(tmp_path, "COM3", when=datetime.datetime(
        2024, 1, 1, 0, 0, second, tzinfo=datetime.UTC)) for second in (9, 30, 10, 31)]
    for path in [other, *made]:
        for name in (path.name, f"{path.name}.1"):  # a session file and its rotated part
            (tmp_path / name).write_text(trace.HEADER)
    (tmp_path / "notes.txt").write_text("kept")
    transport.prune_traces(tmp_path, "COM3", keep=2)
    newest = [made[1].name, made[3].name]  # 00:00:30 and 00:00:31
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [other.name, f"{other.name}.1", "notes.txt", *newest, *(f"{n}.1" for n in newest)])


class FullDisk(io.StringIO):
    """A stream that takes ``room`` writes, then fails like a full disk (ENOSPC)."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, text: str) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= 1
        return super().write(text)


def test_failing_trace_write_disables_the_trace_and_logs_once(caplog):
    writer = trace.TraceWriter(FullDisk(room=1), "COM3")  # the header fits, nothing else
    with caplog.at_level(logging.WARNING, logger="drivers.pei.trace"):
        writer.rx(b"OK\r\n")
        writer.tx(b"AT\r\n")
        writer.close()
    assert len([r for r in caplog.records if "disabled" in r.getMessage()]) == 1


def test_trace_on_a_closed_file_disables_itself(tmp_path):
    writer = trace.TraceWriter(tmp_path / "x.trace", "COM3")
    writer._file.close()  # what a rotation that failed half-way leaves behind
    writer.rx(b"OK\r\n")  # ValueError inside: swallowed
    writer.close()


def test_session_survives_a_full_disk_trace():
    peer = FakePeer(default=reply("OK"))
    ser = serial.serial_for_url(peer.path, do_not_open=True)
    ser.timeout = 0.05
    ser.open()
    errors: list[str] = []
    session = Session(ser, name=peer.path, on_event=lambda e: None, command_timeout=1.0,
                      on_link_error=errors.append,
                      trace=trace.TraceWriter(FullDisk(room=2), "COM3"))
    session.start()
    try:
        for _ in range(3):
            assert session.command("AT").command == "AT"
        assert not errors and not session.dead.is_set()
    finally:
        session.close()
        peer.close()
