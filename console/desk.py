"""The Desk: Qt-free coordinator between the radios, the journal and the operator.

Radio events become journal entries (``radio.<kind>``, drill-flagged in training mode).
Operator commands run on one worker thread per radio (never on the GUI thread, and in the
order given: a PTT release never overtakes its press); each command is journaled before it
runs and its outcome after it (``command.result``). Emergencies take a fast path to the
listeners in parallel with their journal commit, so an alarm shows even when the disk is
full (ARCHITECTURE.md, "Emergencies take the shortest path").

Push-to-talk goes through one :class:`drivers.ptt.base.Ptt` per radio, whatever keys it
(the radio's floor control over the PEI, a gateway's serial line): the transmit time-out and
the fail-safe releases live there; the desk journals what the time-out did and releases on a
lost link and on stop. Time is the injected ``clock`` (drivers/clock.py), shared with the
radios and their PTT.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from console.desk_outcome import CommandOutcome, outcome_of
from console.journal.entry import new_entry_id
from console.journal.kinds import (
    COMMAND_HOLD,
    COMMAND_PTT_PRESS,
    COMMAND_PTT_RELEASE,
    COMMAND_RESULT,
    COMMAND_SEND_STATUS,
    COMMAND_SEND_TEXT,
    COMMAND_TALKGROUP_SELECT,
    command_name,
    radio_kind,
)
from console.journal.store import JournalError, JournalStore
from console.journal.unsaved import Unsaved
from drivers import events as ev
from drivers import registry
from drivers.base import Radio, RadioState, TxState
from drivers.clock import SYSTEM_CLOCK, Clock
from drivers.errors import NotSupported, RadioError
from drivers.ptt import registry as ptt_registry
from drivers.ptt.base import TIME_OUT_REASON, Ptt, PttChange, PttConfigError, PttState

LOG = logging.getLogger(__name__)

# Final results belong to the command that caused them, not to the journal on their own.
NOT_JOURNALED = frozenset({"ok", "error"})
SYSTEM_OPERATOR = "system"
UNSAVED_LIMIT = 200_000  # radio events kept in memory while the journal cannot save
EMERGENCY_EVENTS = (ev.Status, ev.CallIncoming, ev.Location)

EmergencyListener = Callable[[str, str, str, dict[str, Any]], None]  # alarm id, radio, kind, payload
StateListener = Callable[[str, RadioState], None]


@dataclass(frozen=True, slots=True)
class RadioConfig:
    radio_id: str
    port: str
    driver: str = "pei.motorola"
    alias: str = ""
    options: dict[str, Any] = field(default_factory=dict)  # driver options (baudrate, ...)
    # PTT method: {} or {"method": "pei"} keys over the PEI (AT+CTXD); {"method": "serial",
    # "port": ..., "line": "RTS"|"DTR", "invert": bool} keys a gateway's control line
    # (drivers/ptt/registry.py knows the methods).
    ptt: dict[str, Any] = field(default_factory=dict)


class Desk:
    def __init__(self, store: JournalStore, radios: list[RadioConfig], *, training: bool,
                 trace_dir: Path | None = None, tx_timeout_s: float = 60.0,
                 clock: Clock = SYSTEM_CLOCK, held: dict[str, str] | None = None):
        self.store = store
        self.training = training
        self.clock = clock
        self._tx_timeout_s = tx_timeout_s
        self.configs = {c.radio_id: c for c in radios}
        self.radios: dict[str, Radio] = {}
        self._trace_dir = trace_dir
        self._workers: dict[str, ThreadPoolExecutor] = {}
        self._emergency_listeners: list[EmergencyListener] = []
        self._state_listeners: list[StateListener] = []
        self._last_state: dict[str, RadioState] = {}
        # radio -> GSSI the operator holds it on; ``held`` is the Holds projection's, so a
        # hold survives a restart (the radio is moved back to it when it reports another)
        self._held: dict[str, str] = {r: g for r, g in (held or {}).items()
                                      if r in self.configs}
        self._selecting: set[str] = set()  # radios with a group select in flight
        self._pending: set[Future] = set()  # outcomes not yet resolved (shutdown resolves them)
        self._ptt: dict[str, Ptt] = {}  # radio -> its push-to-talk, whatever keys it
        self._ptt_errors: dict[str, str] = {}  # radio -> why it has no push-to-talk
        self._lock = threading.Lock()
        # State notifications of one radio, in order (_notify_state). One lock per radio:
        # one for all made 500 radios link up one after another (radio.state() waits while
        # its radio is busy), 8 s of a 12 s start.
        self._notify_locks = {radio_id: threading.RLock() for radio_id in self.configs}
        # Radio events the journal could not save (full disk, read-only): kept here and
        # saved when it can save again, with the time they were heard.
        self._unsaved: collections.deque = collections.deque(maxlen=UNSAVED_LIMIT)
        self._backlog_listeners: list[Callable[[int], None]] = []
        store.add_health_listener(self._journal_health)

    # -- life cycle ---------------------------------------------------------------------
    def start(self) -> None:
        for cfg in self.configs.values():
            try:
                radio = registry.create(cfg.driver, radio_id=cfg.radio_id, port=cfg.port,
                                        sink=self._on_event, trace_dir=self._trace_dir,
                                        clock=self.clock, **cfg.options)
                radio.start()
            except (RadioError, KeyError, OSError, TypeError) as exc:
                LOG.error("radio %s on %s could not start: %s", cfg.radio_id, cfg.port, exc)
                continue
            self.radios[cfg.radio_id] = radio
            self._workers[cfg.radio_id] = ThreadPoolExecutor(
                1, thread_name_prefix=f"desk[{cfg.radio_id}]")
            self._attach_ptt(cfg, radio)

    def _attach_ptt(self, cfg: RadioConfig, radio: Radio) -> None:
        """The radio's PTT; a bad setting is named (logged, kept for ``ptt_error`` and the
        outcome of every press), and the radio works on without PTT."""
        try:  # a serial line is idle from before open(): never keyed on start
            ptt = ptt_registry.create(config=cfg.ptt, radio=radio, clock=self.clock,
                                      tx_timeout_s=self._tx_timeout_s)
        except (PttConfigError, RadioError) as exc:
            self._ptt_errors[cfg.radio_id] = f"PTT {cfg.ptt or {}} unusable: {exc}"
            LOG.error("radio %s has no push-to-talk: %s", cfg.radio_id,
                      self._ptt_errors[cfg.radio_id])
        else:
            ptt.add_listener(functools.partial(self._ptt_changed, cfg.radio_id))
            self._ptt[cfg.radio_id] = ptt
        # The radio linked before its PTT was made: tell the screen either way.
        self._notify_state(cfg.radio_id, force=True)

    def stop(self) -> None:
        """Release every PTT, then stop every radio (each releases its floor too); never
        raises."""
        for worker in self._workers.values():
            worker.shutdown(wait=True, cancel_futures=True)
        for result in list(self._pending):  # jobs cancelled above never finished them
            result.set_result(CommandOutcome("", "", "", "error",
                                             detail="console is shutting down"))
        self._pending.clear()
        for ptt in self._ptt.values():
            ptt.close()  # releases first; never raises
        self._ptt.clear()
        for radio_id, radio in self.radios.items():
            try:
                radio.stop()
            except Exception:
                LOG.exception("radio %s did not stop cleanly", radio_id)
        self.radios.clear()
        self._workers.clear()

    # -- listeners ----------------------------------------------------------------------
    def add_emergency_listener(self, fn: EmergencyListener) -> None:
        """``fn(alarm_id, radio_id, kind, payload)`` on a radio thread, before the commit."""
        self._emergency_listeners.append(fn)

    def add_state_listener(self, fn: StateListener) -> None:
        """``fn(radio_id, state)`` whenever a radio's snapshot changed (link, TX, group), in
        order; ``fn`` must not block (it runs under the desk's notification lock)."""
        self._state_listeners.append(fn)

    def alias(self, radio_id: str) -> str:
        cfg = self.configs.get(radio_id)
        return (cfg.alias or radio_id) if cfg else radio_id

    def radio_state(self, radio_id: str) -> RadioState | None:
        radio = self.radios.get(radio_id)
        return radio.state() if radio else None

    def ptt(self, radio_id: str) -> Ptt | None:
        """The radio's push-to-talk (None when it has none: see ``ptt_error``)."""
        return self._ptt.get(radio_id)

    def ptt_error(self, radio_id: str) -> str | None:
        """Why the radio has no push-to-talk (a bad or unusable PTT setting), if so."""
        return self._ptt_errors.get(radio_id)

    def ptt_line(self, radio_id: str) -> Ptt | None:
        """The control-line PTT of a gateway radio (None when it keys over the PEI)."""
        ptt = self._ptt.get(radio_id)
        return ptt if ptt is not None and ptt.method != "pei" else None

    @property
    def tx_timeout_s(self) -> float:
        return self._tx_timeout_s

    @tx_timeout_s.setter
    def tx_timeout_s(self, seconds: float) -> None:
        """Applies from each PTT's next key on."""
        self._tx_timeout_s = seconds
        for ptt in list(self._ptt.values()):
            ptt.tx_timeout_s = seconds

    def held_group(self, radio_id: str) -> str | None:
        return self._held.get(radio_id)

    # -- operator commands (non-blocking; each returns a Future[CommandOutcome]) ---------
    def select_talkgroup(self, radio_id: str, gssi: str, *, operator: str,
                         detail: str = "") -> Future:
        def select(radio: Radio) -> None:
            self._select(radio, radio_id, gssi)
            if self._held.get(radio_id) not in (None, gssi):
                self._held[radio_id] = gssi  # a group the radio accepted takes the hold along
        return self._run(radio_id, COMMAND_TALKGROUP_SELECT, {"gssi": gssi}, operator, select,
                         detail=detail)

    def set_hold(self, radio_id: str, gssi: str | None, *, operator: str) -> Future:
        def hold(radio: Radio) -> None:
            if gssi is None:
                self._held.pop(radio_id, None)
                return
            if radio.state().talkgroup != gssi:
                self._select(radio, radio_id, gssi)
            self._held[radio_id] = gssi  # only once the radio is on it
        return self._run(radio_id, COMMAND_HOLD, {"gssi": gssi}, operator, hold)

    def _select(self, radio: Radio, radio_id: str, gssi: str) -> None:
        """While our own select runs, the radio's confirmations are not a departure from
        the held group (the hold moves only when the radio accepted the new one)."""
        self._selecting.add(radio_id)
        try:
            radio.select_talkgroup(gssi)
        finally:
            self._selecting.discard(radio_id)

    def ptt_press(self, radio_id: str, *, operator: str) -> Future:
        """Key the radio (its PTT arms the transmit time-out); the outcome carries the floor
        state at once (only ``granted`` means talk)."""
        if radio_id in self._ptt:
            self._notify_state(radio_id, tx=TxState.REQUESTING)  # before the radio answers
        return self._run(radio_id, COMMAND_PTT_PRESS, {}, operator,
                         lambda radio: self._ptt_of(radio_id).press())

    def ptt_release(self, radio_id: str, *, operator: str, detail: str = "") -> Future:
        # On the radio's worker, after the press: a release never overtakes its press.
        return self._run(radio_id, COMMAND_PTT_RELEASE, {}, operator,
                         lambda radio: self._ptt_of(radio_id).release(), detail=detail)

    def tx_deadline(self, radio_id: str) -> float | None:
        """When (on the desk's clock) the transmit time-out releases PTT, if keyed."""
        ptt = self._ptt.get(radio_id)
        return ptt.deadline if ptt is not None else None

    def _ptt_of(self, radio_id: str) -> Ptt:
        ptt = self._ptt.get(radio_id)
        if ptt is None:
            raise NotSupported(f"radio {radio_id} has no push-to-talk: "
                               f"{self._ptt_errors.get(radio_id, 'none configured')}")
        return ptt

    def _ptt_changed(self, radio_id: str, change: PttChange) -> None:
        """On the thread that changed the PTT (a worker, the clock's, a radio's)."""
        if change.state is PttState.CLOSED:
            return  # shutting down: the screen is going too
        self._notify_state(radio_id, force=True)  # the deadline changed, the snapshot may not
        if change.timed_out:
            # The PTT has released already (fail-safe, without waiting for anything here);
            # journal it as the system's release, with what became of it.
            def released(radio: Radio) -> None:
                if change.error is not None:
                    raise change.error
            self._run(radio_id, COMMAND_PTT_RELEASE, {}, SYSTEM_OPERATOR, released,
                      detail=TIME_OUT_REASON)

    def send_status(self, radio_id: str, to: str, value: int, *, operator: str) -> Future:
        return self._run(radio_id, COMMAND_SEND_STATUS, {"to": to, "value": value}, operator,
                         lambda r: r.send_status(to, value))

    def send_text(self, radio_id: str, to: str, text: str, *, operator: str) -> Future:
        return self._run(radio_id, COMMAND_SEND_TEXT, {"to": to, "text": text}, operator,
                         lambda r: r.send_text(to, text, report_request=True))

    # -- internals ----------------------------------------------------------------------
    def _run(self, radio_id: str, kind: str, args: dict[str, Any], operator: str,
             action: Callable[[Radio], Any], detail: str = "") -> Future:
        """Journal the command (``kind``: a command.* kind), run it on the radio's worker,
        journal its outcome."""
        name = command_name(kind)
        result: Future = Future()
        self._pending.add(result)
        command: Future | None = None
        try:
            command = self.store.append(kind, {"radio": radio_id, **args},
                                        operator=operator, drill=self.training)
            command_id = command.entry_id
        except JournalError as exc:  # the command still runs: the radio matters more
            LOG.error("command %s on %s not journaled: %s", name, radio_id, exc)
            command_id = new_entry_id()
        radio, worker = self.radios.get(radio_id), self._workers.get(radio_id)
        if radio is None or worker is None:
            return self._finish(result, CommandOutcome(
                command_id, name, radio_id, "link_lost", detail="radio not attached"), operator,
                command)

        def job() -> None:
            try:
                value = action(radio)
            except Exception as exc:  # RadioError expected; anything else is logged as bug
                if not isinstance(exc, RadioError):
                    LOG.exception("command %s on %s failed unexpectedly", name, radio_id)
                out = outcome_of(command_id, name, radio_id, exc, detail)
            else:
                out = outcome_of(command_id, name, radio_id, None, detail, value)
            self._finish(result, out, operator, command)
            self._notify_state(radio_id)

        try:
            worker.submit(job)
        except RuntimeError:  # shutting down
            self._finish(result, CommandOutcome(command_id, name, radio_id, "error",
                                                detail="console is shutting down"), operator,
                         command)
        return result

    def _finish(self, result: Future, out: CommandOutcome, operator: str,
                command: Future | None) -> Future:
        """Resolve only when the command and its outcome are both committed (or failed to
        be): ``saved`` tells the screen whether it may say so."""
        entries = [command] if command is not None else []
        try:
            entries.append(self.store.append(COMMAND_RESULT, out.payload(), operator=operator,
                                             drill=self.training))
        except JournalError as exc:
            LOG.error("outcome of %s not journaled: %s", out.command, exc)
            entries.append(None)
        left = [len(entries)]
        lock = threading.Lock()

        def one_done(_: Future | None = None) -> None:
            with lock:
                left[0] -= 1
                if left[0]:
                    return
            saved = all(f is not None and f.exception() is None for f in entries)
            self._pending.discard(result)
            if not result.done():
                result.set_result(dataclasses.replace(out, saved=saved))
        for f in entries:
            if f is None:
                one_done()
            else:
                f.add_done_callback(one_done)
        return result

    def _on_event(self, radio_id: str, event: ev.Event) -> None:
        """Runs on a radio's I/O thread: hand the entry to the journal writer, never block."""
        if event.kind in NOT_JOURNALED:
            return
        kind = radio_kind(event.kind)
        payload = {"radio": radio_id, **{k: v for k, v in event.to_dict().items()
                                         if k != "kind"}}
        entry_id = self._save_radio_event(kind, payload, new_entry_id(), self.clock.wall_ms())
        if isinstance(event, EMERGENCY_EVENTS) and event.is_emergency:
            for fn in self._emergency_listeners:
                _call(fn, entry_id, radio_id, kind, payload)
        if isinstance(event, ev.LinkLost):
            ptt = self._ptt.get(radio_id)
            if ptt is not None:
                ptt.on_link_lost(event.reason)  # never transmit blind on a lost radio
        self._notify_state(radio_id)
        if isinstance(event, ev.Talkgroup) and not ev.is_scan_group(event.group_type):
            self._keep_hold(radio_id, event.gssi)

    def _save_radio_event(self, kind: str, payload: dict[str, Any], entry_id: str,
                          heard_ms: int) -> str:
        with self._lock:
            queued = bool(self._unsaved)
            if queued:  # older events wait: queue behind them, keep the order
                self._keep_unsaved(kind, payload, entry_id, heard_ms)
        if queued:
            self._backlog_changed()
            return entry_id
        try:
            future = self.store.append(kind, payload, operator=SYSTEM_OPERATOR,
                                       drill=self.training, entry_id=entry_id)
        except JournalError as exc:  # closed during shutdown
            LOG.warning("event %s not journaled: %s", kind, exc)
            return entry_id

        def kept_if_failed(f: Future) -> None:
            if f.exception() is not None:
                with self._lock:
                    self._keep_unsaved(kind, payload, entry_id, heard_ms)
                self._backlog_changed()
        future.add_done_callback(kept_if_failed)
        return entry_id

    def _keep_unsaved(self, kind: str, payload: dict[str, Any], entry_id: str,
                      heard_ms: int) -> None:
        """Caller holds _lock."""
        if len(self._unsaved) == UNSAVED_LIMIT:
            LOG.error("%d radio events wait for the journal: the oldest is dropped",
                      UNSAVED_LIMIT)
        self._unsaved.append((kind, payload, entry_id, heard_ms))

    def _journal_health(self, health: Any) -> None:
        """On the journal writer: saving works again, so save what waited, oldest first."""
        if not health.ok:
            return
        with self._lock:
            waiting, self._unsaved = list(self._unsaved), collections.deque(
                maxlen=UNSAVED_LIMIT)
        if waiting:
            LOG.warning("saving %d radio events that waited for the journal", len(waiting))
        for kind, payload, entry_id, heard_ms in waiting:
            self._save_radio_event(kind, {**payload, "heard_ms": heard_ms}, entry_id,
                                   heard_ms)
        self._backlog_changed()

    def add_backlog_listener(self, fn: Callable[[int], None]) -> None:
        """``fn(count)`` whenever the number of radio events waiting for the journal
        changed (any thread; the screen can say how many wait)."""
        self._backlog_listeners.append(fn)

    def _backlog_changed(self) -> None:
        count = self.unsaved_count()
        for fn in self._backlog_listeners:
            _call(fn, count)

    def take_unsaved(self) -> list[Unsaved]:
        """Hand over what still waits for the journal, oldest first (at exit: for the
        recovery file), with the time each was heard. Backlog listeners are not told:
        the screen is gone by then."""
        with self._lock:
            waiting, self._unsaved = list(self._unsaved), collections.deque(
                maxlen=UNSAVED_LIMIT)
        return [Unsaved(entry_id, kind, {**payload, "heard_ms": heard_ms}, SYSTEM_OPERATOR,
                        self.training) for kind, payload, entry_id, heard_ms in waiting]

    def unsaved_count(self) -> int:
        with self._lock:
            return len(self._unsaved)

    def _keep_hold(self, radio_id: str, gssi: str) -> None:
        held = self._held.get(radio_id)
        if held is not None and gssi != held and radio_id not in self._selecting:
            LOG.info("radio %s left held group %s for %s; selecting it again", radio_id,
                     held, gssi)
            self.select_talkgroup(radio_id, held, operator=SYSTEM_OPERATOR, detail="hold")

    def _notify_state(self, radio_id: str, tx: TxState | None = None,
                      force: bool = False) -> None:
        radio = self.radios.get(radio_id)
        if radio is None:
            return
        ptt = self._ptt.get(radio_id)
        # Read, compare AND deliver together: notifications come from several threads (the
        # radio's, its worker, the PTT's clock), and a snapshot read earlier but delivered
        # later would leave the screen on an older state (QUEUED overwritten by REQUESTING).
        with self._notify_locks[radio_id]:
            state = radio.state()
            if ptt is not None and tx is None:
                tx = ptt.tx_state(state.tx_state)  # a keyed line is talking
            if tx is not None and tx != state.tx_state:
                state = dataclasses.replace(state, tx_state=tx)
            if self._last_state.get(radio_id) == state and not force:
                return
            self._last_state[radio_id] = state
            for fn in self._state_listeners:
                _call(fn, radio_id, state)


def _call(fn: Callable[..., None], *args: Any) -> None:
    try:
        fn(*args)
    except Exception:
        LOG.exception("desk listener %r failed", fn)

