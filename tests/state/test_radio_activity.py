"""RadioActivity: talker, call and the last transmissions per console radio, from entries."""


import orjson

from console.state.radio_activity import CONSOLE_TALKER, HISTORY_LENGTH, RadioActivity
from tests.factories import make_entry

T0 = 1_800_000_000_000
R = "2040001"


def feed(proj, *items, start=T0, step=1000):
    """Apply (kind, payload[, operator]) items one ``step`` apart; returns the entries."""
    out = []
    for i, item in enumerate(items):
        kind, payload, *rest = item
        e = make_entry(kind, {"radio": R, **payload}, hlc_ms=start + i * step,
                       operator=rest[0] if rest else "system")
        proj.apply(e)
        out.append(e)
    return out


def incoming(cc=1, called="3110001", priority=0, emergency=False):
    return ("radio.call_incoming", {"cc_instance": cc, "calling_issi": "2049001",
                                    "called": called, "is_group": True, "priority": priority,
                                    "is_emergency": emergency})


def grant(cc=1, grant=3, talker="2049001"):
    return ("radio.tx_grant", {"cc_instance": cc, "grant": grant, "talker_issi": talker,
                               "own_transmission": talker is None})


def test_group_call_talkers_and_history():
    proj = RadioActivity()
    feed(proj, ("radio.talkgroup", {"gssi": "3110001", "group_type": 0}), incoming(),
         grant(talker="2049001"), ("radio.tx_ceased", {"cc_instance": 1}),
         grant(grant=0, talker="2049002"))
    r = proj.of(R)
    assert r.call.cc_instance == 1 and r.call.gssi == "3110001" and not r.call.emergency
    assert r.talker == "2049002"  # grant 0 WITH a talker is someone else (§7.3)
    first, second = r.history
    assert (first.talker, first.gssi, first.start_ms, first.end_ms) == (
        "2049001", "3110001", T0 + 2000, T0 + 3000)
    assert (second.talker, second.start_ms, second.end_ms) == ("2049002", T0 + 4000, None)


def test_new_talker_without_cease_closes_the_previous_one():
    proj = RadioActivity()
    feed(proj, incoming(), grant(talker="2049001"), grant(talker="2049003"))
    a, b = proj.of(R).history
    assert a.end_ms == b.start_ms == T0 + 2000 and b.end_ms is None


def test_call_released_clears_talker_and_call():
    proj = RadioActivity()
    feed(proj, incoming(emergency=True, priority=15), grant())
    assert proj.of(R).call.emergency and proj.of(R).call.priority == 15
    feed(proj, ("radio.call_released", {"cc_instance": 1, "cause": 13}), start=T0 + 5000)
    r = proj.of(R)
    assert r.talker is None and r.call is None and r.history[0].end_ms == T0 + 5000


def test_release_of_another_call_keeps_ours():
    proj = RadioActivity()
    feed(proj, incoming(cc=2), grant(cc=2), ("radio.call_released", {"cc_instance": 7,
                                                                      "cause": 1}))
    assert proj.of(R).call.cc_instance == 2


def test_link_lost_ends_everything():
    proj = RadioActivity()
    feed(proj, incoming(), grant(), ("command.ptt_press", {}, "anna"),
         ("radio.link_lost", {"port": "/dev/x", "reason": "unplugged"}))
    r = proj.of(R)
    assert r.call is None and r.talker is None
    assert all(t.end_ms == T0 + 3000 for t in r.history)


def test_own_transmission_from_commands():
    proj = RadioActivity()
    press, = feed(proj, ("radio.talkgroup", {"gssi": "3100001", "group_type": 0}),
                  ("command.ptt_press", {}, "anna"))[1:]
    own = proj.of(R).own_open
    assert own.talker == CONSOLE_TALKER and own.operator == "anna" and own.gssi == "3100001"
    assert not own.granted  # requesting is not talking
    feed(proj, ("command.result", {"command_id": press.id, "command": "ptt_press",
                                   "outcome": "ok", "tx_state": "granted"}, "anna"),
         ("command.ptt_release", {}, "anna"), start=T0 + 2000, step=7000)
    (own,) = proj.of(R).history
    assert own.granted and (own.start_ms, own.end_ms) == (T0 + 1000, T0 + 9000)
    assert proj.of(R).own_open is None


def test_own_grant_event_marks_it_granted_and_quick_release_before_result():
    proj = RadioActivity()
    press, _ = feed(proj, ("command.ptt_press", {}, "bert"), grant(grant=0, talker=None))
    assert proj.of(R).own_open.granted
    assert proj.of(R).talker is None  # our own floor is not an "other talker"
    # the release is journaled before the press's result: the result still finds it
    feed(proj, ("command.ptt_release", {}, "bert"),
         ("command.result", {"command_id": press.id, "command": "ptt_press",
                             "outcome": "ok", "tx_state": "queued"}))
    assert proj.of(R).history[0].end_ms is not None


def test_failed_press_is_not_a_transmission():
    proj = RadioActivity()
    press, = feed(proj, ("command.ptt_press", {}, "anna"))
    feed(proj, ("command.result", {"command_id": press.id, "command": "ptt_press",
                                   "outcome": "rejected", "code": 34}), start=T0 + 500)
    assert proj.of(R).history == ()


def test_history_is_bounded_and_keeps_the_running_one():
    proj = RadioActivity()
    feed(proj, incoming(), grant(talker="2049000"))
    feed(proj, ("command.ptt_press", {}, "anna"), start=T0 + 5000)  # still running below
    for i in range(1, 15):
        feed(proj, grant(talker=f"20490{i:02d}"), start=T0 + 10_000 + i * 1000)
    hist = proj.of(R).history
    assert len(hist) == HISTORY_LENGTH
    assert hist[-1].talker == "2049014"
    assert any(t.own and t.end_ms is None for t in hist)


def test_scan_groups_and_other_kinds_are_ignored():
    proj = RadioActivity()
    feed(proj, ("radio.talkgroup", {"gssi": "3100001", "group_type": 0}),
         ("radio.talkgroup", {"gssi": "3100009", "group_type": 3}),
         ("radio.signal", {"raw": 20, "dbm": -73}))
    proj.apply(make_entry("operator.note", {"text": "x"}))
    assert proj.of(R).talkgroup == "3100001"
    assert list(proj.radios) == [R]


def test_snapshot_round_trip_through_json():
    proj = RadioActivity()
    feed(proj, incoming(), grant(), ("command.ptt_press", {}, "anna"),
         ("radio.tx_ceased", {"cc_instance": 1}))
    state = orjson.loads(orjson.dumps(proj.snapshot()))
    again = RadioActivity()
    again.restore(state)
    assert again.radios == proj.radios
    # and the fold goes on from the restored state exactly as from the original
    tail = feed(proj, ("command.ptt_release", {}, "anna"), start=T0 + 9000)
    again.apply(tail[0])
    assert again.radios == proj.radios
