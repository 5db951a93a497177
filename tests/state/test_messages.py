"""Messages projection: every path an SDS can take, fed with journal-shaped entries."""


import orjson
import pytest

from console.resources import resource_path
from console.state.messages import (
    MESSAGE_READ,
    Message,
    Messages,
    delivery_outcome,
    max_text_chars,
    parse_templates,
    state_text,
)
from tests.factories import make_entry

RADIO, UNIT, OTHER = "2040001", "2301050", "2301051"
T0 = 1_800_000_000_000


class Feed:
    """A projection plus helpers that write the entries the desk and the radio would."""

    def __init__(self, proj: Messages | None = None):
        self.proj = proj or Messages()
        self.t = T0

    def add(self, kind, payload, **kw):
        self.t += 100
        e = make_entry(kind, payload, hlc_ms=self.t, **kw)
        self.proj.apply(e)
        return e

    def send_text(self, text="Meld u op RR-BRW-1", to=UNIT, radio=RADIO, **kw):
        return self.add("command.send_text", {"radio": radio, "to": to, "text": text},
                        operator="anna", **kw).id

    def send_status(self, value=32771, to=UNIT, radio=RADIO):
        return self.add("command.send_status", {"radio": radio, "to": to, "value": value},
                        operator="anna").id

    def result(self, command_id, outcome="ok", command="send_text", mr=None, **extra):
        payload = {"command_id": command_id, "command": command, "radio": RADIO,
                   "outcome": outcome, **extra}
        if mr is not None:
            payload["message_reference"] = mr
        self.add("command.result", payload)

    def air(self, mr=None, ok=True, instance=0, radio=RADIO):
        kind = "radio.sds_sent" if ok else "radio.sds_failed"
        self.add(kind, {"radio": radio, "sds_instance": instance, "sds_status": 4 if ok else 5,
                        "message_reference": mr})

    def report(self, mr, status=0x00, from_issi=UNIT, radio=RADIO):
        self.add("radio.sds_report", {"radio": radio, "from_issi": from_issi, "to": "2040001",
                                      "delivery_status": status, "message_reference": mr})

    def incoming(self, text="Patiënt overgedragen", from_issi=UNIT, mr=3, **kw):
        return self.add("radio.text", {
            "radio": RADIO, "from_issi": from_issi, "to": RADIO, "text": text,
            "protocol_id": 0x82, "message_reference": mr, "delivery_report_requested": True,
            "immediate": False}, **kw).id

    def state(self, message_id):
        return state_text(self.proj.messages[message_id])


@pytest.fixture
def feed():
    return Feed()


def test_text_delivered(feed):
    mid = feed.send_text()
    assert feed.state(mid) == "sending"
    m = feed.proj.messages[mid]
    assert (m.direction, m.kind, m.to, m.text, m.operator) == ("out", "text", UNIT,
                                                               "Meld u op RR-BRW-1", "anna")
    feed.result(mid, mr=7)
    assert feed.state(mid) == "sent to radio (ref 7)"
    feed.air(mr=7)
    assert feed.state(mid) == "sent"  # "+CMGS: n,4" is over the air, not delivered (§8.1)
    feed.report(7, 0x00)
    assert feed.state(mid) == "delivered"
    assert feed.proj.messages[mid].updated_ms == feed.t
    assert feed.proj.messages[mid].hlc_ms < feed.t


@pytest.mark.parametrize("status, expected", [
    (0x01, "delivered"), (0x02, "read/consumed"), (0x03, "read/consumed"),
    (0x4B, "failed: destination not registered"), (0x4C, "failed: queue full"),
    (0x4D, "failed: message too long"), (0x41, "failed: delivery failed (0x41)"),
    (0x20, "retrying"), (0x22, "retrying")])
def test_delivery_status_bytes(feed, status, expected):
    mid = feed.send_text()
    feed.result(mid, mr=9)
    feed.air(mr=9)
    feed.report(9, status)
    assert feed.state(mid) == expected
    assert feed.proj.messages[mid].delivery_status == status


def test_retrying_then_delivered_then_consumed(feed):
    mid = feed.send_text()
    feed.result(mid, mr=1)
    feed.report(1, 0x21)
    assert feed.state(mid) == "retrying"
    feed.report(1, 0x00)
    feed.report(1, 0x02)
    assert feed.state(mid) == "read/consumed"
    feed.report(1, 0x00)  # a late duplicate never moves a message back
    assert feed.state(mid) == "read/consumed"


