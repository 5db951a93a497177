"""One push-to-talk interface for every way of keying a transmitter (STYLE.md #14).

The desk keys a radio through :class:`Ptt` without knowing how it is keyed: the radio's own
floor control over the PEI (``pei``, drivers/ptt/pei_floor.py), a gateway keyed on a serial
control line (``serial``, drivers/ptt/serial_lines.py), later a USB audio interface's CM108
GPIO. A kind implements only its hardware (``_key``, ``_unkey``); what must hold for every
kind is here, once:

* **Transmit time-out (TOT)** on the injected clock (drivers/clock.py): ``tx_timeout_s``
  after keying, the transmitter is released and stays locked out until the operator
  releases (SvxLink TX TIMEOUT); ``press()`` meanwhile raises :class:`PttTimedOut`. Pressing
  again while keyed never extends the deadline.
* **Fail-safe release**: ``keyed()`` releases on any exit, also on exceptions;
  ``on_link_lost()`` and ``close()`` release; a press that straddles a link loss or a close
  is undone; a release that failed is tried again by the time-out.
* **One listener list** hears every change (:class:`PttChange`, with the deadline).

Threads: press, release, the time-out and close run one at a time (``_op``), because a
kind's hardware call may block (AT+CTXD waits for its OK). ``on_link_lost`` never waits for
them (it runs on a radio's supervisor thread, which must get on with reconnecting); it bumps
an epoch instead, and a press in progress that sees the epoch changed releases again.
"""

from __future__ import annotations

import abc
import enum
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

from drivers.base import Radio, TxState
from drivers.clock import SYSTEM_CLOCK, Cancellable, Clock
from drivers.errors import LinkLost, RadioError

DEFAULT_TX_TIMEOUT_S = 180.0
TIME_OUT_REASON = "transmit time-out"


class PttState(enum.Enum):
    RELEASED = "released"
    KEYED = "keyed"
    TIMED_OUT = "timed_out"  # released by the TOT; locked out until the operator releases
    ERROR = "error"  # the last key or release failed (``PttChange.error`` says why)
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class PttChange:
    """Sent to every listener on a change. ``deadline`` is on the PTT's clock."""

    state: PttState
    keyed_at: float | None = None
    deadline: float | None = None
    reason: str = ""
    timed_out: bool = False  # the transmit time-out caused this change (released or not)
    error: RadioError | None = None
    seq: int = field(default=0, compare=False, repr=False)  # listeners never get an older one


PttListener = Callable[[PttChange], None]


class PttTimedOut(RadioError):
    """Keying refused: the transmit time-out fired; release PTT before keying again."""


class PttConfigError(ValueError):
    """A PTT configuration that cannot work; the message names the setting."""


