"""The handover's map, drawn offline as a raster picture.

No tiles (the console must print with the internet down): a plain projected frame with a
graticule, the imported region's water, roads and place names when there is one (with the ODbL
credit), the depots as landmarks with their names, the open outages coloured by status and
sized by customers, the technicians, a scale bar and a legend.  Drawn at twice the size and
scaled down, because Pillow does not anti-alias shapes.
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from typing import Callable

from PIL import Image, ImageDraw, ImageFont

from console.services.handover import MapFeatures

from .fonts import font_files
from console.map.palette import STATUS_COLORS

OPEN_ORDER = ("reported", "assigned", "en_route", "on_site", "waiting_for_material")
TECH_FILL = "#1e293b"
DEPOT_FILL = "#0f766e"
BACKGROUND = "#f4f7f6"
GRID = "#d5dde0"
GRID_TEXT = "#7b8a94"
FRAME = "#64748b"
KM_PER_DEG_LAT = 111.32
_SS = 2  # supersampling factor
_GRID_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)
_SCALE_KM = (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 500)
# Labels crowd a map past these counts; numbers are then found through the tables instead.
MAX_OUTAGE_LABELS = 40
MAX_TECH_LABELS = 20
MAX_DEPOT_LABELS = 40
_DEPOT_PREFIX = re.compile(r"^(depå|depot)\s+", re.IGNORECASE)
# The region's basemap (region import): class -> (colour, width in mm on paper), drawn in this order.
# A shade darker than the window's, since print washes pale colours out.
ROAD_STYLE = {"minor": ("#d4d4d8", 0.2), "secondary": ("#c4baa6", 0.35), "major": ("#cfa970", 0.55)}
WATER_FILL = "#d3e3f0"
WATER_EDGE = "#a9c4da"
PLACE_TEXT = "#475569"
MINOR_ROADS_BELOW_DEG = 0.6  # frame height in degrees of latitude under which minor roads are printed
OSM_ATTRIBUTION = "© OpenStreetMap contributors"


@dataclass(frozen=True)
class MapText:
    """Words drawn on the map, in the document's language."""

    legend: str
    statuses: dict[str, str]
    technician: str
    depot: str
    size_hint: str
    overdue: str
    decimal: str = ","


class _Projection:
    """Equirectangular around the middle latitude: true to scale at this size of area."""

    def __init__(self, south: float, north: float, west: float, east: float, width: int, height: int,
                 pad: int):
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * self.kx, 1e-6)
        span_y = max(north - south, 1e-6)
        scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
        self.scale = scale  # px per degree of latitude
        cx, cy = (west + east) / 2, (south + north) / 2
        self.cx, self.cy, self.w, self.h = cx, cy, width, height
        self.west = cx - width / 2 / scale / self.kx
        self.east = cx + width / 2 / scale / self.kx
        self.south = cy - height / 2 / scale
        self.north = cy + height / 2 / scale

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return (self.w / 2 + (lon - self.cx) * self.kx * self.scale, self.h / 2 - (lat - self.cy) * self.scale)

    @property
    def km_per_px(self) -> float:
        return KM_PER_DEG_LAT / self.scale


# Technicians in these states are not working a job, so they do not widen the frame.
_IDLE = frozenset({"available", "off_duty"})


def _bounds(features: MapFeatures) -> tuple[float, float, float, float]:
    """The working area, as the window frames it: open outages and the technicians on jobs, with a
    margin for the depots around them. With nothing open, every feature."""
    points = [(o.lat, o.lon) for o in features.outages]
    points += [(t.lat, t.lon) for t in features.technicians if t.status not in _IDLE]
    if not features.outages:
        points += [(t.lat, t.lon) for t in features.technicians]
        points += [(d.lat, d.lon) for d in features.depots]
    if not points:  # an empty board still prints a frame: south-east Sweden
        return 56.2, 58.8, 14.3, 17.0
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    margin_lat, margin_lon = max(0.08, (north - south) * 0.2), max(0.12, (east - west) * 0.2)
    south, north, west, east = south - margin_lat, north + margin_lat, west - margin_lon, east + margin_lon
    min_span = 0.15  # a single outage gets its surroundings, not an infinite zoom
    if north - south < min_span:
        mid = (north + south) / 2
        south, north = mid - min_span / 2, mid + min_span / 2
    if east - west < min_span * 1.8:
        mid = (east + west) / 2
        west, east = mid - min_span * 0.9, mid + min_span * 0.9
    return south, north, west, east


