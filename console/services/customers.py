"""The customer register and who an outage affects.

`import_customers` writes a parsed register in one transaction with bulk statements (20,000
rows in a few seconds on SQLite), then re-resolves only the open outages the changed premises
touch. An outage is tied to nodes, or a radius around it, or a drawn area (one at a time); its
`customers_affected` becomes the count of tied customers whenever there is at least one, and
stays the number entered while the register has nobody for it.

Privacy: phone and e-mail leave this module only through `list_customers` (the register
command); the window's view says which channel exists, the audit log says counts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from geopy.distance import geodesic
from sqlalchemy import bindparam, delete, insert, select, update

from console.domain.csv_rows import read_csv_text
from console.domain.customers import (
    CustomerFile,
    CustomerRow,
    area_from_json,
    area_to_json,
    bounding_box,
    in_polygon,
    parse_nodes,
    read_customer_csv,
)
from console.domain.enums import OPEN_STATUSES
from console.domain.errors import NotFound, ValidationError
from console.domain.vocabulary import N_
from console.store.schema import Customer, Outage, OutageCustomer, OutageNode

from .uow import Db

MAX_RADIUS_KM = 200.0
_CHUNK = 500  # ids per IN (...): well under SQLite's and PostgreSQL's parameter limits
_FIELDS = ("name", "address", "lat", "lon", "phone", "email", "lang", "node")


class CustomersRefused(ValidationError):
    """The file has bad lines and --skip-bad was not given; nothing was written."""

    def __init__(self, message: str, bad_lines: list[tuple[int, str]]):
        super().__init__(message)
        self.bad_lines = bad_lines

    @classmethod
    def of(cls, template: str, bad_lines: list[tuple[int, str]], /, **params: object):
        err = cls(template.format(**params), bad_lines)
        err.template, err.params = template, params
        return err


@dataclass(frozen=True)
class CustomerImportView:
    added: int
    updated: int
    unchanged: int
    rejected: tuple[tuple[int, str], ...]  # (line, reason), skipped with --skip-bad
    outages_resolved: int

    def as_json(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": [{"line": line, "reason": reason} for line, reason in self.rejected],
                "outages_resolved": self.outages_resolved}


@dataclass(frozen=True)
class CustomerView:
    """A register entry with its contact details: only for `customers list`."""

    ref: str
    name: str
    address: str
    lat: float
    lon: float
    phone: str
    email: str
    lang: str
    node: str

    def as_json(self) -> dict:
        return {"ref": self.ref, "name": self.name, "address": self.address, "lat": self.lat, "lon": self.lon,
                "phone": self.phone, "email": self.email, "lang": self.lang, "node": self.node}


@dataclass(frozen=True)
class AffectedCustomer:
    """What the window shows: which channels exist, never the number or address itself."""

    ref: str
    name: str
    address: str
    node: str
    lang: str
    lat: float
    lon: float
    has_phone: bool
    has_email: bool

    @property
    def channels(self) -> str:
        return "+".join(c for c, ok in (("sms", self.has_phone), ("email", self.has_email)) if ok)


@dataclass(frozen=True)
class AffectView:
    outage_id: int
    nodes: tuple[str, ...]
    radius_km: float | None
    area: tuple[tuple[float, float], ...]
    tied: int
    customers_affected: int

    def as_json(self) -> dict:
        return {"outage_id": self.outage_id, "nodes": list(self.nodes), "radius_km": self.radius_km,
                "area": [list(p) for p in self.area], "tied": self.tied,
                "customers_affected": self.customers_affected}


def read_customers_file(path) -> CustomerFile:
    return read_customer_csv(read_csv_text(path))


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def import_customers(db: Db, parsed: CustomerFile, skip_bad: bool = False, source: str = "") -> CustomerImportView:
    """All good rows or none; bad lines refuse the whole file unless skip_bad."""
    bad = sorted(parsed.bad_lines)
    if bad and not skip_bad:
        if source:
            raise CustomersRefused.of(N_("{n} bad line(s) in {source}; nothing imported"), bad, n=len(bad), source=source)
        raise CustomersRefused.of(N_("{n} bad line(s) in the file; nothing imported"), bad, n=len(bad))
    if not parsed.rows and not bad:
        if source:
            raise ValidationError.of(N_("no customers in {source}"), source=source)
        raise ValidationError.of(N_("no customers in the file"))
    with db.unit() as uow:
        session = uow.session
        existing: dict[str, tuple] = {}
        refs = [row.ref for row in parsed.rows]
        cols = [Customer.id, Customer.ref, *(getattr(Customer, f) for f in _FIELDS)]
        for chunk in _chunks(refs):
            for rec in session.execute(select(*cols).where(Customer.ref.in_(chunk))):
                existing[rec[1]] = tuple(rec)
        new: list[dict] = []
        changed: list[dict] = []
        touched_nodes: set[str] = set()
        moved_ids: list[int] = []  # existing customers whose node or position changed
        unchanged = 0
        for row in parsed.rows:
            values = row.as_values()
            old = existing.get(row.ref)
            if old is None:
                new.append({**values, "imported_at": uow.now, "version": 1})
                touched_nodes.add(row.node)
                continue
            before = dict(zip(_FIELDS, old[2:]))
            if _same(before, row):
                unchanged += 1
                continue
            changed.append({"b_id": old[0], **{f"b_{f}": values[f] for f in _FIELDS}, "b_now": uow.now})
            if before["node"] != row.node or abs(before["lat"] - row.lat) > 1e-9 or abs(before["lon"] - row.lon) > 1e-9:
                touched_nodes.update((before["node"], row.node))
                moved_ids.append(old[0])
        table = Customer.__table__
        if new:
            session.execute(insert(table), new)
        if changed:
            session.execute(
                update(table).where(table.c.id == bindparam("b_id")).values(
                    **{f: bindparam(f"b_{f}") for f in _FIELDS}, imported_at=bindparam("b_now"),
                    version=table.c.version + 1),
                changed)
        resolved = 0
        if new or moved_ids:
            for outage in _outages_touched(session, touched_nodes, moved_ids):
                resolve_outage(uow, outage)
                resolved += 1
        uow.audit("import", "customers", source or "file", None,
                  {"added": len(new), "updated": len(changed), "unchanged": unchanged, "rejected": len(bad)})
        return CustomerImportView(len(new), len(changed), unchanged, tuple(bad), resolved)


def _same(before: dict, row: CustomerRow) -> bool:
    return all(before[f] == getattr(row, f) for f in _FIELDS if f not in ("lat", "lon")) and \
        abs(before["lat"] - row.lat) < 1e-9 and abs(before["lon"] - row.lon) < 1e-9


def _outages_touched(session, nodes: set[str], moved_ids: list[int]) -> list[Outage]:
    """Open outages whose nodes name a touched node, that a moved customer was tied to, or that
    are tied by radius or area (few at a time; resolving them is cheap with the box prefilter)."""
    ids: set[int] = set()
    node_list = sorted(n for n in nodes if n)
    for chunk in _chunks(node_list):
        ids.update(session.scalars(select(OutageNode.outage_id).where(OutageNode.node.in_(chunk))))
    for chunk in _chunks(moved_ids):
        ids.update(session.scalars(select(OutageCustomer.outage_id).where(OutageCustomer.customer_id.in_(chunk))))
    ids.update(session.scalars(select(Outage.id).where(
        (Outage.affect_radius_km.is_not(None)) | (Outage.affect_area.is_not(None)))))
    if not ids:
        return []
    return list(session.scalars(select(Outage).where(Outage.id.in_(sorted(ids)),
                                                     Outage.status.in_([s.value for s in OPEN_STATUSES]))
                                .order_by(Outage.id)))


def _resolve_ids(session, outage: Outage) -> set[int]:
    nodes = list(session.scalars(select(OutageNode.node).where(OutageNode.outage_id == outage.id)))
    if nodes:
        return set(session.scalars(select(Customer.id).where(Customer.node.in_(nodes))))
    if outage.affect_radius_km:
        radius = outage.affect_radius_km
        # A box a little larger than the circle (1 deg lat ~ 111 km), then the exact geodesic.
        dlat = radius / 110.0
        dlon = radius / max(1e-6, 110.0 * max(0.01, abs(math.cos(math.radians(outage.lat)))))
        rows = session.execute(select(Customer.id, Customer.lat, Customer.lon).where(
            Customer.lat.between(outage.lat - dlat, outage.lat + dlat),
            Customer.lon.between(outage.lon - dlon, outage.lon + dlon)))
        centre = (outage.lat, outage.lon)
        return {cid for cid, lat, lon in rows if geodesic(centre, (lat, lon)).km <= radius}
    area = area_from_json(outage.affect_area)
    if area:
        return _ids_in_area(session, area)
    return set()


def _ids_in_area(session, area) -> set[int]:
    lat0, lat1, lon0, lon1 = bounding_box(area)
    rows = session.execute(select(Customer.id, Customer.lat, Customer.lon).where(
        Customer.lat.between(lat0, lat1), Customer.lon.between(lon0, lon1)))
    return {cid for cid, lat, lon in rows if in_polygon(lat, lon, area)}


def count_in_area(db: Db, area: str) -> int:
    """Premises in the register inside an area ('lat lon; ...'), by the rule that ties them."""
    from console.domain.customers import parse_area

    polygon = parse_area(area)
    with db.read() as session:
        return len(_ids_in_area(session, polygon))


def resolve_outage(uow, outage: Outage) -> int:
    """Bring outage_customers and customers_affected up to date; returns the tied count."""
    session = uow.session
    wanted = _resolve_ids(session, outage)
    have = set(session.scalars(select(OutageCustomer.customer_id).where(OutageCustomer.outage_id == outage.id)))
    gone, added = sorted(have - wanted), sorted(wanted - have)
    for chunk in _chunks(gone):
        session.execute(delete(OutageCustomer).where(OutageCustomer.outage_id == outage.id,
                                                     OutageCustomer.customer_id.in_(chunk)))
    if added:
        session.execute(insert(OutageCustomer.__table__), [{"outage_id": outage.id, "customer_id": c} for c in added])
    if wanted and outage.customers_affected != len(wanted):
        before = outage.customers_affected
        outage.customers_affected = len(wanted)
        uow.audit("affect", "outage", outage.id, {"customers_affected": before},
                  {"customers_affected": len(wanted), "tied": len(wanted)})
    elif gone or added:
        uow.changed("outage", outage.id)
    return len(wanted)


def _load_outage(session, outage_id: int) -> Outage:
    outage = session.get(Outage, outage_id)
    if outage is None:
        raise NotFound.of(N_("no outage {id}"), id=outage_id)
    return outage


def set_nodes(uow, outage: Outage, nodes) -> None:
    """Within a caller's unit: tie the outage to these nodes (used by `outages add --nodes`)."""
    for node in nodes:
        uow.session.add(OutageNode(outage_id=outage.id, node=node))
    uow.session.flush()


