"""The alarm tone played from a child process, so no audio library can crash the console.

PortAudio asserts inside some host APIs (seen: ``pa_jack.c AddStream: Assertion `err == 0'
failed`, which aborts the whole process). An abort cannot be caught in Python, and a
console that dies because its loudspeaker is unwell has failed at its one job. So the
``TonePlayer`` runs in ``python -m drivers.audio.tone_process``; this side speaks JSON
lines to it, notices when it dies, reports that as "no alarm sound", and starts a new one
on the next request (AlarmSound retries every 10 s while an alarm is open).

``ProcessTonePlayer`` has the TonePlayer interface the alarm logic uses: ``tone()``,
``play_loop()``, ``stop()``, ``check()``, ``close()``, ``available``, ``last_error``,
``on_change``. Its "samples" are just the wanted tone; the child makes the waveform.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

# PortAudio itself is loaded only where a stream opens: in the child (TonePlayer).
from drivers.audio.tone import SoundState, TonePlayer

LOG = logging.getLogger(__name__)


class ProcessTonePlayer(SoundState):
    def __init__(self, device: int | str | None = None, *, sample_rate: int = 48000,
                 on_change: Callable[[bool, str], None] | None = None):
        super().__init__(device, sample_rate, on_change)
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._closed = False
        self.answered = threading.Event()  # set by every report of a child (tests, start-up)
        self.restarts = -1  # how many times a child had to be started again

    # --- the TonePlayer interface -----------------------------------------------------
    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def tone(self, escalated: bool = False) -> bool:
        return escalated

    def play_loop(self, samples: Any) -> None:
        self._send({"cmd": "play", "escalated": bool(samples)})

    def stop(self) -> None:
        self._send({"cmd": "stop"}, start=False)

    def check(self) -> None:
        self._send({"cmd": "check"})

    def close(self, timeout: float = 2.0) -> None:
        self._closed = True
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.stdin.write("{\"cmd\": \"quit\"}\n")
            proc.stdin.flush()
        except (OSError, ValueError):
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    # --- the child ----------------------------------------------------------------------
    def _send(self, message: dict, start: bool = True) -> None:
        """Never raises and never blocks on the child (its pipe takes a few bytes)."""
        if self._closed:
            return
        with self._lock:
            if (self._proc is None or self._proc.poll() is not None) and start:
                self._spawn()
            proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        try:
            proc.stdin.write(json.dumps(message) + "\n")
            proc.stdin.flush()
        except (OSError, ValueError) as exc:  # it died between poll() and write()
            self._report(False, f"alarm sound process ended ({exc})")

    def _spawn(self) -> None:
        self.restarts += 1
        args = [sys.executable, "-m", "drivers.audio.tone_process",
                "--rate", str(self.sample_rate)]
        if self.device is not None:
            args += ["--device", str(self.device)]
        try:
            self._proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, text=True, bufsize=1)
        except OSError as exc:
            self._proc = None
            self._report(False, f"cannot start the alarm sound process ({exc})")
            return
        threading.Thread(target=self._read, args=(self._proc,), name="alarm-sound-reader",
                         daemon=True).start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            try:
                report = json.loads(line)
                self._report(bool(report["available"]), str(report.get("error", "")))
                self.answered.set()
            except (ValueError, KeyError, TypeError):
                LOG.warning("alarm sound process said %r", line.strip())
        code = proc.wait()
        if not self._closed and proc is self._proc:
            why = f"signal {-code}" if code < 0 else f"exit code {code}"
            LOG.error("alarm sound process ended (%s); restarting it on the next alarm", why)
            self._report(False, f"alarm sound process ended ({why})")



def _child(argv: list[str]) -> int:
    """The child: a TonePlayer driven by JSON lines on stdin, reports on stdout."""
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=int, default=48000)
    ap.add_argument("--device")
    args = ap.parse_args(argv)
    device = int(args.device) if args.device and args.device.isdigit() else args.device
    out_lock = threading.Lock()

    def report(available: bool, error: str) -> None:
        with out_lock:
            sys.stdout.write(json.dumps({"available": available, "error": error}) + "\n")
            sys.stdout.flush()

    player = TonePlayer(device, sample_rate=args.rate, on_change=report)
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        cmd = message.get("cmd")
        if cmd == "quit":
            break
        if cmd == "play":
            player.play_loop(player.tone(bool(message.get("escalated"))))
        elif cmd == "stop":
            player.stop()
        elif cmd == "check":
            player.check()
            player.wait_idle()
            if player.available:  # say so once, so the parent knows sound works
                report(True, "")
    player.close()
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
