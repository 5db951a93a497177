"""FleetProcess: a :class:`~drivers.sim.fleet.SimFleet` in its own process.

Why: the simulated radios (one thread each), their traffic and a benchmark's load
generator are Python threads; in the console's process they compete with its GUI thread
for the GIL. In a child process they compete only for a core. Training mode and drills keep
the real path too: the console opens the pseudo-terminals like real radios, and nothing but
their device paths crosses the process boundary (the child owns the pty masters).

    with FleetProcess(["2040001", "2040002"], seed=2024) as fleet:
        fleet.devices            # {"2040001": "/tmp/vangnet-sim-…/radio-2040001", …}
        fleet.start_traffic(5)   # SimFleet's random traffic, 5 events/s
        fleet.emergency("2104731")
        fleet.play([Cue(0.5, "status", "2104731", 0x8003)]); fleet.played()

The child is ``python -m drivers.sim.fleet_process``; it speaks JSON lines: requests on its
stdin (``{"id", "cmd", ...}``), one answer per request on its stdout (``{"id", "result"}``
or ``{"id", "error"}``), after a first ``{"ready": ..., "devices": ..., "units": ...}``.
Its own prints and logging go to stderr. It ignores Ctrl+C (the owner closes it, after the
console let go of the radios) and closes the fleet when its stdin ends, so a parent that
died takes the radios with it. A child that ends unexpectedly is noticed at once (its
stdout ends): :attr:`alive` turns false, ``on_exit(returncode)`` is called and every call
raises :class:`FleetProcessError`. When it dies, its radios look unplugged to the console.

A fleet too large for this system (open files, pseudo-terminals) is refused before the
child starts, or by the child before it makes any radio: :class:`FleetTooLarge`, with a
plain message (drivers/sim/open_files.py). The child inherits the limit this process
raised for the ports it will open.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drivers.sim.demo_data import Unit
from drivers.sim.fleet import CUE_KINDS, Cue, FleetEvent
from drivers.sim.open_files import OPENER_FDS, TooManyRadios, ensure_open_files

LOG = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]  # holds drivers/ and resources/


class FleetProcessError(RuntimeError):
    """The child did not start, did not answer, refused a request or has ended."""


class FleetTooLarge(FleetProcessError, TooManyRadios):
    """Not started: this system cannot run that many radios (the message says why)."""


class FleetProcess:
    """A simulated fleet in a child process; mirrors SimFleet's on-cue API."""

    def __init__(self, radios: list[str] | tuple[str, ...] = ("2040001",), *,
                 link_dir: str | os.PathLike[str] | None = None, seed: int = 0,
                 rate: float = 1.0, dispatch: str | None = None, family: str = "motorola",
                 units_path: str | os.PathLike[str] | None = None,
                 on_exit: Callable[[int], None] | None = None,
                 start_timeout: float = 30.0, call_timeout: float = 10.0,
                 opener_fds_per_radio: int = OPENER_FDS) -> None:
        """``opener_fds_per_radio``: descriptors this process needs for each radio it
        opens (a console: port and wire trace); checked before the child starts."""
        self._config = {"radios": [str(int(r)) for r in radios], "seed": seed, "rate": rate,
                        "dispatch": dispatch, "family": family,
                        "units_path": os.fspath(units_path) if units_path else None}
        self._own_dir = link_dir is None
        self.link_dir = Path(link_dir) if link_dir is not None else None
        self.on_exit = on_exit
        self.start_timeout, self.call_timeout = start_timeout, call_timeout
        self.opener_fds_per_radio = opener_fds_per_radio
        self.devices: dict[str, str] = {}  # console radio ISSI -> device path (a symlink)
        self.units: list[Unit] = []
        self.dispatch: str = ""
        self.returncode: int | None = None
        self._proc: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None
        self._write_lock = threading.Lock()
        self._cond = threading.Condition()
        self._answers: dict[int, dict] = {}
        self._next_id = 0
        self._ready: dict | None = None
        self._ended = False
        self._closing = False

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> FleetProcess:
        """Start the child and wait until every radio's pseudo-terminal is up."""
        if self._proc is not None:
            return self
        try:
            ensure_open_files(len(self._config["radios"]), self.opener_fds_per_radio,
                              ptys=False)  # the child checks the ptys it makes
        except TooManyRadios as exc:
            raise FleetTooLarge(str(exc)) from None
        if self.link_dir is None:
            self.link_dir = Path(tempfile.mkdtemp(prefix="vangnet-sim-"))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
        config = {**self._config, "link_dir": str(self.link_dir)}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "drivers.sim.fleet_process", json.dumps(config)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=str(ROOT),
            text=True, encoding="utf-8", bufsize=1)
        self._reader = threading.Thread(target=self._read, args=(self._proc,),
                                        name="fleet-process-reader", daemon=True)
        self._reader.start()
        with self._cond:
            self._cond.wait_for(lambda: self._ready is not None or self._ended,
                                self.start_timeout)
            ready = self._ready
        if ready is None or "error" in ready:
            why = (ready or {}).get("error") or (
                "it ended" if self._ended else f"no answer within {self.start_timeout} s")
            self.close(timeout=1.0)
            if (ready or {}).get("too_many"):
                raise FleetTooLarge(why)
            raise FleetProcessError(f"simulated fleet did not start: {why}")
        self.devices = dict(ready["devices"])
        self.units = [Unit(*fields) for fields in ready["units"]]
        self.dispatch = ready["dispatch"]
        return self

    def __enter__(self) -> FleetProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def alive(self) -> bool:
        return self._proc is not None and not self._ended and self._proc.poll() is None

    def close(self, timeout: float = 5.0) -> None:
        """Ask the child to close its radios and exit; kill it if it has not within
        ``timeout`` seconds. Idempotent; removes the link directory it made."""
        self._closing = True
        proc = self._proc
        if proc is not None:
            if proc.poll() is None:
                try:
                    self._send({"id": -1, "cmd": "quit"})
                    proc.stdin.close()
                except (OSError, ValueError):
                    pass
                try:
                    proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    LOG.warning("simulated fleet (pid %d) did not exit; killing it", proc.pid)
                    proc.kill()
                    proc.wait()
            if self._reader is not None and self._reader is not threading.current_thread():
                self._reader.join(timeout)
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()
                except (OSError, ValueError):
                    pass
        if self._own_dir and self.link_dir is not None:
            shutil.rmtree(self.link_dir, ignore_errors=True)

    # --- the SimFleet API -------------------------------------------------------------------

    def start_traffic(self, rate: float | None = None) -> None:
        """SimFleet's random traffic in the child, ``rate`` events/s."""
        self._call("start_traffic", rate=rate)

    def stop_traffic(self) -> None:
        self._call("stop_traffic")

    def status(self, unit: str, value: int, radio: str | None = None) -> FleetEvent:
        return _event(self._call("status", unit=unit, value=value, radio=radio))

    def emergency(self, unit: str, radio: str | None = None) -> FleetEvent:
        """Emergency status, LIP "emergency" and emergency call, as SimFleet.emergency."""
        return _event(self._call("emergency", unit=unit, radio=radio))

    def play(self, cues: list[Cue] | tuple[Cue, ...]) -> None:
        """Play a timed script in the child (see SimFleet.play); the clock starts now."""
        for cue in cues:
            if cue.kind not in CUE_KINDS:
                raise ValueError(f"cue kind must be one of {CUE_KINDS}, not {cue.kind!r}")
        self._call("play", cues=[[c.at_s, c.kind, c.unit, c.value, c.radio] for c in cues])

    def stop_playing(self) -> None:
        self._call("stop_playing")

    def playing(self) -> bool:
        return bool(self._call("playing"))

    def played(self) -> list[tuple[int, float]]:
        """``(cue index, time.monotonic() in the child just before its write)``. The clock
        is CLOCK_MONOTONIC, system-wide on Linux: comparable with this process's."""
        return [(int(i), float(t)) for i, t in self._call("played")]

    # --- the pipe -----------------------------------------------------------------------------

    def _call(self, cmd: str, **args: Any) -> Any:
        with self._cond:
            if self._ended or self._proc is None:
                raise FleetProcessError(f"simulated fleet is not running ({self._why()})")
            self._next_id += 1
            request_id = self._next_id
        try:
            self._send({"id": request_id, "cmd": cmd, **args})
        except (OSError, ValueError) as exc:
            raise FleetProcessError(f"simulated fleet is not running ({exc})") from None
        with self._cond:
            self._cond.wait_for(lambda: request_id in self._answers or self._ended,
                                self.call_timeout)
            answer = self._answers.pop(request_id, None)
        if answer is None:
            raise FleetProcessError(f"simulated fleet did not answer {cmd!r} ({self._why()})")
        if "error" in answer:
            raise FleetProcessError(f"simulated fleet refused {cmd!r}: {answer['error']}")
        return answer.get("result")

    def _send(self, message: dict) -> None:
        with self._write_lock:
            self._proc.stdin.write(json.dumps(message) + "\n")
            self._proc.stdin.flush()

    def _why(self) -> str:
        code = self.returncode
        if code is None:
            return "no answer" if not self._ended else "ended"
        return f"ended with signal {-code}" if code < 0 else f"ended with exit code {code}"

    def _read(self, proc: subprocess.Popen) -> None:
        try:
            for text in proc.stdout:
                try:
                    message = json.loads(text)
                except ValueError:
                    LOG.warning("simulated fleet said %r", text.strip())
                    continue
                with self._cond:
                    if "id" in message:
                        self._answers[message["id"]] = message
                    else:
                        self._ready = message
                    self._cond.notify_all()
        except (OSError, ValueError):
            pass  # closed under us
        code = proc.wait()
        with self._cond:
            self.returncode, self._ended = code, True
            self._cond.notify_all()
        if not self._closing:
            LOG.error("simulated fleet (pid %d) ended: %s", proc.pid, self._why())
            if self.on_exit is not None:
                try:
                    self.on_exit(code)
                except Exception:
                    LOG.exception("on_exit handler failed")


