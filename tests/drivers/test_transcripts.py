"""Replay every recorded/handwritten PEI transcript (STYLE.md #8): whole, byte by byte and
in a few chunk sizes, the events must equal the expected file and each other exactly."""

from __future__ import annotations

import pytest

from drivers.pei.decode import decode_bytes
from tests.drivers.pei_helpers import NAMES, assert_events, expected, raw


def test_transcripts_exist():
    assert len(NAMES) >= 7


@pytest.mark.parametrize("name", NAMES)
def test_transcript_whole(name):
    assert_events(decode_bytes(raw(name)), expected(name))


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 4096])
@pytest.mark.parametrize("name", NAMES)
def test_transcript_any_chunk_is_identical(name, chunk):
    assert decode_bytes(raw(name), chunk) == decode_bytes(raw(name))
