"""Stateful PEI decoder: bytes → lines → events (PEI.md §2, §14).

Every line is decoded on its own except two shapes that span lines:

* ``+CTSDSR`` header + payload line (EN 300 392-5 clause 6.16.x, PEI.md §8.2) [C]: the next
  non-empty line must be hex; otherwise the header is reported Malformed and that line is
  decoded normally (robustness rule, §2).
* ``+CNUMS`` lists whose entries may lack the prefix (p8gr-bos transcript) [L]: after a
  ``+CNUMS: <count>`` or a prefixed entry, bare ``<type>,<GTSI>,<name>`` lines are entries
  until the count is used up or a final result arrives.

``feed`` never raises: a failure while decoding one line becomes ``Malformed`` and the next
line is decoded as usual. Unknown lines are logged at debug level and ignored.
"""

from __future__ import annotations

import logging
import re

from drivers.events import Error, Event, Malformed, Ok
from drivers.pei import parsers, sds
from drivers.pei.framing import OVERLONG, LineAssembler

LOG = logging.getLogger(__name__)

_ENTRY = re.compile(r"\s*\d+\s*,\s*\d+\s*,")  # bare +CNUMS list entry
_MAX_REASON = 120


def _reason(what: str, line: str) -> str:
    shown = line if len(line) <= 60 else line[:57] + "..."
    return f"{what}: {shown!r}"[:_MAX_REASON]


class Decoder:
    """Turns the radio's byte stream into events; one instance per port."""

    def __init__(self, max_line: int = 4096) -> None:
        self._lines = LineAssembler(max_line)
        self._sds_header: parsers.SdsHeader | None = None
        self._sds_line = ""
        self._list_left: int | None = 0  # bare +CNUMS entries still expected; None = open

    def reset(self) -> None:
        """Forget partial lines and multi-line state (after reopening the port)."""
        self._lines.reset()
        self._sds_header = None
        self._list_left = 0

    def feed(self, data: bytes) -> list[Event]:
        """Decode received bytes; returns the events of every line they complete."""
        try:
            lines = self._lines.feed(data)
        except Exception as exc:  # a bug in framing must not kill the I/O thread
            LOG.exception("line assembly failed")
            self._lines.reset()
            return [Malformed(reason=f"line assembly failed: {exc}"[:_MAX_REASON])]
        if not lines:
            return []
        events: list[Event] = []
        for line in lines:
            events.extend(self.feed_line(line))
        return events

    def feed_line(self, line: str) -> list[Event]:
        """Decode one line (without terminator); never raises."""
        if line == OVERLONG:
            self._sds_header = None
            return [Malformed(reason="line too long")]
        text = line.strip()
        if not text:
            return []
        try:
            return self._decode(text)
        except Exception as exc:  # noqa: BLE001 - any failure is one bad line, not a crash
            LOG.debug("line %r failed: %s", text, exc)
            return [Malformed(reason=_reason(f"{type(exc).__name__}: {exc}", text))]

    def _decode(self, text: str) -> list[Event]:
        out: list[Event] = []
        header = self._sds_header
        if header is not None:
            self._sds_header = None
            if sds.is_hex(text):
                return self._payload(header, text)
            out.append(Malformed(reason=_reason("SDS header without payload", self._sds_line)))
        out.extend(self._single(text))
        return out

    def _payload(self, header: parsers.SdsHeader, text: str) -> list[Event]:
        try:
            return sds.decode_sds(header.service, header.from_issi, header.to, text,
                                  header.length_bits)
        except sds.PayloadError as exc:
            return [Malformed(reason=_reason(f"SDS payload: {exc}", text))]

    def _single(self, text: str) -> list[Event]:
        if text[:2].upper() == "AT" or text == ">":
            return []  # command echo (ATE1) or the CMGS prompt [L/U]
        if text == "OK":
            self._list_left = 0
            return [Ok()]
        if text == "ERROR":
            self._list_left = 0
            return [Error(code=None, family=None)]
        if text[0] != "+":
            if self._list_left != 0 and _ENTRY.match(text):
                return self._list_entry(text)
            LOG.debug("ignored line %r", text)
            return []
        name, colon, rest = text.partition(":")
        name = name.strip().upper()
        if name in ("+CME ERROR", "+CMS ERROR"):
            self._list_left = 0
            return parsers.final_error(name[1:4], rest)
        if not colon:
            LOG.debug("ignored line %r", text)
            return []
        fields = parsers.split_fields(rest)
        if name == "+CTSDSR":
            try:
                self._sds_header = parsers.parse_ctsdsr(fields)
            except ValueError as exc:
                return [Malformed(reason=_reason(f"+CTSDSR: {exc}", text))]
            self._sds_line = text
            return []
        if name == "+CNUMS":
            return self._cnums(fields, text)
        parse = parsers.LINE_PARSERS.get(name)
        if parse is None:
            LOG.debug("ignored result %r", text)
            return []
        try:
            return parse(fields, rest)
        except ValueError as exc:
            return [Malformed(reason=_reason(f"{name}: {exc}", text))]

    def _cnums(self, fields: list[str], text: str) -> list[Event]:
        """``+CNUMS: <count>`` opens a list; ``+CNUMS: (0),(1-2000),...`` is the range
        answer to ``AT+CNUMS=?`` and is ignored; otherwise a prefixed entry."""
        if len(fields) == 1 and fields[0].isascii() and fields[0].isdigit():
            self._list_left = int(fields[0])
            return []
        if fields and fields[0].startswith("("):
            return []
        if self._list_left == 0:
            self._list_left = None  # prefixed entries without a count: open until OK
        return self._list_entry(text.partition(":")[2])

    def _list_entry(self, text: str) -> list[Event]:
        try:
            entry = parsers.cnums_entry(text)
        except ValueError as exc:
            return [Malformed(reason=_reason(f"+CNUMS: {exc}", text))]
        if self._list_left:
            self._list_left -= 1
        return [entry]
