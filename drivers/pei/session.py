"""One PEI connection: an I/O thread, one command in flight, a queue behind it.

PEI.md §2 describes the discipline every sound public driver follows (tetra-pei
``com/com.go``): unsolicited result codes may arrive at any time, also between a command's
information lines and its final result, so the reader routes every line through one decoder,
keeps a single "current command" slot and queues further commands until the final result
(``OK`` / ``ERROR`` / ``+CME ERROR`` / ``+CMS ERROR``) of the current one.

A command's timeout counts from its WRITE to the port, so a command queued behind a slow
one does not expire unsent; the time it may wait in the queue is bounded separately
(``queue_timeout``). After a timeout the session re-pairs commands and final results before
the next command (drivers/pei/resync.py); a radio that stays silent then is a lost link.

Threading (ARCHITECTURE.md, Threads): the I/O thread is the only one that reads, writes,
feeds the decoder or touches the in-flight slot. Other threads hand work over through a
thread-safe queue and wake the reader with ``cancel_read``; ``command`` blocks the CALLER
until the result or the timeout, ``submit`` returns a ``concurrent.futures.Future``.
Every non-final event is published through ``on_event`` (from the I/O thread) and, while a
command is in flight, also attached to that command's ``Response``.

Time is the injected ``clock`` (drivers/clock.py): command and queue time-outs, the resync
bound and a blocked caller's wait all count its seconds, so tests drive them with a
FakeClock. The I/O thread looks at the clock after every read (at most the port's read
timeout apart), so a time-out is noticed that long after it is due.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from typing import Any, TypeVar

import serial

from drivers import events as ev
from drivers.clock import SYSTEM_CLOCK, Clock
from drivers.errors import CommandRejected, LinkLost, NoResponse, RadioError
from drivers.pei import commands
from drivers.pei.cme import cme_meaning
from drivers.pei.decoder import Decoder
from drivers.pei.resync import Resync

E = TypeVar("E", bound=ev.Event)

# Extra time a blocked caller waits beyond the command's own deadline before it stops
# trusting the I/O thread (which resolves every future itself); never reached normally.
_CALLER_GRACE_S = 1.0


@dataclass(frozen=True, slots=True)
class Response:
    """A completed command: its line and the information events that arrived meanwhile."""

    command: str
    events: tuple[ev.Event, ...] = ()

    def first(self, kind: type[E]) -> E | None:
        return next((e for e in self.events if isinstance(e, kind)), None)

    def all(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]


@dataclass(slots=True, eq=False)
class _Pending:
    command: str
    data: bytes | None
    timeout: float  # counts from the write
    queued_until: float  # on the clock; unsent by then: NoResponse
    deadline: float = float("inf")  # on the clock; set when written
    probe: type[ev.Event] | None = None  # a resync probe: the event marking its answer
    is_probe: bool = False
    future: Future = field(default_factory=Future)
    events: list[ev.Event] = field(default_factory=list)


class _Silent(Exception):
    """The radio did not answer the resync probes in time: the link is dead."""


class Session:
    """Drives one open serial port. Create, ``start()``, use, ``close()``.

    ``port`` is an open pyserial object with a small read timeout; ``on_event`` receives
    every decoded non-final event; ``on_link_error`` is called once (from the I/O thread)
    when reading or writing fails, or the radio stays silent through a resync (after a
    timeout), after which the session is dead. ``queue_timeout`` bounds the wait of a
    command in the queue (default 3 x ``command_timeout``: room for a slow command ahead
    and a resync); ``resync_timeout`` bounds a resync (default 2 x ``command_timeout``).
    """

    def __init__(
        self,
        port: serial.SerialBase,
        *,
        name: str,
        on_event: Callable[[ev.Event], None],
        on_link_error: Callable[[str], None] = lambda reason: None,
        command_timeout: float = 5.0,
        queue_timeout: float | None = None,
        resync_timeout: float | None = None,
        decoder: Any = None,
        trace: Any = None,  # a TraceWriter; its owner closes it
        family: str = "",
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.name = name
        self.family = family
        self.command_timeout = command_timeout
        self.queue_timeout = 3 * command_timeout if queue_timeout is None else queue_timeout
        self.resync_timeout = 2 * command_timeout if resync_timeout is None else resync_timeout
        self.log = logging.getLogger(f"drivers.pei[{name}]")
        self._clock = clock
        self._ser = port
        self._on_event = on_event
        self._on_link_error = on_link_error
        self._decoder = decoder if decoder is not None else Decoder(clock=clock)
        self._trace = trace
        self._inbox: queue.SimpleQueue[_Pending] = queue.SimpleQueue()
        self._queue: collections.deque[_Pending] = collections.deque()  # I/O thread only
        self._inflight: _Pending | None = None  # I/O thread only
        self._resync = Resync()  # I/O thread only
        self._closing = threading.Event()
        self._ended = threading.Event()  # the I/O thread stopped taking work
        self.dead = threading.Event()  # set when the I/O thread has finished
        self.last_rx = clock.monotonic()  # written by the I/O thread, read by anyone
        self._thread = threading.Thread(target=self._run, name=f"pei-io[{name}]", daemon=True)

    # --- public, any thread ------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and not self._closing.is_set()

    def submit(
        self, command: str, *, data: bytes | None = None, timeout: float | None = None
    ) -> Future:
        """Queue ``command`` (and AT+CMGS user data); the Future yields a ``Response`` or
        raises ``CommandRejected`` / ``NoResponse`` / ``LinkLost``. ``timeout`` counts from
        the write; at most ``queue_timeout`` passes before it."""
        limit = self.command_timeout if timeout is None else timeout
        pending = _Pending(command, data, limit, self._clock.monotonic() + self.queue_timeout)
        if self._ended.is_set() or self._closing.is_set():
            pending.future.set_exception(LinkLost(f"{self.name}: session closed"))
            return pending.future
        self._inbox.put(pending)
        if self._ended.is_set():  # lost a race with the I/O thread's end: fail it here
            self._fail_inbox("session closed")
        self._wake()
        return pending.future

    def command(
        self, command: str, *, data: bytes | None = None, timeout: float | None = None
    ) -> Response:
        """Blocking form of ``submit``; must not run on the I/O thread (it would deadlock)."""
        assert threading.current_thread() is not self._thread, "command() on the I/O thread"
        limit = self.command_timeout if timeout is None else timeout
        future = self.submit(command, data=data, timeout=limit)
        done = threading.Event()
        future.add_done_callback(lambda _: done.set())
        # the I/O thread resolves the future within queue wait + command timeout
        if not self._clock.wait(done, self.queue_timeout + limit + _CALLER_GRACE_S):
            raise NoResponse(f"{self.name}: no answer to {command!r} in {limit:.1f} s")
        return future.result()

    def sync(self, deadline_s: float) -> None:
        """Send ``AT`` until ``OK`` (PEI.md §2 "ClearSyntaxErrors", §4 step 2): the first
        commands after opening often fail with +CME ERROR: 35 from leftover bytes.
        Raises NoResponse, or LinkLost when the radio stays silent through the resync
        that follows an unanswered AT."""
        end = self._clock.monotonic() + deadline_s
        last: RadioError | None = None
        while (left := end - self._clock.monotonic()) > 0:
            try:
                self.command(commands.at(), timeout=min(self.command_timeout, left))
                return
            except CommandRejected as exc:
                last = exc
                self.log.debug("AT rejected during sync (%s); repeating", exc)
            except NoResponse as exc:
                last = exc
        raise NoResponse(f"{self.name}: no OK to AT within {deadline_s:.1f} s ({last})")

    def close(self, timeout: float = 2.0) -> None:
        """Stop the I/O thread, fail queued commands with ``LinkLost``, close the port."""
        self._closing.set()
        self._wake()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)
        if not self._thread.is_alive():
            self._shutdown("session closed")

    # --- I/O thread ----------------------------------------------------------------------

    def _wake(self) -> None:
        if self._ended.is_set():
            return  # the I/O thread is gone: nothing to wake, and the port may be closed
        try:
            self._ser.cancel_read()  # aborts the reader's select() at once (pyserial posix)
        except (AttributeError, OSError, TypeError, ValueError):
            # no cancel support (the read timeout bounds the latency), or the port closed
            # meanwhile (pyserial then writes to a None pipe: TypeError)
            pass

    def _assert_io(self) -> None:
        assert threading.current_thread() is self._thread, "I/O-thread-only state touched"

    def _run(self) -> None:
        reason = None
        try:
            while not self._closing.is_set():
                self._take_inbox()
                self._expire(self._clock.monotonic())
                for event in self._decoder.expire():  # long texts whose parts stopped
                    self._dispatch(event)
                if self._inflight is None and self._queue:
                    # PEI.md §2: one command in flight, answered in order, unsolicited lines
                    # interleave; a late result of a timed-out command must not complete the
                    # next one, so re-pair with a probe first (drivers/pei/resync.py).
                    if self._resync.needed:
                        self._send_probe()
                    else:
                        self._send_next()
                data = self._ser.read(1)
                if data:
                    waiting = self._ser.in_waiting
                    if waiting:
                        data += self._ser.read(waiting)
                    self._received(data)
        except (OSError, serial.SerialException) as exc:
            reason = f"{type(exc).__name__}: {exc}"
        except _Silent as exc:
            reason = str(exc)
        except Exception:  # a bug, not a radio problem: log loudly, end the session
            self.log.exception("I/O thread crashed")
            reason = "internal error in the I/O thread"
        finally:
            self._ended.set()
            try:  # what the decoder still holds (parts of a long text) is given out, not lost
                for event in self._decoder.flush():
                    self._dispatch(event)
            except Exception:
                self.log.exception("flushing the decoder failed")
            try:
                self._shutdown(reason or "session closed", mark_dead=False)
                if reason is not None and not self._closing.is_set():
                    self.log.warning("link lost: %s", reason)
                    self._on_link_error(reason)
            except Exception:  # a faulty handler must neither escape nor hang the waiters
                self.log.exception("reporting the lost link failed")
            finally:
                self.dead.set()  # only after the link error was reported

    def _received(self, data: bytes) -> None:
        self._assert_io()
        self.last_rx = self._clock.monotonic()
        if self._trace is not None:
            self._traced(self._trace.rx, data)
        for event in self._decoder.feed(data):
            self._dispatch(event)

    def _dispatch(self, event: ev.Event) -> None:
        self._assert_io()
        current = self._inflight
        if isinstance(event, ev.Ok | ev.Error):
            if current is None or current.is_probe:
                self._late_final(event, current)
                return
            self._inflight = None
            if isinstance(event, ev.Ok):
                _resolve(current.future, Response(current.command, tuple(current.events)))
            else:
                meaning = cme_meaning(event.code) if event.family == "CME" else ""
                _fail(current.future, CommandRejected(
                    current.command, event.code, event.family, meaning))
            return
        if current is not None:
            if current.is_probe:
                self._resync.probe_event(event, current.probe)
            current.events.append(event)
        try:
            self._on_event(event)
        except Exception:  # a faulty sink must not take the link down
            self.log.exception("event sink failed on %r", event)

    def _late_final(self, event: ev.Event, probe: _Pending | None) -> None:
        """A final result with a resync probe or nothing in flight (PEI.md §2): the late
        result of a command that timed out, or the probe's own (drivers/pei/resync.py)."""
        if self._resync.final(probing=probe is not None):
            self._inflight = None
            self.log.info("commands and results paired again (%s)", event)
        elif probe is not None or self._resync.needed:
            self.log.info("discarded %s: the late result of a command that timed out", event)
        else:
            self.log.debug("final result %s without a command in flight", event)

    def _take_inbox(self) -> None:
        while True:
            try:
                self._queue.append(self._inbox.get_nowait())
            except queue.Empty:
                return

    def _expire(self, now: float) -> None:
        """Time out the command in flight, end a resync that took too long, and fail queued
        commands that waited longer than ``queue_timeout``."""
        current = self._inflight
        if current is not None and now >= current.deadline:
            self._inflight = None
            self._resync.timed_out(current.command)  # its result may still come: owed
            self.log.info("no final result to %r", current.command)
            _fail(current.future, NoResponse(f"{self.name}: no answer to {current.command!r}"))
        if self._resync.expired(now):
            raise _Silent(f"no answer to resync probes within {self.resync_timeout:.1f} s "
                          f"after {self._resync.first!r} went unanswered")
        stale = [p for p in self._queue if now >= p.queued_until or p.future.done()]
        for item in stale:
            self._queue.remove(item)
            _fail(item.future, NoResponse(
                f"{self.name}: {item.command!r} waited {self.queue_timeout:.1f} s in the "
                "queue and was never sent"))

    def _send_probe(self) -> None:
        """Write a resync probe ahead of the queue (drivers/pei/resync.py)."""
        now = self._clock.monotonic()
        line, kind = self._resync.probe(now, self.resync_timeout)
        assert self._resync.deadline is not None
        limit = min(self.command_timeout, max(0.0, self._resync.deadline - now))
        self.log.info("resynchronising after a timeout with %r", line)
        self._write(_Pending(line, None, limit, now, probe=kind, is_probe=True))

    def _send_next(self) -> None:
        self._assert_io()
        pending = self._queue.popleft()
        if not pending.future.set_running_or_notify_cancel():
            return  # cancelled by the caller before it was sent
        self._write(pending)

    def _write(self, pending: _Pending) -> None:
        wire = pending.command.encode("latin-1") + commands.TERMINATOR
        if pending.data is not None:
            # AT+CMGS: command, CR LF, hex, Ctrl-Z in ONE write (PEI.md §2, §8.1); a "> "
            # prompt, if the radio sends one, is just a line the decoder drops or flags.
            wire += pending.data
        self._inflight = pending
        pending.deadline = self._clock.monotonic() + pending.timeout  # counts from the write
        if self._trace is not None:
            self._traced(self._trace.tx, wire)
        self.log.debug("TX %r", wire)
        self._ser.write(wire)

    def _traced(self, record: Callable[[bytes], None], data: bytes) -> None:
        """A failing trace is the trace's problem, never a lost link: stop tracing."""
        try:
            record(data)
        except Exception:
            self.log.exception("wire trace failed; no more tracing in this session")
            self._trace = None

    def _shutdown(self, reason: str, mark_dead: bool = True) -> None:
        """Fail everything outstanding and close the port (idempotent)."""
        pending = [self._inflight] if self._inflight else []
        self._inflight = None
        pending.extend(self._queue)
        self._queue.clear()
        for item in pending:
            _fail(item.future, LinkLost(f"{self.name}: {reason}"))
        self._fail_inbox(reason)
        try:
            self._ser.close()
        except (OSError, serial.SerialException):
            pass
        if mark_dead:
            self.dead.set()


    def _fail_inbox(self, reason: str) -> None:
        """Fail work handed over but never taken (SimpleQueue: safe from any thread)."""
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                return
            _fail(item.future, LinkLost(f"{self.name}: {reason}"))


def _resolve(future: Future, value: Any) -> None:
    try:
        future.set_result(value)
    except InvalidStateError:
        pass  # already resolved, or cancelled by the caller


def _fail(future: Future, exc: BaseException) -> None:
    try:
        future.set_exception(exc)
    except InvalidStateError:
        pass