class Ptt(abc.ABC):
    """Key and release one transmitter. Create through drivers/ptt/registry.py."""

    method: ClassVar[str] = ""  # the registry id; set by ``@register``

    def __init__(self, name: str, *, clock: Clock = SYSTEM_CLOCK,
                 tx_timeout_s: float = DEFAULT_TX_TIMEOUT_S,
                 listener: PttListener | None = None) -> None:
        if not tx_timeout_s > 0:
            raise PttConfigError(f"the transmit time-out must be positive, not {tx_timeout_s!r}")
        self.name = name
        self.clock = clock
        self.tx_timeout_s = tx_timeout_s  # read at each key: a change applies to the next
        self.log = logging.getLogger(f"drivers.ptt[{name}]")
        self._listeners: list[PttListener] = [listener] if listener is not None else []
        self._op = threading.RLock()  # one hardware sequence at a time (see module doc)
        self._lock = threading.Lock()  # the fields below
        self._state = PttState.RELEASED
        self._keyed_at: float | None = None
        self._deadline: float | None = None
        self._timer: Cancellable | None = None  # armed: the transmitter may be keyed
        self._timer_token = 0
        self._epoch = 0  # bumped by on_link_lost and close
        self._seq = 0  # numbers the changes (under _lock) ...
        self._emitted = 0  # ... so that one made earlier is never reported after a later one
        self._emit_lock = threading.RLock()

    # --- what a kind implements -----------------------------------------------------------

    @classmethod
    @abc.abstractmethod
    def from_config(cls, config: Mapping[str, Any], *, radio: Radio | None, clock: Clock,
                    tx_timeout_s: float) -> Ptt:
        """Build from the radio's ``"ptt"`` settings; a bad setting raises PttConfigError."""

    @abc.abstractmethod
    def _key(self) -> TxState:
        """Key the transmitter; the floor state right after. On a RadioError the kind has
        left the transmitter released (as far as it can)."""

    @abc.abstractmethod
    def _unkey(self) -> None:
        """Release the transmitter; RadioError when that could not be done."""

    def _drop(self) -> None:
        """The link is lost: release what can be released without it."""
        self._unkey()

    def _close_hw(self, maybe_keyed: bool) -> None:
        """Release (if ``maybe_keyed``) and free the hardware; RadioErrors are logged."""
        if maybe_keyed:
            self._unkey()

    def tx_state(self, reported: TxState) -> TxState:
        """The floor state to show, given the one the radio reports. A keyed line is
        talking; floor control over the PEI overrides this (the radio knows the floor)."""
        return TxState.GRANTED if self.is_keyed else TxState.IDLE

    # --- state --------------------------------------------------------------------------

    @property
    def state(self) -> PttState:
        return self._state

    @property
    def is_keyed(self) -> bool:
        return self._state is PttState.KEYED

    @property
    def deadline(self) -> float | None:
        """When the time-out releases (on the PTT's clock), or None when not keyed."""
        with self._lock:
            return self._deadline

    def remaining_s(self) -> float | None:
        """Seconds until the time-out releases, or None when not keyed."""
        deadline = self.deadline
        return None if deadline is None else max(0.0, deadline - self.clock.monotonic())

    def add_listener(self, fn: PttListener) -> None:
        """``fn(change)`` on the thread that made the change; exceptions are logged."""
        self._listeners.append(fn)

    # --- operations ---------------------------------------------------------------------

    def press(self) -> TxState:
        """Key; returns the floor state (only GRANTED means talk). Raises RadioError:
        PttTimedOut while locked out, LinkLost when closed or the link went meanwhile."""
        with self._op:
            with self._lock:
                if self._state is PttState.CLOSED:
                    raise LinkLost(f"PTT {self.name} is closed")
                if self._state is PttState.TIMED_OUT:
                    raise PttTimedOut("transmit time-out: release PTT before keying again")
                epoch, armed = self._epoch, self._timer is not None
            try:
                floor = self._key()
            except Exception as exc:
                error = self._as_radio_error(exc, "key")
                if error is not exc:  # a bug in the kind: it may have keyed
                    self._unkey_quietly("after a failed key")
                # Keyed before (a repeated press failed): stay keyed and timed. Else: not keyed.
                self._emit(None if armed else self._set(PttState.ERROR, str(error), error=error))
                if error is exc:
                    raise
                raise error from exc
            with self._lock:
                straddled = epoch != self._epoch
                change = None if straddled else self._keyed(armed)
            if straddled:  # the link went, or close() ran, while keying: never stay keyed
                self._unkey_quietly("after a press that crossed a lost link or a close")
                raise LinkLost(f"PTT {self.name}: link lost or closed while keying")
        self._emit(change)
        return floor

    def release(self) -> None:
        """Release (always tells the hardware, also when not keyed); ends a lock-out.
        A failed release keeps the time-out armed, which tries again at the deadline."""
        with self._op:
            with self._lock:
                if self._state is PttState.CLOSED:
                    return
            try:
                self._unkey()
            except Exception as exc:
                error = self._as_radio_error(exc, "release")
                self._emit(self._set(PttState.ERROR, str(error), error=error, keep_timer=True))
                if error is exc:
                    raise
                raise error from exc
            change = self._set(PttState.RELEASED, "released")
        self._emit(change)

    def set_tx(self, on: bool) -> None:
        """``press()`` (True) or ``release()`` (False), for callers that hold a boolean."""
        if on:
            self.press()
        else:
            self.release()

    @contextmanager
    def keyed(self) -> Iterator[TxState]:
        """Key for the duration of the block; released on any exit, also on exceptions."""
        floor = self.press()
        try:
            yield floor
        finally:
            self.release()

    def check_timeout(self) -> bool:
        """Release now if the deadline has passed; True if this released (or tried to)."""
        with self._lock:
            token, deadline = self._timer_token, self._deadline
        if deadline is None or self.clock.monotonic() < deadline:
            return False
        return self._time_out(token)

    def on_link_lost(self, reason: str = "link lost") -> None:
        """The radio or port went away: release (best effort) and report it. Never waits
        for a press or release in progress (see the module doc)."""
        with self._lock:
            if self._state is PttState.CLOSED:
                return
            self._epoch += 1
            self._disarm()
        try:
            self._drop()
        except Exception as exc:
            error = self._as_radio_error(exc, "release on link loss")
            self.log.warning("release on link loss failed: %s", error)
            change = self._set(PttState.ERROR, reason, error=error)
        else:
            change = self._set(PttState.RELEASED, reason)
        self._emit(change)

    def close(self) -> None:
        """Release, free the hardware, refuse further presses. Idempotent; never raises."""
        with self._lock:
            if self._state is PttState.CLOSED:
                return
            self._epoch += 1
        with self._op:
            with self._lock:
                if self._state is PttState.CLOSED:
                    return
                maybe_keyed = self._timer is not None or self._state is PttState.KEYED
                self._disarm()
            try:
                self._close_hw(maybe_keyed)
            except RadioError as exc:
                self.log.warning("release on close failed: %s", exc)
            except Exception:  # never let shutdown stop here
                self.log.exception("closing PTT failed")
            change = self._set(PttState.CLOSED, "closed")
        self._emit(change)

    def __enter__(self) -> Ptt:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ----------------------------------------------------------------------

    def _keyed(self, armed: bool) -> PttChange | None:
        """Caller holds _lock. Keyed now; arm the time-out unless it already runs (a
        repeated press, or one after a failed release, keeps the first deadline)."""
        if armed and self._state is PttState.KEYED:
            return None  # nothing changed
        self._state = PttState.KEYED
        if not armed:
            self._keyed_at = self.clock.monotonic()
            self._deadline = self._keyed_at + self.tx_timeout_s
            self._arm(self.tx_timeout_s)
        return self._change(PttState.KEYED, "keyed")

    def _change(self, state: PttState, reason: str, error: RadioError | None = None,
                timed_out: bool = False) -> PttChange:
        """Caller holds _lock."""
        self._seq += 1
        return PttChange(state, self._keyed_at, self._deadline, reason, timed_out, error,
                         self._seq)

    def _arm(self, delay_s: float) -> None:
        """Caller holds _lock."""
        self._timer_token += 1
        token = self._timer_token
        self._timer = self.clock.call_later(delay_s, lambda: self._time_out(token))

    def _disarm(self) -> None:
        """Caller holds _lock."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None
        self._timer_token += 1
        self._keyed_at = self._deadline = None

    def _time_out(self, token: int) -> bool:
        """The clock's thread at the deadline (or check_timeout): release and lock out."""
        with self._op:  # a release in progress finishes first; then this may be stale
            with self._lock:
                if token != self._timer_token or self._deadline is None:
                    return False
                early = self._deadline - self.clock.monotonic()
                if early > 0:  # a timer that woke a little early: wait for the rest
                    self._arm(early)
                    return False
                keyed_for = self.clock.monotonic() - (self._keyed_at or 0.0)
            self.log.warning("keyed for %.0f s: transmit time-out, releasing", keyed_for)
            try:
                self._unkey()
            except Exception as exc:  # on the clock's thread: nothing may escape
                error = self._as_radio_error(exc, "release after the time-out")
                self.log.error("release after the transmit time-out failed: %s", error)
                change = self._set(PttState.ERROR, f"release after time-out failed: {error}",
                                   error=error, timed_out=True)
            else:
                change = self._set(PttState.TIMED_OUT, TIME_OUT_REASON, timed_out=True)
        self._emit(change)
        return True

    def _set(self, state: PttState, reason: str, *, error: RadioError | None = None,
             timed_out: bool = False, keep_timer: bool = False) -> PttChange | None:
        """Enter ``state`` (never out of CLOSED); the change to report, or None."""
        with self._lock:
            if self._state is PttState.CLOSED:
                return None
            if not keep_timer:
                self._disarm()
            self._state = state
            return self._change(state, reason, error, timed_out)

    def _as_radio_error(self, exc: Exception, what: str) -> RadioError:
        """RadioErrors are the hardware's; anything else is a bug, logged with its trace."""
        if isinstance(exc, RadioError):
            return exc
        self.log.error("%s failed unexpectedly", what, exc_info=exc)
        return RadioError(f"internal error: {type(exc).__name__}: {exc}")

    def _unkey_quietly(self, why: str) -> None:
        try:
            self._unkey()
        except Exception as exc:
            self.log.warning("release %s failed: %s", why, exc,
                             exc_info=not isinstance(exc, RadioError))

    def _emit(self, change: PttChange | None) -> None:
        if change is None:
            return
        with self._emit_lock:
            if change.seq <= self._emitted:
                return  # a newer change was reported meanwhile (a link lost during a press)
            self._emitted = change.seq
            self.log.debug("%s (%s)", change.state.value, change.reason)
            for fn in list(self._listeners):
                try:
                    fn(change)
                except Exception:
                    self.log.exception("PTT listener failed")


def check_keys(method: str, config: Mapping[str, Any], allowed: set[str]) -> None:
    """Refuse settings a kind does not know (a typo must not pass silently)."""
    unknown = sorted(set(config) - allowed - {"method"})
    if unknown:
        raise PttConfigError(f"PTT method {method!r} has no setting {', '.join(map(repr, unknown))}"
                             f"; known: {', '.join(sorted(allowed)) or 'none'}")
