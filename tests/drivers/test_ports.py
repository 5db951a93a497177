"""Port discovery rules (pure) and a real scan of this machine's ports."""

from drivers.pei import ports


def test_a_self_described_pei_is_likely():
    c = ports.classify("/dev/ttyACM0", "Sepura TETRA_PEI_Interface", 0x1234, 0x0001)
    assert (c.likelihood, c.family) == ("likely", "sepura")


def test_motorola_vendor_is_likely_and_generic_chips_possible():
    assert ports.classify("/dev/ttyACM1", "", 0x0CAD, 0x1020).family == "motorola"
    ftdi = ports.classify("/dev/ttyUSB0", "FT232R USB UART", 0x0403, 0x6001)
    assert (ftdi.likelihood, ftdi.family) == ("possible", None)


def test_unknown_ports_and_the_machine_console_are_not_offered():
    assert ports.classify("/dev/ttyUSB3", "some modem", 0x9999, 0x0001) is None
    assert ports.classify("/dev/ttyS0", "tetra_pei_interface") is None


def test_detect_scans_without_error():
    found = ports.detect()  # no radios on CI; must not raise or offer ttyS*
    assert all(not c.device.startswith("/dev/ttyS") for c in found)
    assert found == sorted(found, key=lambda c: (c.likelihood != "likely", c.device))
