"""Road travel times from an OSRM server, with the geodesic estimate as the safety net.

The console must work with the internet down, so every failure (no server, timeout, HTTP
error, a reply that is not OSRM's "Ok") falls back to the straight-line estimate: the answer
then has source "geodesic" and a note saying why, which the CLI and the dialogs show.

OSRM durations are pure driving; the settings' stop time is added per leg so that road and
estimated times mean the same thing.

osrm-routed refuses a /table request of more than --max-table-size coordinates (100 unless
the operator raised it), so a storm's thousands of technicians x depots are asked in blocks.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

import numpy as np
import requests

from console.domain.geo import check_coordinates
from console.domain.travel import DEFAULT_TRAVEL, TravelEstimate, TravelMatrix, TravelSettings

from .geodesic import GeodesicProvider

log = logging.getLogger(__name__)

SOURCE = "osrm"
# osrm-routed's default --max-table-size: coordinates (sources + destinations) per /table call.
MAX_TABLE_COORDINATES = 100


class OsrmError(Exception):
    """The server's reply could not be used; always caught inside this module."""


def _blocks(n: int, size: int):
    return [range(i, min(n, i + size)) for i in range(0, n, size)]


class OsrmProvider:
    source = SOURCE

    def __init__(self, base_url: str, settings: TravelSettings = DEFAULT_TRAVEL, timeout: float = 3.0,
                 profile: str = "driving", max_table: int = MAX_TABLE_COORDINATES):
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise ValueError(f"an OSRM server is an http(s) URL, got {base_url!r}")
        if max_table < 2:
            raise ValueError("a table request needs room for at least one source and one destination")
        self.base_url = base_url.rstrip("/")
        self.settings = settings
        self.timeout = timeout
        self.profile = profile
        self.max_table = max_table
        self.fallback = GeodesicProvider(settings)
        self._http = requests.Session()

    def __repr__(self) -> str:
        return f"OsrmProvider({self.base_url!r}, {self.settings!r})"

    def _get(self, service: str, coords, params: dict) -> dict:
        # OSRM wants lon,lat; six decimals is 0.1 m and keeps a 100-point URL under 2.5 kB.
        path = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in coords)
        url = f"{self.base_url}/{service}/v1/{self.profile}/{path}"
        # The reasons are short: they end up in one line beside the estimate.
        try:
            reply = self._http.get(url, params=params, timeout=self.timeout)
        except requests.Timeout as exc:
            raise OsrmError(f"gave no answer within {self.timeout:g} s") from exc
        except requests.ConnectionError as exc:
            raise OsrmError("could not be reached") from exc
        except requests.RequestException as exc:
            raise OsrmError(f"could not be asked ({type(exc).__name__})") from exc
        try:
            body = reply.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise OsrmError(f"answered HTTP {reply.status_code}, not in OSRM's format")
        if body.get("code") != "Ok":
            raise OsrmError(f"answered {body.get('code')} (HTTP {reply.status_code})")
        return body

    def _minutes(self, seconds, km):
        """Driving seconds to leg minutes: one stop per leg, nothing for a leg that goes nowhere."""
        minutes = np.asarray(seconds, dtype=float) / 60.0 + self.settings.stop_minutes
        return np.where(np.asarray(km, dtype=float) < self.settings.arrived_km, 0.0, minutes)

    def _said(self, exc: Exception) -> str:
        note = f"the OSRM server at {self.base_url} {exc}; straight-line estimate instead"
        log.info("%s", note)
        return note

    def trip(self, origin: tuple[float, float], destination: tuple[float, float]) -> TravelEstimate:
        a, b = check_coordinates(*origin), check_coordinates(*destination)
        try:
            body = self._get("route", [a, b], {"overview": "false", "steps": "false"})
            try:
                leg = body["routes"][0]
                seconds, km = float(leg["duration"]), float(leg["distance"]) / 1000.0
            except (KeyError, IndexError, TypeError, ValueError) as exc:
                raise OsrmError("sent a route without duration and distance") from exc
        except OsrmError as exc:
            fallback = self.fallback.trip(a, b)
            return TravelEstimate(fallback.minutes, fallback.km, True, fallback.source, self._said(exc))
        return TravelEstimate(float(self._minutes(seconds, km)), km, False, SOURCE)

    def _table(self, src: np.ndarray, dst: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """One /table call: seconds and metres, (n, m), NaN where the server knows no road.

        dst None: every point to every point of src (the planner's square matrix), each
        coordinate sent once.
        """
        params = {"annotations": "duration,distance"}
        if dst is None:
            n = m = len(src)
            coords = [tuple(p) for p in src]
        else:
            n, m = len(src), len(dst)
            coords = [tuple(p) for p in src] + [tuple(p) for p in dst]
            params["sources"] = ";".join(str(i) for i in range(n))
            params["destinations"] = ";".join(str(n + j) for j in range(m))
        body = self._get("table", coords, params)
        try:
            seconds = np.array(body["durations"], dtype=float)  # null -> nan
            metres = np.array(body.get("distances") or np.full((n, m), np.nan), dtype=float)
        except (KeyError, TypeError, ValueError) as exc:
            raise OsrmError("sent a table that is not numbers") from exc
        if seconds.shape != (n, m) or metres.shape != (n, m):
            raise OsrmError(f"sent a table of shape {seconds.shape}, not {(n, m)}")
        return seconds, metres

    def matrix(self, origins, destinations) -> TravelMatrix:
        """origins (n, 2) and destinations (m, 2) as lat/lon; minutes[i, j] and km[i, j].

        Cells the server leaves null (no road between them) take the geodesic estimate, and
        the matrix is then marked estimated with a note.
        """
        fallback = self.fallback.matrix(origins, destinations)  # also checks the coordinates
        src = np.asarray(origins, dtype=float).reshape(-1, 2)
        dst = np.asarray(destinations, dtype=float).reshape(-1, 2)
        n, m = len(src), len(dst)
        if n == 0 or m == 0:
            return TravelMatrix(fallback.minutes, fallback.km, False, SOURCE)
        # Destinations (depots, a site) are usually few: keep them whole and block the origins.
        dst_size = m if m <= self.max_table // 2 else self.max_table // 2
        src_size = self.max_table - dst_size
        seconds = np.empty((n, m))
        metres = np.empty((n, m))
        try:
            if n <= self.max_table and np.array_equal(src, dst):
                seconds[:], metres[:] = self._table(src, None)
            else:
                for rows in _blocks(n, src_size):
                    for cols in _blocks(m, dst_size):
                        block = np.s_[rows.start:rows.stop, cols.start:cols.stop]
                        seconds[block], metres[block] = self._table(src[block[0]], dst[block[1]])
        except OsrmError as exc:
            return TravelMatrix(fallback.minutes, fallback.km, True, fallback.source, self._said(exc))
        km = np.where(np.isnan(metres), fallback.km, metres / 1000.0)
        minutes = self._minutes(seconds, km)
        gaps = np.isnan(seconds)
        if gaps.any():
            note = f"OSRM knows no road for {int(gaps.sum())} of {n * m} legs; straight-line estimate there"
            return TravelMatrix(np.where(gaps, fallback.minutes, minutes), km, True, SOURCE, note)
        return TravelMatrix(minutes, km, False, SOURCE)
