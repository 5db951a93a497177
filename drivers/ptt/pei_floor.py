"""PTT through the radio's own floor control over the PEI, method ``pei`` (the default).

``press`` is ``Radio.ptt_press`` (AT+CTXD, setting up a group call first when there is none,
PEI.md §7.1, §7.3; drivers/pei/ptt.py), ``release`` is ``Radio.ptt_release`` (AT+CUTXC).
Unlike a keyed line, the floor is the network's to give: ``press`` returns what the radio
said at its OK (only GRANTED means talk; a grant may follow as a TxGrant event), and the
floor state shown is the radio's. The time-out and the fail-safe releases are
drivers/ptt/base.py's.

On a lost link nothing is sent: there is no link to send on, and the driver drops the floor
with the link (drivers/pei/radio.py ``_disconnect``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drivers.base import Radio, TxState
from drivers.clock import SYSTEM_CLOCK, Clock
from drivers.errors import NoResponse, NotSupported
from drivers.ptt.base import DEFAULT_TX_TIMEOUT_S, Ptt, PttConfigError, PttListener, check_keys
from drivers.ptt.registry import register


@register("pei")
class PeiFloorPtt(Ptt):
    def __init__(self, radio: Radio, *, clock: Clock = SYSTEM_CLOCK,
                 tx_timeout_s: float = DEFAULT_TX_TIMEOUT_S,
                 listener: PttListener | None = None) -> None:
        radio.capabilities.require("ptt_over_pei")
        super().__init__(str(getattr(radio, "port", radio.id)), clock=clock,
                         tx_timeout_s=tx_timeout_s, listener=listener)
        self.radio = radio

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, radio: Radio | None, clock: Clock,
                    tx_timeout_s: float) -> PeiFloorPtt:
        check_keys("pei", config, set())
        if radio is None:
            raise PttConfigError('PTT method "pei" keys a radio, and none was given')
        try:
            return cls(radio, clock=clock, tx_timeout_s=tx_timeout_s)
        except NotSupported as exc:
            raise PttConfigError(
                f"radio {radio.id} cannot key over the PEI ({exc}); give it "
                '"ptt": {"method": "serial", "port": ..., "line": "RTS"}') from exc

    def _key(self) -> TxState:
        try:
            return self.radio.ptt_press()
        except NoResponse:
            # The demand may have reached the radio and only its OK got lost: release.
            self._unkey_quietly("after an unanswered AT+CTXD")
            raise

    def _unkey(self) -> None:
        self.radio.ptt_release()

    def _drop(self) -> None:
        pass  # see the module doc

    def tx_state(self, reported: TxState) -> TxState:
        return reported
