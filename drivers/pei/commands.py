"""Pure builders for the PEI AT commands the console sends (PEI.md, EN 300 392-5).

Each function returns the command line WITHOUT the line terminator; the session appends
CR LF (PEI.md §2: public drivers send CR LF and radios accept it). Only ``cmgs`` returns
user data too, because AT+CMGS is a two-stage command (§8.1). Clause numbers are those of
EN 300 392-5 as cited by the sources in PEI.md; the standard itself was not read.
"""

from __future__ import annotations

import re

TERMINATOR = b"\r\n"
CTRL_Z = b"\x1a"  # ends SDS user data (§2, §8.1)
ESC = b"\x1b"  # aborts SDS user data entry (§2)

_IDENTITY = re.compile(r"^[0-9]{1,24}$")
_HEX = re.compile(r"^[0-9A-Fa-f]*$")


def _identity(value: str | int) -> str:
    """A decimal SSI or TSI (§3); anything else would corrupt the command line."""
    text = str(value).strip()
    if not _IDENTITY.match(text):
        raise ValueError(f"not a TETRA identity: {value!r}")
    return text


def _small(value: int, name: str, hi: int) -> int:
    if not isinstance(value, int) or not 0 <= value <= hi:
        raise ValueError(f"{name} must be an integer 0..{hi}, got {value!r}")
    return value


# --- session start (§4) --------------------------------------------------------------------

def at() -> str:
    """Bare ``AT``: liveness probe, and repeated to clear +CME ERROR: 35 (§2, §4 step 2)."""
    return "AT"


def echo_off() -> str:
    """``ATE0`` (V.250; §2, §4 step 3): echo is on after power-up on some radios."""
    return "ATE0"


def cscs(quoted: bool) -> str:
    """Character set ISO 8859-1 (§4 step 4). Quoting varies by radio [U]: try both."""
    return 'AT+CSCS="8859-1"' if quoted else "AT+CSCS=8859-1"


def identification(field: str, form: str = "query") -> str:
    """Manufacturer/model/revision (§4 step 5). ``form`` is "query" (``AT+GMI?``, Motorola
    [C]) or "plain" (``AT+GMI``, Tetra-Terminal [L])."""
    code = {"manufacturer": "GMI", "model": "GMM", "revision": "GMR"}[field]
    return f"AT+{code}?" if form == "query" else f"AT+{code}"


def gmi(form: str = "query") -> str:
    return identification("manufacturer", form)


def gmm(form: str = "query") -> str:
    return identification("model", form)


def gmr(form: str = "query") -> str:
    return identification("revision", form)


def cnumf() -> str:
    """Own ITSI/TSI, ``+CNUMF: <num type>,<identity>`` (§3; clause 6.17.38 for num type)."""
    return "AT+CNUMF?"


def ctom_query() -> str:
    """Operating mode, ``+CTOM: <AI mode>`` (§4; clause 6.17.4)."""
    return "AT+CTOM?"


def csq() -> str:
    """Signal, ``+CSQ: <rssi>,<ber>`` (§4; query form ``AT+CSQ?`` [C])."""
    return "AT+CSQ?"


def cbc() -> str:
    """Battery, ``+CBC: <charge status>,<level %>`` (§4)."""
    return "AT+CBC?"


def creg(mode: int | None = None) -> str:
    """Registration: query, or ``AT+CREG=<mode>`` (2 = unsolicited with location) (§4;
    clause 6.17.46 for the status values)."""
    return "AT+CREG?" if mode is None else f"AT+CREG={_small(mode, 'mode', 2)}"


# --- service profiles (§5) -----------------------------------------------------------------

def ctsp(profile: int, layer1: int, layer2: int | None = None) -> str:
    """``AT+CTSP=<profile>,<layer 1>[,<layer 2>]`` (§5): route a service to the PC."""
    parts = [_small(profile, "profile", 2), _small(layer1, "layer1", 15)]
    if layer2 is not None:
        parts.append(_small(layer2, "layer2", 255))
    return "AT+CTSP=" + ",".join(str(p) for p in parts)


