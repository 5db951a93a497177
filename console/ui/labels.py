"""How the screen names a party: "ALIAS (NUMBER)", the raw number always beside the name.

Aliases go stale and two units may share one (C2000.md), so a unit, talkgroup or radio is
never shown by its alias alone. Every widget formats names here, and only here.
"""

from __future__ import annotations

from collections.abc import Callable

AliasOf = Callable[[str], str | None]


def labelled(number: str | None, name: str | None = None) -> str:
    """"NAME (NUMBER)"; the number alone without a name (or when the name is the number);
    "?" when there is no number."""
    if not number:
        return "?"
    return f"{name} ({number})" if name and name != number else number


def identity_label(ssi: str | None, alias_of: AliasOf) -> str:
    """An ISSI or GSSI with the alias ``alias_of`` knows for it."""
    return labelled(ssi, alias_of(ssi) if ssi else None)
