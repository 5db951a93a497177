"""What every radio driver offers the Desk: a capability record, a state snapshot, an ABC.

Capabilities are data, not code (STYLE.md #3, after Hamlib ``rig_caps``): the UI enables a
feature from the record, and a driver refuses an operation the record lacks with
``NotSupported`` before touching the port. Family differences (Motorola vs. Sepura, PEI.md §11)
are values in such a record, never if-chains in the driver.
"""

from __future__ import annotations

import abc
import enum
from dataclasses import dataclass

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


class Radio(abc.ABC):
    """One radio as the Desk sees it. Unsupported operations raise ``NotSupported``.

    Blocking operations may be called from any thread except the driver's own I/O thread,
    and never from the GUI thread (ARCHITECTURE.md, Threads).
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