@pytest.mark.parametrize("outcome, extra, expected", [
    ("rejected", {"code": 36, "meaning": "SDS service not available"},
     "failed: rejected by the radio: SDS service not available"),
    ("timeout", {"meaning": "no response within 5.0 s"},
     "failed: no answer from the radio: no response within 5.0 s"),
    ("link_lost", {"detail": "radio not attached"},
     "failed: radio not connected: radio not attached"),
    ("not_supported", {}, "failed: not supported")])
def test_command_failed(feed, outcome, extra, expected):
    mid = feed.send_text()
    feed.result(mid, outcome=outcome, **extra)
    assert feed.state(mid) == expected
    feed.report(0, 0x00)  # a report for some other message changes nothing
    assert feed.state(mid) == expected


def test_failed_over_the_air(feed):
    mid = feed.send_text()
    feed.result(mid, mr=4)
    feed.air(mr=4, ok=False)
    assert feed.state(mid).startswith("failed: transmission failed")


def test_status_sent_and_failed(feed):
    ok, bad = feed.send_status(32771), feed.send_status(32772, to=OTHER)
    m = feed.proj.messages[ok]
    assert (m.kind, m.value, m.text) == ("status", 32771, "")
    feed.result(ok, command="send_status")
    feed.result(bad, command="send_status", outcome="rejected", meaning="busy")
    assert feed.state(ok) == "sent to radio"
    feed.air(mr=None)  # statuses carry no message reference (§8.5)
    assert feed.state(ok) == "sent"
    assert feed.state(bad) == "failed: rejected by the radio: busy"


def test_statuses_without_reference_match_oldest_first(feed):
    a, b = feed.send_status(32771), feed.send_status(32772)
    feed.result(a, command="send_status")
    feed.result(b, command="send_status")
    feed.air(ok=False)
    assert feed.state(a).startswith("failed")
    assert feed.state(b) == "sent to radio"
    feed.air()
    assert feed.state(b) == "sent"


def test_report_must_come_from_the_addressee_and_the_same_radio(feed):
    mid = feed.send_text()
    feed.result(mid, mr=5)
    feed.report(5, 0x00, from_issi=OTHER)  # same MR, other sender: not ours
    feed.report(5, 0x00, radio="2040002")  # same MR and sender, other radio
    assert feed.state(mid) == "sent to radio (ref 5)"
    feed.report(5, 0x00, from_issi="02301050")  # leading zeros: same SSI (§3)
    assert feed.state(mid) == "delivered"


def test_message_reference_reuse_matches_the_newest(feed):
    old = feed.send_text("eerste")
    feed.result(old, mr=5)
    feed.report(5, 0x00)
    new = feed.send_text("tweede")
    feed.result(new, mr=5)  # MR wraps at 256 (§8.4): the newest message owns it
    feed.report(5, 0x02)
    assert (feed.state(old), feed.state(new)) == ("delivered", "read/consumed")


def test_radio_events_before_the_command_result_are_parked(feed):
    mid = feed.send_text()
    feed.air(mr=8)  # the radio thread committed before the desk's worker
    feed.report(8, 0x00)
    assert feed.state(mid) == "sending"
    feed.result(mid, mr=8)
    assert feed.state(mid) == "delivered"


def test_parked_events_never_match_a_later_message(feed):
    feed.report(8, 0x00)  # a report for something sent before this console started
    mid = feed.send_text()
    feed.result(mid, mr=8)
    assert feed.state(mid) == "sent to radio (ref 8)"


def test_short_report_in_the_status_service(feed):
    mid = feed.send_text()
    feed.result(mid, mr=2)
    feed.add("radio.sds_short_report", {"radio": RADIO, "from_issi": UNIT, "to": RADIO,
                                        "report_type": 1, "message_reference": 2})
    assert feed.state(mid) == "failed: destination memory full"


def test_incoming_text_unread_until_marked_read(feed):
    a = feed.incoming("Patiënt overgedragen", drill=True)
    feed.incoming("Ter plaatse", mr=4)
    m = feed.proj.messages[a]
    assert (m.direction, m.from_issi, m.text, m.state, m.drill) == (
        "in", UNIT, "Patiënt overgedragen", "received", True)
    assert feed.proj.unread_count() == 2
    feed.add(MESSAGE_READ, {"message_id": a}, operator="anna")
    feed.add(MESSAGE_READ, {"message_id": a}, operator="bert")  # twice is harmless
    feed.add(MESSAGE_READ, {"message_id": "no-such-id"})
    assert feed.proj.unread_count() == 1
    assert feed.proj.messages[a].read and feed.state(a) == "read"


