"""Capability records of the PEI radio families (PEI.md §11, EN 300 392-5).

Every difference between manufacturers lives here as data; ``drivers/pei/radio.py`` reads
these fields and never asks "is this a Sepura?". Values tagged [U] in PEI.md are defaults
to be verified on a real radio and can be overridden per radio in the configuration.
"""

from __future__ import annotations

import dataclasses

from drivers.base import Capabilities

FAMILIES: dict[str, Capabilities] = {
    # Motorola MTP/MTM: 38400 is the tetraControl/tetra-pei default (PEI.md §1, [L]);
    # hbaar.com: the MTP850 TTL data cable needs CTS, so RTS/CTS on ([U] as a default).
    # LIP short report arrives padded to 22 hex digits (§9.2 [C]); identification answers the
    # query form AT+GMI? with +GMI: (§4 step 5 [C]); CSCS: quoted form tried first (§4 [U]).
    "motorola": Capabilities(
        family="motorola",
        baudrate=38400,
        rtscts=True,
        lip_hex_digits=22,
        cscs_quoted=True,
        identification="query",
        maturity="tested-sim",
    ),
    # Sepura STP/SRG/SEG: baud from radio config ([U]); LIP 21 hex digits (§9.2 [C]); the only
    # public source (finetopix) sends unquoted CSCS and plain identification ([U]).
    "sepura": Capabilities(
        family="sepura",
        baudrate=38400,
        rtscts=False,
        lip_hex_digits=21,
        cscs_quoted=False,
        identification="plain",
        maturity="tested-sim",
    ),
}


def capabilities(family: str, **overrides: object) -> Capabilities:
    """The family's record with per-radio overrides (field names of ``Capabilities``)."""
    try:
        base = FAMILIES[family]
    except KeyError:
        raise ValueError(f"unknown PEI family {family!r}; known: {sorted(FAMILIES)}") from None
    unknown = set(overrides) - {f.name for f in dataclasses.fields(Capabilities)}
    if unknown:
        raise TypeError(f"unknown capability override(s): {sorted(unknown)}")
    return dataclasses.replace(base, **overrides) if overrides else base
