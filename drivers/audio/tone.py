"""The alarm tone and a player that loops it without ever troubling its caller.

``alarm_tone`` is pure: a two-tone 960/770 Hz signal, phase-continuous across its tone
changes and across the loop point, so it loops without clicks. ``TonePlayer`` opens a
PortAudio stream on a worker thread (opening one can take a while, or hang on a sick sound
server, and the GUI thread must never wait for that); its callback only copies from a
buffer prepared beforehand. A missing device or server is logged once and reported through
``available``/``last_error`` (and ``on_change``), never raised: a console without sound must
still show its alarms.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

LOG = logging.getLogger(__name__)

FREQUENCIES_HZ = (960.0, 770.0)
NORMAL_DBFS = -12.0
ESCALATED_DBFS = -3.0
MAX_BLOCK = 16384  # frames; a larger callback block gets silence rather than a slow copy


def dbfs_to_amplitude(dbfs: float) -> float:
    return 10.0 ** (dbfs / 20.0)


def alarm_tone(sample_rate: int = 48000, *, escalated: bool = False,
               seconds: float = 2.0) -> np.ndarray:
    """Mono float32 samples: 960 and 770 Hz alternating every 0.25 s at -12 dBFS peak;
    escalated: every 0.125 s at -3 dBFS (louder and more urgent in rhythm, so the change
    is heard, not only the level)."""
    step_s = 0.125 if escalated else 0.25
    amplitude = dbfs_to_amplitude(ESCALATED_DBFS if escalated else NORMAL_DBFS)
    per_step = max(1, round(sample_rate * step_s))
    steps = max(2, 2 * round(seconds / step_s / 2))  # whole high/low pairs
    freqs = np.repeat(np.tile(np.array(FREQUENCIES_HZ), steps // 2), per_step)
    cycles = np.cumsum(freqs) / sample_rate  # phase in cycles at the end of each sample
    # Stretch the phase a hair (parts per million) so the loop holds a whole number of
    # cycles: the last sample then leads smoothly into the first.
    whole = max(1.0, round(float(cycles[-1])))
    cycles *= whole / float(cycles[-1])
    phase = np.concatenate(([0.0], cycles[:-1]))
    return (amplitude * np.sin(2.0 * np.pi * phase)).astype(np.float32)


class _Loop:
    """Samples laid out so that any block up to MAX_BLOCK long is one contiguous slice."""

    __slots__ = ("buffer", "length", "pos")

    def __init__(self, samples: np.ndarray):
        samples = np.asarray(samples, dtype=np.float32).reshape(-1)
        if samples.size == 0:
            raise ValueError("empty tone")
        self.length = samples.size
        reps = 1 + math.ceil(MAX_BLOCK / self.length)
        self.buffer = np.tile(samples, reps)[: self.length + MAX_BLOCK]
        self.pos = 0

    def fill(self, out: np.ndarray) -> None:
        frames = out.shape[0]
        if frames > MAX_BLOCK:
            out.fill(0.0)
            return
        out[:] = self.buffer[self.pos:self.pos + frames]
        self.pos = (self.pos + frames) % self.length


class SoundState:
    """Whether the alarm can be heard, and why not; shared by the players.

    ``on_change(available, last_error)`` runs on the player's own thread when that
    changes; a Qt caller must hand it to its own thread (a queued signal).
    """

    def __init__(self, device: int | str | None, sample_rate: int,
                 on_change: Callable[[bool, str], None] | None):
        self.device, self.sample_rate, self.on_change = device, sample_rate, on_change
        self._available, self._last_error = True, ""  # until something failed

    @property
    def available(self) -> bool:
        return self._available

    @property
    def last_error(self) -> str:
        return self._last_error

    def _report(self, available: bool, error: str) -> bool:
        """Record the state; tell on_change when it changed. Returns whether it did."""
        changed = (available, error) != (self._available, self._last_error)
        self._available, self._last_error = available, error
        if changed and self.on_change is not None:
            try:
                self.on_change(available, error)
            except Exception:
                LOG.exception("alarm sound: on_change failed")
        return changed


class TonePlayer(SoundState):
    """Loops a tone on an output device; every method returns at once and never raises."""

    def __init__(self, device: int | str | None = None, *, sample_rate: int = 48000,
                 on_change: Callable[[bool, str], None] | None = None):
        super().__init__(device, sample_rate, on_change)
        self._logged: set[str] = set()
        self._loop: _Loop | None = None  # read by the audio callback; replaced, never edited
        self._stream: Any = None  # only touched on the worker thread
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._tones: dict[bool, np.ndarray] = {}
        self.callbacks = 0  # audio blocks delivered (diagnostics and tests)
        self.underflows = 0

    # --- public, any thread ---------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._loop is not None and self._stream is not None

    def tone(self, escalated: bool = False) -> np.ndarray:
        if escalated not in self._tones:
            self._tones[escalated] = alarm_tone(self.sample_rate, escalated=escalated)
        return self._tones[escalated]

    def play_loop(self, samples: np.ndarray) -> None:
        """Loop ``samples`` until stop(); replaces whatever is playing."""
        self._submit("play", samples)

    def stop(self) -> None:
        self._submit("stop", None)

    def check(self) -> None:
        """Open and close a stream, so ``available`` is known before the first alarm."""
        self._submit("check", None)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until the worker has carried out every request (tests, shutdown)."""
        with self._queue.all_tasks_done:
            return self._queue.all_tasks_done.wait_for(
                lambda: self._queue.unfinished_tasks == 0, timeout)

    def close(self, timeout: float = 2.0) -> None:
        worker = self._worker
        if worker is None:
            return
        self._queue.put(("close", None))
        worker.join(timeout)
        if worker.is_alive():
            LOG.error("alarm sound worker did not stop within %.1f s", timeout)

    # --- worker thread --------------------------------------------------------------
    def _submit(self, command: str, arg: Any) -> None:
        with self._start_lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="alarm-sound",
                                                daemon=True)
                self._worker.start()
        self._queue.put((command, arg))

    def _run(self) -> None:
        while True:
            command, arg = self._queue.get()
            try:
                if command == "close":
                    self._loop = None
                    self._close_stream()
                    return
                if command == "play":
                    self._loop = _Loop(arg)
                    self._ensure_stream()
                elif command == "stop":
                    self._loop = None
                    self._close_stream()
                elif command == "check" and self._stream is None:
                    if self._ensure_stream():
                        self._close_stream()
            except Exception:  # a bug here must not kill the worker: the next alarm needs it
                LOG.exception("alarm sound: %s failed", command)
            finally:
                self._queue.task_done()

    def _ensure_stream(self) -> bool:
        if self._stream is not None:
            return True
        try:
            import sounddevice as sd  # imported late: a missing PortAudio is an OSError
        except OSError as exc:
            self._failed(f"PortAudio not found ({exc})")
            return False
        try:
            stream = sd.OutputStream(samplerate=self.sample_rate, channels=1, dtype="float32",
                                     device=self.device, callback=self._callback,
                                     latency="high")
            stream.start()
        except (sd.PortAudioError, OSError, ValueError) as exc:
            self._failed(str(exc) or type(exc).__name__)
            return False
        self._stream = stream
        self._set_available(True, "")
        return True

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            stream.stop()
            stream.close()
        except Exception:  # the device went away: nothing left to stop
            LOG.debug("alarm sound: closing the stream failed", exc_info=True)

    def _failed(self, message: str) -> None:
        if message not in self._logged:  # once per distinct problem, not once per alarm
            self._logged.add(message)
            LOG.error("no alarm sound on device %r: %s", self.device, message)
        self._set_available(False, message)

    def _set_available(self, available: bool, error: str) -> None:
        if self._report(available, error) and available:
            LOG.info("alarm sound available on device %r", self.device)

    def _callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        # Real-time thread: copy and return. No locks, no logging, no allocation.
        if status:
            self.underflows += 1
        self.callbacks += 1
        loop = self._loop
        if loop is None:
            outdata.fill(0.0)
        else:
            loop.fill(outdata[:, 0])
