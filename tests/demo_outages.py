"""The demo's outages as tests name them: by title, since ids depend on the order the demo writes."""
from __future__ import annotations

from console.services import outages

ANKARSRUM = "Fiberkabel avgrävd vid Ankarsrum"


def ankarsrum_id(db) -> int:
    """The demo's slipping outage (waiting for material, three ETA revisions)."""
    return next(o.id for o in outages.list_outages(db) if o.title == ANKARSRUM)
