"""Road travel times from an OSRM-compatible server, with the geodesic estimate as a safety net.

The console must work with the internet down, so every failure (no server, timeout, HTTP
error, a reply that is not OSRM's "Ok") quietly falls back to the straight-line estimate,
which is marked estimated=True, source="geodesic" for the dispatcher to see.

OSRM durations are pure driving; the settings' stop time is added per leg so that road and
estimated times mean the same thing.
"""
from __future__ import annotations

import logging

import numpy as np
import requests

from console.domain.geo import check_coordinates
from console.domain.travel import (
    DEFAULT_TRAVEL,
    TravelEstimate,
    TravelMatrix,
    TravelSettings,
    estimate,
    travel_matrix,
)

log = logging.getLogger(__name__)


class OsrmError(Exception):
    """The server's reply could not be used; always caught inside this module."""


class OsrmEstimator:
    def __init__(
        self,
        base_url: str,
        timeout: float = 3.0,
        fallback_settings: TravelSettings = DEFAULT_TRAVEL,
        profile: str = "driving",
        session: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.settings = fallback_settings
        self.profile = profile
        self._http = session or requests.Session()

    def _get(self, service: str, coords: list[tuple[float, float]], params: dict) -> dict:
        # OSRM wants lon,lat; fixed precision keeps the URL short and the cache key stable.
        path = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in coords)
        url = f"{self.base_url}/{service}/v1/{self.profile}/{path}"
        try:
            reply = self._http.get(url, params=params, timeout=self.timeout)
            reply.raise_for_status()
            body = reply.json()
        except (requests.RequestException, ValueError) as exc:
            raise OsrmError(str(exc)) from exc
        if not isinstance(body, dict) or body.get("code") != "Ok":
            raise OsrmError(f"OSRM answered {body.get('code') if isinstance(body, dict) else body!r}")
        return body

    def _minutes(self, seconds, km):
        """Driving seconds to leg minutes: one stop per leg, nothing for a leg that goes nowhere."""
        minutes = np.asarray(seconds, dtype=float) / 60.0 + self.settings.stop_minutes
        return np.where(np.asarray(km, dtype=float) < self.settings.arrived_km, 0.0, minutes)

    def route(self, a: tuple[float, float], b: tuple[float, float]) -> TravelEstimate:
        """a and b are (lat, lon)."""
        a, b = check_coordinates(*a), check_coordinates(*b)
        try:
            body = self._get("route", [a, b], {"overview": "false", "steps": "false"})
            leg = body["routes"][0]
            seconds, km = float(leg["duration"]), float(leg["distance"]) / 1000.0
        except (OsrmError, KeyError, IndexError, TypeError, ValueError) as exc:
            log.info("OSRM route unavailable, using the geodesic estimate: %s", exc)
            return estimate(a[0], a[1], b[0], b[1], self.settings)
        return TravelEstimate(float(self._minutes(seconds, km)), km, False, "osrm")

    def table(self, sources, destinations) -> TravelMatrix:
        """sources (n, 2) and destinations (m, 2) as lat/lon; minutes[i, j] in the result.

        Cells the server leaves null (no road between them) take the geodesic estimate and
        mark the whole matrix estimated.
        """
        src = np.asarray(sources, dtype=float).reshape(-1, 2)
        dst = np.asarray(destinations, dtype=float).reshape(-1, 2)
        fallback = travel_matrix(src, dst, self.settings)
        n, m = len(src), len(dst)
        if n == 0 or m == 0:
            return fallback
        coords = [tuple(p) for p in src] + [tuple(p) for p in dst]
        params = {
            "sources": ";".join(str(i) for i in range(n)),
            "destinations": ";".join(str(n + j) for j in range(m)),
            "annotations": "duration,distance",
        }
        try:
            body = self._get("table", coords, params)
            seconds = np.array(body["durations"], dtype=float)  # None -> nan
            metres = np.array(body.get("distances") or np.full((n, m), np.nan), dtype=float)
            if seconds.shape != (n, m) or metres.shape != (n, m):
                raise OsrmError(f"table of shape {seconds.shape}, expected {(n, m)}")
        except (OsrmError, KeyError, TypeError, ValueError) as exc:
            log.info("OSRM table unavailable, using the geodesic estimate: %s", exc)
            return fallback
        km = metres / 1000.0
        km = np.where(np.isnan(km), fallback.km, km)
        minutes = self._minutes(seconds, km)
        gaps = np.isnan(seconds)
        if gaps.any():
            return TravelMatrix(np.where(gaps, fallback.minutes, minutes), km, True, "osrm+geodesic")
        return TravelMatrix(minutes, km, False, "osrm")

    def __call__(self, sources, destinations) -> TravelMatrix:
        """Lets the estimator stand in for the geodesic matrix in plan_restock(matrix=...)."""
        return self.table(sources, destinations)
