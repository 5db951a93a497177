"""Shared helpers for the PEI decoder tests (transcript loading, tolerant comparison)."""

from __future__ import annotations

import json
import math
from pathlib import Path

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "data" / "transcripts"
NAMES = sorted(p.name[: -len(".pei")] for p in TRANSCRIPTS.glob("*.pei"))
COORD_TOLERANCE = 1e-4  # expected coordinates are PEI.md's 4-decimal values


def raw(name: str) -> bytes:
    return (TRANSCRIPTS / f"{name}.pei").read_bytes()


def expected(name: str) -> list[dict]:
    with open(TRANSCRIPTS / f"{name}.expected.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def same_event(got: dict, want: dict) -> bool:
    if list(got) != list(want):
        return False
    for key, value in want.items():
        have = got[key]
        if isinstance(value, float) or (isinstance(have, float) and value is not None):
            if not isinstance(have, float | int) or isinstance(have, bool):
                return False
            if not math.isclose(have, value, abs_tol=COORD_TOLERANCE):
                return False
        elif have != value:
            return False
    return True


def assert_events(got: list[dict], want: list[dict]) -> None:
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        assert same_event(g, w), f"event {i}: got {g}, want {w}"
    assert len(got) == len(want), f"got {len(got)} events, want {len(want)}: {got[len(want):]}"
