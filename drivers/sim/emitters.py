""""On cue" traffic of the simulated radio: what other radios send it. Mixed into SimRadio.

Each emitter is thread-safe and writes complete PEI lines in one piece, so unsolicited
results never interleave with a command's answer. SDS arrive as ``+CTSDSR`` with the
calling party as a full TSI (type 1) and the user data on the next line (PEI.md §8.2);
payloads are encoded with the decoder engineer's codecs (:mod:`drivers.pei.sds`,
:mod:`drivers.pei.lip`), so encoder and decoder are tested against each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drivers.events import Grant
from drivers.sim.commands import ctxg
from drivers.sim.pei_lines import AI_SDS4, AI_STATUS, ID_SSI, ID_TSI, ctsdsr, line, tsi_for

if TYPE_CHECKING:
    from drivers.sim.commands import SimCall
    from drivers.sim.radio import SimRadio

EMERGENCY_PRIORITY = 15  # pre-emptive priority 4 (emergency), PEI.md §7.4
EMERGENCY_STATUS = 0  # pre-coded status 0 = emergency, PEI.md §8.5


class EmittersMixin:
    def _called(self: SimRadio, to: str | None) -> tuple[str, int]:
        """Called identity and type: our own TSI, or another SSI/GSSI as given."""
        if to is None or str(int(to)) == self.issi:
            return self.tsi, ID_TSI
        return str(int(to)), ID_SSI

    # --- SDS ------------------------------------------------------------------------------

    def emit_status(self: SimRadio, from_issi: str, value: int, to: str | None = None) -> bytes:
        """A status SDS (AI service 13, 16 bits) from ``from_issi``; returns the bytes sent."""
        from drivers.pei import sds

        called, called_type = self._called(to)
        data = ctsdsr(AI_STATUS, from_issi, called, called_type, 16, sds.encode_status(value))
        self._write(data)
        return data

    def emit_emergency_status(self: SimRadio, from_issi: str, to: str | None = None) -> bytes:
        return self.emit_status(from_issi, EMERGENCY_STATUS, to)

    def emit_text(self: SimRadio, from_issi: str, text: str, to: str | None = None,
                  report_request: bool = False, message_reference: int = 0) -> bytes:
        """An SDS-TL text (PID 0x82) from ``from_issi``."""
        from drivers.pei import sds

        hex_data, bits = sds.encode_text(text, message_reference=message_reference,
                                         report_request=report_request)
        called, called_type = self._called(to)
        data = ctsdsr(AI_SDS4, from_issi, called, called_type, bits, hex_data)
        self._write(data)
        return data

    def emit_long_text(self: SimRadio, from_issi: str, text: str, to: str | None = None,
                       reference: int = 0, message_reference: int = 0,
                       max_bits: int = 668, skip_parts: tuple[int, ...] = ()) -> bytes:
        """A text too long for one SDS as PID 0x8A parts with the concatenation header
        (PEI.md §8.4), each its own +CTSDSR; ``skip_parts`` (1-based) are never sent, as
        when the air loses them."""
        from drivers.pei import sds

        called, called_type = self._called(to)
        parts = sds.encode_concatenated_text(text, reference=reference,
                                             message_reference=message_reference,
                                             max_bits=max_bits)
        data = b"".join(ctsdsr(AI_SDS4, from_issi, called, called_type, bits, hex_data)
                        for n, (hex_data, bits) in enumerate(parts, 1) if n not in skip_parts)
        self._write(data)
        return data

    def emit_sds(self: SimRadio, from_issi: str, hex_data: str, bits: int | None = None,
                 service: int = AI_SDS4, to: str | None = None) -> bytes:
        """Any SDS user data as given (an unknown protocol, an SDS-ACK, damaged data)."""
        called, called_type = self._called(to)
        length = 4 * len(hex_data) if bits is None else bits
        data = ctsdsr(service, from_issi, called, called_type, length, hex_data)
        self._write(data)
        return data

    def emit_location(self: SimRadio, from_issi: str, lat: float, lon: float,
                      velocity_kmh: float | None = None, direction_deg: float | None = None,
                      reason: int = 0, to: str | None = None) -> bytes:
        """A LIP short location report (PID 0x0A, 84 bits, PEI.md §9).

        Motorola pads the hex to whole bytes (22 digits), Sepura sends exactly 21 digits;
        the header says 84 bits either way (PEI.md §8.2).
        """
        from drivers.pei import lip

        hex_data, bits = lip.encode_short_report(lat, lon, velocity_kmh=velocity_kmh,
                                                 direction_deg=direction_deg, reason=reason)
        digits = hex_data[: -(-bits // 4)]
        if self.family == "motorola" and len(digits) % 2:
            digits += "0"
        called, called_type = self._called(to)
        data = ctsdsr(AI_SDS4, from_issi, called, called_type, bits, digits)
        self._write(data)
        return data

    # --- calls and floor (PEI.md §7.2, §7.3) --------------------------------------------

    def emit_group_call(self: SimRadio, calling_issi: str, gssi: str | None = None,
                        priority: int = 0) -> int:
        """An incoming group call with ``calling_issi`` talking; returns the CC instance."""
        with self._lock:
            call = self._new_call(str(int(gssi or self.talkgroup)), priority)
            call.talker = str(int(calling_issi))
            # cc, status 0 progressing, AI service 0 speech, calling id type 1 (TSI), calling
            # id, hook 1, simplex 1, e2e 0, comms type 1 (group), codec 1, called type 0,
            # called GSSI, priority (PEI.md §7.2 field list)
            self._write(line(f"+CTICN: {call.cc},0,0,{ID_TSI},{tsi_for(calling_issi)},1,1,0,1,1,"
                             f"{ID_SSI},{call.gssi},{priority}")
                        + self._talker_line(call))
            return call.cc

    def emit_emergency_call(self: SimRadio, calling_issi: str, gssi: str | None = None) -> int:
        return self.emit_group_call(calling_issi, gssi, EMERGENCY_PRIORITY)

    def emit_talker_change(self: SimRadio, cc: int, talker_issi: str | None) -> None:
        """Another party takes the floor, or (``None``) the floor becomes free.

        A new talker pre-empts nobody: if the console holds the floor it loses it (the
        SwMI granted someone else, TxGrant 3). A free floor grants a queued console request.
        """
        with self._lock:
            call = self.calls.get(cc)
            if call is None or call.ended:
                raise ValueError(f"no live call {cc}")
            if talker_issi is None:
                call.talker = None
                self._write(line(f"+CDTXC: {cc},0"))
                if call.queued:
                    self._grant(call)
                return
            call.talker, call.own_floor = str(int(talker_issi)), False
            self._write(self._talker_line(call))

    def emit_call_end(self: SimRadio, cc: int, cause: int = 1) -> None:
        """The call is released (``+CTCR: cc,cause``; 1 = user request, 13 = timer expiry)."""
        with self._lock:
            call = self.calls.get(cc)
            if call is not None:
                call.ended = True
            self._write(line(f"+CTCR: {cc},{cause}"))

    def _talker_line(self: SimRadio, call: SimCall) -> bytes:
        return line(ctxg(call.cc, Grant.OTHER_USER, tsi_for(call.talker or "0")))

    # --- raw ----------------------------------------------------------------------------

    def emit_garbage(self: SimRadio, garbage: int | bytes = 8) -> bytes:
        """Line noise: ``n`` deterministic non-ASCII/control bytes, or the given bytes."""
        if isinstance(garbage, int):
            pattern = b"\x00\xff\x13\x80\xfe\x07\x9b\x11"
            garbage = (pattern * (garbage // len(pattern) + 1))[:garbage]
        self._write(garbage)
        return garbage

    def emit_raw(self: SimRadio, data: bytes) -> None:
        self._write(data)
