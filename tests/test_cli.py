"""The command line as a user runs it: decode transcripts, help, verify a missing file."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTS = sorted((ROOT / "tests" / "data" / "transcripts").glob("*.pei"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("chunk", ["0", "1"])
@pytest.mark.parametrize("transcript", TRANSCRIPTS[:3], ids=lambda p: p.stem)
def test_decode_prints_the_expected_events(transcript, chunk):
    result = run("decode", str(transcript), "--chunk", chunk)
    assert result.returncode == 0, result.stderr
    got = [json.loads(line) for line in result.stdout.splitlines()]
    expected_file = transcript.with_name(transcript.stem + ".expected.jsonl")
    expected = [json.loads(line) for line in expected_file.read_text("utf-8").splitlines()
                if line.strip()]
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):  # positions are kept at 4 decimals there
        assert g == pytest.approx(e, abs=1e-4)


def test_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    for word in ("run", "verify", "decode"):
        assert word in result.stdout


def test_verify_names_a_missing_file(tmp_path):
    result = run("verify", str(tmp_path / "nope.db"))
    assert result.returncode == 1 and "no such file" in result.stdout


def test_run_starts_the_console_and_closes_cleanly(tmp_path):
    """`vangnet run --training` as a user starts it: window, simulated radios, journal."""
    import os
    env = {**os.environ, "VANGNET_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "main.py", "run", "--training", "--radios", "2",
                             "--quit-after", "4"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    db = tmp_path / "data" / "oefening" / "journal.db"  # training's own journal
    assert not (tmp_path / "data" / "journal.db").exists()
    verified = run("verify", str(db))
    assert verified.returncode == 0 and "intact" in verified.stdout
    from console.journal.reader import JournalReader
    with JournalReader(db) as reader:
        kinds = [e.kind for e in reader.entries()]
    assert kinds[0] == "console.started" and kinds[-1] == "console.stopped"
    assert kinds.count("radio.link_connected") == 2
    assert (tmp_path / "config" / "settings.json").exists()
    assert list((tmp_path / "data" / "oefening" / "traces").glob("*.trace"))


def test_training_then_live_on_one_machine_shares_nothing(tmp_path):
    """The drill's emergency and statuses never reach live work (issue 7, as seen)."""
    import os
    env = {**os.environ, "VANGNET_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    for args in (["--training", "--radios", "2", "--quit-after", "5"], ["--quit-after", "2"]):
        result = subprocess.run([sys.executable, "main.py", "run", *args], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=90)
        assert result.returncode == 0, result.stderr[-2000:]
    from console.journal.reader import JournalReader
    with JournalReader(tmp_path / "data" / "oefening" / "journal.db") as reader:
        drill = list(reader.entries())
    with JournalReader(tmp_path / "data" / "journal.db") as reader:
        live = list(reader.entries())
    assert drill and all(e.drill for e in drill)
    assert any(e.kind.startswith("radio.") for e in drill)
    assert live and not any(e.drill for e in live)
    assert [e.kind for e in live] == ["console.started", "console.stopped"]
    assert {e.console for e in drill} == {live[0].console + "-oefening"}


def test_live_mode_opens_the_radios_of_the_settings(tmp_path):
    """A real (non-training) start against a radio configured in settings.json."""
    import os

    from drivers.sim.radio import SimRadio
    sim = SimRadio("2040007", tmp_path, talkgroups=[("3110001", "RR-BRW-1")]).start()
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"radios": [
        {"port": str(sim.device), "alias": "Tafel 7", "options": {"rtscts": False}}]}))
    env = {**os.environ, "VANGNET_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    try:
        result = subprocess.run([sys.executable, "main.py", "run", "--quit-after", "3"],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=90)
    finally:
        sim.close()
    assert result.returncode == 0, result.stderr[-2000:]
    from console.journal.reader import JournalReader
    with JournalReader(tmp_path / "data" / "journal.db") as reader:
        entries = list(reader.entries())
    linked = [e for e in entries if e.kind == "radio.link_connected"]
    assert [e.payload["radio"] for e in linked] == ["radio-2040007"]
    assert not any(e.drill for e in entries)  # live mode: nothing marked as drill


def test_radio_configs_fall_back_to_likely_ports():
    from console.radio_setup import radio_configs
    from drivers.pei.ports import classify
    found = [classify("/dev/ttyACM0", "Sepura TETRA_PEI_Interface"),
             classify("/dev/ttyUSB0", "FT232R", 0x0403, 0x6001)]
    configs, _ = radio_configs([], found)
    assert [(c.port, c.driver) for c in configs] == [("/dev/ttyACM0", "pei.sepura")]
    explicit = radio_configs([{"port": "/dev/ttyUSB0", "ptt": {"method": "serial",
                                                               "port": "/dev/ttyUSB1"}}], found)[0]
    assert explicit[0].ptt["method"] == "serial" and explicit[0].alias == "Radio 1"


def test_import_is_strict_and_the_next_start_uses_it(tmp_path):
    import os
    env = {**os.environ, "VANGNET_HOME": str(tmp_path)}
    bad = tmp_path / "bad.csv"
    bad.write_text("issi,callsign,alias,discipline\n2300001,RR-1,Alpha,politie\n"
                   "x12,RR-2,Beta,politie\n")
    result = subprocess.run([sys.executable, "main.py", "import", "units", str(bad)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "line 3" in result.stderr
    assert not (tmp_path / "data" / "units.csv").exists()  # nothing half-imported
    good = tmp_path / "good.csv"
    good.write_text("issi,callsign,alias,discipline\n2300001,RR-1,Alpha,politie\n"
                    "2300002,RR-2,Beta,politie\n")
    result = subprocess.run([sys.executable, "main.py", "import", "units", str(good)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    from console.runtime import load_data
    data = load_data("nl", tmp_path / "data")
    assert [u.alias for u in data.units] == ["Alpha", "Beta"]
    assert not data.fictitious
    assert len(load_data("nl").units) >= 300  # without a data dir: the shipped demo list
