"""Plain-word meanings of PEI error codes and call disconnect causes.

``+CME ERROR`` table: EN 300 392-5 extended error codes as transcribed by svxlink
``getPeiError`` (PEI.md §10) [L; 3, 4, 25, 33, 34, 35, 44 confirmed by a second source].
Disconnect causes: EN 300 392-5 clause 6.17.18 via svxlink (PEI.md §7.2) [L].
"""

from __future__ import annotations

import logging

LOG = logging.getLogger(__name__)

CME_MEANINGS: dict[int, str] = {
    0: "cannot send over the air",
    1: "no reliable link to the terminal",
    2: "PEI link already in use",
    3: "not allowed in the current state",
    4: "not supported",
    5: "PIN required",
    10: "no SIM",
    11: "PIN1 required",
    12: "PUK1 required",
    13: "SIM failure",
    14: "SIM not ready",
    15: "SIM not recognised",
    16: "wrong PIN",
    17: "PIN2 required",
    18: "PUK2 required",
    20: "message stack full",
    21: "index does not exist",
    22: "index has no message",
    23: "message stack access failed",
    24: "status text too long",
    25: "invalid characters in status text",
    26: "dial string longer than 25 digits",
    27: "invalid characters in dial string",
    30: "out of service",
    31: "no layer-2 acknowledgement from the network",
    32: "user data decoding failed",
    33: "parameter of wrong type",
    34: "parameter out of range",
    35: "syntax error",
    36: "user data received without AT+CMGS",
    37: "AT+CMGS timed out waiting for user data",
    38: "protocol identifier already registered",
    39: "SDS-TL registration table full",
    40: "not supported in direct mode (DMO)",
    41: "radio is in transmit-inhibit mode",
    42: "radio is busy with signalling",
    43: "not supported in trunked mode (V+D)",
    44: "unknown parameter handling",
    45: "reserved",
}

DISCONNECT_CAUSES: dict[int, str] = {
    0: "cause not defined or unknown",
    1: "user request",
    2: "called party busy",
    3: "called party not reachable",
    4: "called party does not support encryption",
    5: "network congestion",
    6: "not allowed traffic",
    7: "incompatible traffic",
    8: "requested service not available",
    9: "pre-emption",
    10: "invalid call identifier",
    11: "called party rejection",
    12: "no idle call-control entity",
    13: "timer expiry",
    14: "network (SwMI) disconnect",
    15: "no acknowledgement",
    16: "unknown TETRA identity",
    17: "supplementary-service dependent",
    18: "unknown external subscriber number",
    19: "call restoration failed",
    20: "called party requires encryption",
    21: "concurrent set-up not supported",
    22: "called party is under the same DM-GATE",
    31: "unacceptable service",
    32: "pre-emption by a late-entering gateway",
    33: "link to DM repeater failed",
    34: "link to gateway failed",
    35: "call rejected by gateway",
    36: "V+D call set-up failure",
    37: "V+D resource lost or call timer expired",
    38: "transmit authorisation lost",
    39: "channel occupied",
    40: "security parameter mismatch",
}


def cme_meaning(code: int | None) -> str:
    """Plain words for ``+CME ERROR: code``; None is a bare ``ERROR``."""
    if code is None:
        return "command rejected"
    return CME_MEANINGS.get(code, f"unknown error {code}")


def disconnect_cause_meaning(cause: int | None) -> str:
    """Plain words for the disconnect cause of ``+CTCR`` (23–30 are reserved)."""
    if cause is None:
        return DISCONNECT_CAUSES[0]
    if 23 <= cause <= 30:
        return f"reserved cause {cause}"
    return DISCONNECT_CAUSES.get(cause, f"unknown cause {cause}")
