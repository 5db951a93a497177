"""One PTT interface, every kind (STYLE.md #14): the same tests key the radio's floor control
over the PEI (PeiRadio and a simulated radio on a pseudo-terminal) and a gateway's serial
line (loop://: RTS drives CTS). The transmit time-out runs on a FakeClock; "on the air" is
what the other end sees (the simulator's floor, the CTS level)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pytest

from drivers import events as ev
from drivers.base import TxState
from drivers.clock import FakeClock
from drivers.errors import LinkLost, NoResponse, RadioError
from drivers.pei.radio import PeiRadio
from drivers.ptt import registry
from drivers.ptt.base import Ptt, PttState, PttTimedOut
from drivers.sim.radio import SimRadio
from tests.drivers.test_radio_e2e import FAST, Sink

TX_TIMEOUT_S = 30.0


@dataclass
class Rig:
    ptt: Ptt
    clock: FakeClock
    changes: list
    on_air: Any  # () -> bool, what the other end sees
    lose_link: Any  # () -> None: the cable goes; the desk's part is ptt.on_link_lost
    wait: Any  # (predicate) -> bool: bytes on a pty take real time

    def wait_on_air(self, expected: bool) -> bool:
        return self.wait(lambda: self.on_air() == expected)


@pytest.fixture(params=["pei", "serial"])
def rig(request, tmp_path):
    clock, changes = FakeClock(), []
    if request.param == "serial":
        ptt = registry.create("serial", config={"port": "loop://", "line": "RTS"}, clock=clock,
                              tx_timeout_s=TX_TIMEOUT_S)
        ptt.add_listener(changes.append)
        port = ptt._port  # loop://: the CTS level is what the gateway sees (RTS when closed)
        yield Rig(ptt, clock, changes, lambda: port.cts if port.is_open else port.rts,
                  lambda: ptt.on_link_lost("gateway unplugged"), lambda p: p())
        ptt.close()
        return
    sim = SimRadio("2041234", tmp_path, talkgroups=[("1000001", "TG-1")], gssi="1000001")
    sim.start()
    sink = Sink()
    radio = PeiRadio("r1", sim.device, sink=sink, **FAST)
    radio.start(timeout=5)
    ptt = registry.create(config={}, radio=radio, clock=clock, tx_timeout_s=TX_TIMEOUT_S)
    ptt.add_listener(changes.append)

    def on_air() -> bool:  # the console holds the floor through the cable
        with sim.cond:
            return sim.plugged and any(call.own_floor and not call.ended
                                       for call in sim.calls.values())

    def wait(predicate) -> bool:
        with sim.cond:
            return sim.cond.wait_for(predicate, 5)

    def lose_link() -> None:
        mark = sink.mark()
        sim.unplug()
        lost = sink.wait(lambda e: isinstance(e, ev.LinkLost), timeout=5, start=mark)
        ptt.on_link_lost(lost.reason)  # what the desk does with the event

    yield Rig(ptt, clock, changes, on_air, lose_link, wait)
    ptt.close()
    radio.stop()
    sim.close()


def test_press_keys_and_release_unkeys(rig):
    assert rig.ptt.press() in (TxState.REQUESTING, TxState.GRANTED)
    assert rig.wait_on_air(True) and rig.ptt.is_keyed
    assert rig.changes[-1].state is PttState.KEYED
    assert rig.ptt.deadline == rig.clock.monotonic() + TX_TIMEOUT_S
    rig.ptt.release()
    assert rig.wait_on_air(False) and rig.ptt.state is PttState.RELEASED
    assert rig.ptt.deadline is None


def test_keyed_releases_on_an_exception_inside(rig):
    with pytest.raises(ZeroDivisionError), rig.ptt.keyed():
        assert rig.wait_on_air(True)
        _ = 1 / 0
    assert rig.wait_on_air(False) and rig.ptt.state is PttState.RELEASED


def test_link_loss_releases_and_disarms_the_time_out(rig):
    rig.ptt.press()
    assert rig.wait_on_air(True)
    rig.lose_link()
    assert rig.ptt.state is PttState.RELEASED and rig.ptt.deadline is None
    assert not rig.on_air()
    rig.clock.advance(TX_TIMEOUT_S + 1)
    assert not any(c.timed_out for c in rig.changes)  # nothing left to time out


def test_close_releases_and_refuses_to_key(rig):
    rig.ptt.press()
    assert rig.wait_on_air(True)
    rig.ptt.close()
    assert rig.wait_on_air(False) and rig.ptt.state is PttState.CLOSED
    with pytest.raises(LinkLost):
        rig.ptt.press()
    rig.ptt.release()  # harmless
    rig.ptt.close()  # idempotent


def test_transmit_time_out_on_the_fake_clock_then_lock_out(rig):
    rig.ptt.press()
    assert rig.wait_on_air(True)
    rig.clock.advance(TX_TIMEOUT_S - 0.5)
    assert rig.on_air() and rig.ptt.remaining_s() == 0.5
    rig.ptt.press()  # pressed again while keyed: the deadline does not move
    rig.clock.advance(0.5)  # the time-out releases inside advance()
    assert rig.wait_on_air(False)
    assert rig.ptt.state is PttState.TIMED_OUT and rig.changes[-1].timed_out
    with pytest.raises(PttTimedOut):
        rig.ptt.press()  # the operator still holds the key: locked out
    rig.ptt.release()
    rig.ptt.press()
    assert rig.wait_on_air(True)


# --- the shared rules, on a kind that only records --------------------------------------

class Recorder(Ptt):
    """A kind whose hardware is a list; ``fail`` makes the next key or release fail."""

    def __init__(self, clock, **kwargs):
        super().__init__("recorder", clock=clock, **kwargs)
        self.calls: list[str] = []
        self.fail: dict[str, BaseException] = {}
        self.during_key = lambda: None

    @classmethod
    def from_config(cls, config, *, radio, clock, tx_timeout_s):
        return cls(clock, tx_timeout_s=tx_timeout_s)

    def _key(self):
        self.calls.append("key")
        self.during_key()
        if "key" in self.fail:
            raise self.fail.pop("key")
        return TxState.GRANTED

    def _unkey(self):
        self.calls.append("unkey")
        if "unkey" in self.fail:
            raise self.fail.pop("unkey")


@pytest.fixture
def recorder():
    clock = FakeClock()
    ptt = Recorder(clock, tx_timeout_s=10.0)
    yield ptt, clock
    ptt.close()


def test_a_press_that_crosses_a_link_loss_is_undone(recorder):
    ptt, _ = recorder
    ptt.during_key = lambda: ptt.on_link_lost("cable pulled")  # the link goes mid-key
    with pytest.raises(LinkLost):
        ptt.press()
    # released by the link loss, and again by the press that saw it: never left keyed
    assert ptt.calls == ["key", "unkey", "unkey"] and ptt.state is PttState.RELEASED
    assert ptt.deadline is None


def test_a_failed_release_is_retried_by_the_time_out(recorder):
    ptt, clock = recorder
    ptt.press()
    ptt.fail["unkey"] = NoResponse("no OK to AT+CUTXC")
    with pytest.raises(NoResponse):
        ptt.release()
    assert ptt.state is PttState.ERROR and ptt.deadline is not None  # maybe still keyed
    clock.advance(10.0)
    assert ptt.calls == ["key", "unkey", "unkey"] and ptt.state is PttState.TIMED_OUT


def test_a_bug_in_a_kind_becomes_a_radio_error_and_a_release(recorder):
    ptt, _ = recorder
    ptt.fail["key"] = KeyError("bug")
    with pytest.raises(RadioError, match="internal error"):
        ptt.press()
    assert ptt.calls == ["key", "unkey"] and ptt.state is PttState.ERROR


def test_listeners_never_hear_an_older_change_after_a_newer_one(recorder):
    ptt, _ = recorder
    heard: list[PttState] = []
    ptt.add_listener(lambda change: heard.append(change.state))
    started, go = threading.Event(), threading.Event()

    def slow_key():
        started.set()
        assert go.wait(5)

    ptt.during_key = slow_key
    outcome: list[BaseException] = []

    def press() -> None:
        try:
            ptt.press()
        except RadioError as exc:
            outcome.append(exc)

    presser = threading.Thread(target=press)
    presser.start()
    assert started.wait(5)
    ptt.on_link_lost("gone")  # does not wait for the press in progress
    go.set()
    presser.join(5)
    assert isinstance(outcome[0], LinkLost)
    assert heard == [PttState.RELEASED] and ptt.state is PttState.RELEASED


def test_listener_failures_are_contained(recorder):
    ptt, _ = recorder
    ptt.add_listener(lambda change: 1 / 0)
    ptt.press()
    ptt.release()
    assert ptt.calls == ["key", "unkey"]
