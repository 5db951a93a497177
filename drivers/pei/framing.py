"""Byte stream → text lines for the PEI (PEI.md §2, V.250 framing; EN 300 392-5 clause 4).

Decisions, and why:

* **CR and LF both end a line.** Radios frame results as ``CR LF text CR LF`` [C], but
  the command echo ends with CR only [L]. Splitting on LF alone would glue an echo to
  whatever follows it (``AT+CSQ?`` + an unsolicited ``+CTXG``) and lose that line. Treating
  every CR as a terminator needs no look-ahead, so the result is the same for any chunking;
  the empty lines a CR LF pair produces are dropped like every other empty line.
* Bytes below 0x20 (other than CR/LF) and DEL are line noise and are dropped [C: every
  public driver skips them]. Text is decoded as ISO-8859-1, never strict UTF-8, so
  bytes ≥ 0x80 survive (accented talkgroup names) and decoding can never fail.
* A line longer than ``max_line`` is replaced by ``OVERLONG`` once; the rest of it is
  discarded up to the next terminator, where framing resynchronises.
* An unterminated tail is held until its terminator arrives (``pending``).
"""

from __future__ import annotations

import logging

LOG = logging.getLogger(__name__)

# Control characters are stripped from real lines, so this marker can never be data.
OVERLONG = "\x00overlong line"

_NOISE = bytes(b for b in range(0x20) if b not in (0x0A, 0x0D)) + b"\x7f"


class LineAssembler:
    """Accumulates received bytes and hands out complete, cleaned lines."""

    def __init__(self, max_line: int = 4096) -> None:
        if max_line < 1:
            raise ValueError("max_line must be positive")
        self.max_line = max_line
        self._buf = b""
        self._discarding = False  # inside an over-long line, waiting for its end

    @property
    def pending(self) -> bytes:
        """Bytes of the unterminated line held so far (noise already removed)."""
        return self._buf

    def reset(self) -> None:
        self._buf = b""
        self._discarding = False

    def take_pending(self) -> str | None:
        """The unterminated tail as text, then forget it (the input ended); None if empty."""
        tail, self._buf, self._discarding = self._buf, b"", False
        return tail.decode("latin-1") if tail else None

    def feed(self, data: bytes) -> list[str]:
        """Add received bytes; return the lines they complete, in order."""
        out: list[str] = []
        if b"\n" not in data and b"\r" not in data:  # fast path for small serial reads
            self._hold(data.translate(None, _NOISE), out)
            return out
        parts = data.translate(None, _NOISE).replace(b"\r", b"\n").split(b"\n")
        first = self._buf + parts[0]
        self._buf = b""
        if self._discarding:
            self._discarding = False  # the over-long line ends here; marker already sent
        else:
            self._emit(first, out)
        for raw in parts[1:-1]:
            if raw:
                self._emit(raw, out)
        self._hold(parts[-1], out)
        return out

    def _emit(self, raw: bytes, out: list[str]) -> None:
        if not raw:
            return
        if len(raw) > self.max_line:
            LOG.debug("over-long line (%d bytes) dropped", len(raw))
            out.append(OVERLONG)
            return
        out.append(raw.decode("latin-1"))

    def _hold(self, tail: bytes, out: list[str]) -> None:
        if self._discarding:
            return
        self._buf += tail
        if len(self._buf) > self.max_line:
            LOG.debug("over-long line (> %d bytes), resynchronising", self.max_line)
            out.append(OVERLONG)
            self._buf = b""
            self._discarding = True
