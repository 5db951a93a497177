"""Alarm tone (frequencies, levels, click-free loop), the player's copy loop, a player with no
device (never raises), AlarmSound's state changes, and real streams where a server exists."""

import os
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from console.alarm_sound import ALARM, ESCALATED, SILENT, AlarmSound
from drivers.audio.tone import MAX_BLOCK, TonePlayer, _Loop, alarm_tone

SR = 48000


def dominant_hz(samples, sample_rate=SR):
    """Strongest frequency, to 1 Hz (zero-padded to one second)."""
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)), n=sample_rate))
    return np.fft.rfftfreq(sample_rate, 1 / sample_rate)[int(np.argmax(spectrum))]


def dbfs(x):
    return 20 * np.log10(np.max(np.abs(x)))


@pytest.mark.parametrize("escalated, step_s, level", [(False, 0.25, -12.0), (True, 0.125, -3.0)])
def test_two_tones_alternate_at_the_stated_level(escalated, step_s, level):
    tone = alarm_tone(SR, escalated=escalated)
    assert tone.dtype == np.float32 and tone.ndim == 1
    assert 1.5 <= len(tone) / SR <= 5
    assert dbfs(tone) == pytest.approx(level, abs=0.1)
    step = int(SR * step_s)
    segments = [tone[i * step:(i + 1) * step] for i in range(len(tone) // step)]
    assert [round(dominant_hz(s)) for s in segments[:4]] == [960, 770, 960, 770]
    # Nearly all energy sits at the two tones (phase-continuous switching, no splatter).
    spectrum = np.abs(np.fft.rfft(tone)) ** 2
    freqs = np.fft.rfftfreq(len(tone), 1 / SR)
    near = (np.abs(freqs - 960) < 30) | (np.abs(freqs - 770) < 30)
    assert spectrum[near].sum() / spectrum.sum() > 0.97


@pytest.mark.parametrize("sample_rate", [48000, 44100, 8000])
@pytest.mark.parametrize("escalated", [False, True])
def test_loops_without_clicks(sample_rate, escalated):
    tone = alarm_tone(sample_rate, escalated=escalated).astype(np.float64)
    looped = np.concatenate([tone, tone[:10]])
    steps = np.abs(np.diff(looped))
    # No step, the loop point included, is larger than the fastest sine can make.
    limit = 2 * np.pi * 960 / sample_rate * np.max(np.abs(tone)) * 1.001
    assert steps.max() <= limit
    assert abs(float(tone[0])) < 1e-6  # starts at zero phase, so it also ends leading there


def test_loop_buffer_wraps_seamlessly():
    samples = np.arange(1000, dtype=np.float32)
    loop = _Loop(samples)
    out = np.empty((2500, 1), dtype=np.float32)
    got = []
    for frames in (256, 700, 999, 1, 1000, 2048):
        block = out[:frames, 0]
        loop.fill(block)
        got.append(block.copy())
    flat = np.concatenate(got)
    assert np.array_equal(flat, np.arange(len(flat)) % 1000)
    too_big = np.ones(MAX_BLOCK + 1, dtype=np.float32)
    loop.fill(too_big)
    assert not too_big.any()  # silence rather than a read past the buffer


def test_player_without_a_device_reports_and_never_raises(caplog):
    changes = []
    player = TonePlayer("no such sound card", on_change=lambda ok, why: changes.append((ok, why)))
    player.check()
    player.play_loop(player.tone())
    player.play_loop(player.tone(escalated=True))
    player.stop()
    assert player.wait_idle(10)
    assert not player.available and player.last_error
    assert not player.playing
    assert changes == [(False, player.last_error)]
    logged = [r for r in caplog.records if r.name == "drivers.audio.tone" and r.levelname == "ERROR"]
    assert len(logged) == 1  # once, not once per attempt
    player.close()


def test_player_with_an_impossible_device_index_does_not_raise():
    player = TonePlayer(9999)
    player.play_loop(player.tone())
    assert player.wait_idle(10)
    assert not player.available and player.last_error
    player.close()


# --- AlarmSound: decides, talks to the player only on change -------------------------------

class FakePlayer:
    def __init__(self, available=True, last_error=""):
        self.calls = []
        self.available, self.last_error = available, last_error

    def tone(self, escalated=False):
        return "LOUD" if escalated else "tone"

    def play_loop(self, samples):
        self.calls.append(("play", samples))

    def stop(self):
        self.calls.append(("stop",))


class FakeAlarm:
    def __init__(self, raised_ms):
        self.raised_ms, self.acknowledged_ms = raised_ms, None

    @property
    def open(self):
        return True


class FakeBoard:
    def __init__(self):
        self.alarms = []

    def open_alarms(self):
        return list(self.alarms)


def test_alarm_sound_starts_escalates_and_stops_on_changes_only():
    now = [1000]
    player, board = FakePlayer(), FakeBoard()
    sound = AlarmSound(player, lambda: now[0], 30)
    assert sound.update(board) == SILENT and player.calls == []
    board.alarms = [FakeAlarm(1000)]
    assert sound.update(board) == ALARM
    for _ in range(5):
        sound.update(board)
    board.alarms.append(FakeAlarm(20_000))  # a second alarm: the tone keeps playing
    now[0] = 30_999
    assert sound.update(board) == ALARM
    assert player.calls == [("play", "tone")]
    now[0] = 31_000  # the first alarm is 30 s old
    assert sound.update(board) == ESCALATED
    sound.update(board)
    board.alarms = [FakeAlarm(31_000)]  # the overdue one acknowledged: back to normal
    assert sound.update(board) == ALARM
    board.alarms = []
    assert sound.update(board) == SILENT
    sound.update(board)
    assert player.calls == [("play", "tone"), ("play", "LOUD"), ("play", "tone"), ("stop",)]


def test_alarm_sound_escalation_delay_is_configurable_and_tone_injectable():
    now = [0]
    player, board = FakePlayer(), FakeBoard()
    sound = AlarmSound(player, lambda: now[0], 5, tone_for=lambda loud: f"custom-{loud}")
    board.alarms = [FakeAlarm(0)]
    sound.update(board)
    now[0] = 5000
    sound.update(board)
    sound.silence()
    sound.silence()
    assert player.calls == [("play", "custom-False"), ("play", "custom-True"), ("stop",)]


def test_alarm_sound_retries_a_missing_device_every_10_s_while_an_alarm_is_open():
    now = [0]
    player, board = FakePlayer(available=False, last_error="no device"), FakeBoard()
    sound = AlarmSound(player, lambda: now[0], 30)
    board.alarms = [FakeAlarm(0)]
    for now[0] in range(0, 25_000, 250):  # banner ticks
        sound.update(board)
    assert player.calls == [("play", "tone")] * 3  # at 0, 10 and 20 s
    player.available = True
    now[0] = 40_000
    sound.update(board)  # escalation still happens
    sound.update(board)
    assert player.calls[-1] == ("play", "LOUD") and len(player.calls) == 4


def test_alarm_sound_problem_text():
    assert AlarmSound(FakePlayer(), lambda: 0).problem() is None
    broken = FakePlayer(available=False, last_error="Error querying device -1")
    assert AlarmSound(broken, lambda: 0).problem() == "Error querying device -1"


# --- real streams ---------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import sys, threading
    from drivers.audio.tone import TonePlayer
    player = TonePlayer(sys.argv[1] if len(sys.argv) > 1 else None)
    heard = threading.Event()
    original = player._callback
    def callback(outdata, frames, time_info, status):
        original(outdata, frames, time_info, status)
        if player.callbacks > 10 and outdata.any():
            heard.set()
    player._callback = callback
    player.play_loop(player.tone(escalated=True))
    assert player.wait_idle(10), "worker stuck"
    assert player.available, player.last_error
    assert heard.wait(10), "the stream never asked for samples"
    player.stop()
    assert player.wait_idle(10) and not player.playing
    player.close()
    print("played", player.callbacks)
""")


def run_child(env, *args):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return subprocess.run([sys.executable, "-c", CHILD, *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60)


def test_player_plays_on_an_alsa_null_device(tmp_path):
    """PortAudio's ALSA backend against ALSA's null PCM: a real stream, callback and all,
    without a sound card (a child process: PortAudio reads the ALSA set-up once)."""
    if not os.path.exists("/usr/share/alsa/alsa.conf"):
        pytest.skip("ALSA configuration not installed (libasound2-data)")
    conf = tmp_path / "null.conf"
    conf.write_text("pcm.!default { type null }\npcm.vangnet_null { type null }\n")
    env = {**os.environ, "ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{conf}"}
    result = run_child(env, "vangnet_null")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("played")


@pytest.fixture
def jack_server(tmp_path):
    if shutil.which("jackd") is None:
        pytest.skip("jackd not installed (bootstrap: apt-get install jackd2)")
    env = {**os.environ, "JACK_NO_AUDIO_RESERVATION": "1", "JACK_DEFAULT_SERVER": "vangnet-test"}
    log = (tmp_path / "jackd.log").open("w")
    proc = subprocess.Popen(["jackd", "--no-realtime", "-d", "dummy", "-r", "48000", "-p", "256"],
                            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        if shutil.which("jack_wait"):
            subprocess.run(["jack_wait", "-w", "-t", "10"], env=env, check=True, timeout=15,
                           capture_output=True)
        yield env
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


def test_player_plays_on_a_jack_dummy_server(jack_server):
    result = run_child(jack_server, "jack")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("played")