def _event(fields: list) -> FleetEvent:
    kind, unit, radios, detail = fields
    return FleetEvent(kind, unit, tuple(radios), tuple(detail))


# --- the child ------------------------------------------------------------------------------

def _child(argv: list[str]) -> int:
    from dataclasses import astuple

    from drivers.sim.fleet import SimFleet

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the owner closes us, after its console
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # stray prints must not corrupt the protocol
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="sim-fleet %(levelname)s %(name)s: %(message)s")
    out_lock = threading.Lock()

    def say(message: dict) -> None:
        with out_lock:
            out.write(json.dumps(message) + "\n")

    config = json.loads(argv[0])
    try:
        fleet = SimFleet(config["link_dir"], config["radios"], seed=config["seed"],
                         rate=config["rate"], dispatch=config["dispatch"],
                         family=config["family"], units_path=config["units_path"],
                         opener_fds_per_radio=0).start()  # the owner opens the ports
    except TooManyRadios as exc:  # refused before any radio ran: the plain message
        say({"ready": False, "error": str(exc), "too_many": True})
        return 1
    except Exception as exc:  # bad config or no ptys: say why, then exit
        say({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    say({"ready": True, "devices": {issi: r.device for issi, r in fleet.radios.items()},
         "units": [astuple(u) for u in fleet.units], "dispatch": fleet.dispatch.issi})

    def as_list(event: FleetEvent) -> list:
        return [event.kind, event.unit, list(event.radios), list(event.detail)]

    handlers: dict[str, Callable[[dict], Any]] = {
        "start_traffic": lambda m: fleet.start_traffic(m.get("rate")),
        "stop_traffic": lambda m: fleet.stop_traffic(),
        "status": lambda m: as_list(fleet.status(m["unit"], int(m["value"]), m.get("radio"))),
        "emergency": lambda m: as_list(fleet.emergency(m["unit"], m.get("radio"))),
        "play": lambda m: fleet.play([Cue(float(a), k, u, int(v), r)
                                      for a, k, u, v, r in m["cues"]]),
        "stop_playing": lambda m: fleet.stop_playing(),
        "playing": lambda m: fleet.playing,
        "played": lambda m: list(fleet.played),
    }
    try:
        for text in sys.stdin:
            try:
                message = json.loads(text)
            except ValueError:
                continue
            cmd = message.get("cmd")
            if cmd == "quit":
                break
            handler = handlers.get(cmd)
            try:
                if handler is None:
                    raise ValueError(f"unknown command {cmd!r}")
                answer = {"result": handler(message)}
            except Exception as exc:  # answered; the fleet keeps running
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            say({"id": message.get("id"), **answer})
    finally:
        fleet.close()
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