def test_bounded_and_index_cleaned(feed):
    proj = Messages(size=3)
    f = Feed(proj)
    first = f.send_text("0")
    f.result(first, mr=0)
    ids = [f.send_text(str(i)) for i in range(1, 4)]
    assert list(proj.messages) == ids and first not in proj.messages
    f.report(0, 0x00)  # the evicted message is not resurrected
    assert first not in proj.messages


def test_other_entries_are_ignored(feed):
    feed.add("radio.status", {"radio": RADIO, "from_issi": UNIT, "to": RADIO, "value": 3,
                              "is_emergency": False})
    feed.add("command.result", {"command_id": "x", "command": "ptt_press", "radio": RADIO,
                                "outcome": "ok"})
    feed.add("operator.note", {"text": "x"})
    assert not feed.proj.messages and feed.proj.version == 0


def build_history(f: Feed) -> list[str]:
    a = f.send_text("a")
    f.result(a, mr=1)
    b = f.send_text("b")
    f.air(mr=2)  # parked
    s = f.send_status(32770)
    f.result(s, command="send_status")
    f.incoming()
    return [a, b, s]


def test_snapshot_round_trip_then_continue():
    live = Feed()
    a, b, s = build_history(live)
    state = orjson.loads(orjson.dumps(live.proj.snapshot()))  # JSON, like the journal stores it
    restored = Feed(Messages())
    restored.proj.restore(state)
    restored.t = live.t
    assert restored.proj.snapshot() == live.proj.snapshot()
    for f in (live, restored):  # both continue alike: index and parked events survived
        f.report(1, 0x02)
        f.result(b, mr=2)
        f.air()
    assert restored.proj.snapshot() == live.proj.snapshot()
    assert [restored.state(x) for x in (a, b, s)] == ["read/consumed", "sent", "sent"]


def test_delivery_outcome_ignores_flow_control():
    assert delivery_outcome(0x60) is None and delivery_outcome(0x80) is None
    assert delivery_outcome(0x05)[0] == "sent"  # a group gives no receipt


def test_max_text_chars_from_capabilities():
    assert max_text_chars(668) == 79  # 668 bits minus the 4-byte SDS-TL text header (§8.4)
    assert max_text_chars(16) == 0


def test_parse_templates_rejects_bad_files():
    assert parse_templates('templates = [" a ", "b"]') == ["a", "b"]
    for bad in ("templates = 'x'", "templates = [1]", "templates = ['']", "x = [", ""):
        with pytest.raises(ValueError):
            parse_templates(bad)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_shipped_templates_are_sendable(lang):
    text = resource_path("sds_templates", f"{lang}.toml").read_text("utf-8")
    templates = parse_templates(text)
    assert len(templates) >= 8
    for t in templates:
        t.encode("latin-1")  # ISO 8859-1 only (§8.4 coding scheme 1)
        assert len(t) <= max_text_chars(668)


def test_message_peer():
    out = Message("1", RADIO, "out", "text", None, UNIT)
    inc = Message("2", RADIO, "in", "text", OTHER, RADIO)
    assert (out.peer, inc.peer) == (UNIT, OTHER)


# --- delivery information beyond the SDS-REPORT, unreadable and incomplete messages -------

def unreadable(feed, from_issi=UNIT, service=12, reason="protocol 0x04 (WAP) not decoded",
               raw_hex="040102", **kw):
    return feed.add("radio.unrecognized", {
        "radio": RADIO, "line": f"+CTSDSR: {service},{from_issi},0,{RADIO},0,24",
        "raw_hex": raw_hex, "reason": reason, "from_issi": from_issi, "to": RADIO,
        "service": service, "protocol_id": 4, "length_bits": 24}, **kw).id


@pytest.mark.parametrize("status, expected", [
    (0x01, "delivered"), (0x03, "read/consumed"), (0x4B, "failed: destination not registered")])
def test_sds_ack_is_delivery_information(feed, status, expected):
    mid = feed.send_text()
    feed.result(mid, mr=6)
    feed.add("radio.sds_ack", {"radio": RADIO, "from_issi": UNIT, "to": RADIO,
                               "delivery_status": status, "message_reference": 6})
    assert feed.state(mid) == expected
    assert feed.proj.messages[mid].delivery_status == status


def test_ack_from_someone_else_changes_nothing(feed):
    mid = feed.send_text()
    feed.result(mid, mr=6)
    feed.add("radio.sds_ack", {"radio": RADIO, "from_issi": OTHER, "to": RADIO,
                               "delivery_status": 0x01, "message_reference": 6})
    assert feed.state(mid) == "sent to radio (ref 6)"


