"""Export the public status files from the database: the use case behind `status export`
and the console's re-export after every change."""
from __future__ import annotations

import os
from dataclasses import asdict
from datetime import datetime

from console.domain.notices import DEFAULT_OPERATOR, check_lang
from console.services import Db
from console.services.status_export import public_status

from .status_page import PublicOutage, StatusExport, write_status_export


def export_status(db: Db, out_dir: str | os.PathLike, lang: str | None = "sv",
                  operator: str = DEFAULT_OPERATOR, now: datetime | None = None) -> StatusExport:
    """Write index.html, status.json and feed.atom of the open outages into `out_dir`."""
    lang = check_lang(lang or "sv")
    status = public_status(db, now)
    outages = [PublicOutage(**asdict(row)) for row in status.outages]
    return write_status_export(out_dir, outages, status.generated_at, operator, lang)


__all__ = ["export_status", "StatusExport"]
