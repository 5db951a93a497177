"""The alarm tone's child process: a crash of the audio library cannot take the console."""

import os
import signal
import threading

from drivers.audio.tone_process import ProcessTonePlayer


class Changes:
    def __init__(self):
        self.seen: list[tuple[bool, str]] = []
        self.cond = threading.Condition()

    def __call__(self, available, error):
        with self.cond:
            self.seen.append((available, error))
            self.cond.notify_all()

    def wait(self, predicate, timeout=15.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: any(predicate(*c) for c in self.seen), timeout)


def test_a_real_device_is_reported_available(tmp_path, monkeypatch):
    """PortAudio on ALSA's null PCM inside the child: a real stream opens."""
    conf = tmp_path / "null.conf"
    conf.write_text("pcm.!default { type null }\npcm.vangnet_null { type null }\n")
    monkeypatch.setenv("ALSA_CONFIG_PATH", f"/usr/share/alsa/alsa.conf:{conf}")
    changes = Changes()
    player = ProcessTonePlayer("vangnet_null", on_change=changes)
    try:
        player.check()
        assert player.answered.wait(15), "the child never reported"
        assert player.available, player.last_error
        player.play_loop(player.tone(escalated=True))
        player.stop()
        assert player.available
    finally:
        player.close()


def test_no_device_is_reported_and_nothing_raises():
    changes = Changes()
    player = ProcessTonePlayer(9999, on_change=changes)
    try:
        player.check()
        player.play_loop(player.tone())
        assert changes.wait(lambda ok, why: not ok and why)
        assert not player.available and player.last_error
    finally:
        player.close()


def test_a_crashed_child_is_reported_and_replaced_on_the_next_alarm():
    changes = Changes()
    player = ProcessTonePlayer(9999, on_change=changes)
    try:
        player.check()
        first = player.pid
        assert first is not None
        os.kill(first, signal.SIGABRT)  # what PortAudio's failed assertion does
        assert changes.wait(lambda ok, why: "signal 6" in why), changes.seen
        player.play_loop(player.tone())  # the next alarm starts a new child
        assert player.pid not in (None, first) and player.restarts == 1
    finally:
        player.close()