def set_affect(db: Db, outage_id: int, nodes: str | None = None, radius_km: float | None = None,
               area: str | None = None, clear: bool = False) -> AffectView:
    """Tie an outage to nodes, a radius or an area (exactly one), or --clear all three."""
    given = sum(x is not None for x in (nodes, radius_km, area)) + bool(clear)
    if given != 1:
        raise ValidationError.of(N_("give exactly one of --nodes, --radius-km, --area or --clear"))
    node_list = parse_nodes(nodes) if nodes is not None else ()
    if radius_km is not None and not (0 < radius_km <= MAX_RADIUS_KM):
        raise ValidationError.of(N_("radius must be above 0 and at most {limit} km"), limit=format(MAX_RADIUS_KM, "g"))
    from console.domain.customers import parse_area

    polygon = parse_area(area) if area is not None else ()
    with db.unit() as uow:
        session = uow.session
        outage = _load_outage(session, outage_id)
        before = _affect_summary(session, outage)
        session.execute(delete(OutageNode).where(OutageNode.outage_id == outage.id))
        outage.affect_radius_km = radius_km
        outage.affect_area = area_to_json(polygon) if polygon else None
        set_nodes(uow, outage, node_list)
        tied = resolve_outage(uow, outage)
        uow.audit("affect", "outage", outage.id, before, {**_affect_summary(session, outage), "tied": tied})
        return AffectView(outage.id, tuple(node_list), radius_km, tuple(polygon), tied, outage.customers_affected)


