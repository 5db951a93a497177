"""PTT over the PEI for PeiRadio (PEI.md §7.1, §7.3, §12.1): press, release, and the
release/hang-up on stop.

This is the radio's floor control; the console keys it through drivers/ptt/pei_floor.py
(PTT method ``pei``), which adds the transmit time-out and the fail-safe releases that every
PTT kind shares. One PTT sequence runs at a time (``_ptt_lock``). ``stop()`` decides about AT+CUTXC and ATH
INSIDE that lock and marks PTT closed there, so a press on another thread either finished
before (and is released here) or is refused: the session never closes with the floor held.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drivers.base import KEYED, TxState
from drivers.errors import LinkLost, NoResponse, NotSupported, RadioError
from drivers.pei import commands as cmd

if TYPE_CHECKING:
    from drivers.pei.radio import PeiRadio


class PttMixin:
    """PTT operations of PeiRadio; all state lives in PeiRadio."""

    def ptt_press(self: PeiRadio, priority: int | None = None) -> TxState:
        """Demand the floor (PEI.md §7.3). Sets up a group call first when the radio has no
        CC instance (AT+CTSDC + ATD<gssi>, §7.1). Returns the floor state at the OK; only
        GRANTED means talk, and it may arrive later as a TxGrant event."""
        self.capabilities.require("ptt_over_pei")
        prio = self.capabilities.ptt_priority if priority is None else priority
        with self._ptt_lock:
            if self._ptt_closed:
                raise LinkLost(f"{self.port}: stopping; PTT refused")
            cc = self.state().cc_instance
            if cc is None:
                cc = self._set_up_group_call()
            self._update_tx_if(TxState.REQUESTING, {TxState.IDLE, TxState.REFUSED,
                                                     TxState.OTHER_TALKER})
            try:
                self._command(cmd.ctxd(cc, prio))
            except RadioError:
                self._update_tx_if(TxState.IDLE, {TxState.REQUESTING})
                raise
            return self.tx_state

    def ptt_release(self: PeiRadio) -> None:
        """AT+CUTXC=<cc> (PEI.md §7.3)."""
        self.capabilities.require("ptt_over_pei")
        with self._ptt_lock:
            self._release_locked()

    def _release_locked(self: PeiRadio) -> None:
        cc = self.state().cc_instance
        if cc is not None:
            self._command(cmd.cutxc(cc))
        self._update_tx_if(TxState.IDLE, set(KEYED) | {TxState.REFUSED})

    def _release_on_stop(self: PeiRadio) -> None:
        """PEI.md §12.1: release PTT if keyed, on every exit path; hang up a call the
        console set up and still has (ATH, §7.1). Decided under the PTT lock."""
        with self._ptt_lock:  # no PTT sequence may set up or key a call meanwhile
            self._ptt_closed = True
            st = self.state()
            if st.tx_state in KEYED and st.cc_instance is not None:
                try:
                    self._release_locked()
                except RadioError as exc:
                    self.log.warning("could not release PTT on stop: %s", exc)
            with self._cond:
                own = self._own_cc is not None and self._own_cc == self._st.cc_instance
            try:
                if own:
                    self._command(cmd.ath())
            except RadioError as exc:
                self.log.warning("could not hang up on stop: %s", exc)

    def _set_up_group_call(self: PeiRadio) -> int:
        st = self.state()
        gssi = st.desired_talkgroup or st.talkgroup
        if gssi is None:
            raise NotSupported(f"{self.port}: no talkgroup selected to call")
        self._update(tx_state=TxState.REQUESTING)
        try:
            self._command(cmd.ctsdc_group_speech())
            self._command(cmd.atd(gssi))
            # The CC instance comes with +CTOCP/+CTCC, before or after the OK (PEI.md §15).
            if not self.wait_state(lambda s: s.cc_instance is not None,
                                   self.capabilities.command_timeout_s):
                raise NoResponse(f"{self.port}: group call to {gssi} got no CC instance")
            with self._cond:
                self._own_cc = self._st.cc_instance
        except RadioError:
            self._update_tx_if(TxState.IDLE, {TxState.REQUESTING})
            raise
        return self.state().cc_instance  # type: ignore[return-value]
