"""What every radio driver offers the Desk: a capability record, a state snapshot, an ABC.

Capabilities are data, not code (STYLE.md #3, after Hamlib ``rig_caps``): the UI enables a
feature from the record, and a driver refuses an operation the record lacks with
``NotSupported`` before touching the port. Family differences (Motorola vs. Sepura, PEI.md §11)
are values in such a record, never if-chains in the driver.
"""

from __future__ import annotations

import abc
import dataclasses
import enum
from dataclasses import dataclass
from typing import Any

from drivers import events as ev
from drivers.errors import NotSupported


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Everything a driver may need to know about one radio family.

    Timing fields are seconds. Values marked [U] in PEI.md are defaults to be checked on a
    real radio; every field can be overridden per radio from the configuration.
    """

    family: str
    # services (PEI.md §7, §8)
    sds: bool = True
    status: bool = True
    text: bool = True
    ptt_over_pei: bool = True
    talkgroups: bool = True
    # practical SDS type-4 ceiling; tetra-cli uses 668 bits "because it works" (PEI.md §8.1)
    max_sds_bits: int = 668
    # serial line (PEI.md §1): baud is codeplug-defined, 8N1 everywhere
    baudrate: int = 38400
    rtscts: bool = False
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    # protocol timing (PEI.md §2: always wait for the final result, ~5 s as tetraControl)
    command_timeout_s: float = 5.0
    init_timeout_s: float = 10.0
    read_chunk_timeout_s: float = 0.05
    # polling (PEI.md §4 step 8: not faster than every few seconds)
    poll_signal_s: float = 30.0
    poll_battery_s: float = 60.0
    heartbeat_s: float = 10.0
    heartbeat_misses: int = 2
    # reconnect back-off, doubled per failed attempt and capped
    reconnect_min_s: float = 0.2
    reconnect_max_s: float = 2.0
    # wire-format quirks (PEI.md §4, §9.2, §11)
    lip_hex_digits: int = 22
    cscs_quoted: bool = True
    identification: str = "query"  # "query": AT+GMI? ; "plain": AT+GMI
    ptt_priority: int = 0  # TX demand priority for AT+CTXD (PEI.md §7.3: 0 low, 1 high)
    maturity: str = "untested"  # "tested-sim" once the e2e suite drives it, "untested" else

    def require(self, feature: str) -> None:
        """Raise ``NotSupported`` unless the boolean capability ``feature`` is set."""
        if not getattr(self, feature):
            raise NotSupported(f"{self.family} radios cannot do {feature.replace('_', ' ')}")


class TxState(enum.StrEnum):
    """Floor state of the console's own transmission (PEI.md §7.3).

    Only GRANTED (TxGrant 0 without a talking-party identity) means the operator may talk;
    QUEUED is explicitly not permission.
    """

    IDLE = "idle"
    REQUESTING = "requesting"
    QUEUED = "queued"
    GRANTED = "granted"
    REFUSED = "refused"
    OTHER_TALKER = "other_talker"


@dataclass(frozen=True, slots=True)
class RadioState:
    """An immutable snapshot; cheap to take from any thread."""

    radio_id: str
    port: str
    family: str
    linked: bool
    issi: str | None = None
    tsi: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    revision: str | None = None
    operating_mode: int | None = None
    signal_dbm: int | None = None
    battery_percent: int | None = None
    talkgroup: str | None = None
    desired_talkgroup: str | None = None
    cc_instance: int | None = None
    tx_state: TxState = TxState.IDLE


KEYED = (TxState.REQUESTING, TxState.QUEUED, TxState.GRANTED)
# +CTXG TxGrant → floor state (PEI.md §7.3); grant 0 is decided by the talker identity.
_GRANT_STATE = {ev.Grant.NOT_GRANTED: TxState.REFUSED, ev.Grant.QUEUED: TxState.QUEUED,
                ev.Grant.OTHER_USER: TxState.OTHER_TALKER}


def apply_event(st: RadioState, e: ev.Event, *, initialising: bool = False) -> RadioState:
    """Fold one driver event into the snapshot (pure; returns ``st`` itself if unchanged).

    ``initialising``: the event answers the driver's own start-up query, so a talkgroup
    reported then is the radio's state, not a new wish (a rebooted radio's default group
    must not overwrite the group the console selected).
    """
    changes = _changes(st, e, initialising)
    return dataclasses.replace(st, **changes) if changes else st


def _changes(st: RadioState, e: ev.Event, initialising: bool) -> dict[str, Any]:
    if isinstance(e, ev.Talkgroup):
        if ev.is_scan_group(e.group_type):
            return {}  # a scan group is not the selection
        if initialising:
            return {"talkgroup": e.gssi}
        return {"talkgroup": e.gssi, "desired_talkgroup": e.gssi}  # radio's later change wins
    if isinstance(e, ev.TxGrant):
        cc = st.cc_instance if st.cc_instance is not None else e.cc_instance
        if e.cc_instance != cc:
            return {}
        if e.grant == ev.Grant.GRANTED:  # ours only WITHOUT a talker identity (§7.3)
            state = TxState.GRANTED if e.talker_issi is None else TxState.OTHER_TALKER
        else:
            state = _GRANT_STATE.get(e.grant, st.tx_state)
        return {"cc_instance": cc, "tx_state": state}
    if isinstance(e, ev.CallIncoming | ev.CallProgress | ev.CallConnected):
        return {"cc_instance": e.cc_instance}
    same_call = getattr(e, "cc_instance", None) == st.cc_instance
    if isinstance(e, ev.TxCeased) and same_call:
        # +CDTXC: the other talker stopped; our own floor is untouched
        return {"tx_state": TxState.IDLE} if st.tx_state == TxState.OTHER_TALKER else {}
    if isinstance(e, ev.TxInterrupt) and same_call and st.tx_state in KEYED:
        return {"tx_state": TxState.REFUSED}  # field list [U] (PEI.md §7.3)
    if isinstance(e, ev.TxWait) and same_call and st.tx_state in KEYED:
        return {"tx_state": TxState.QUEUED}  # field list [U]
    if isinstance(e, ev.CallReleased) and same_call:
        return {"cc_instance": None, "tx_state": TxState.IDLE}
    if isinstance(e, ev.Identity) and e.field in ("manufacturer", "model", "revision"):
        return {e.field: e.value}
    if isinstance(e, ev.OwnIdentity):
        return {"issi": e.issi, "tsi": e.tsi}
    if isinstance(e, ev.OperatingMode):
        return {"operating_mode": e.value}
    if isinstance(e, ev.Signal):
        return {"signal_dbm": e.dbm}
    if isinstance(e, ev.Battery):
        return {"battery_percent": e.percent}
    return {}


class Radio(abc.ABC):
    """One radio as the Desk sees it. Unsupported operations raise ``NotSupported``.

    Blocking operations may be called from any thread except the driver's own I/O thread,
    and never from the GUI thread (ARCHITECTURE.md, Threads). Every driver's factory takes
    ``clock`` (drivers/clock.py) for all its time-outs; the desk passes its own. PTT goes
    through drivers/ptt (``ptt_press``/``ptt_release`` here are the radio's floor control,
    which the ``pei`` PTT kind wraps with the time-out and fail-safe releases).
    """

    def __init__(self, radio_id: str, capabilities: Capabilities):
        self.id = radio_id
        self.capabilities = capabilities

    @abc.abstractmethod
    def start(self, timeout: float | None = None) -> None: ...

    @abc.abstractmethod
    def stop(self) -> None: ...

    @abc.abstractmethod
    def state(self) -> RadioState: ...

    def select_talkgroup(self, gssi: str) -> None:
        raise NotSupported(f"{self.capabilities.family}: talkgroup selection")

    def query_talkgroup(self) -> str | None:
        raise NotSupported(f"{self.capabilities.family}: talkgroup query")

    def ptt_press(self, priority: int | None = None) -> TxState:
        raise NotSupported(f"{self.capabilities.family}: PTT over PEI")

    def ptt_release(self) -> None:
        raise NotSupported(f"{self.capabilities.family}: PTT over PEI")

    def send_status(self, to: str, value: int) -> None:
        raise NotSupported(f"{self.capabilities.family}: status messages")

    def send_text(self, to: str, text: str, report_request: bool = True) -> int:
        raise NotSupported(f"{self.capabilities.family}: text messages")
