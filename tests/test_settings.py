"""Settings: an unreadable file is kept as it is (radios, position id), never overwritten."""

import json

from console.settings import Settings


def test_unreadable_settings_are_not_overwritten(tmp_path):
    path = tmp_path / "settings.json"
    broken = '{"radios": [{"port": "/dev/ttyUSB0"}], "console_id": "pos-7",'  # cut off
    path.write_text(broken)
    settings = Settings.load(tmp_path)
    assert settings.get("console_id")  # the console still starts
    assert path.read_text() == broken


def test_a_new_installation_gets_a_lasting_position_id(tmp_path):
    first = Settings.load(tmp_path).get("console_id")
    assert first.startswith("pos-")
    assert Settings.load(tmp_path).get("console_id") == first
    assert json.loads((tmp_path / "settings.json").read_text())["console_id"] == first


def test_wrong_types_fall_back_to_defaults(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"sim_radios": True, "theme": "pink",
                                                        "console_id": "pos-1"}))
    settings = Settings.load(tmp_path)
    assert (settings.get("sim_radios"), settings.get("theme")) == (4, "dark")
