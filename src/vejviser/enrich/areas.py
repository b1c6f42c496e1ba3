"""Which local area an activity belongs to: the one it names, the one its postcode gives, or
the one whose polygon holds its pin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vejviser.settings import Settings


@dataclass(frozen=True)
class AreaAnswer:
    """The area found (or None) and, when there is a problem, its message id."""

    area: str | None
    problem: str | None = None


def area_for(settings: Settings, postcode: str | None, given: str | None) -> AreaAnswer:
    """Resolve the area of a venue from the record's ``area`` and the venue's postcode.

    A postcode outside the municipality is a problem even when an area is named.
    """
    if postcode is None:
        return AreaAnswer(given)
    candidates = settings.areas_for_postcode(postcode)
    if not candidates:
        return AreaAnswer(given, "relation.postcode_unknown")
    if given is not None:
        area = settings.area(given)
        if area is not None and postcode not in area.postcodes:
            return AreaAnswer(given, "relation.area_postcode_mismatch")
        return AreaAnswer(given)
    if len(candidates) > 1:
        return AreaAnswer(None, "relation.postcode_ambiguous")
    return AreaAnswer(candidates[0].id)
