"""How the simulated radio spells identities and frames its output (PEI.md §2, §3, §8.2).

``TSI_PREFIX`` is MCC 204 (the Netherlands) plus a **placeholder MNC 01234**: the C2000 MNC
is not confirmed by any public source (PEI.md §3 [U]); the driver must only ever take the
last eight digits as the SSI, so a wrong MNC here changes nothing it may rely on.
"""

from __future__ import annotations

from drivers.pei.identities import ssi_from

TSI_PREFIX = "204" + "01234"
CRLF = b"\r\n"

# +CTSDSR calling/called identity types (PEI.md §3): 0 SSI, 1 TSI.
ID_SSI, ID_TSI = 0, 1

# AI services (PEI.md §7.1): 12 = SDS type 4 (SDS-TL, LIP), 13 = status.
AI_SDS4, AI_STATUS = 12, 13


def tsi_for(ssi: str) -> str:
    """Full 16-digit TSI for an SSI: placeholder MCC+MNC and the zero-padded SSI."""
    return TSI_PREFIX + str(int(ssi)).zfill(8)


def ssi_of(identity: str) -> str:
    """SSI from an SSI or TSI (``drivers.pei.identities.ssi_from``: ASCII digits only);
    anything else comes back stripped, to be refused by the caller as unknown."""
    try:
        return ssi_from(identity)
    except ValueError:
        return identity.strip().strip('"')


def line(text: str) -> bytes:
    """V.250 verbose framing: CR LF text CR LF (information text, results, URCs)."""
    return CRLF + text.encode("latin-1") + CRLF


def ctsdsr(ai_service: int, calling_ssi: str, called: str, called_type: int, bits: int,
           hex_data: str) -> bytes:
    """A received-SDS indication: header line, then the user data on the next line."""
    header = (f"+CTSDSR: {ai_service},{tsi_for(calling_ssi)},{ID_TSI},"
              f"{called},{called_type},{bits}")
    return CRLF + header.encode("latin-1") + CRLF + hex_data.encode("ascii") + CRLF