def aspect(features: MapFeatures) -> float:
    """Width over height of the features' area on paper (for choosing the frame)."""
    south, north, west, east = _bounds(features)
    kx = math.cos(math.radians((south + north) / 2))
    return max(0.2, ((east - west) * kx) / max(north - south, 1e-6))


def _font(size: int, bold: bool = False):
    files = font_files()
    if files is not None:
        return ImageFont.truetype(files.bold if bold else files.regular, size)
    return ImageFont.load_default(size=size)


def _outage_radius_mm(customers: int, crowded: bool) -> float:
    r = min(4.0, 0.9 + 0.12 * math.sqrt(max(0, customers)))
    return r * (0.6 if crowded else 1.0)


def _town(depot_name: str) -> str:
    """'Depå Kalmar' -> 'Kalmar': the square already says depot, the town is what orients."""
    return _DEPOT_PREFIX.sub("", depot_name) or depot_name


def _pick_step(span: float, wanted: int) -> float:
    for step in _GRID_STEPS:
        if span / step <= wanted:
            return step
    return _GRID_STEPS[-1]


def _fmt_deg(value: float, step: float, decimal: str, hemi: str) -> str:
    digits = 0 if step >= 1 else (1 if step >= 0.1 else 2)
    return f"{value:.{digits}f}".replace(".", decimal) + f"° {hemi}"


class _Labels:
    """Greedy placement: a label that would overlap another one (or a legend) is skipped."""

    def __init__(self, draw: ImageDraw.ImageDraw, bounds: tuple[int, int]):
        self.draw, self.bounds, self.taken = draw, bounds, []

    def block(self, box: tuple[float, float, float, float]) -> None:
        self.taken.append(box)

    def _free(self, box) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 2 or y0 < 2 or x1 > self.bounds[0] - 2 or y1 > self.bounds[1] - 2:
            return False
        return not any(x0 < b[2] and x1 > b[0] and y0 < b[3] and y1 > b[1] for b in self.taken)

    def place(self, x: float, y: float, gap: float, text: str, font, fill: str) -> bool:
        left, top, right, bottom = self.draw.textbbox((0, 0), text, font=font)
        w, h = right - left, bottom - top
        for ox, oy in ((gap, -h / 2), (-gap - w, -h / 2), (-w / 2, -gap - h), (-w / 2, gap)):
            box = (x + ox - 2, y + oy - 2, x + ox + w + 2, y + oy + h + 2)
            if self._free(box):
                self.draw.text((x + ox - left, y + oy - top), text, font=font, fill=fill,
                               stroke_width=3 * _SS, stroke_fill="#ffffff")
                self.taken.append(box)
                return True
        return False


