"""Finding radios: which serial ports look like a TETRA PEI (PEI.md §1).

Public sources give only a few hints, so every rule carries its confidence: a USB PEI that
names itself ``tetra_pei_interface`` (ftl/tetra-pei's auto-detection, [L]); Motorola's USB
vendor id (the radio itself on USB, [U]); and common USB-serial chips used in data cables
(a cable, not proof of a radio, [U]). ``/dev/ttyS*`` is never offered: on these machines it
is the console (TESTBED.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from serial.tools import list_ports

# (vid, pid or None for any) -> (family guess, likelihood, why)
KNOWN_USB = {
    (0x0CAD, None): ("motorola", "likely", "Motorola Solutions USB device [U]"),
    (0x0403, 0x6001): (None, "possible", "FTDI FT232R USB-serial (data cables) [U]"),
    (0x0403, 0x6015): (None, "possible", "FTDI FT231X USB-serial (data cables) [U]"),
    (0x067B, 0x2303): (None, "possible", "Prolific PL2303 USB-serial [U]"),
    (0x10C4, 0xEA60): (None, "possible", "Silicon Labs CP210x USB-serial [U]"),
    (0x1A86, 0x7523): (None, "possible", "WCH CH340 USB-serial (pulses RTS/DTR on open) [U]"),
}
PEI_NAME = "tetra_pei_interface"  # ftl/tetra-pei matches this in the description [L]


@dataclass(frozen=True, slots=True)
class PortCandidate:
    device: str
    description: str
    vid: int | None
    pid: int | None
    family: str | None  # "motorola", "sepura" or None when unknown
    likelihood: str  # "likely" | "possible"
    reason: str


def classify(device: str, description: str = "", vid: int | None = None,
             pid: int | None = None) -> PortCandidate | None:
    """One port's verdict; None for ports that are no radio (or must not be touched)."""
    if device.startswith("/dev/ttyS"):
        return None
    text = (description or "").lower()
    if PEI_NAME in text:
        family = "sepura" if "sepura" in text else "motorola" if "motorola" in text else None
        return PortCandidate(device, description, vid, pid, family, "likely",
                             "describes itself as a TETRA PEI interface [L]")
    if vid is not None:
        hit = KNOWN_USB.get((vid, pid)) or KNOWN_USB.get((vid, None))
        if hit:
            family, likelihood, why = hit
            return PortCandidate(device, description, vid, pid, family, likelihood, why)
    return None


def detect() -> list[PortCandidate]:
    """Serial ports that may carry a radio, most likely first."""
    found = [classify(p.device, p.description or "", p.vid, p.pid)
             for p in list_ports.comports()]
    return sorted((c for c in found if c is not None),
                  key=lambda c: (c.likelihood != "likely", c.device))
