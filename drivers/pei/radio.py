"""The PEI radio driver: session start, polling, reconnect, talkgroups, PTT and SDS.

Threads per radio (ARCHITECTURE.md, Threads):
  * the session's I/O thread (drivers/pei/session.py) reads, writes and decodes; it applies
    each event to this radio's state under a short lock and passes it to the sink;
  * one supervisor thread opens the port, runs the PEI.md §4 start sequence, polls signal and
    battery, sends a heartbeat, notices a dead link and reconnects with capped back-off.
Public operations run on the caller's thread and block only that thread.

Time is the injected ``clock`` (drivers/clock.py), shared with the session: heartbeat and
polls, the reconnect back-off, ``start(timeout)`` and ``wait_state`` count its seconds.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import serial

from drivers import events as ev
from drivers.base import Capabilities, Radio, RadioState, TxState, apply_event
from drivers.clock import SYSTEM_CLOCK, Clock
from drivers.errors import CommandRejected, LinkLost, NoResponse, NotSupported, RadioError
from drivers.events import EventSink
from drivers.pei import commands as cmd
from drivers.pei import families, sds, startup, transport
from drivers.pei.ptt import PttMixin
from drivers.pei.session import Response, Session
from drivers.pei.trace import TraceWriter
from drivers.registry import register


@register("pei.motorola", family="motorola")
@register("pei.sepura", family="sepura")
class PeiRadio(PttMixin, Radio):
    """A TETRA radio driven over its PEI. ``overrides`` are ``Capabilities`` field names."""

    @staticmethod
    def capabilities_for(family: str = "motorola", **_: Any) -> Capabilities:
        return families.capabilities(family)

    def __init__(self, radio_id: str, port: str, family: str = "motorola",
                 sink: EventSink | None = None, trace_dir: str | Path | None = None,
                 capabilities: Capabilities | None = None, clock: Clock = SYSTEM_CLOCK,
                 **overrides: Any) -> None:
        if capabilities is None:
            capabilities = families.capabilities(family, **overrides)
        elif overrides:
            capabilities = dataclasses.replace(capabilities, **overrides)
        super().__init__(radio_id, capabilities)
        self.port = port
        self.clock = clock
        self.log = logging.getLogger(f"drivers.pei[{port}]")
        self._sink: EventSink = sink or (lambda radio_id, event: None)
        self._trace_dir = Path(trace_dir) if trace_dir is not None else None
        self._cond = threading.Condition()  # guards the state fields below
        self._st = RadioState(radio_id, port, capabilities.family, linked=False)
        self._initialising = False
        self._session: Session | None = None
        self._generation = 0
        self._link_reason: str | None = None
        self._attention = threading.Event()  # wakes the supervisor: stop or link error
        self._stopping = threading.Event()
        self._ptt_lock = threading.Lock()  # one PTT sequence at a time
        self._ptt_closed = False  # set by stop() under _ptt_lock: no more PTT sequences
        self._sds_lock = threading.Lock()  # AT+CTSDS and its AT+CMGS are one unit (§8.1)
        self._message_refs = itertools.cycle(range(1, 256))
        self._supervisor: threading.Thread | None = None
        self._own_cc: int | None = None  # CC instance of the call WE set up; under _cond
        self._trace: TraceWriter | None = None  # supervisor thread only

    # --- life cycle ----------------------------------------------------------------------

    def start(self, timeout: float | None = None) -> None:
        """Start the supervisor; with ``timeout``, wait until linked or raise NoResponse."""
        if self._supervisor is None:
            self._supervisor = threading.Thread(
                target=self._supervise, name=f"pei-supervisor[{self.port}]", daemon=True)
            self._supervisor.start()
        if timeout is not None and not self.wait_state(lambda s: s.linked, timeout):
            raise NoResponse(f"{self.port}: radio not ready within {timeout:.1f} s")

    def stop(self) -> None:
        """Release PTT if keyed (PEI.md §12.1: on every exit path), hang up a call the
        console set up and still has (ATH, §7.1), close, join threads."""
        self._release_on_stop()  # drivers/pei/ptt.py
        self._stopping.set()
        self._attention.set()
        session = self._session
        if session is not None:
            session.close()
        if self._supervisor is not None:
            self._supervisor.join(self.capabilities.command_timeout_s + 2.0)

    def state(self) -> RadioState:
        with self._cond:
            return self._st

    def wait_state(self, predicate: Callable[[RadioState], bool], timeout: float) -> bool:
        """Block (not on the I/O thread) until ``predicate(state())`` holds or ``timeout``
        seconds of the radio's clock passed."""
        with self._cond:
            return bool(self.clock.wait_for(self._cond, lambda: predicate(self._st), timeout))

    @property
    def tx_state(self) -> TxState:
        return self.state().tx_state

    # --- operations (any thread but the I/O thread) ---------------------------------------

    def select_talkgroup(self, gssi: str) -> None:
        """AT+CTGS=1,<gssi> (PEI.md §6); the radio's confirmation arrives as a Talkgroup
        event. The wish is kept across a lost link and re-applied after reconnecting."""
        self.capabilities.require("talkgroups")
        line = cmd.ctgs_select(gssi)
        previous = self._update(desired_talkgroup=str(gssi)).desired_talkgroup
        try:
            self._command(line)
        except CommandRejected:
            self._update(desired_talkgroup=previous)
            raise

    def query_talkgroup(self) -> str | None:
        self.capabilities.require("talkgroups")
        found = self._command(cmd.ctgs_query()).first(ev.Talkgroup)
        return found.gssi if found else self.state().talkgroup

    def send_status(self, to: str, value: int) -> None:
        """AT+CTSDS=13,0 then AT+CMGS=<to>,16 + 4 hex digits (PEI.md §8.5)."""
        self.capabilities.require("sds")
        self.capabilities.require("status")
        self._send_sds(cmd.AI_STATUS, to, sds.encode_status(value), 16)

    def send_text(self, to: str, text: str, report_request: bool = True) -> int:
        """SDS-TL text, PID 0x82 (PEI.md §8.1, §8.4); returns the message reference that the
        later SdsReport (delivery) event carries. "+CMGS: n,4" means sent, not delivered."""
        self.capabilities.require("sds")
        self.capabilities.require("text")
        reference = next(self._message_refs)
        hex_data, bits = sds.encode_text(text, message_reference=reference,
                                         report_request=report_request)
        if bits > self.capabilities.max_sds_bits:
            raise NotSupported(f"text needs {bits} bits; this radio sends at most "
                               f"{self.capabilities.max_sds_bits}")
        self._send_sds(cmd.AI_SDS_TYPE4, to, hex_data, bits)
        return reference

    # --- helpers for operations ---------------------------------------------------------

    def _command(self, line: str, data: bytes | None = None,
                 timeout: float | None = None) -> Response:
        session = self._session
        if session is None or not self.state().linked:
            raise LinkLost(f"{self.port}: not connected")
        return session.command(line, data=data, timeout=timeout)

    def _send_sds(self, ai_service: int, to: str, hex_data: str, bits: int) -> None:
        line, data = cmd.cmgs(to, hex_data, bits)
        with self._sds_lock:
            self._command(cmd.ctsds(ai_service, 0))
            self._command(line, data=data)

    def _update(self, **changes: Any) -> RadioState:
        """Apply changes; returns the state BEFORE them."""
        with self._cond:
            before = self._st
            self._st = _replace(before, **changes)
            self._cond.notify_all()
            return before

    def _update_tx_if(self, new: TxState, when: set[TxState]) -> None:
        with self._cond:
            if self._st.tx_state in when:
                self._st = _replace(self._st, tx_state=new)
                self._cond.notify_all()

    def _emit(self, event: ev.Event) -> None:
        try:
            self._sink(self.id, event)
        except Exception:
            self.log.exception("event sink failed on %r", event)

    # --- I/O thread: state from events --------------------------------------------------

    def _on_event(self, event: ev.Event) -> None:
        with self._cond:
            new = apply_event(self._st, event, initialising=self._initialising)
            if new is not self._st:
                self._st = new
                self._cond.notify_all()
            if self._own_cc != new.cc_instance:
                self._own_cc = None  # our call ended (or another one took its place)
        self._emit(event)

    def _on_link_error(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self._link_reason = reason
            self._attention.set()

    # --- supervisor thread ----------------------------------------------------------------

    def _supervise(self) -> None:
        caps = self.capabilities
        delay, ever_linked, down_reported = caps.reconnect_min_s, False, False
        try:
            while not self._stopping.is_set():
                try:
                    try:
                        self._connect()
                    except (RadioError, OSError, serial.SerialException) as exc:
                        reason = f"{type(exc).__name__}: {exc}"
                        self.log.info("connect failed: %s", reason)
                    else:
                        delay = caps.reconnect_min_s
                        self._emit(ev.LinkRestored(self.port) if ever_linked
                                   else ev.LinkConnected(self.port))
                        ever_linked, down_reported = True, False
                        reason = self._watch()
                except Exception as exc:  # a bug or a bad setting: never end the supervisor
                    self.log.exception("connect or watch failed")
                    reason = f"internal error: {type(exc).__name__}: {exc}"
                try:
                    self._disconnect()
                except Exception:
                    self.log.exception("disconnect failed")
                if self._stopping.is_set():
                    break
                if not down_reported:
                    self._emit(ev.LinkLost(self.port, reason or "link lost"))
                    down_reported = True
                self.clock.wait(self._stopping, delay)
                delay = min(delay * 2, caps.reconnect_max_s)
        finally:
            self._close_trace()  # stop() during the back-off, or a supervisor bug

    def _connect(self) -> None:
        self._generation += 1
        self._link_reason = None
        self._attention.clear()
        if self._stopping.is_set():  # stop() may have raced with the clear above
            raise LinkLost("stopping")
        if self._trace is None and self._trace_dir is not None:
            # One file per session start; failed attempts (a silent radio retried every
            # couple of seconds) append to the same file instead of littering the folder.
            self._trace = transport.open_trace(self._trace_dir, self.port, self.log)
        ser = transport.open_port(self.port, self.capabilities, self.log)
        session = Session(ser, name=self.port, on_event=self._on_event,
                          on_link_error=functools.partial(self._on_link_error,
                                                          self._generation),
                          command_timeout=self.capabilities.command_timeout_s,
                          trace=self._trace, family=self.capabilities.family,
                          clock=self.clock)
        self._session = session
        session.start()
        self._initialise(session)
        st = self.state()
        if st.desired_talkgroup is None:
            self._update(desired_talkgroup=st.talkgroup)
        elif st.desired_talkgroup != st.talkgroup:
            self.log.info("re-selecting talkgroup %s", st.desired_talkgroup)
            if self._optional(session, cmd.ctgs_select(st.desired_talkgroup)) is None:
                # Refused now (PEI.md §6): stay linked on the radio's own talkgroup, drop
                # the wish, and publish a fresh Talkgroup event showing where the radio is.
                self._update(desired_talkgroup=st.talkgroup)
                self._optional(session, cmd.ctgs_query())
        self._update(linked=True)

    def _initialise(self, session: Session) -> None:
        """The start sequence of PEI.md §4 (drivers/pei/startup.py)."""
        self._initialising = True
        try:
            startup.start_sequence(session, self.capabilities, self.log)
        finally:
            self._initialising = False

    def _optional(self, session: Session, line: str) -> Response | None:
        return startup.optional(session, line, self.log)

    def _watch(self) -> str | None:
        """Poll and heartbeat until the link dies (returns why) or stop (returns None)."""
        caps, session = self.capabilities, self._session
        assert session is not None
        now = self.clock.monotonic()
        period = {cmd.csq(): caps.poll_signal_s, cmd.cbc(): caps.poll_battery_s}
        due = {line: now + every for line, every in period.items()}
        misses = 0
        while not self._stopping.is_set():
            heartbeat_due = session.last_rx + caps.heartbeat_s
            self.clock.wait(self._attention,
                            max(0.0, min(*due.values(), heartbeat_due) - self.clock.monotonic()))
            if self._stopping.is_set():
                return None
            if self._link_reason is not None:
                return self._link_reason
            now = self.clock.monotonic()
            work = [line for line, at in due.items() if now >= at]
            if not work and now >= session.last_rx + caps.heartbeat_s:
                work = [cmd.at()]
            for line in work:
                if line in due:
                    due[line] = now + period[line]
                try:
                    session.command(line)
                    misses = 0
                except NoResponse:
                    misses += 1
                    if misses >= caps.heartbeat_misses:
                        return f"no answer to {misses} commands in a row"
                except CommandRejected as exc:
                    self.log.debug("poll rejected: %s", exc)
                except LinkLost as exc:
                    return self._link_reason or str(exc)
        return None

    def _disconnect(self) -> None:
        session, self._session = self._session, None
        try:
            if session is not None:
                session.close()
            if self.state().linked or self._stopping.is_set():
                self._close_trace()
        finally:
            # Without a link the call state is unknown; the floor is certainly not ours.
            with self._cond:
                self._own_cc = None
            self._update(linked=False, cc_instance=None, tx_state=TxState.IDLE)

    def _close_trace(self) -> None:
        trace, self._trace = self._trace, None
        if trace is not None:
            try:
                trace.close()
            except Exception:
                self.log.exception("closing the wire trace failed")


def _replace(st: RadioState, **changes: Any) -> RadioState:
    return dataclasses.replace(st, **changes)