def render_map_png(features: MapFeatures, width_px: int, height_px: int, text: MapText,
                   dpi: float = 200.0, progress: Callable[[str], None] | None = None) -> bytes:
    """The map as PNG bytes, `width_px` x `height_px`, for printing at `dpi`."""
    W, H = width_px * _SS, height_px * _SS
    px_per_mm = dpi / 25.4 * _SS
    img = Image.new("RGB", (W, H), BACKGROUND)
    draw = ImageDraw.Draw(img)
    south, north, west, east = _bounds(features)
    proj = _Projection(south, north, west, east, W, H, pad=int(14 * px_per_mm))
    small, normal, bold = _font(int(2.4 * px_per_mm)), _font(int(2.8 * px_per_mm)), _font(int(3.0 * px_per_mm), True)
    labels = _Labels(draw, (W, H))

    # Graticule, with degree labels along the left and bottom edges.
    step = _pick_step(proj.north - proj.south, 6)
    lat = math.ceil(proj.south / step) * step
    while lat < proj.north:
        y = proj.xy(lat, proj.cx)[1]
        draw.line([(0, y), (W, y)], fill=GRID, width=_SS)
        draw.text((6 * _SS, y - 2 * _SS), _fmt_deg(lat, step, text.decimal, "N"), font=small, fill=GRID_TEXT,
                  anchor="lb")
        lat += step
    step_x = _pick_step(proj.east - proj.west, 7)
    lon = math.ceil(proj.west / step_x) * step_x
    while lon < proj.east:
        x = proj.xy(proj.cy, lon)[0]
        draw.line([(x, 0), (x, H)], fill=GRID, width=_SS)
        draw.text((x + 3 * _SS, H - 4 * _SS), _fmt_deg(lon, step_x, text.decimal, "E"), font=small,
                  fill=GRID_TEXT, anchor="lb")
        lon += step_x

    legend_box = _legend_box(draw, features, proj, text, normal, bold, px_per_mm, W, H, paint=False)
    labels.block(legend_box)
    if progress:
        progress("graticule")
    places = _draw_basemap(draw, features.basemap, proj, px_per_mm) if features.basemap else []
    if places and progress:
        progress("basemap")

    # Outages: big ones first so small ones stay visible on top; overdue ones get a black ring.
    crowded = len(features.outages) > 300
    by_size = sorted(features.outages, key=lambda o: (-o.customers, o.id))
    for o in by_size:
        x, y = proj.xy(o.lat, o.lon)
        r = _outage_radius_mm(o.customers, crowded) * px_per_mm
        overdue_w = 0.3 if crowded else 0.45
        ring, width = (("#111827", int(overdue_w * px_per_mm)) if o.overdue
                       else ("#ffffff", max(_SS, int(0.25 * px_per_mm))))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=STATUS_COLORS.get(o.status, "#64748b"), outline=ring,
                     width=width)
    if progress:
        progress("outages")

    # Technicians: a dark dot with a white rim, like the window's map.
    tr = (0.8 if crowded else 1.1) * px_per_mm
    for t in features.technicians:
        x, y = proj.xy(t.lat, t.lon)
        draw.ellipse([x - tr, y - tr, x + tr, y + tr], fill=TECH_FILL, outline="#ffffff",
                     width=max(_SS, int(0.3 * px_per_mm)))

    # Depots on top: they are the landmarks (in a storm, the towns) a reader finds the map by.
    half = 1.3 * px_per_mm
    for d in features.depots:
        x, y = proj.xy(d.lat, d.lon)
        draw.rectangle([x - half, y - half, x + half, y + half], fill=DEPOT_FILL, outline="#ffffff", width=_SS)

    # Labels last, kept off every symbol: outage numbers first (the tables refer to them),
    # then depot names, then technicians.  On a crowded board the names go over the outage
    # dots, or no town would be named at all.
    label_outages = len(features.outages) <= MAX_OUTAGE_LABELS
    if label_outages:
        for o in features.outages:
            x, y = proj.xy(o.lat, o.lon)
            r = _outage_radius_mm(o.customers, crowded) * px_per_mm
            labels.block((x - r, y - r, x + r, y + r))
    for d in features.depots:
        x, y = proj.xy(d.lat, d.lon)
        labels.block((x - half, y - half, x + half, y + half))
    if not crowded:
        for t in features.technicians:
            x, y = proj.xy(t.lat, t.lon)
            labels.block((x - tr, y - tr, x + tr, y + tr))
    if label_outages:
        for o in by_size:
            x, y = proj.xy(o.lat, o.lon)
            labels.place(x, y, _outage_radius_mm(o.customers, crowded) * px_per_mm + 1.5 * _SS, f"#{o.id}", bold,
                         "#111827")
    if len(features.depots) <= MAX_DEPOT_LABELS:
        for d in features.depots:
            x, y = proj.xy(d.lat, d.lon)
            labels.place(x, y, half + 2 * _SS, _town(d.label), normal, "#134e4a")
    if len(features.technicians) <= MAX_TECH_LABELS:
        for t in features.technicians:
            x, y = proj.xy(t.lat, t.lon)
            labels.place(x, y, tr + 2 * _SS, t.label, small, TECH_FILL)
    # The region's place names last: they orient, the symbols and their numbers matter more.
    depot_towns = {_town(d.label).casefold() for d in features.depots}
    for name, kind, x, y in places:
        if name.casefold() not in depot_towns:
            labels.place(x, y, 0.8 * px_per_mm, name, normal if kind in ("city", "town") else small, PLACE_TEXT)

    _legend_box(draw, features, proj, text, normal, bold, px_per_mm, W, H, paint=True)
    _scale_bar(draw, proj, legend_box, small, px_per_mm, W, H)
    if features.basemap:
        _attribution(draw, small, px_per_mm, W, H)
    draw.rectangle([0, 0, W - 1, H - 1], outline=FRAME, width=2 * _SS)
    img = img.resize((width_px, height_px), Image.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False, dpi=(dpi, dpi))
    return out.getvalue()


def _visible(coords, proj: _Projection) -> bool:
    lons, lats = [c[0] for c in coords], [c[1] for c in coords]
    return not (max(lons) < proj.west or min(lons) > proj.east or max(lats) < proj.south or min(lats) > proj.north)


