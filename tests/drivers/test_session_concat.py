"""A long text whose last part never comes is given out by the session after the time-out,
even when the radio says nothing more; what is held when the link ends is given out too."""

from drivers import events as ev
from drivers.clock import FakeClock
from drivers.pei import sds
from drivers.sim.pei_lines import AI_SDS4, ctsdsr
from tests.drivers.fake_time import through_io_thread
from tests.drivers.test_session import make_session  # noqa: F401  (fixture)

TEXT = "Inzet gewijzigd: ga naar de Dorpsstraat 12, brand in de schuur achter de boerderij, " * 3


def parts():
    return sds.encode_concatenated_text(TEXT, reference=7, max_bits=400)


def texts(sink):
    with sink.cond:
        return [e for e in sink.events if isinstance(e, ev.Text)]


def test_a_text_with_a_lost_part_is_given_out_after_the_time_out(make_session):  # noqa: F811
    clock = FakeClock()
    session, peer, sink = make_session({}, clock=clock)
    sent = parts()
    assert len(sent) >= 3
    for hex_data, bits in sent[:-1]:  # the last part is lost on the air
        peer.send(ctsdsr(AI_SDS4, "2104131", "2040001", 1, bits, hex_data))
    through_io_thread(peer, sink)
    assert texts(sink) == []  # parts wait for the rest
    clock.advance(61)
    with sink.cond:  # the radio stays silent: the session's own loop gives it out
        assert sink.cond.wait_for(lambda: any(isinstance(e, ev.Text) for e in sink.events), 5)
    [text] = texts(sink)
    assert text.missing_parts == (len(sent),) and text.parts == len(sent)
    assert text.from_issi == "2104131" and text.text.startswith("Inzet gewijzigd")


def test_parts_held_when_the_session_ends_are_given_out(make_session):  # noqa: F811
    session, peer, sink = make_session({})
    hex_data, bits = parts()[0]
    peer.send(ctsdsr(AI_SDS4, "2104131", "2040001", 1, bits, hex_data))
    through_io_thread(peer, sink)
    session.close()
    assert session.dead.wait(5)
    [text] = texts(sink)
    assert text.missing_parts and 1 not in text.missing_parts
