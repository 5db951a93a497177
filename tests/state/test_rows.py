"""console.state.rows.replace behaves as dataclasses.replace for the projections' rows."""

import dataclasses

import pytest

from console.state.alarms import Alarm
from console.state.rows import replace
from console.state.units import UnitRow


def test_same_result_as_the_standard_library():
    row = UnitRow("2041234", "TS 4131", "99-4131", "brandweer", status_value=3)
    for changes in ({}, {"lat": 52.1, "lon": 4.3}, {"issi": "1", "listed": True}):
        new = replace(row, **changes)
        assert new == dataclasses.replace(row, **changes)
        assert type(new) is UnitRow
    assert replace(row, lat=1.0) is not row and row.lat is None  # a new row, the old intact


def test_frozen_rows_stay_frozen():
    new = replace(Alarm("a", "1", "r1", None, "status", 1, 1), count=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        new.count = 3


def test_an_unknown_field_is_refused():
    with pytest.raises(TypeError, match="no field"):
        replace(UnitRow("1"), colour="red")


def test_a_class_it_cannot_speed_up_falls_back():
    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int
        b: int = 0

        def __post_init__(self):
            if self.a < 0:
                raise ValueError("negative")

    assert replace(Plain(1), b=2) == Plain(1, 2)
    with pytest.raises(ValueError):
        replace(Plain(1), a=-1)
