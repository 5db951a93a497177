"""stop() racing a PTT press on another thread (PEI.md §12.1): the session must never
close with the floor requested or held. Scripted openpty peer; bounded waits only."""

from __future__ import annotations

import threading

from drivers.errors import RadioError
from drivers.pei.radio import PeiRadio
from tests.drivers.test_radio_e2e import Sink
from tests.drivers.test_radio_faults import QUICK
from tests.drivers.test_session import FakePeer, reply

CTICN = "+CTICN: 5,0,0,1,2040123402040002,1,1,0,1,1,0,1000001,0"  # incoming group call


def test_press_in_the_middle_of_stop_is_released_or_refused():
    peer = FakePeer({"AT+CTGS?": reply("+CTGS: 1,1000001", "OK")}, reply("OK"))
    radio = PeiRadio("p1", peer.path, sink=Sink(), **QUICK)
    try:
        radio.start(timeout=2)
        peer.send(reply(CTICN))
        assert radio.wait_state(lambda s: s.cc_instance == 5, 2)
        stopper = threading.current_thread()
        real_state, outcome = radio.state, []

        def press() -> None:
            try:
                outcome.append(radio.ptt_press())
            except RadioError as exc:
                outcome.append(exc)

        def racing_state():
            # stop()'s first look at the state, if taken outside the PTT lock: a press on
            # another thread runs to its OK right then (the race the reviewer found)
            seen = real_state()
            if (threading.current_thread() is stopper and not outcome
                    and not radio._ptt_lock.locked()):
                presser = threading.Thread(target=press)
                presser.start()
                presser.join(3)
            return seen

        radio.state = racing_state
        radio.stop()
        if not outcome:  # the press comes after stop() took the PTT lock: refused
            press()
        items = peer.items()
        if any(i.startswith("AT+CTXD") for i in items):
            last_ctxd = max(n for n, i in enumerate(items) if i.startswith("AT+CTXD"))
            assert any(i.startswith("AT+CUTXC=5") for i in items[last_ctxd:]), items
        else:
            assert isinstance(outcome[0], RadioError)
    finally:
        radio.stop()
        peer.close()