def _draw_basemap(draw: ImageDraw.ImageDraw, basemap: dict, proj: _Projection, px_per_mm: float):
    """Water, then roads (minor under major), in pale colours the status colours stand out on.
    Minor roads only when the frame is close enough to tell them apart. Returns the place names
    in the frame as (name, kind, x, y), the bigger places first, for the label pass."""
    water, roads, places = [], {cls: [] for cls in ROAD_STYLE}, []
    for feature in basemap.get("features", ()):
        props, geom = feature.get("properties") or {}, feature.get("geometry") or {}
        kind, coords = props.get("kind"), geom.get("coordinates")
        if not coords:
            continue
        if kind == "water" and geom.get("type") == "Polygon":
            if len(coords[0]) >= 3 and _visible(coords[0], proj):
                water.append(coords)
        elif kind == "road" and geom.get("type") == "LineString":
            if len(coords) >= 2 and _visible(coords, proj):
                roads.get(props.get("class"), roads["minor"]).append(coords)
        elif kind == "place" and geom.get("type") == "Point" and props.get("name"):
            lon, lat = coords[:2]
            if proj.south <= lat <= proj.north and proj.west <= lon <= proj.east:
                places.append((str(props["name"]), str(props.get("place") or ""), *proj.xy(lat, lon)))
    for outer, *islands in water:
        draw.polygon([proj.xy(lat, lon) for lon, lat in outer], fill=WATER_FILL, outline=WATER_EDGE)
        for island in islands:
            if len(island) >= 3:
                draw.polygon([proj.xy(lat, lon) for lon, lat in island], fill=BACKGROUND, outline=WATER_EDGE)
    close_in = proj.north - proj.south < MINOR_ROADS_BELOW_DEG
    for cls, (colour, width_mm) in ROAD_STYLE.items():
        if cls == "minor" and not close_in:
            continue
        width = max(_SS, int(round(width_mm * px_per_mm)))
        for line in roads[cls]:
            draw.line([proj.xy(lat, lon) for lon, lat in line], fill=colour, width=width, joint="curve")
    rank = {"city": 0, "town": 1, "village": 2, "suburb": 3, "hamlet": 4}
    shown = [p for p in places if rank.get(p[1], 5) <= (4 if close_in else 2)]
    return sorted(shown, key=lambda p: rank.get(p[1], 5))


def _attribution(draw: ImageDraw.ImageDraw, font, px_per_mm: float, W: int, H: int) -> None:
    """The ODbL credit the basemap's data requires, in the bottom-right corner on a white band."""
    pad = 1.0 * px_per_mm
    left, top, right, bottom = draw.textbbox((0, 0), OSM_ATTRIBUTION, font=font)
    x1, y1 = W - 2 * _SS, H - 2 * _SS
    x0, y0 = x1 - (right - left) - 2 * pad, y1 - (bottom - top) - 2 * pad
    draw.rectangle([x0, y0, x1, y1], fill="#ffffff")
    draw.text((x0 + pad - left, y0 + pad - top), OSM_ATTRIBUTION, font=font, fill="#475569")


