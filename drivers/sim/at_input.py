"""Split the byte stream a PEI radio receives into command lines and SDS user data.

PEI.md §2: a command starts with ``AT`` and ends with CR (drivers usually send CR LF, so a
LF at the start of the next line is skipped). After ``AT+CMGS=...`` the terminal sends the
user data as hex, ended by Ctrl-Z (0x1A) or aborted by ESC (0x1B); CR/LF inside the user
data are ignored. The command handler switches modes with :meth:`AtInput.expect_user_data`
between two :meth:`AtInput.pop` calls, because command and payload arrive in one write.
"""

from __future__ import annotations

from dataclasses import dataclass

CR, LF, CTRL_Z, ESC = 0x0D, 0x0A, 0x1A, 0x1B
MAX_LINE = 4096  # a runaway line without CR is cut here and answered as a syntax error


@dataclass(frozen=True, slots=True)
class Line:
    text: str  # ISO-8859-1 decoded, without the CR
    raw: bytes  # the bytes including the terminator, for the echo


@dataclass(frozen=True, slots=True)
class UserData:
    text: str  # hex digits as received (CR/LF removed), without Ctrl-Z


@dataclass(frozen=True, slots=True)
class UserDataAborted:
    pass


Item = Line | UserData | UserDataAborted


class AtInput:
    def __init__(self, initial: bytes = b"") -> None:
        self._buf = bytearray(initial)
        self._user_data = False

    def feed(self, data: bytes) -> None:
        self._buf += data

    def expect_user_data(self) -> None:
        self._user_data = True

    def cancel_user_data(self) -> None:
        self._user_data = False

    @property
    def in_user_data(self) -> bool:
        return self._user_data

    def pop(self) -> Item | None:
        """Next complete item, or None if more bytes are needed."""
        if self._user_data:
            return self._pop_user_data()
        # Skip the LF of a CR LF pair (and stray line feeds) between commands.
        while self._buf and self._buf[0] == LF:
            del self._buf[0]
        end = self._buf.find(CR)
        if end < 0:
            if len(self._buf) > MAX_LINE:
                raw = bytes(self._buf)
                self._buf.clear()
                return Line(raw.decode("latin-1"), raw)
            return None
        raw = bytes(self._buf[: end + 1])
        del self._buf[: end + 1]
        return Line(raw[:-1].decode("latin-1"), raw)

    def _pop_user_data(self) -> Item | None:
        for i, b in enumerate(self._buf):
            if b in (CTRL_Z, ESC):
                body = bytes(self._buf[:i])
                del self._buf[: i + 1]
                self._user_data = False
                if b == ESC:
                    return UserDataAborted()
                text = body.replace(b"\r", b"").replace(b"\n", b"").decode("latin-1")
                return UserData(text.strip())
        return None
