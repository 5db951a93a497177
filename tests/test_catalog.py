"""Data files: every shipped file validates (schema test), imports keep good rows and name
the line of each bad one, user files override shipped ones."""

from pathlib import Path

import pytest

from console import catalog
from console.notices import NoticeCode
from console.resources import resource_path
from console.state.status_tables import CANONICAL, DISCIPLINES

SHIPPED = Path(resource_path())


def shipped(folder, pattern):
    files = sorted((SHIPPED / folder).glob(pattern))
    assert files, f"nothing shipped under resources/{folder}"
    return files


@pytest.mark.parametrize("path", shipped("status_codes", "*.toml"), ids=lambda p: p.name)
def test_every_shipped_status_table_is_valid(path):
    table = catalog.load_status_table(path)
    assert path.stem == table.discipline and table.meanings
    assert {m.canonical for m in table.meanings.values()} <= set(CANONICAL)
    assert all(not m.verified for m in table.meanings.values() if m.note.startswith(
        ("L", "UNVERIFIED")))


def test_all_disciplines_have_a_table():
    assert sorted(catalog.load_status_tables().disciplines()) == sorted(DISCIPLINES)


@pytest.mark.parametrize("path", shipped("units", "*"), ids=lambda p: p.name)
def test_every_shipped_unit_list_is_valid_and_fictitious(path):
    units = catalog.load_units(path)
    assert units and catalog.is_fictitious(path)
    plan = {t.gssi for f in shipped("talkgroups", "*") for t in catalog.load_talkgroup_plan(f)}
    assert {u.talkgroup for u in units} <= plan  # every home group is in the plan


@pytest.mark.parametrize("path", shipped("talkgroups", "*"), ids=lambda p: p.name)
def test_every_shipped_talkgroup_plan_is_valid_and_fictitious(path):
    assert catalog.load_talkgroup_plan(path) and catalog.is_fictitious(path)


def test_defaults_are_the_shipped_demo_files():
    units = catalog.load_units()
    assert len(units) == 320 and sum(u.dipp for u in units) == 14
    assert len(catalog.load_talkgroup_plan()) == 66
    assert catalog.is_fictitious()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_units_csv_keeps_good_rows_and_names_bad_lines(tmp_path):
    path = write(tmp_path, "units.csv", "\n".join([
        "# export from the fleetmap tool",
        "issi,callsign,alias,discipline,talkgroup,dipp",
        "2104131,13-4131,TS 4131,brandweer,3110001,ja",
        "21O4132,13-4132,TS,brandweer,3110001,",  # letter O in the ISSI
        "2200101,17-101,,ambulance,,nee",
        "2200102,17-102,A,zeevaart,,",
        "",
        "2104131,13-4131,dubbel,brandweer,,",
        "99999999,x,,,,",
        "2300001,RR-1,,politie,,misschien",
        "2300002,RR-2,,,,,extra",
        "0002300003,RR-3,,,,",
    ]))
    result = catalog.import_units_csv(path)
    assert [(u.issi, u.alias, u.discipline, u.dipp) for u in result.rows] == [
        ("2104131", "TS 4131", "brandweer", True), ("2200101", "17-101", "ambulance", False),
        ("2300003", "RR-3", None, False)]
    assert [e.line for e in result.errors] == [4, 6, 8, 9, 10, 11]
    text = [str(e) for e in result.errors]
    assert "line 4: issi must be a number" in text[0]
    assert "zeevaart" in text[1] and "appears twice" in text[2]
    assert "misschien" in text[4] and "7 fields" in text[5]
    assert not result.ok


def test_semicolon_csv_with_bom_from_dutch_excel(tmp_path):
    path = tmp_path / "groepen.csv"
    path.write_text("gssi;alias;discipline;region;kind;notes\n"
                    "3100001;RR-RMG-1;multi;RR;rmg;\n", encoding="utf-8-sig")
    result = catalog.import_talkgroups_csv(path)
    assert result.ok and result.rows[0].kind == "RMG" and result.rows[0].alias == "RR-RMG-1"
    assert not catalog.is_fictitious(path)


def test_talkgroup_csv_errors(tmp_path):
    path = write(tmp_path, "tg.csv", "gssi,alias,discipline,region,kind,notes\n"
                 "3100001,RR-RMG-1,multi,RR,RMG,ok\n"
                 "3100002,,multi,RR,RMG,\n"
                 "3100003,RR-X,multi,RR,trunk,\n"
                 "3100001,RR-RMG-1b,multi,RR,RMG,\n")
    result = catalog.import_talkgroups_csv(path)
    assert [t.gssi for t in result.rows] == ["3100001"]
    assert [(e.line, e.message.split(" ")[0]) for e in result.errors] == [
        (3, "alias"), (4, "unknown"), (5, "GSSI")]
    with pytest.raises(ValueError, match=r"tg\.csv: line 3: alias is empty"):
        catalog.load_talkgroup_plan(path)


def test_missing_header_columns(tmp_path):
    result = catalog.import_units_csv(write(tmp_path, "u.csv", "nummer,naam\n1,a\n"))
    assert result.rows == [] and [str(e) for e in result.errors] == [
        "line 1: header lacks column(s): issi, callsign"]
    assert not catalog.import_units_csv(write(tmp_path, "e.csv", "# leeg\n")).ok


