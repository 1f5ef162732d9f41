"""Place search for a new outage's position (the geocoder is an outside service, wired at start-up)."""
from __future__ import annotations

from typing import Protocol

from console.domain.errors import DispatchError, ValidationError
from console.domain.vocabulary import N_

MAX_QUERY_CHARS = 200
MAX_PLACES = 6


class Geocoder(Protocol):
    def search(self, query: str, limit: int) -> list[tuple[str, float, float]]:
        """(name, lat, lon), best first; raises when the service cannot be reached."""


class PlaceSearchUnavailable(DispatchError):
    """The geocoder could not be asked (offline, refused, timed out)."""


_geocoder: Geocoder | None = None


def install(geocoder: Geocoder | None) -> Geocoder | None:
    global _geocoder
    previous, _geocoder = _geocoder, geocoder
    return previous


def find_places(query: str) -> list[tuple[str, float, float]]:
    """Places matching `query`, at most MAX_PLACES; runs in a worker (it waits on the network)."""
    text = " ".join(str(query or "").split())
    if not text:
        raise ValidationError.of(N_("type a place name to search for"))
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationError.of(N_("a place name is at most {most} characters"), most=MAX_QUERY_CHARS)
    if _geocoder is None:
        raise RuntimeError("no geocoder is wired; console.startup.wire_gateways() does it at start-up")
    try:
        return list(_geocoder.search(text, MAX_PLACES))
    except Exception as exc:  # noqa: BLE001 - any failure of the outside service is one line for the dialog
        raise _unavailable(exc) from exc


def _unavailable(exc: BaseException) -> PlaceSearchUnavailable:
    """What went wrong, in words a dispatcher can act on; never the exception's class name."""
    # The gateway's library names its failures (geopy: GeocoderTimedOut, GeocoderUnavailable);
    # the standard library's are OSErrors.
    name = type(exc).__name__.lower()
    if isinstance(exc, TimeoutError) or "timeout" in name or "timedout" in name:
        return PlaceSearchUnavailable.of(N_("place search could not reach its server: it did not answer in time"))
    if isinstance(exc, (ConnectionError, OSError)) or "unavailable" in name:
        return PlaceSearchUnavailable.of(N_("place search could not reach its server: there is no connection to it"))
    return PlaceSearchUnavailable.of(N_("place search could not reach its server: it answered with an error"))


__all__ = ["Geocoder", "PlaceSearchUnavailable", "install", "find_places", "MAX_PLACES"]