def test_short_report_and_ack_before_the_command_result_are_parked(feed):
    a, b = feed.send_text("a"), feed.send_text("b")
    feed.add("radio.sds_short_report", {"radio": RADIO, "from_issi": UNIT, "to": RADIO,
                                        "report_type": 3, "message_reference": 11})
    feed.add("radio.sds_ack", {"radio": RADIO, "from_issi": UNIT, "to": RADIO,
                               "delivery_status": 0x01, "message_reference": 12})
    assert (feed.state(a), feed.state(b)) == ("sending", "sending")
    feed.result(a, mr=11)
    feed.result(b, mr=12)
    assert (feed.state(a), feed.state(b)) == ("read/consumed", "delivered")


def test_unreadable_sds_is_an_unread_message_from_its_sender(feed):
    mid = unreadable(feed)
    m = feed.proj.messages[mid]
    assert (m.direction, m.kind, m.from_issi, m.peer, m.state, m.read) == (
        "in", "unreadable", UNIT, UNIT, "received", False)
    assert (m.reason, m.raw, m.text) == ("protocol 0x04 (WAP) not decoded", "040102", "")
    assert feed.proj.unread_count() == 1
    feed.add(MESSAGE_READ, {"message_id": mid})
    assert feed.state(mid) == "read"


def test_unrecognized_lines_that_are_no_sds_are_not_messages(feed):
    feed.add("radio.unrecognized", {"radio": RADIO, "line": "+CREG: 1,1,9010",
                                    "raw_hex": "2B4352", "reason": "unknown result code",
                                    "from_issi": None, "to": None, "service": None,
                                    "protocol_id": None, "length_bits": None})
    assert not feed.proj.messages


def test_unreadable_sds_without_a_sender_is_kept(feed):
    mid = unreadable(feed, from_issi=None, service=13, reason="status must be 16 bits")
    assert feed.proj.messages[mid].peer is None


def test_incomplete_concatenated_text(feed):
    mid = feed.add("radio.text", {
        "radio": RADIO, "from_issi": UNIT, "to": RADIO, "text": "Brand Kerk[…]straat 5",
        "protocol_id": 0x8A, "message_reference": 16, "delivery_report_requested": True,
        "immediate": False, "parts": 3, "missing_parts": [2]}).id
    m = feed.proj.messages[mid]
    assert (m.parts, m.missing_parts, m.incomplete) == (3, (2,), True)
    assert not feed.proj.messages[feed.incoming()].incomplete  # older entries: one part


def test_times_are_when_the_radio_heard_it(feed):
    heard = T0 - 60_000  # saved late, after the journal could not save for a minute
    mid = feed.add("radio.text", {
        "radio": RADIO, "from_issi": UNIT, "to": RADIO, "text": "x", "protocol_id": 0x82,
        "message_reference": 1, "delivery_report_requested": False, "immediate": False,
        "heard_ms": heard}).id
    m = feed.proj.messages[mid]
    assert m.hlc_ms == heard == m.updated_ms
    sent = feed.send_text()
    feed.result(sent, mr=2)
    heard = feed.t + 50  # before the entry's own time (feed.t + 100)
    feed.add("radio.sds_report", {"radio": RADIO, "from_issi": UNIT, "to": RADIO,
                                  "delivery_status": 0, "message_reference": 2,
                                  "heard_ms": heard})
    assert feed.proj.messages[sent].updated_ms == heard < feed.t


def test_snapshot_keeps_unreadable_and_incomplete():
    live = Feed()
    unreadable(live)
    live.add("radio.text", {"radio": RADIO, "from_issi": UNIT, "to": RADIO, "text": "a[…]",
                            "protocol_id": 0x8A, "message_reference": 1,
                            "delivery_report_requested": False, "immediate": False,
                            "parts": 2, "missing_parts": [2]})
    state = orjson.loads(orjson.dumps(live.proj.snapshot()))
    restored = Messages()
    restored.restore(state)
    assert restored.snapshot() == live.proj.snapshot()
    assert [m.kind for m in restored.messages.values()] == ["unreadable", "text"]
    assert list(restored.messages.values())[1].missing_parts == (2,)
    old = orjson.loads(orjson.dumps(live.proj.snapshot()))  # a snapshot from before the fields
    for d in old["messages"]:
        for key in ("parts", "missing_parts", "raw"):
            d.pop(key)
    restored.restore(old)
    assert all(not m.incomplete for m in restored.messages.values())