def _affect_summary(session, outage: Outage) -> dict:
    nodes = sorted(session.scalars(select(OutageNode.node).where(OutageNode.outage_id == outage.id)))
    return {"nodes": nodes, "radius_km": outage.affect_radius_km,
            "area_corners": len(area_from_json(outage.affect_area)), "customers_affected": outage.customers_affected}


def get_affect(db: Db, outage_id: int) -> AffectView:
    with db.read() as session:
        outage = _load_outage(session, outage_id)
        nodes = tuple(sorted(session.scalars(select(OutageNode.node).where(OutageNode.outage_id == outage.id))))
        tied = len(list(session.scalars(select(OutageCustomer.customer_id).where(OutageCustomer.outage_id == outage_id))))
        return AffectView(outage.id, nodes, outage.affect_radius_km, area_from_json(outage.affect_area), tied,
                          outage.customers_affected)


def list_customers(db: Db, outage_id: int | None = None) -> list[CustomerView]:
    with db.read() as session:
        query = select(Customer.ref, *(getattr(Customer, f) for f in _FIELDS)).order_by(Customer.ref)
        if outage_id is not None:
            _load_outage(session, outage_id)
            query = query.join(OutageCustomer, OutageCustomer.customer_id == Customer.id).where(
                OutageCustomer.outage_id == outage_id)
        return [CustomerView(*rec) for rec in session.execute(query)]


def affected_customers(db: Db, outage_id: int) -> list[AffectedCustomer]:
    """The window's Customers tab and map layer: no contact details leave here."""
    with db.read() as session:
        rows = session.execute(
            select(Customer.ref, Customer.name, Customer.address, Customer.node, Customer.lang, Customer.lat,
                   Customer.lon, Customer.phone != "", Customer.email != "")
            .join(OutageCustomer, OutageCustomer.customer_id == Customer.id)
            .where(OutageCustomer.outage_id == outage_id).order_by(Customer.ref))
        return [AffectedCustomer(*rec[:7], bool(rec[7]), bool(rec[8])) for rec in rows]


__all__ = ["CustomersRefused", "CustomerImportView", "CustomerView", "AffectedCustomer", "AffectView",
           "read_customers_file", "import_customers", "resolve_outage", "set_nodes", "set_affect", "get_affect",
           "list_customers", "affected_customers", "count_in_area"]
