"""Reassembly of concatenated SDS texts (PID 0x8A, "message with user data header").

A long text travels as several SDS-TRANSFERs, each with its own SDS-TL message reference;
the user data header names the part (PEI.md §8.4; tetra-pei ``ParseConcatenatedTextSDU``
and ``Stack.putSDSTransfer``): a reference shared by all parts, the total number of parts
and the 1-based sequence number. :mod:`drivers.pei.sds` turns each part into a
:class:`TextPart`; :class:`Reassembler` keeps them per sender + reference and gives one
``Text`` when the last part is in. A message whose parts stop coming is given out after
``timeout_s`` of silence with what arrived, the missing parts listed and marked ``[…]``:
a dispatcher must see half a message rather than nothing.

Pure and single-threaded: the caller passes the time (its clock's ``monotonic()``), so a
test drives the time-out with ``drivers.clock.FakeClock``.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field

from drivers.events import Text

LOG = logging.getLogger(__name__)

CONCAT_TIMEOUT_S = 60.0  # silence after the latest part before giving out what arrived [U]
MAX_PENDING = 32  # messages being reassembled at once; the oldest is given out beyond it
GAP = "[…]"  # stands for one or more parts that never came

Key = tuple[str | None, str, int, int]  # sender, called party, reference bits, reference


@dataclass(frozen=True, slots=True)
class TextPart:
    """One part of a concatenated text, already decoded to text."""
    from_issi: str | None
    to: str
    reference: int  # the user data header's concatenation reference
    reference_bits: int  # 8 (element 0x00) or 16 (element 0x08)
    total: int
    sequence: int  # 1-based
    text: str
    message_reference: int  # this part's own SDS-TL message reference
    delivery_report_requested: bool
    protocol_id: int = 0x8A

    @property
    def key(self) -> Key:
        return (self.from_issi, self.to, self.reference_bits, self.reference)


@dataclass(slots=True)
class _Pending:
    total: int
    order: int
    deadline: float
    parts: dict[int, TextPart] = field(default_factory=dict)


class Reassembler:
    """Parts in, whole (or timed-out) texts out; one instance per radio link."""

    def __init__(self, timeout_s: float = CONCAT_TIMEOUT_S, max_pending: int = MAX_PENDING):
        if timeout_s <= 0 or max_pending < 1:
            raise ValueError("timeout_s and max_pending must be positive")
        self.timeout_s, self.max_pending = timeout_s, max_pending
        self._pending: dict[Key, _Pending] = {}
        # Texts of recently completed messages: a part repeated after completion (an SDS-TL
        # retransmission) is recognised instead of starting a one-part fragment.
        self._done: dict[Key, tuple[float, dict[int, str]]] = {}
        self._order = itertools.count()

    def __len__(self) -> int:
        return len(self._pending)

    def next_deadline(self) -> float | None:
        """When :meth:`expire` will next have something to give out, if anything waits."""
        return min((p.deadline for p in self._pending.values()), default=None)

    def add(self, part: TextPart, now: float) -> list[Text]:
        if not 1 <= part.sequence <= part.total:
            raise ValueError(f"part {part.sequence} of {part.total}")
        key = part.key
        self._forget_done(now)
        done = self._done.get(key)
        if done is not None and done[1].get(part.sequence) == part.text:
            LOG.info("part %d/%d of text %s from %s repeated after completion; ignored",
                     part.sequence, part.total, part.reference, part.from_issi)
            return []
        if part.total == 1:
            return [_text({1: part}, 1)]
        out: list[Text] = []
        pending = self._pending.get(key)
        if pending is not None and pending.total != part.total:
            out.append(self._finish(key))  # another message with the same reference
            pending = None
        if pending is None:
            if len(self._pending) >= self.max_pending:
                oldest = min(self._pending, key=lambda k: self._pending[k].order)
                out.append(self._finish(oldest))
            pending = self._pending[key] = _Pending(part.total, next(self._order), now)
        if part.sequence in pending.parts:
            LOG.info("part %d/%d of text %s from %s came twice; the first is kept",
                     part.sequence, part.total, part.reference, part.from_issi)
        else:
            pending.parts[part.sequence] = part
        pending.deadline = now + self.timeout_s
        if len(pending.parts) == pending.total:
            out.append(self._finish(key, now))
        return out

    def expire(self, now: float) -> list[Text]:
        """Give out, oldest first, every message that waited ``timeout_s`` for its parts."""
        due = sorted((p.order, k) for k, p in self._pending.items() if p.deadline <= now)
        self._forget_done(now)
        return [self._finish(k) for _, k in due]

    def flush(self) -> list[Text]:
        """Give out everything still waiting (the input ended), oldest first."""
        keys = sorted(self._pending, key=lambda k: self._pending[k].order)
        return [self._finish(k) for k in keys]

    def _finish(self, key: Key, now: float | None = None) -> Text:
        pending = self._pending.pop(key)
        if now is not None:  # complete: remember it for repeated parts
            self._done[key] = (now + self.timeout_s,
                               {n: p.text for n, p in pending.parts.items()})
        else:
            LOG.info("text %s from %s incomplete: %d of %d parts", key[3], key[0],
                     len(pending.parts), pending.total)
        return _text(pending.parts, pending.total)

    def _forget_done(self, now: float) -> None:
        for key in [k for k, (until, _) in self._done.items() if until <= now]:
            del self._done[key]


def _text(parts: dict[int, TextPart], total: int) -> Text:
    chunks: list[str] = []
    for n in range(1, total + 1):
        if n in parts:
            chunks.append(parts[n].text)
        elif n - 1 in parts or n == 1:  # one marker per run of missing parts
            chunks.append(GAP)
    head = parts[1] if 1 in parts else parts[min(parts)]
    return Text(from_issi=head.from_issi, to=head.to, text="".join(chunks),
                protocol_id=head.protocol_id, message_reference=head.message_reference,
                delivery_report_requested=any(p.delivery_report_requested
                                              for p in parts.values()),
                immediate=False, parts=total,
                missing_parts=tuple(n for n in range(1, total + 1) if n not in parts))
