"""The ``radios`` setting: a bad entry is skipped with a notice naming it, the rest start;
radio ids are unique and stable (issue 8, items 2 and 4)."""

import pytest

from console.notices import NoticeCode
from console.radio_setup import radio_configs
from drivers.pei.ports import classify


def ids(configs):
    return [c.radio_id for c in configs]


@pytest.mark.parametrize("bad, expected", [
    ({}, '"port" is missing (expected a serial port path such as /dev/ttyUSB0)'),
    ("x", '"x" is not a radio object (expected {"port": "/dev/ttyUSB0", ...})'),
    ({"port": 7}, '"port" 7 is not usable'),
    ({"port": "/dev/ttyUSB5", "driver": "pei.nokia"}, '"driver" "pei.nokia" is unknown '
                                                      "(expected one of pei.motorola"),
])
def test_a_bad_entry_is_skipped_with_a_notice_and_the_others_start(bad, expected):
    configs, notices = radio_configs([{"port": "/dev/ttyUSB0", "alias": "Tafel 1"}, bad,
                                      {"port": "/dev/ttyUSB1"}])
    assert [(c.port, c.alias) for c in configs] == [("/dev/ttyUSB0", "Tafel 1"),
                                                    ("/dev/ttyUSB1", "Radio 3")]
    assert [n.code for n in notices] == [NoticeCode.RADIO_SKIPPED]
    assert notices[0].subject.startswith("settings.json: radios[1]")
    assert expected in notices[0].detail


def test_two_ports_with_the_same_file_name_are_two_radios():
    configs, notices = radio_configs([{"port": "/dev/x/F"}, {"port": "/dev/y/F"}])
    assert not notices
    assert ids(configs) == ["x-F", "y-F"]
    # stable: the same whatever the order of the entries, on every start
    again, _ = radio_configs([{"port": "/dev/y/F"}, {"port": "/dev/x/F"}])
    assert {c.port: c.radio_id for c in again} == {c.port: c.radio_id for c in configs}


def test_a_unique_file_name_stays_the_radio_id():
    """Journals and holds of earlier runs name radios by it (radio-2040001, ttyUSB0)."""
    configs, _ = radio_configs([{"port": "/tmp/vangnet-sim-1/radio-2040001"},
                                {"port": "/dev/ttyUSB0"}, {"port": "/a/F", "id": "F"},
                                {"port": "/b/F"}])
    assert ids(configs) == ["radio-2040001", "ttyUSB0", "F", "b-F"]


def test_one_port_named_twice_is_refused_for_the_second_entry(tmp_path):
    device = tmp_path / "ttyUSB0"
    device.touch()
    (tmp_path / "by-id").mkdir()
    (tmp_path / "by-id" / "usb-Motorola-if00").symlink_to(device)
    configs, notices = radio_configs([
        {"port": str(device), "alias": "Tafel 1"}, {"port": str(device), "alias": "Tafel 2"},
        {"port": str(tmp_path / "by-id" / "usb-Motorola-if00")}])
    assert [c.alias for c in configs] == ["Tafel 1"]
    assert [(n.code, n.subject.split(" (")[0]) for n in notices] == [
        (NoticeCode.RADIO_SKIPPED, "settings.json: radios[1]"),
        (NoticeCode.RADIO_SKIPPED, "settings.json: radios[2]")]
    assert all("port already used by radios[0]" in n.detail for n in notices)


def test_an_explicit_id_used_twice_is_refused_for_the_second_entry():
    configs, notices = radio_configs([{"port": "/dev/ttyUSB0", "id": "tafel"},
                                      {"port": "/dev/ttyUSB1", "id": "tafel"}])
    assert ids(configs) == ["tafel"]
    assert notices[0].code is NoticeCode.RADIO_SKIPPED and "radios[1]" in notices[0].subject
    assert '"tafel" is taken' in notices[0].detail


def test_bad_optional_fields_fall_back_and_the_radio_starts():
    configs, notices = radio_configs([{
        "port": "/dev/ttyUSB0", "alias": 3, "alais": "typo",
        "options": {"baudrate": "fast", "rtscts": True, "colour": "red",
                    "command_timeout_s": 2},
        "ptt": "serial"}])
    (cfg,) = configs
    assert cfg.alias == "Radio 1"
    assert cfg.options == {"rtscts": True, "command_timeout_s": 2}
    assert cfg.ptt == "serial"  # the desk names it on the panel, the radio has no PTT
    subjects = {n.subject.rsplit(": ", 1)[1]: n for n in notices}
    assert set(subjects) == {"alias", "alais", "options.baudrate", "options.colour"}
    assert all(n.code is NoticeCode.SETTING_INVALID for n in notices)
    assert subjects["options.baudrate"].detail == (
        '"fast" is not a whole number; default 38400 used')


def test_radios_that_are_not_a_list_give_no_radio_and_a_notice():
    configs, notices = radio_configs({"port": "/dev/ttyUSB0"})
    assert configs == [] and notices[0].code is NoticeCode.RADIO_SKIPPED


def test_without_radios_the_likely_ports_are_used_as_before():
    found = [classify("/dev/ttyACM0", "Sepura TETRA_PEI_Interface"),
             classify("/dev/ttyUSB0", "FT232R", 0x0403, 0x6001)]
    configs, notices = radio_configs([], found)
    assert [(c.radio_id, c.port, c.driver) for c in configs] == [
        ("ttyACM0", "/dev/ttyACM0", "pei.sepura")] and not notices
    good = [{"port": "/dev/ttyUSB0", "driver": "pei.sepura", "alias": "Tafel 1",
             "options": {"baudrate": 9600}, "ptt": {"method": "serial", "port": "/dev/ttyUSB1"}},
            {"port": "/dev/serial/by-id/usb-Motorola-if00"}]
    first, second = radio_configs(good, found)[0]
    assert (first.radio_id, first.driver, first.alias, first.options, first.ptt) == (
        "ttyUSB0", "pei.sepura", "Tafel 1", {"baudrate": 9600},
        {"method": "serial", "port": "/dev/ttyUSB1"})
    assert (second.radio_id, second.driver, second.alias) == (
        "usb-Motorola-if00", "pei.motorola", "Radio 2")