def test_strict_toml_unit_list_names_the_unit(tmp_path):
    path = write(tmp_path, "u.toml", 'fictitious = true\n[[unit]]\nissi = "1"\n'
                 'callsign = "A"\ndiscipline = "brandweer"\n'
                 '[[unit]]\nissi = "x"\ncallsign = "B"\n')
    with pytest.raises(ValueError, match=r"u\.toml: unit #2: issi must be a number"):
        catalog.load_units(path)
    assert not catalog.is_fictitious(write(tmp_path, "r.toml", '[[unit]]\nissi = "1"\n'))


def test_unit_list_from_csv_path(tmp_path):
    path = write(tmp_path, "u.csv", "issi,callsign\n1234,AB-1\n")
    assert [u.callsign for u in catalog.load_units(path)] == ["AB-1"]


def test_user_status_table_overrides_the_shipped_one(tmp_path):
    write(tmp_path, "mijn_politie.toml", 'discipline = "politie"\nvalue_offset = 32800\n'
          'source = "meldkamer Oost, 2025"\n[[status]]\nnumber = 1\ntext = "Vrij"\n'
          'canonical = "beschikbaar"\nverified = true\n')
    tables = catalog.load_status_tables(user_dir=tmp_path)
    assert tables.lookup("politie", 32801).text == "Vrij"
    assert tables.lookup("politie", 0x8001).canonical is None  # the shipped one is gone
    assert tables.lookup("brandweer", 0x8001).text == "Uitgerukt"


def test_two_files_for_one_discipline_are_rejected(tmp_path):
    body = ('discipline = "kmar"\nvalue_offset = 0\nsource = "s"\n[[status]]\nnumber = 1\n'
            'text = "A"\ncanonical = "beschikbaar"\nverified = false\n')
    write(tmp_path, "a.toml", body)
    write(tmp_path, "b.toml", body)
    with pytest.raises(ValueError, match=r"b\.toml: discipline 'kmar' already defined in a"):
        catalog.load_status_tables(tmp_path)


def test_broken_toml_names_the_file(tmp_path):
    write(tmp_path, "kapot.toml", "discipline = \n")
    with pytest.raises(ValueError, match="kapot.toml"):
        catalog.load_status_tables(tmp_path)


# --- at start (issue 8): a bad user file never stops the console ---------------------------

DEMO_UNITS, DEMO_PLAN = resource_path("units", "demo.toml"), resource_path("talkgroups",
                                                                            "demo.csv")
UNIT_HEAD = "issi,callsign,alias,discipline\n"
PLAN_HEAD = "gssi,alias,discipline,region,kind\n"
GARBAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # a picture saved over the CSV


@pytest.mark.parametrize("load, name, demo", [
    (catalog.units_for_start, "units.csv", DEMO_UNITS),
    (catalog.talkgroups_for_start, "talkgroups.csv", DEMO_PLAN)])
@pytest.mark.parametrize("content, expected", [
    (b"nummer,naam\n1,a\n", "line 1: header lacks column(s)"),
    (GARBAGE, "not UTF-8 text"),
    (b"", "no header row"),
])
def test_an_unusable_user_file_gives_the_demo_data_and_a_notice(tmp_path, load, name, demo,
                                                                 content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    data = load(path)
    assert data.source == demo and data.fictitious and data.rows  # the screen says demo
    assert [(n.code, n.subject) for n in data.notices] == [
        (NoticeCode.DATA_FILE_SKIPPED, str(path))]
    assert expected in data.notices[0].detail and "demo" in data.notices[0].detail


@pytest.mark.parametrize("load, text, bad", [
    (catalog.units_for_start, UNIT_HEAD + "2300001,RR-1,A,politie\nx12,RR-2,B,politie\n"
                                          "2300003,RR-3,C,politie\n", "line 3: issi"),
    (catalog.talkgroups_for_start, PLAN_HEAD + "3110001,RR-1,politie,,RMG\n"
                                               "3110002,RR-2,politie,,RMGG\n", "line 3: unknown kind")])
def test_a_bad_row_is_skipped_and_the_rest_used(tmp_path, load, text, bad):
    path = write(tmp_path, "user.csv", text)
    data = load(path)
    assert data.source == path and not data.fictitious
    assert len(data.rows) == text.count("\n") - 2
    (notice,) = data.notices
    assert notice.subject == str(path) and bad in notice.detail and "1 bad row" in notice.detail


def test_a_line_of_binary_garbage_is_one_bad_row(tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes(UNIT_HEAD.encode() + b"2300001,RR-1,A,politie\n\xff\xfe\x00\x81\n"
                     b"2300002,RR-2,B,politie\n")
    result = catalog.import_units_csv(path)  # strict `vangnet import` names it too
    assert [u.issi for u in result.rows] == ["2300001", "2300002"]
    assert [str(e) for e in result.errors] == [f"line 3: {catalog.NOT_TEXT}"]


def test_without_a_user_file_the_demo_data_has_no_notice():
    units, plan = catalog.units_for_start(None), catalog.talkgroups_for_start(None)
    assert (len(units.rows), len(plan.rows)) == (320, 66)
    assert units.fictitious and plan.fictitious and not units.notices + plan.notices
