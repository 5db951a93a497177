"""Settings: an unreadable file is kept as it is (radios, position id), never overwritten;
a bad value falls back to its default with a notice naming file, key and what is expected."""

import json

import pytest

from console.notices import NoticeCode, Severity
from console.settings import CONSOLE_ID_FILE, Settings


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


# --- issue 8: a bad settings file never stops the start, never loses what it holds -------


def codes(settings):
    return [n.code for n in settings.notices]


def test_garbage_settings_keep_the_console_id_written_in_them(tmp_path):
    path = tmp_path / "settings.json"
    broken = '{"radios": [{"port": "/dev/ttyUSB0"}], "console_id": "pos-7",'  # cut off
    path.write_text(broken)
    settings = Settings.load(tmp_path)
    assert settings.get("console_id") == "pos-7"  # the journal chain goes on under its id
    assert settings.get("radios") == []  # defaults for this run
    assert codes(settings) == [NoticeCode.SETTINGS_UNREADABLE]
    notice = settings.notices[0]
    assert notice.subject == str(path) and "not valid JSON" in notice.detail
    assert "left as it is" in notice.detail and notice.severity is Severity.ERROR
    assert path.read_text() == broken


def test_settings_that_are_a_json_list_are_kept_and_defaults_used(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('[{"port": "/dev/ttyUSB0"}]')
    settings = Settings.load(tmp_path)
    assert settings.get("radios") == [] and settings.get("language") == "nl"
    assert codes(settings)[0] == NoticeCode.SETTINGS_UNREADABLE
    assert "list" in settings.notices[0].detail and "object" in settings.notices[0].detail
    assert path.read_text() == '[{"port": "/dev/ttyUSB0"}]'
    with pytest.raises(OSError):  # nobody can overwrite it by accident later either
        settings.save()
    assert path.read_text() == '[{"port": "/dev/ttyUSB0"}]'


def test_one_bad_value_names_file_key_and_what_is_expected(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"console_id": "pos-1", "tx_timeout_s": "sixty",
                                "language": "en", "alarm_escalate_s": -5}))
    settings = Settings.load(tmp_path)
    assert settings.get("language") == "en"  # the good ones are used
    assert (settings.get("tx_timeout_s"), settings.get("alarm_escalate_s")) == (60, 30)
    by_subject = {n.subject: n for n in settings.notices}
    assert set(by_subject) == {f"{path}: tx_timeout_s", f"{path}: alarm_escalate_s"}
    bad = by_subject[f"{path}: tx_timeout_s"]
    assert bad.code is NoticeCode.SETTING_INVALID
    assert bad.detail == '"sixty" is not a whole number; default 60 used'
    assert "below 1" in by_subject[f"{path}: alarm_escalate_s"].detail
    assert json.loads(path.read_text())["tx_timeout_s"] == "sixty"  # not rewritten


def test_a_missing_console_id_is_added_keeping_every_other_key(tmp_path):
    path = tmp_path / "settings.json"
    written = {"radios": [{"port": "/dev/ttyUSB0", "alias": "Tafel 1"}], "theme": "pink",
               "future_setting": {"x": 1}, "console_id": ""}
    path.write_text(json.dumps(written))
    settings = Settings.load(tmp_path)
    new_id = settings.get("console_id")
    assert new_id.startswith("pos-")
    after = json.loads(path.read_text())
    assert after == {**written, "console_id": new_id}  # unknown key and odd value kept
    # written atomically: no temporary file left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([CONSOLE_ID_FILE,
                                                                 "settings.json"])
    assert any(n.subject.endswith("future_setting") for n in settings.notices)


def test_an_unreadable_settings_file_keeps_the_console_id(tmp_path):
    config, data = tmp_path / "config", tmp_path / "data"
    first = Settings.load(config, data).get("console_id")
    assert (data / CONSOLE_ID_FILE).read_text().strip() == first
    path = config / "settings.json"
    path.write_bytes(b"\x00\xff\xfe garbage from a bad copy")
    settings = Settings.load(config, data)
    assert settings.get("console_id") == first
    assert codes(settings) == [NoticeCode.SETTINGS_UNREADABLE]
    assert path.read_bytes() == b"\x00\xff\xfe garbage from a bad copy"


def test_nothing_readable_gives_a_new_id_that_is_said_and_kept(tmp_path):
    config, data = tmp_path / "config", tmp_path / "data"
    config.mkdir()
    (config / "settings.json").write_text("this is not json")
    settings = Settings.load(config, data)
    made = settings.get("console_id")
    told = [n for n in settings.notices if made in n.detail]
    assert told and told[0].severity is Severity.ERROR  # never silently
    assert (config / "settings.json").read_text() == "this is not json"
    assert Settings.load(config, data).get("console_id") == made  # one chain while broken


def test_the_console_id_in_settings_wins_over_its_copy(tmp_path):
    config, data = tmp_path / "config", tmp_path / "data"
    Settings.load(config, data)
    (config / "settings.json").write_text(json.dumps({"console_id": "pos-tafel-3"}))
    assert Settings.load(config, data).get("console_id") == "pos-tafel-3"
    assert (data / CONSOLE_ID_FILE).read_text().strip() == "pos-tafel-3"


def test_a_read_only_config_dir_still_starts(tiny_fs, tmp_path):
    (tiny_fs.path / "settings.json").write_text(json.dumps({"theme": "light"}))
    tiny_fs.remount("ro")
    settings = Settings.load(tiny_fs.path, tmp_path / "data")
    assert settings.get("theme") == "light" and settings.get("console_id")
    assert [n.code for n in settings.notices] == [NoticeCode.SETTINGS_NOT_WRITTEN]
    assert "cannot be written" in settings.notices[0].detail
    again = Settings.load(tiny_fs.path, tmp_path / "data")
    assert again.get("console_id") == settings.get("console_id")  # from the copy
