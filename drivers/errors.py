"""The one error hierarchy at the device boundary (STYLE.md #6).

Everything a radio or a port can do wrong surfaces as a ``RadioError``; anything else
escaping a driver is a bug. ``operator_message`` is plain words for the screen.
"""

from __future__ import annotations


class RadioError(Exception):
    """Base of every error a radio, a cable or a port can cause."""

    def operator_message(self) -> str:
        return str(self)


class NoResponse(RadioError):
    """The radio did not finish a command within its timeout."""


class ProtocolError(RadioError):
    """The radio answered something the protocol does not allow here."""


class CommandRejected(RadioError):
    """The radio answered ERROR / +CME ERROR: n / +CMS ERROR: n."""

    def __init__(self, command: str, code: int | None, family: str | None, meaning: str = ""):
        self.command, self.code, self.family, self.meaning = command, code, family, meaning
        label = f"+{family} ERROR: {code}" if family else "ERROR"
        super().__init__(f"{command!r} rejected: {label}" + (f" ({meaning})" if meaning else ""))


class LinkLost(RadioError):
    """The port vanished, or the radio stopped answering."""


class NotSupported(RadioError):
    """This radio family cannot do that (see its capability record)."""
