"""Command handling of the simulated radio (PEI.md §4–§8). Mixed into SimRadio.

Every command gets exactly one final result (``OK``, ``ERROR`` or ``+CME ERROR: n``).
Unsolicited results that follow a command are written *after* its final result; where the
order is not documented publicly (PEI.md §15) these are our assumptions, and the driver
must not depend on them:

* ``AT+CTGS=1,<gssi>``: ``OK``, then ``+CTGS: 1,<gssi>`` (as if MM group management were
  routed, PEI.md §6). Unknown group → ``+CME ERROR: 34`` (PEI.md §6 suggests 34 [U]).
* ``ATD<gssi>``: ``OK``, then ``+CTOCP: <cc>,0,0`` (progressing) and ``+CTCC: ...``.
* ``AT+CTXD=<cc>,<prio>``: ``OK``, then ``+CTXG`` per the floor policy (grant 0 / queued 2 /
  refused 1; queued whenever another party holds the floor, granted when it ceases).
* ``AT+CUTXC=<cc>``: ``OK``, then ``+CDTXC: <cc>,0`` if we held the floor — the SwMI tells
  every member, including the former talker, that transmission ceased (PEI.md §7.3 names
  +CDTXC "down transmission ceased"). A queued request is simply withdrawn.
* ``ATH``: ``OK``, then ``+CTCR: <cc>,1`` (user request) for the most recent call.
* ``AT+CMGS=<id>,<bits>`` CR LF hex Ctrl-Z: ``+CMGS: <inst>`` ``OK``, later
  ``+CMGS: <inst>,4[,<mr>]`` (mr only for SDS-TL payloads, PID >= 0x80, PEI.md §8.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.events import Grant
from drivers.sim.at_input import Line
from drivers.sim.pei_lines import AI_SDS4, ID_TSI, ctsdsr, ssi_of

if TYPE_CHECKING:
    from drivers.sim.radio import SimRadio


@dataclass
class SimCall:
    """One call the radio takes part in (PEI.md §7): CC instance, group, floor state."""
    cc: int
    gssi: str
    priority: int = 0
    talker: str | None = None  # SSI of another party holding the floor
    own_floor: bool = False  # the console (our TE) was granted the floor
    queued: bool = False  # the console asked and waits in the queue
    ended: bool = False

GMM = {"motorola": "54007,M83PF-----AN,88.2.0.0", "sepura": "STP9000,STP9040,2.10.1"}
GMI = {"motorola": "MOTOROLA", "sepura": "SEPURA"}
GMR = {"motorola": "R88.2.0.0", "sepura": "2.10.1"}

# CME codes used here (PEI.md §10).
NOT_ALLOWED, NOT_SUPPORTED, DIAL_TOO_LONG, BAD_DIAL = 3, 4, 26, 27
DECODE_FAILED, WRONG_TYPE, OUT_OF_RANGE, SYNTAX = 32, 33, 34, 35
CMGS_TIMEOUT, PID_REGISTERED = 37, 38

_SIMPLE_OK = ("AT+CSCS=", "AT+CREG=", "AT+IFC=", "AT+CMEE=", "ATA", "ATI")


class CmeError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _ints(args: str, count_min: int = 1) -> list[int]:
    parts = [p.strip() for p in args.split(",")]
    try:
        values = [int(p) if p else 0 for p in parts]
    except ValueError:
        raise CmeError(WRONG_TYPE) from None
    if len(values) < count_min:
        raise CmeError(SYNTAX)
    return values


class CommandsMixin:
    """Parses one command line and answers it; state lives in SimRadio."""

    def _on_line(self: SimRadio, item: Line) -> None:
        text = item.text.strip()
        if not text:
            return  # empty lines get no result (V.250)
        if self.echo:
            self._write(item.raw)  # echo is the command text plus CR only (PEI.md §2)
        with self.cond:
            self.commands_received.append(text)
            self._notify()
        try:
            final = self._dispatch(text)
        except CmeError as exc:
            final = f"+CME ERROR: {exc.code}"
        except Exception:  # a simulator bug: one bad command must not kill the radio
            self.log.exception("simulated radio failed on %r", text)
            final = f"+CME ERROR: {SYNTAX}"
        if final is not None:
            self._send_line(final)

    def _dispatch(self: SimRadio, text: str) -> str | None:
        cmd = text.upper()
        if not cmd.startswith("AT"):
            raise CmeError(SYNTAX)  # e.g. a leftover byte before "AT" (PEI.md §2)
        if cmd == "AT":
            return "OK"
        if cmd in ("ATE0", "ATE1", "ATE"):
            self.echo = cmd == "ATE1"
            return "OK"
        if cmd == "ATZ":
            self._power_up(keep_input=True)  # settings reset, talkgroup kept (PEI.md §4)
            return "OK"
        if cmd.startswith(_SIMPLE_OK):
            return "OK"
        for prefix, info in (("AT+GMI", GMI), ("AT+GMM", GMM), ("AT+GMR", GMR)):
            if cmd in (prefix, prefix + "?"):
                self._send_line(f"{prefix[2:]}: {info[self.family]}")
                return "OK"
        handler = _HANDLERS.get(_command_name(cmd))
        if handler is None:
            raise CmeError(NOT_SUPPORTED)
        return handler(self, cmd, text)

    # --- queries ----------------------------------------------------------------------------

    def _cmd_cnumf(self: SimRadio, cmd: str, text: str) -> str:
        if cmd != "AT+CNUMF?":
            raise CmeError(NOT_SUPPORTED)
        self._send_line(f"+CNUMF: 0,{self.tsi}")  # num type 0 = individual (PEI.md §3)
        return "OK"

    def _cmd_cscs(self: SimRadio, cmd: str, text: str) -> str:
        self._send_line("+CSCS: 8859-1")
        return "OK"

    def _cmd_ctom(self: SimRadio, cmd: str, text: str) -> str:
        if cmd == "AT+CTOM?":
            self._send_line(f"+CTOM: {self.ctom}")
            return "OK"
        (mode,) = _ints(_args(cmd, "AT+CTOM="))[:1]
        if not 0 <= mode <= 6:
            raise CmeError(OUT_OF_RANGE)
        self.ctom = mode
        return "OK"

    def _cmd_csq(self: SimRadio, cmd: str, text: str) -> str:
        self._send_line(f"+CSQ: {self.rssi},99")
        return "OK"

    def _cmd_cbc(self: SimRadio, cmd: str, text: str) -> str:
        self._send_line(f"+CBC: 0,{self.battery_percent}")
        return "OK"

    def _cmd_creg(self: SimRadio, cmd: str, text: str) -> str:
        # stat 1 = registered home network, LA 1, MNI = MCC+MNC (PEI.md §4)
        self._send_line(f"+CREG: 1,1,{self.tsi[:-8]}")
        return "OK"

    # --- talkgroups (PEI.md §6) -----------------------------------------------------------

    def _cmd_ctgs(self: SimRadio, cmd: str, text: str) -> str:
        if cmd == "AT+CTGS?":
            self._send_line(f"+CTGS: 1,{self.talkgroup}")
            return "OK"
        parts = _args(cmd, "AT+CTGS=").split(",")
        if len(parts) < 2:
            raise CmeError(SYNTAX)
        group_type = _ints(parts[0])[0]
        if group_type != 1:
            raise CmeError(NOT_SUPPORTED)  # scan types 2-7 are not simulated
        gssi = ssi_of(parts[1])
        if gssi not in {g for g, _ in self.talkgroups}:
            raise CmeError(OUT_OF_RANGE)
        self.talkgroup = gssi
        self._later(0.0, lambda: self._send_line(f"+CTGS: 1,{gssi}"))
        return "OK"

    def _cmd_cnums(self: SimRadio, cmd: str, text: str) -> str:
        count = len(self.talkgroups)
        if cmd == "AT+CNUMS=?":
            self._send_line(f"+CNUMS: (0),(1-{count}),(1-{count})")
            return "OK"
        first, last = 1, count
        if cmd.startswith("AT+CNUMS="):
            values = _ints(_args(cmd, "AT+CNUMS="), 3)
            first, last = values[1], min(values[2], count)
            if first < 1 or first > last:
                raise CmeError(OUT_OF_RANGE)
        entries = self.talkgroups[first - 1:last]
        self._send_line(f"+CNUMS: {len(entries)}")
        for gssi, name in entries:
            self._send_line(f"1,{gssi},{name}")  # num type 1 = group (PEI.md §6)
        return "OK"

    # --- service profiles (PEI.md §5) -----------------------------------------------------

    def _cmd_ctsp(self: SimRadio, cmd: str, text: str) -> str:
        values = tuple(_ints(_args(cmd, "AT+CTSP="), 2))
        layers = values[1:3]
        if layers[0] == 3 and any(r[1:3] == layers for r in self.ctsp):
            raise CmeError(PID_REGISTERED)  # the PID already has a route
        self.ctsp.append(values)
        return "OK"

    def _cmd_ctsds(self: SimRadio, cmd: str, text: str) -> str:
        self.ctsds = tuple(_ints(_args(cmd, "AT+CTSDS="), 2))
        return "OK"

    def _cmd_ctsdc(self: SimRadio, cmd: str, text: str) -> str:
        self.ctsdc = tuple(p.strip() for p in _args(cmd, "AT+CTSDC=").split(","))
        return "OK"

    # --- SDS sending (PEI.md §8.1) --------------------------------------------------------

    def _cmd_cmgs(self: SimRadio, cmd: str, text: str) -> str | None:
        parts = [p.strip().strip('"') for p in _args(cmd, "AT+CMGS=").split(",")]
        if len(parts) < 2 or not parts[0].isdigit():
            raise CmeError(SYNTAX)
        bits = _ints(parts[1])[0]
        if not 0 < bits <= 2047:
            raise CmeError(OUT_OF_RANGE)
        token = object()
        self._cmgs = (parts[0], bits, token)
        self._input.expect_user_data()

        def timed_out() -> None:
            if self._cmgs is not None and self._cmgs[2] is token:
                self._cmgs = None
                self._input.cancel_user_data()
                self._send_line(f"+CME ERROR: {CMGS_TIMEOUT}")

        self._later(self.timing.cmgs_user_data_s, timed_out)
        return None  # the final result comes after the user data

    def _on_user_data_aborted(self: SimRadio) -> None:
        self._cmgs = None
        self._send_line("OK")  # ESC: nothing sent (V.25ter text mode)

    def _on_user_data(self: SimRadio, hex_text: str) -> None:
        target = self._cmgs
        self._cmgs = None
        if target is None:
            self._send_line("+CME ERROR: 36")  # user data without AT+CMGS
            return
        called, bits, _ = target
        if not re.fullmatch(r"[0-9A-Fa-f]*", hex_text) or len(hex_text) * 4 < bits:
            self._send_line(f"+CME ERROR: {DECODE_FAILED}")
            return
        self.sds_sent.append((called, bits, hex_text.upper()))
        instance = next(self._sds_instance) % 256
        self._send_line(f"+CMGS: {instance}")
        self._send_line("OK")
        data = bytes.fromhex(hex_text[: len(hex_text) // 2 * 2])
        mr = data[2] if len(data) >= 3 and data[0] >= 0x80 else None
        tail = "" if mr is None else f",{mr}"
        self._later(self.timing.sds_sent_s, lambda: self._send_line(f"+CMGS: {instance},4{tail}"))
        # SDS-TRANSFER (type 0) with a delivery report request (bits 3-2), PEI.md §8.4
        wants_report = (mr is not None and self.ctsds[:1] == (AI_SDS4,) and len(data) >= 2
                        and data[1] >> 4 == 0 and (data[1] >> 2) & 0b11)
        if wants_report and self.deliver:
            delay = self.timing.sds_sent_s + self.timing.delivery_report_s
            self._later(delay, lambda: self._emit_delivery_report(ssi_of(called), mr))
        with self.cond:
            self._notify()

    def _emit_delivery_report(self: SimRadio, from_ssi: str, mr: int) -> None:
        from drivers.pei import sds  # the decoder engineer's codec

        hex_data, bits = sds.encode_sds_report(0, mr)  # 0 = receipt acknowledged
        self._write(ctsdsr(AI_SDS4, from_ssi, self.tsi, ID_TSI, bits, hex_data))

    # --- call and floor control (PEI.md §7) ----------------------------------------------

    def _cmd_dial(self: SimRadio, cmd: str, text: str) -> str:
        number = cmd[3:].strip().rstrip(";")
        if not number:
            raise CmeError(SYNTAX)
        if len(number) > 25:
            raise CmeError(DIAL_TOO_LONG)
        if not (number.isascii() and number.isdigit()):
            raise CmeError(BAD_DIAL)
        priority = 0
        if len(self.ctsdc) >= 10 and self.ctsdc[9].isdigit():
            priority = int(self.ctsdc[9])
        call = self._new_call(ssi_of(number), priority)

        def connected() -> None:
            self._send_line(f"+CTOCP: {call.cc},0,0")
            self._send_line(f"+CTCC: {call.cc},1,1,0,0,1,1")

        self._later(self.timing.call_setup_s, connected)
        return "OK"

    def _cmd_ctxd(self: SimRadio, cmd: str, text: str) -> str:
        values = _ints(_args(cmd, "AT+CTXD="), 1)
        call = self._live_call(values[0])
        cc = call.cc
        if self.floor_policy == "refuse":
            self._later(0.0, lambda: self._send_line(ctxg(cc, Grant.NOT_GRANTED)))
        elif call.talker is not None or self.floor_policy == "queue":
            call.queued = True
            self._later(0.0, lambda: self._send_line(ctxg(cc, Grant.QUEUED)))
            if call.talker is None:
                self._later(self.timing.queue_grant_s, lambda: self._grant_if_queued(call))
        else:
            self._later(0.0, lambda: self._grant(call))
        return "OK"

    def _cmd_cutxc(self: SimRadio, cmd: str, text: str) -> str:
        call = self._live_call(_ints(_args(cmd, "AT+CUTXC="))[0])
        call.queued = False
        if call.own_floor:
            call.own_floor = False
            self._later(0.0, lambda: self._send_line(f"+CDTXC: {call.cc},0"))
        return "OK"

    def _cmd_hangup(self: SimRadio, cmd: str, text: str) -> str:
        live = [c for c in self.calls.values() if not c.ended]
        if live:
            call = live[-1]
            call.ended = True
            self._later(0.0, lambda: self._send_line(f"+CTCR: {call.cc},1"))
        return "OK"

    def _new_call(self: SimRadio, gssi: str, priority: int) -> SimCall:
        call = SimCall(self._next_cc(), gssi, priority)
        self.calls[call.cc] = call
        return call

    def _live_call(self: SimRadio, cc: int) -> SimCall:
        call = self.calls.get(cc)
        if call is None or call.ended:
            raise CmeError(OUT_OF_RANGE)
        return call

    def _grant(self: SimRadio, call: SimCall) -> None:
        call.queued, call.own_floor = False, True
        self._send_line(ctxg(call.cc, Grant.GRANTED))

    def _grant_if_queued(self: SimRadio, call: SimCall) -> None:
        if call.queued and call.talker is None and not call.ended:
            self._grant(call)


def ctxg(cc: int, grant: Grant, talker_tsi: str | None = None) -> str:
    """``+CTXG: <cc>,<grant>,<TxRqPrmsn>,<e2ee>[,<TPI type>,<TPI>]`` (PEI.md §7.3): with a
    talker's TSI (type 1) the grant names another party; without, our own request."""
    tail = "" if talker_tsi is None else f",{ID_TSI},{talker_tsi}"
    return f"+CTXG: {cc},{grant:d},0,0{tail}"