def _legend_box(draw, features, proj, text: MapText, font, bold, px_per_mm, W, H, paint: bool):
    """The legend's box in the corner with the fewest features; drawn there when `paint`."""
    counts = {s: 0 for s in OPEN_ORDER}
    for o in features.outages:
        if o.status in counts:
            counts[o.status] += 1
    rows = [("status", s, f"{text.statuses.get(s, s)} ({counts[s]})") for s in OPEN_ORDER]
    rows += [("overdue", None, text.overdue), ("tech", None, text.technician), ("depot", None, text.depot)]
    line_h = 4.2 * px_per_mm
    pad = 2.5 * px_per_mm
    icon_w = 5 * px_per_mm
    text_w = max(draw.textlength(r[2], font=font) for r in rows)
    text_w = max(text_w, draw.textlength(text.legend, font=bold) - icon_w,
                 draw.textlength(text.size_hint, font=font) - icon_w)
    box_w = pad * 2 + icon_w + text_w
    sizes = (10, 100, 1000)
    size_row = 2 * _outage_radius_mm(sizes[-1], False) * px_per_mm + 1.0 * px_per_mm
    box_h = pad * 2 + line_h * (len(rows) + 2.1) + size_row
    margin = 3 * px_per_mm
    corners = {
        "tr": (W - margin - box_w, margin),
        "tl": (margin + 18 * px_per_mm, margin),  # leave the latitude labels readable
        "br": (W - margin - box_w, H - margin - box_h - 6 * px_per_mm),
        "bl": (margin + 18 * px_per_mm, H - margin - box_h - 6 * px_per_mm),
    }

    def crowding(origin):
        x0, y0 = origin
        n = 0
        for item in list(features.outages) + list(features.technicians) + list(features.depots):
            x, y = proj.xy(item.lat, item.lon)
            if x0 - margin <= x <= x0 + box_w + margin and y0 - margin <= y <= y0 + box_h + margin:
                n += 1
        return n

    x0, y0 = min(corners.values(), key=crowding)
    if not paint:
        return (x0, y0, x0 + box_w, y0 + box_h)
    draw.rounded_rectangle([x0, y0, x0 + box_w, y0 + box_h], radius=1.5 * px_per_mm, fill="#ffffff",
                           outline="#94a3b8", width=_SS)
    y = y0 + pad
    draw.text((x0 + pad, y), text.legend, font=bold, fill="#0f172a")
    y += line_h * 1.1
    cx = x0 + pad + icon_w / 2
    r = 1.4 * px_per_mm
    for kind, status, label in rows:
        cy = y + line_h / 2
        if kind == "status":
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=STATUS_COLORS[status], outline="#ffffff", width=_SS)
        elif kind == "overdue":
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill="#cbd5e1", outline="#111827",
                         width=int(0.45 * px_per_mm))
        elif kind == "tech":
            rr = 1.1 * px_per_mm
            draw.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], fill=TECH_FILL, outline="#ffffff", width=_SS)
        else:
            h = 1.3 * px_per_mm
            draw.rectangle([cx - h, cy - h, cx + h, cy + h], fill=DEPOT_FILL)
        draw.text((x0 + pad + icon_w, cy), label, font=font, fill="#0f172a", anchor="lm")
        y += line_h
    # Size key: circles for 10, 100 and 1000 customers, with their numbers.
    y += line_h * 0.3
    draw.text((x0 + pad, y + line_h / 2), text.size_hint, font=font, fill="#334155", anchor="lm")
    y += line_h
    cy = y + size_row / 2
    x = x0 + pad
    for n in sizes:
        rr = _outage_radius_mm(n, False) * px_per_mm
        draw.ellipse([x, cy - rr, x + 2 * rr, cy + rr], fill="#cbd5e1", outline="#64748b", width=_SS)
        draw.text((x + 2 * rr + 0.8 * px_per_mm, cy), str(n), font=font, fill="#334155", anchor="lm")
        x += 2 * rr + 1.6 * px_per_mm + draw.textlength(str(n), font=font)
    return (x0, y0, x0 + box_w, y0 + box_h)


def _scale_bar(draw, proj: _Projection, legend_box, font, px_per_mm, W, H):
    target_px = W * 0.2
    km = max((k for k in _SCALE_KM if k / proj.km_per_px <= target_px), default=_SCALE_KM[0])
    length = km / proj.km_per_px
    margin = 5 * px_per_mm
    x0 = margin + 18 * px_per_mm
    y = H - margin - 3 * px_per_mm
    if legend_box[0] < x0 + length + margin and legend_box[3] > y - 6 * px_per_mm:
        x0 = W - margin - length  # the legend sits bottom-left: move the bar right
    seg = length / 2
    bar_h = 1.2 * px_per_mm
    draw.rectangle([x0 - 2 * px_per_mm, y - 5.5 * px_per_mm, x0 + length + 8 * px_per_mm, y + bar_h + 1.5 * px_per_mm],
                   fill="#ffffff")
    draw.rectangle([x0, y, x0 + seg, y + bar_h], fill="#1f2937")
    draw.rectangle([x0 + seg, y, x0 + length, y + bar_h], fill="#ffffff", outline="#1f2937", width=_SS)
    draw.rectangle([x0, y, x0 + length, y + bar_h], outline="#1f2937", width=_SS)
    label = f"{km:g} km"
    draw.text((x0, y - 1 * px_per_mm), "0", font=font, fill="#1f2937", anchor="lb")
    draw.text((x0 + length, y - 1 * px_per_mm), label, font=font, fill="#1f2937", anchor="mb")
    # North arrow beside the bar: the graticule already says it, but people look for it.
    nx, ny = x0 + length + 5 * px_per_mm, y + bar_h
    draw.polygon([(nx, ny - 5 * px_per_mm), (nx - 1.4 * px_per_mm, ny), (nx + 1.4 * px_per_mm, ny)], fill="#1f2937")
    draw.text((nx, ny - 5.3 * px_per_mm), "N", font=font, fill="#1f2937", anchor="mb")
