"""What the window's workers fetch: whole snapshots at start, deltas from the change feed after.

These functions run in worker threads (never on the GUI thread) and return plain values:
the read models for the tables plus the map's JavaScript call already serialised, so the GUI
thread only swaps lists and hands one string to the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from console.domain.errors import NotFound
from console.domain.timeutil import utcnow
from console.map import js_call, map_data
from console.map.basemap import basemap_js, operating_area, page_basemap
from console.map.features import js_query, open_outage_points
from console.services import audit, changes, customers, daylight, depots, eta, outages, region, restock, technicians
from console.services.readmodels import DepotView, EtaRevisionView, OutageView, TechnicianView
from console.services.settings import OperatorSettings, get_settings
from console.services.uow import Db

# Shared settings that other read models are built with: a change to one re-reads those views,
# so each view keeps carrying the threshold it was judged by (services/readmodels.py).
_REPAIR_KEYS = frozenset(f"repair_minutes_{c}" for c in
                         ("excavation_damage", "cable_fault", "equipment_failure", "power"))
OUTAGE_SETTING_KEYS = frozenset({"info_gap_minutes"}) | _REPAIR_KEYS   # the gap, the work window's darkness
TECHNICIAN_SETTING_KEYS = frozenset({"stale_position_minutes"}) | _REPAIR_KEYS  # staleness, lighting needs


@dataclass(frozen=True)
class Snapshot:
    change_id: int
    outages: list[OutageView]
    technicians: list[TechnicianView]
    depots: list[DepotView]
    map_js: list[str]  # setData with the first outages, then upsertOutages for the rest
    loaded_at: datetime
    settings: OperatorSettings
    counts: dict = field(default_factory=dict)   # what the map should draw, for checks
    # Which region basemap goes with this data (the import and the depot names): the window asks
    # basemap_script for it, in a worker of its own, only when that differs from what the page has.
    basemap_key: tuple | None = None


# A storm is handed to the page in slices: each slice is one short task for the page's renderer,
# which can then produce frames in between. The web view's painting on the GUI thread waits for
# those frames, so one 5,000-outage task showed as a GUI stall of several hundred ms.
MAP_SLICE = 1000


def map_scripts(data: dict) -> list[str]:
    outages_ = data["outages"]
    first = {"outages": outages_[:MAP_SLICE], "technicians": data["technicians"], "depots": data["depots"]}
    return [js_query("setData", first)] + [
        js_query("upsertOutages", outages_[i:i + MAP_SLICE]) for i in range(MAP_SLICE, len(outages_), MAP_SLICE)]


_basemap_scripts: dict = {}


def basemap_key(db: Db, depot_views: list[DepotView]) -> tuple | None:
    """Which basemap the page should have: the region's import, the depot names it leaves unnamed
    and the area round the depots it is cut to; None without a region. One small query."""
    imported = region.region_key(db)
    if imported is None:
        return None
    area = operating_area((d.lat, d.lon) for d in depot_views)
    return imported, tuple(sorted(d.name for d in depot_views)), area and tuple(round(v, 2) for v in area)


def basemap_script(db: Db, key: tuple | None) -> tuple[tuple | None, str]:
    """(key, page call) for the region's basemap: a county's roads take seconds to unpack and
    serialise, so the window asks for it after the first snapshot, and only once per import.
    The key returned is the import actually read (another may have replaced the one asked for)."""
    stored = region.region_basemap(db) if key is not None else None
    if stored is None:
        return None, basemap_js(None)
    key = (stored.key, *key[1:])
    if key not in _basemap_scripts:
        _basemap_scripts.clear()
        _basemap_scripts[key] = basemap_js(page_basemap(stored.geojson, key[1], key[2]))
    return key, _basemap_scripts[key]


def load_snapshot(db: Db) -> Snapshot:
    # The feed position is read first: anything committed while we read is seen again next poll.
    change_id = changes.latest_change_id(db)
    settings = get_settings(db)
    outage_views = outages.list_outages(db)
    tech_views = technicians.list_technicians(db)
    depot_views = depots.list_depots(db)
    now = utcnow()
    data = map_data(open_outage_points(outage_views, now), tech_views, depot_views)
    counts = {kind: len(data[kind]) for kind in ("outages", "depots")}
    counts["technicians"] = sum(1 for t in data["technicians"] if t["lat"] is not None)
    # Thresholds first: the last script's answer is the page's counts (map_view.set_data_js).
    scripts = [js_call("setThresholds", {"staleAfterMinutes": settings.stale_position_minutes})] + map_scripts(data)
    return Snapshot(change_id, outage_views, tech_views, depot_views, scripts, now, settings, counts,
                    basemap_key(db, depot_views))


@dataclass(frozen=True)
class Delta:
    last_id: int
    reload_all: bool
    outages: list[OutageView]
    technicians: list[TechnicianView]
    depots: list[DepotView] | None
    map_js: list[str]
    snapshot: Snapshot | None = None
    settings: OperatorSettings | None = None   # read again when any shared setting changed
    # entity -> ids the batch named, for what has no read model here (loans, routers, runs, notices)
    changed: dict[str, frozenset[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.reload_all or self.outages or self.technicians or self.depots is not None
                    or self.settings is not None or self.changed)

    def touches(self, *entities: str) -> bool:
        return any(e in self.changed for e in entities)


def load_batch(db: Db, batch: changes.ChangeBatch) -> Delta:
    """Fetch only the rows a change batch names (everything when it says so)."""
    if batch.reload_all or "database" in batch.entities:
        snap = load_snapshot(db)
        return Delta(snap.change_id, True, snap.outages, snap.technicians, snap.depots, snap.map_js, snap,
                     snap.settings)
    now = utcnow()
    setting_keys = batch.entities.get("setting", frozenset())
    settings = get_settings(db) if setting_keys else None
    outage_views = (outages.list_outages(db) if setting_keys & OUTAGE_SETTING_KEYS
                    else _outages_by_id(db, batch.ids("outage")))
    if setting_keys & TECHNICIAN_SETTING_KEYS:
        tech_views = technicians.list_technicians(db)
    else:
        # A job's ETA or bill moves what its crew's vans lack: their views are read again too.
        tech_ids = batch.ids("technician") | {t for v in outage_views for t in v.technician_ids}
        tech_views = _technicians_by_id(db, tech_ids)
    depot_views = depots.list_depots(db) if batch.ids("depot") or "depot" in batch.entities else None
    scripts: list[str] = []
    if outage_views:
        open_points = open_outage_points(outage_views, now)
        closed = [v.id for v in outage_views if not v.is_open]
        if open_points:
            scripts.append(js_call("upsertOutages", map_data(outages=open_points)["outages"]))
        if closed:
            scripts.append(js_call("removeOutages", closed))
    if tech_views:
        scripts.append(js_call("upsertTechnicians", map_data(technicians=tech_views)["technicians"]))
    if depot_views is not None:
        scripts.append(js_call("upsertDepots", map_data(depots=depot_views)["depots"]))
    if settings is not None:
        scripts.append(js_call("setThresholds", {"staleAfterMinutes": settings.stale_position_minutes}))
    return Delta(batch.last_id, False, outage_views, tech_views, depot_views, scripts, settings=settings,
                 changed=dict(batch.entities))


# One query set per id is cheapest for a handful of changes; past that one bulk read wins.
_FEW = 25


def _outages_by_id(db: Db, ids: set[int]) -> list[OutageView]:
    if len(ids) > _FEW:
        return [v for v in outages.list_outages(db) if v.id in ids]
    found = []
    for outage_id in sorted(ids):
        try:
            found.append(outages.get_outage(db, outage_id))
        except NotFound:
            pass
    return found


def _technicians_by_id(db: Db, ids: set[int]) -> list[TechnicianView]:
    if len(ids) > _FEW:
        return [v for v in technicians.list_technicians(db) if v.id in ids]
    found = []
    for tech_id in sorted(ids):
        try:
            found.append(technicians.get_technician(db, tech_id))
        except NotFound:
            pass
    return found


@dataclass(frozen=True)
class Event:
    at: datetime
    who: str
    kind: str        # "audit" (the only source today; kept open for feeds such as notices)
    payload: object  # for "audit": console.services.audit.AuditView


@dataclass(frozen=True)
class Detail:
    outage: OutageView
    eta_history: list[EtaRevisionView]
    crew: list[TechnicianView]
    # (material name, unit, needed, in the crew's vans); None until the outage lists materials
    materials: list[tuple[str, str, float, float]] | None
    events: list[Event]
    # Sun times at the site today and the darkness until the ETA; None for closed outages.
    darkness: object | None = None  # console.services.daylight.DarknessView
    runs: tuple = ()  # console.services.restock.RestockRunView, every run for this outage
    material_names: dict = field(default_factory=dict)  # material code -> name, for the runs
    materials_default: bool = False  # the list is the usual bill for the cause, not one recorded for the job
    customers: tuple = ()  # console.services.customers.AffectedCustomer: who it affects (no contact details)


def load_detail(db: Db, outage_id: int) -> Detail:
    """Everything the detail pane shows for one outage (raises NotFound when it is gone)."""
    view = outages.get_outage(db, outage_id)
    history = eta.eta_history(db, outage_id)
    crew = technicians.list_technicians(db, ids=view.technician_ids) if view.technician_ids else []
    in_vans: dict[str, float] = {}
    for tech in crew:
        for line in tech.van_stock:
            in_vans[line.material] = in_vans.get(line.material, 0.0) + line.available
    needs = outages.outage_materials(db, outage_id)
    materials = [(m.name, m.unit, m.quantity, in_vans.get(m.material, 0.0)) for m in needs]
    materials_default = any(m.default for m in needs)
    # The audit trail holds every change to the outage (status, ETAs, notices, assignments).
    events = [Event(a.at, a.who, "audit", a) for a in audit.audit_trail(db, "outage", outage_id)]
    events.sort(key=lambda e: e.at, reverse=True)
    darkness = daylight.outage_darkness(db, outage_id) if view.is_open else None
    runs = tuple(restock.runs_for_outage(db, outage_id))
    names = {line.material: line.name for d in depots.list_depots(db) for line in d.stock} if runs else {}
    affected = tuple(customers.affected_customers(db, outage_id))
    return Detail(view, history, crew, materials, events, darkness, runs, names, materials_default, affected)

