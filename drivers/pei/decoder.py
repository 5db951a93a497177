"""Stateful PEI decoder: bytes → lines → events (PEI.md §2, §14).

Every line is decoded on its own except shapes that span lines:

* ``+CTSDSR`` header + payload line (EN 300 392-5 clause 6.16.x, PEI.md §8.2) [C]: the next
  non-empty line must be hex; otherwise the SDS is reported ``Unrecognized`` (the header
  says who sent it) and that line is decoded normally (robustness rule, §2). A header
  whose fields cannot be read takes a hex line after it along into one ``Unrecognized``.
* ``+CNUMS`` lists whose entries may lack the prefix (p8gr-bos transcript) [L]: after a
  ``+CNUMS: <count>`` or a prefixed entry, bare ``<type>,<GTSI>,<name>`` lines are entries
  until the count is used up or a final result arrives. Likewise bare ``<type>,<identity>``
  lines after ``+CNUMF`` are more of its numbers (PEI.md §2, §3) [L].
* Concatenated texts (PID 0x8A, PEI.md §8.4): the parts wait in a
  :class:`~drivers.pei.concat.Reassembler` until the last one is in, or until
  ``concat_timeout_s`` of the decoder's clock passed without a part. Expiry is checked
  whenever a fed line completes; a caller with nothing to feed calls
  :meth:`Decoder.expire` (its next due time is :meth:`Decoder.next_deadline`), and
  :meth:`Decoder.flush` when the input ends.

Nothing the radio says vanishes: what cannot be read becomes ``Unrecognized`` (the line,
its raw hex, the sender when known, why) and is journaled like any event; broken fields of
a known line become ``Malformed``. Only empty lines, the command echo and the ``>`` prompt
are dropped. ``feed`` never raises: a failure while decoding one line becomes ``Malformed``
and the next line is decoded as usual.
"""

from __future__ import annotations

import logging
import re

from drivers.clock import SYSTEM_CLOCK, Clock
from drivers.events import Error, Event, Malformed, Ok, Unrecognized
from drivers.pei import parsers, sds
from drivers.pei.concat import CONCAT_TIMEOUT_S, Reassembler, TextPart
from drivers.pei.framing import OVERLONG, LineAssembler

LOG = logging.getLogger(__name__)

_ENTRY = re.compile(r"\s*\d+\s*,\s*\d+\s*,")  # bare +CNUMS list entry
_NUMBER = re.compile(r"\s*\d+\s*,\s*\d+\s*$")  # bare +CNUMF continuation
_MAX_REASON = 120


def _reason(what: str, line: str) -> str:
    shown = line if len(line) <= 60 else line[:57] + "..."
    return f"{what}: {shown!r}"[:_MAX_REASON]


def unrecognized_line(line: str, reason: str) -> Unrecognized:
    """A line nobody understands, kept whole: its bytes are ISO 8859-1 (framing.py)."""
    return Unrecognized(line=line, raw_hex=line.encode("latin-1").hex().upper(),
                        reason=reason[:_MAX_REASON])


