"""Settings of this workstation (QSettings), as opposed to the operator-wide ones in the database.

The keys live here so the app start, the settings dialog and the About box read them alike.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from PySide6.QtCore import QSettings

from console.domain.limits import NAME_CHARS

DB_URL_KEY = "database/url"
TILES_KEY = "map/tiles"
DISPATCHER_KEY = "dispatcher/name"
LANGUAGE_KEY = "ui/language"
LANGUAGES = ("sv", "en")
MAX_NAME_CHARS = NAME_CHARS


@dataclass(frozen=True)
class WorkstationSettings:
    db_url: str = ""          # empty: $DISPATCH_DB, else the SQLite file in the user data dir
    tiles: str = "osm"        # osm, none or mbtiles:FILE (console.map.TileSource.parse)
    dispatcher: str = ""      # empty: $DISPATCH_USER, else the OS user
    language: str = ""        # empty: the system locale's


def _text(settings: QSettings, key: str, default: str = "") -> str:
    value = settings.value(key, default)
    return str(value).strip() if value is not None else default


def _dispatcher(settings: QSettings) -> str:
    # A name edited into the settings file past the limit would stop the window at start, with no
    # way to reach the settings dialog: it is ignored (the OS user signs the audit) and logged.
    from console.domain.errors import ValidationError
    from console.domain.limits import check_name

    try:
        return check_name(_text(settings, DISPATCHER_KEY), "dispatcher name")
    except ValidationError as err:
        logging.getLogger(__name__).warning("saved %s; using the system user instead", err)
        return ""


def load(settings: QSettings | None = None) -> WorkstationSettings:
    settings = settings or QSettings()
    language = _text(settings, LANGUAGE_KEY)
    return WorkstationSettings(
        db_url=_text(settings, DB_URL_KEY),
        tiles=_text(settings, TILES_KEY, "osm") or "osm",
        dispatcher=_dispatcher(settings),
        language=language if language in LANGUAGES else "",
    )


def save(values: WorkstationSettings, settings: QSettings | None = None) -> None:
    settings = settings or QSettings()
    settings.setValue(DB_URL_KEY, values.db_url)
    settings.setValue(TILES_KEY, values.tiles)
    settings.setValue(DISPATCHER_KEY, values.dispatcher)
    settings.setValue(LANGUAGE_KEY, values.language)
    settings.sync()


def database_url(cli_url: str | None, settings: QSettings | None = None) -> str | None:
    """--db, else $DISPATCH_DB, else the URL saved here; None leaves the default SQLite file."""
    if cli_url:
        return cli_url
    if os.environ.get("DISPATCH_DB", "").strip():
        return None  # the store reads it itself
    return load(settings).db_url or None


def dispatcher_name(settings: QSettings | None = None) -> str | None:
    """The name written in the audit log: $DISPATCH_USER wins (scripts, tests), then the saved one."""
    if os.environ.get("DISPATCH_USER", "").strip():
        return None  # console.services.uow.default_actor reads it
    return load(settings).dispatcher or None
