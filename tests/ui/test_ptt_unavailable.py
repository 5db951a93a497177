"""A radio whose PTT setting cannot be used says so on its panel from the start, in plain
words, and its PTT button is off; the radio itself works on (tests/test_desk.py)."""

import pytest

from console.desk import RadioConfig
from drivers.sim.radio import SimRadio

GROUPS = [("3110001", "RR-BRW-1"), ("3110002", "RR-BRW-2")]
RID = "2040001"
PLAIN = ("No push-to-talk from the console on this radio: its PTT setting cannot be used. "
         "Talk on the radio itself and call a technician.")


@pytest.fixture
def sim(tmp_path):
    radio = SimRadio(RID, tmp_path, talkgroups=GROUPS, gssi="3110001").start()
    yield radio
    radio.close()


@pytest.mark.parametrize("ptt, named", [
    ({"method": "cm109"}, "unknown PTT method"),
    ({"method": "serial", "port": "/nonexistent/ttyUSB9"}, "/nonexistent/ttyUSB9"),
])
def test_a_bad_ptt_setting_shows_on_the_panel_from_the_start(sim, console_factory, qtbot,
                                                            ptt, named):
    # ``sim`` is set up before ``console_factory``, so it closes after the console.
    session = console_factory(radios=[RadioConfig(
        RID, str(sim.device), alias="Tafel 1", options={"rtscts": False}, ptt=ptt)])
    ctl = session.controller
    panel = ctl.radio_grid.panel(RID)
    # At once: start_console returned after the desk attached (or failed) the PTT.
    assert panel.ptt_problem.isVisible() and panel.ptt_problem.text() == PLAIN
    assert named in panel.ptt_problem.toolTip() == session.desk.ptt_error(RID)
    assert not panel.ptt.isEnabled()
    qtbot.waitUntil(lambda: panel.link.text() == "connected", timeout=10000)
    assert not panel.ptt.isEnabled() and panel.ptt_problem.isVisible()  # stays off
    ctl.ptt_press(RID)  # a PTT key still reaches the desk: the outcome says why
    qtbot.waitUntil(lambda: named in panel.outcome.text(), timeout=5000)
    assert not any(c.startswith(("AT+CTXD", "ATD")) for c in sim.commands_received)


def test_a_usable_ptt_shows_no_problem(console_factory, qtbot):
    session = console_factory(training=True, sim_radios=1)
    panel = session.controller.radio_grid.panel("2040001")
    assert session.desk.ptt_error("2040001") is None
    assert not panel.ptt_problem.isVisible() and panel.ptt_problem.text() == ""
    qtbot.waitUntil(lambda: panel.link.text() == "connected", timeout=10000)
    assert panel.ptt.isEnabled()
