"""TETRA identities as the PEI shows them (PEI.md §3, EN 300 392-5 clause 6.17.11).

A TSI arrives as 15, 16 or 17 concatenated decimal digits (MCC and MNC widths vary by
radio), an SSI as up to 8 digits. The only rule that holds for every form seen [C]:
the SSI is the last 8 digits, leading zeros stripped. Never split by fixed MCC/MNC widths.
"""

from __future__ import annotations

import logging

LOG = logging.getLogger(__name__)


def ssi_from(identity: str) -> str:
    """SSI of an ITSI/GTSI/SSI given as decimal digits; ValueError on anything else."""
    digits = identity.strip().strip('"').strip()
    if not digits or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a TETRA identity: {identity!r}")
    return digits[-8:].lstrip("0") or "0"


def optional_ssi(identity: str) -> str | None:
    """Like ``ssi_from`` but an empty field (identity withheld) gives None."""
    if not identity.strip().strip('"').strip():
        return None
    return ssi_from(identity)