class Decoder:
    """Turns the radio's byte stream into events; one instance per port."""

    def __init__(self, max_line: int = 4096, *, clock: Clock | None = None,
                 concat_timeout_s: float = CONCAT_TIMEOUT_S) -> None:
        self._lines = LineAssembler(max_line)
        self._clock = clock if clock is not None else SYSTEM_CLOCK
        self._concat = Reassembler(concat_timeout_s)
        self._sds_header: parsers.SdsHeader | None = None
        self._sds_line = ""
        self._bad_header: tuple[str, str] | None = None  # unreadable +CTSDSR: line, why
        self._list_left: int | None = 0  # bare +CNUMS entries still expected; None = open
        self._cnumf_open = False  # bare +CNUMF numbers may follow until a final result

    def reset(self) -> None:
        """Forget partial lines and multi-line state (after reopening the port). Parts of
        concatenated texts are kept: they came over the air and stay valid."""
        self._lines.reset()
        self._sds_header = None
        self._bad_header = None
        self._list_left = 0
        self._cnumf_open = False

    # --- time and the end of input ----------------------------------------------------------

    def expire(self, now: float | None = None) -> list[Event]:
        """Concatenated texts whose parts stopped coming, given out incomplete."""
        return list(self._concat.expire(self._clock.monotonic() if now is None else now))

    def next_deadline(self) -> float | None:
        """Clock time at which :meth:`expire` will give something out, if anything waits."""
        return self._concat.next_deadline()

    def _due(self) -> list[Event]:
        due = self._concat.next_deadline()  # cheap: no clock read while nothing waits
        if due is None:
            return []
        now = self._clock.monotonic()
        return self.expire(now) if now >= due else []

    def flush(self) -> list[Event]:
        """The input ended (end of a capture, port closed for good): report everything
        held back — an SDS header still waiting for its user data, an unterminated line,
        and concatenated texts still missing parts."""
        out: list[Event] = []
        tail = self._lines.take_pending()
        header, bad = self._sds_header, self._bad_header
        self._sds_header = self._bad_header = None
        if header is not None or bad is not None:
            hex_ = tail.strip() if tail is not None and sds.is_hex(tail.strip()) else ""
            tail = None if hex_ else tail
            what = ("input ended inside the SDS user data" if hex_
                    else "input ended before the SDS user data")
            if header is not None:
                out.append(self._unrecognized_sds(header, hex_, what))
            else:
                assert bad is not None
                out.append(Unrecognized(line=bad[0], raw_hex=hex_, reason=f"{bad[1]}; {what}"))
        if tail is not None and tail.strip():
            out.append(unrecognized_line(tail, "input ended inside a line"))
        out.extend(self._concat.flush())
        return out

    # --- bytes and lines ---------------------------------------------------------------------

    def feed(self, data: bytes) -> list[Event]:
        """Decode received bytes; returns the events of every line they complete, after
        any concatenated text that timed out meanwhile (checked when a line completes)."""
        try:
            lines = self._lines.feed(data)
        except Exception as exc:  # a bug in framing must not kill the I/O thread
            LOG.exception("line assembly failed")
            self._lines.reset()
            return [Malformed(reason=f"line assembly failed: {exc}"[:_MAX_REASON])]
        if not lines:  # most serial reads end mid-line: nothing to do, not even the clock
            return []
        events = self._due()
        for line in lines:
            events.extend(self.feed_line(line))
        return events

    def feed_line(self, line: str) -> list[Event]:
        """Decode one line (without terminator); never raises."""
        if line == OVERLONG:
            out: list[Event] = [Malformed(reason="line too long")]
            if self._sds_header is not None:  # the user data itself was too long
                out.insert(0, self._unrecognized_sds(self._sds_header, "",
                                                     "SDS user data line too long"))
            self._sds_header = self._bad_header = None
            return out
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
        header, bad = self._sds_header, self._bad_header
        self._sds_header = self._bad_header = None
        if header is not None:
            if sds.is_hex(text):
                return self._payload(header, text)
            out.append(self._unrecognized_sds(header, "", "SDS header without user data"))
        if bad is not None:
            if sds.is_hex(text):
                return [Unrecognized(line=bad[0], raw_hex=text, reason=bad[1][:_MAX_REASON])]
            out.append(Malformed(reason=_reason(bad[1], bad[0])))
        out.extend(self._single(text))
        return out

    # --- SDS -----------------------------------------------------------------------------------

    def _payload(self, header: parsers.SdsHeader, text: str) -> list[Event]:
        try:
            decoded = sds.decode_sds(header.service, header.from_issi, header.to, text,
                                     header.length_bits)
        except sds.PayloadError as exc:
            return [self._unrecognized_sds(header, text, str(exc))]
        out: list[Event] = []
        for item in decoded:
            if isinstance(item, TextPart):
                out.extend(self._concat.add(item, self._clock.monotonic()))
            else:
                out.append(item)
        return out

    def _unrecognized_sds(self, header: parsers.SdsHeader, hex_text: str,
                          reason: str) -> Unrecognized:
        pid = sds.lip_pid(hex_text) if header.service == sds.SERVICE_SDS_TYPE4 else None
        return Unrecognized(line=self._sds_line, raw_hex=hex_text, reason=reason[:_MAX_REASON],
                            from_issi=header.from_issi, to=header.to, service=header.service,
                            protocol_id=pid, length_bits=header.length_bits)

    # --- single lines ----------------------------------------------------------------------

    def _single(self, text: str) -> list[Event]:
        if text[:2].upper() == "AT" or text == ">":
            return []  # command echo (ATE1) or the CMGS prompt [L/U]
        if text in ("OK", "ERROR"):
            self._list_left, self._cnumf_open = 0, False
            return [Ok()] if text == "OK" else [Error(code=None, family=None)]
        if text[0] != "+":
            if self._list_left != 0 and _ENTRY.match(text):
                return self._list_entry(text)
            if self._cnumf_open and _NUMBER.match(text):
                return self._parse("+CNUMF", parsers.split_fields(text), text, text)
            return [unrecognized_line(text, "unknown line")]
        name, colon, rest = text.partition(":")
        name = name.strip().upper()
        if name in ("+CME ERROR", "+CMS ERROR"):
            self._list_left, self._cnumf_open = 0, False
            return parsers.final_error(name[1:4], rest)
        if not colon:
            return [unrecognized_line(text, "result code without fields")]
        fields = parsers.split_fields(rest)
        if name == "+CTSDSR":
            try:
                self._sds_header = parsers.parse_ctsdsr(fields)
            except ValueError as exc:
                self._bad_header = (text, f"+CTSDSR: {exc}")
                return []
            self._sds_line = text
            return []
        if name == "+CNUMS":
            return self._cnums(fields, text)
        if name == "+CNUMF":
            self._cnumf_open = True
        return self._parse(name, fields, rest, text)

    def _parse(self, name: str, fields: list[str], rest: str, text: str) -> list[Event]:
        parse = parsers.LINE_PARSERS.get(name)
        if parse is None:
            return [unrecognized_line(text, f"unknown result code {name}")]
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
