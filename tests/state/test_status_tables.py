"""Status tables: validation, lookup, raw hex for the unknown, value 0 is an emergency."""

import pytest

from console.catalog import load_status_tables
from console.state.status_tables import CANONICAL, StatusTables, parse_table


def doc(*statuses, discipline="brandweer", offset=0x8000):
    return {"discipline": discipline, "value_offset": offset, "source": "test",
            "status": [dict(s) for s in statuses]}


ONE = {"number": 1, "text": "Uitgerukt", "canonical": "aanrijdend", "verified": True}


@pytest.fixture(scope="module")
def tables():
    return load_status_tables()


@pytest.mark.parametrize("discipline,number,text,canonical,verified", [
    ("brandweer", 1, "Uitgerukt", "aanrijdend", True),
    ("brandweer", 3, "Ingerukt", "binnenkort_beschikbaar", False),  # L in C2000.md
    ("brandweer", 7, "Spraakaanvraag", "spraakaanvraag", False),  # 7 or 8: disputed
    ("brandweer", 9, "Spraakaanvraag urgent", "spraakaanvraag_urgent", True),
    ("ambulance", 3, "Vertrek met patiënt", "aanrijdend_bestemming", False),
    ("ambulance", 0, "Alarmering ontvangen", "alarmering_ontvangen", False),
    ("politie", 6, "Spraakaanvraag", "spraakaanvraag", False),
    ("kmar", 3, "Ter plaatse", "ter_plaatse", False),
])
def test_lookup_per_discipline(tables, discipline, number, text, canonical, verified):
    info = tables.lookup(discipline, 0x8000 + number)
    assert (info.number, info.text, info.canonical, info.verified) == (
        number, text, canonical, verified)
    assert info.raw_hex == f"0x{0x8000 + number:04X}"


def test_unknown_discipline_and_value_show_raw_hex(tables):
    for discipline in (None, "onbekend", "brandweer"):
        info = tables.lookup(discipline, 0x8123)
        assert (info.number, info.text, info.canonical, info.verified) == (
            None, "status 0x8123", None, False)
    assert tables.lookup("brandweer", 0x7C05).text == "status 0x7C05"


@pytest.mark.parametrize("discipline", [None, "brandweer", "ambulance", "politie", "kmar"])
def test_value_zero_is_an_emergency_for_everyone(tables, discipline):
    info = tables.lookup(discipline, 0)
    assert info.canonical == "noodsignaal" and info.emergency and info.raw_hex == "0x0000"


def test_only_m_or_h_entries_are_verified(tables):
    verified = {(d, n) for d, t in tables.tables.items()
                for n, m in t.meanings.items() if m.verified}
    assert verified == {("brandweer", n) for n in (1, 2, 4, 5, 6, 9)}  # C2000.md: M
    assert all(not t.value_offset_verified for t in tables.tables.values())  # placeholder
    kmar = tables.tables["kmar"]
    assert "politie" in kmar.source and all("politie" in m.note for m in kmar.meanings.values())


def test_duplicate_number_names_file_and_number():
    with pytest.raises(ValueError, match=r"brandweer\.toml: status number 1 appears twice"):
        parse_table(doc(ONE, ONE), "brandweer.toml")


@pytest.mark.parametrize("change,message", [
    ({"canonical": "koffie"}, "unknown canonical meaning 'koffie'"),
    ({"verified": "ja"}, "verified must be true or false"),
    ({"text": " "}, "text is required"),
    ({"number": -1}, "number must be an integer"),
])
def test_bad_entries_are_rejected(change, message):
    with pytest.raises(ValueError, match=f"x.toml: .*{message}"):
        parse_table(doc({**ONE, **change}), "x.toml")


def test_bad_headers_are_rejected():
    with pytest.raises(ValueError, match="discipline"):
        parse_table(doc(ONE, discipline="ridders"), "x.toml")
    with pytest.raises(ValueError, match="value_offset"):
        parse_table(doc(ONE, offset="0x8000"), "x.toml")
    with pytest.raises(ValueError, match="source"):
        parse_table({**doc(ONE), "source": ""}, "x.toml")


def test_one_table_per_discipline():
    table = parse_table(doc(ONE), "a.toml")
    with pytest.raises(ValueError, match="brandweer"):
        StatusTables([table, table])


def test_value_of_inverts_lookup(tables):
    assert tables.lookup("politie", tables.value_of("politie", 7)).canonical == (
        "spraakaanvraag_urgent")
    assert set(CANONICAL) >= {m.canonical for t in tables.tables.values()
                              for m in t.meanings.values()}
