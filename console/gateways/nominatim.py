"""Place search on a Nominatim server (OpenStreetMap's geocoder), Sweden first.

Nominatim's usage policy asks for an identifying User-Agent and at most one request a
second; the console asks only when the dispatcher presses Search.
"""
from __future__ import annotations

from console import __version__

USER_AGENT = f"DispatchConsole/{__version__} (fiber outage dispatch console)"
PUBLIC_DOMAIN = "nominatim.openstreetmap.org"


class NominatimGeocoder:
    def __init__(self, domain: str = PUBLIC_DOMAIN, scheme: str = "https", timeout: float = 6.0,
                 country_codes: str = "se"):
        self.domain, self.scheme, self.timeout, self.country_codes = domain, scheme, timeout, country_codes

    def __repr__(self) -> str:
        return f"NominatimGeocoder({self.scheme}://{self.domain})"

    def search(self, query: str, limit: int) -> list[tuple[str, float, float]]:
        """(address, lat, lon) best first; raises geopy's errors when the server cannot be asked."""
        # geopy's package imports requests and every geocoder: paid when someone searches.
        from geopy.geocoders import Nominatim

        geocoder = Nominatim(user_agent=USER_AGENT, timeout=self.timeout, domain=self.domain, scheme=self.scheme)
        found = geocoder.geocode(query, exactly_one=False, limit=limit, country_codes=self.country_codes) or []
        return [(p.address, float(p.latitude), float(p.longitude)) for p in found]