# The console's registration set from PEI.md §5 "Typical set for the console".
# Profile 2 (MT and TE) for calls and status keeps the radio's own display working [U].
CONSOLE_REGISTRATIONS: tuple[tuple[int, int, int], ...] = (
    (2, 0, 0),  # call control, voice: +CTICN/+CTCC/+CTXG/...
    (1, 1, 11),  # mobility management, group management: unsolicited +CTGS
    (2, 2, 20),  # SDS status
    (1, 3, 2),  # SDS-TL PID 0x02 simple text
    (1, 3, 9),  # PID 0x09 simple immediate text
    (1, 3, 130),  # PID 0x82 text messaging (SDS-TL)
    (1, 3, 137),  # PID 0x89 immediate text (SDS-TL)
    (1, 3, 138),  # PID 0x8A text with user data header
    (1, 3, 10),  # PID 0x0A LIP
)


def ctsp_registrations() -> list[str]:
    return [ctsp(*r) for r in CONSOLE_REGISTRATIONS]


# --- talkgroups (§6) -----------------------------------------------------------------------

def ctgs_select(gssi: str | int, group_type: int = 1) -> str:
    """``AT+CTGS=<group type>,<identity>`` (§6; group type 1 = select, clause 6.17.25)."""
    return f"AT+CTGS={_small(group_type, 'group_type', 7)},{_identity(gssi)}"


def ctgs_query() -> str:
    return "AT+CTGS?"


# --- voice and floor control (§7) ----------------------------------------------------------

def ctsdc_group_speech(priority: int = 0) -> str:
    """Set-up parameters for a group speech call (§7.1, svxlink's list [C for usage]):
    speech, SSI, area 0, direct (no hook), simplex, clear, point-to-multipoint, codec 1,
    no RqTx, priority."""
    return f"AT+CTSDC=0,0,0,1,1,0,1,1,0,{_small(priority, 'priority', 15)}"


def atd(identity: str | int) -> str:
    """Dial the group/individual per the last CTSDC (§7.1)."""
    return f"ATD{_identity(identity)}"


def ath() -> str:
    """Hang up (§7.1, svxlink ``END_CMD=ATH``)."""
    return "ATH"


def ctxd(cc: int, priority: int = 0) -> str:
    """Press PTT: ``AT+CTXD=<CC instance>,<TX demand priority>`` (§7.3; 0 low .. 3 emergency)."""
    return f"AT+CTXD={_small(cc, 'cc', 255)},{_small(priority, 'priority', 3)}"


def cutxc(cc: int) -> str:
    """Release PTT, "up transmission ceased": ``AT+CUTXC=<CC instance>`` (§7.3)."""
    return f"AT+CUTXC={_small(cc, 'cc', 255)}"


# --- SDS (§8) ------------------------------------------------------------------------------

AI_SDS_TYPE4 = 12  # SDS-TL / PIDs (§8.2, clause 6.17.3)
AI_STATUS = 13


def ctsds(ai_service: int, id_type: int = 0) -> str:
    """Select the SDS service before AT+CMGS (§8.1): 12,0 text via SDS-TL; 13,0 status."""
    return f"AT+CTSDS={_small(ai_service, 'ai_service', 13)},{_small(id_type, 'id_type', 5)}"


def cmgs(to: str | int, hex_data: str, bits: int | None = None) -> tuple[str, bytes]:
    """``AT+CMGS=<called identity>,<length in bits>`` + CR LF + hex + Ctrl-Z (§8.1).

    Returns (command line, data bytes); the session writes both in one go, as every public
    driver does, because whether a ``>`` prompt comes first is [U] (§2).
    """
    if not _HEX.match(hex_data) or not hex_data:
        raise ValueError("SDS user data must be a non-empty hex string")
    length = len(hex_data) * 4 if bits is None else bits
    if not 0 < length <= len(hex_data) * 4 or length > 2047:
        raise ValueError(f"bad SDS length {length} bits for {len(hex_data)} hex digits")
    return f"AT+CMGS={_identity(to)},{length}", hex_data.upper().encode("ascii") + CTRL_Z
