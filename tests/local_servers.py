"""Real local HTTP servers speaking the outside services' protocols, for the gateways' tests.

`serving(handler)` runs a ThreadingHTTPServer on a free port in a thread; the handler reads
its behaviour from attributes set on the server.
"""
from __future__ import annotations

import json
import math
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@contextmanager
def serving(handler, **attributes):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requests = []
    for name, value in attributes.items():
        setattr(server, name, value)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def url_of(server) -> str:
    host, port = server.server_address
    return f"http://{host}:{port}"


class _JsonHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, body, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout tests)


def road_seconds(a: tuple[float, float], b: tuple[float, float], closed=()) -> tuple[float, float]:
    """A made-up road network: along the lines of latitude and longitude at 60 km/h, and ten
    hours more for any leg to or from a closed point (a bridge out)."""
    km = 111.2 * abs(a[0] - b[0]) + 111.2 * math.cos(math.radians((a[0] + b[0]) / 2)) * abs(a[1] - b[1])
    seconds = km * 60.0
    if a != b and (a in closed or b in closed):
        seconds += 36_000.0
    return seconds, km * 1000.0


class OsrmLike(_JsonHandler):
    """OSRM's /route/v1/driving and /table/v1/driving.

    server.mode: "roads" (road_seconds, server.closed as (lat, lon) points), "index" (a table
    cell is 10 min per source and 1 per destination position, to see which cell is which),
    "500", "nosegment", "gap" (the first row's last cell null), "slow" (waits 1 s first).
    Tables of more than server.max_table coordinates get OSRM's "TooBig".
    """

    def do_GET(self):
        # urlsplit, not urlparse: OSRM separates coordinates with ";", which urlparse cuts off.
        url = urlsplit(self.path)
        self.server.requests.append(self.path)
        mode = getattr(self.server, "mode", "roads")
        if mode == "slow":
            time.sleep(1.0)
        if mode == "500":
            self.send_error(500)
            return
        parts = url.path.split("/")  # '', service, 'v1', 'driving', coords
        lonlat = [tuple(map(float, c.split(","))) for c in parts[4].split(";")]
        coords = [(lat, lon) for lon, lat in lonlat]
        closed = set(getattr(self.server, "closed", ()))
        if mode == "nosegment":
            self.reply({"code": "NoSegment", "message": "Could not find a matching segment"}, 400)
        elif parts[1] == "route":
            if mode == "roads":
                seconds, metres = road_seconds(coords[0], coords[1], closed)
            else:
                seconds, metres = 1500.0, 27000.0
            self.reply({"code": "Ok", "routes": [{"duration": seconds, "distance": metres, "legs": []}],
                        "waypoints": [{"location": list(c)} for c in lonlat]})
        elif len(coords) > getattr(self.server, "max_table", 100):
            self.reply({"code": "TooBig", "message": "Too many table coordinates"}, 400)
        else:
            q = parse_qs(url.query)
            # Without sources/destinations OSRM answers every coordinate to every coordinate.
            src = [int(i) for i in q["sources"][0].split(";")] if "sources" in q else list(range(len(coords)))
            dst = [int(i) for i in q["destinations"][0].split(";")] if "destinations" in q else list(range(len(coords)))
            durations, distances = [], []
            for a, i in enumerate(src):
                row_s, row_m = [], []
                for b, j in enumerate(dst):
                    if mode == "roads":
                        seconds, metres = road_seconds(coords[i], coords[j], closed)
                    elif coords[i] == coords[j]:
                        seconds, metres = 0.0, 0.0
                    else:
                        seconds, metres = 600.0 * (a + 1) + 60.0 * b, 10000.0 * (a + 1)
                    row_s.append(seconds)
                    row_m.append(metres)
                durations.append(row_s)
                distances.append(row_m)
            if mode == "gap":
                durations[0][-1] = None
            self.reply({"code": "Ok", "durations": durations, "distances": distances})


class NominatimLike(_JsonHandler):
    """Nominatim's /search?q=...&format=json: server.places maps a lower-case query to results
    (display_name, lat, lon); server.mode "500" fails every request."""

    def do_GET(self):
        url = urlsplit(self.path)
        self.server.requests.append(self.path)
        if getattr(self.server, "mode", "ok") == "500" or url.path != "/search":
            self.send_error(500 if url.path == "/search" else 404)
            return
        q = parse_qs(url.query)
        limit = int(q.get("limit", ["10"])[0])
        found = self.server.places.get(q["q"][0].lower(), [])[:limit]
        self.reply([{"place_id": n, "display_name": name, "lat": f"{lat}", "lon": f"{lon}",
                     "boundingbox": [f"{lat}", f"{lat}", f"{lon}", f"{lon}"], "class": "place", "type": "village"}
                    for n, (name, lat, lon) in enumerate(found, 1)])