def _args(cmd: str, prefix: str) -> str:
    if not cmd.startswith(prefix):
        raise CmeError(SYNTAX)
    return cmd[len(prefix):]


def _command_name(cmd: str) -> str:
    if cmd.startswith("ATD"):
        return "ATD"
    if cmd == "ATH" or cmd == "ATH0":
        return "ATH"
    match = re.match(r"AT\+[A-Z]+", cmd)
    return match.group(0) if match else cmd


_HANDLERS = {
    "AT+CNUMF": CommandsMixin._cmd_cnumf,
    "AT+CSCS": CommandsMixin._cmd_cscs,
    "AT+CTOM": CommandsMixin._cmd_ctom,
    "AT+CSQ": CommandsMixin._cmd_csq,
    "AT+CBC": CommandsMixin._cmd_cbc,
    "AT+CREG": CommandsMixin._cmd_creg,
    "AT+CTGS": CommandsMixin._cmd_ctgs,
    "AT+CNUMS": CommandsMixin._cmd_cnums,
    "AT+CTSP": CommandsMixin._cmd_ctsp,
    "AT+CTSDS": CommandsMixin._cmd_ctsds,
    "AT+CTSDC": CommandsMixin._cmd_ctsdc,
    "AT+CMGS": CommandsMixin._cmd_cmgs,
    "ATD": CommandsMixin._cmd_dial,
    "AT+CTXD": CommandsMixin._cmd_ctxd,
    "AT+CUTXC": CommandsMixin._cmd_cutxc,
    "ATH": CommandsMixin._cmd_hangup,
}
