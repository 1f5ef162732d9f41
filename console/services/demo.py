"""The demo scenario (the Ankarsrum cable cut, docs/ARCHITECTURE.md) and deterministic storm-scale data.

Times are relative to now so the board is live whenever the demo is loaded: the cable was cut
two days ago on the afternoon, the ETA has slipped twice, and the technician now waits for
splice closures that the nearest depot (Västervik) does not have.
"""
from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from console.domain.errors import ValidationError
from console.domain.vocabulary import N_
from console.domain.timeutil import LOCAL_TZ, checked_utc
from console.store.schema import (
    Assignment,
    AuditEntry,
    CustomerNotice,
    Depot,
    DepotStock,
    EtaRevision,
    Loan,
    LoanerRouter,
    Material,
    Outage,
    OutageMaterial,
    PositionFix,
    Technician,
    VanStock,
)

from .uow import Db

# The catalogue is the operator's data, named as its Swedish storerooms name it.
MATERIALS = [
    ("SPLICE_CLOSURE", "Skarvbox", "pcs"),
    ("FIBER_CABLE_M", "Fiberkabel 96f", "m"),
    ("SPLICE_SLEEVE", "Skarvskydd", "pcs"),
    ("PATCH_CORD", "Patchkabel SC/APC", "pcs"),
    ("DROP_CABLE_M", "Dropkabel", "m"),
    ("ONT", "ONT (kundenhet)", "pcs"),
    ("LIGHTING_KIT", "Arbetsbelysning", "pcs"),
    ("ROUTER_4G", "4G-lånerouter", "pcs"),
]
WEEKDAYS_7_16 = {str(d): ["07:00", "16:00"] for d in range(5)}
WEEKDAYS_6_18_SAT = {**{str(d): ["06:00", "18:00"] for d in range(5)}, "5": ["08:00", "13:00"]}

# name, lat, lon, address, always_open, hours, stock
DEPOTS = [
    ("Västervik", 57.7584, 16.6373, "Lucernavägen 6, Västervik", False, WEEKDAYS_6_18_SAT,
     {"FIBER_CABLE_M": 2000, "SPLICE_SLEEVE": 400, "PATCH_CORD": 60, "DROP_CABLE_M": 1500, "ONT": 25,
      "LIGHTING_KIT": 2, "ROUTER_4G": 4}),
    ("Gamleby", 57.8933, 16.4060, "Verkstadsgatan 3, Gamleby", False, WEEKDAYS_7_16,
     {"SPLICE_SLEEVE": 150, "PATCH_CORD": 20, "DROP_CABLE_M": 600, "ONT": 8, "ROUTER_4G": 2}),
    ("Vimmerby", 57.6657, 15.8553, "Stångågatan 40, Vimmerby", True, {},
     {"SPLICE_CLOSURE": 6, "FIBER_CABLE_M": 1500, "SPLICE_SLEEVE": 300, "PATCH_CORD": 40,
      "DROP_CABLE_M": 1000, "ONT": 12, "LIGHTING_KIT": 3, "ROUTER_4G": 3}),
    ("Oskarshamn", 57.2646, 16.4484, "Södra Långgatan 50, Oskarshamn", False, WEEKDAYS_6_18_SAT,
     {"SPLICE_CLOSURE": 4, "FIBER_CABLE_M": 1000, "SPLICE_SLEEVE": 250, "PATCH_CORD": 30, "ONT": 10,
      "LIGHTING_KIT": 1}),
    ("Kalmar", 56.6634, 16.3568, "Hansagatan 12, Kalmar", True, {},
     {"SPLICE_CLOSURE": 12, "FIBER_CABLE_M": 5000, "SPLICE_SLEEVE": 1000, "PATCH_CORD": 100,
      "DROP_CABLE_M": 3000, "ONT": 40, "LIGHTING_KIT": 4, "ROUTER_4G": 6}),
    ("Linköping", 58.4108, 15.6214, "Roxtorpsgatan 8, Linköping", True, {},
     {"SPLICE_CLOSURE": 10, "FIBER_CABLE_M": 4000, "SPLICE_SLEEVE": 800, "PATCH_CORD": 80,
      "DROP_CABLE_M": 2500, "ONT": 30, "LIGHTING_KIT": 3, "ROUTER_4G": 5}),
]

# name, phone, vehicle, home depot, device, (lat, lon), on_duty, van stock
TECHNICIANS = [
    ("Anna Lindqvist", "+46 70 412 33 18", "VAN 12 (ABC 123)", "Västervik", "tc-anna", (57.7040, 16.3420), True,
     {"SPLICE_CLOSURE": 0, "FIBER_CABLE_M": 350, "SPLICE_SLEEVE": 120, "PATCH_CORD": 4, "LIGHTING_KIT": 1}),
    ("Erik Johansson", "+46 70 552 10 04", "VAN 07 (DKR 552)", "Gamleby", "tc-erik", (57.8880, 16.4120), True,
     {"SPLICE_CLOSURE": 1, "FIBER_CABLE_M": 120, "SPLICE_SLEEVE": 60, "ONT": 3, "PATCH_CORD": 10}),
    ("Sara Nilsson", "+46 73 901 22 70", "VAN 03 (HJT 901)", "Västervik", "tc-sara", (57.7560, 16.6300), True,
     {"SPLICE_CLOSURE": 2, "FIBER_CABLE_M": 200, "SPLICE_SLEEVE": 80, "DROP_CABLE_M": 150, "LIGHTING_KIT": 1}),
    ("Mikael Berg", "+46 70 330 47 91", "VAN 15 (MBX 330)", "Vimmerby", "tc-mikael", (57.6700, 15.8600), True,
     {"SPLICE_CLOSURE": 1, "FIBER_CABLE_M": 300, "SPLICE_SLEEVE": 100, "ONT": 2}),
    ("Johan Karlsson", "+46 72 118 60 02", "VAN 21 (KLM 118)", "Kalmar", "tc-johan", (56.6700, 16.3400), True,
     {"SPLICE_CLOSURE": 3, "FIBER_CABLE_M": 500, "SPLICE_SLEEVE": 200, "LIGHTING_KIT": 1, "ROUTER_4G": 1}),
    ("Lina Ek", "+46 76 245 81 37", "VAN 09 (OSK 245)", "Oskarshamn", "tc-lina", (57.8200, 16.6500), True,
     {"SPLICE_CLOSURE": 1, "FIBER_CABLE_M": 150, "SPLICE_SLEEVE": 90, "DROP_CABLE_M": 200, "LIGHTING_KIT": 1}),
    ("Per Holm", "+46 70 777 12 45", "VAN 02 (LKP 777)", "Linköping", "tc-per", (58.4100, 15.6300), False,
     {"SPLICE_CLOSURE": 2, "FIBER_CABLE_M": 400, "SPLICE_SLEEVE": 150}),
]


@dataclass(frozen=True)
class DemoSummary:
    outages: int
    technicians: int
    depots: int
    eta_revisions: int
    seconds: float | None = None

    def as_json(self) -> dict:
        return {"outages": self.outages, "technicians": self.technicians, "depots": self.depots,
                "eta_revisions": self.eta_revisions}


def _local(day: datetime, hh: int, mm: int = 0) -> datetime:
    """A local wall-clock time on the day of `day` (so ETAs read like a dispatcher promised them)."""
    d = day.astimezone(LOCAL_TZ).date()
    return datetime.combine(d, time(hh, mm), tzinfo=LOCAL_TZ)


def _require_empty(session) -> None:
    if session.scalar(select(func.count()).select_from(Outage)) or session.scalar(
        select(func.count()).select_from(Depot)
    ):
        raise ValidationError.of(N_("the database already holds data; load the demo into a new, empty database"))


def _anchor(at: datetime | None, now: datetime) -> datetime:
    return now if at is None else checked_utc(at, "the demo's moment")


def _materials(session) -> None:
    session.execute(insert(Material), [{"code": c, "name": n, "unit": u} for c, n, u in MATERIALS])


def load_demo(db: Db, at: datetime | None = None) -> DemoSummary:
    """The Ankarsrum story, told as if `at` (default: the clock's now) were the present."""
    with db.unit() as uow:
        s, now = uow.session, _anchor(at, uow.now)
        _require_empty(s)
        _materials(s)
        depot_ids: dict[str, int] = {}
        for name, lat, lon, address, always, hours, stock in DEPOTS:
            depot = Depot(name=name, lat=lat, lon=lon, address=address, always_open=always,
                          opening_hours=json.dumps(hours))
            s.add(depot)
            s.flush()
            depot_ids[name] = depot.id
            for code, qty in stock.items():
                s.add(DepotStock(depot_id=depot.id, material_code=code, quantity=qty, reserved=0))

        techs: dict[str, Technician] = {}
        for name, phone, vehicle, home, device, (lat, lon), on_duty, van in TECHNICIANS:
            tech = Technician(name=name, phone=phone, vehicle=vehicle, home_depot_id=depot_ids[home],
                              device_id=device, on_duty=on_duty,
                              status="available" if on_duty else "off_duty")
            s.add(tech)
            s.flush()
            techs[device] = tech
            for code, qty in van.items():
                s.add(VanStock(technician_id=tech.id, material_code=code, quantity=qty, reserved=0))
            # A short track leading to the current position, newest fix a few minutes old
            # (Per is off duty: his phone last reported hours ago).
            age = timedelta(hours=6) if not on_duty else timedelta(minutes=2 + len(techs))
            for step in range(6, -1, -1):
                fixed = now - age - timedelta(minutes=5 * step)
                s.add(PositionFix(technician_id=tech.id, fixed_at=fixed, received_at=fixed,
                                  lat=lat - 0.004 * step, lon=lon - 0.006 * step,
                                  speed_kmh=0.0 if step == 0 else 55.0, heading=60.0, accuracy_m=8.0,
                                  source="demo"))
            tech.lat, tech.lon, tech.fix_at = lat, lon, now - age

        cut_day = now - timedelta(days=2)
        cut_start = _local(cut_day, 14, 20)
        outages = [
            # title, cause, lat, lon, area, customers, status, started, crew, etas[(eta, at, reason, note, told)], needs
            ("Fiberkabel avgrävd vid Ankarsrum", "excavation_damage", 57.7050, 16.3450,
             "Norrhult och Ankarsrum, Västerviks kommun", 142, "waiting_for_material", cut_start, ["tc-anna"],
             [(_local(cut_day, 22, 0), cut_start + timedelta(minutes=40), "initial",
               "Grävskada, 96-fiberkabel av. Skarvning på plats.", True),
              (_local(cut_day + timedelta(days=1), 18, 0), _local(cut_day, 19, 10), "scope",
               "Skadan är 180 m lång; ny kabel måste dras.", True),
              (_local(now + timedelta(days=1), 21, 0), now - timedelta(hours=3), "restock",
               "Skarvboxar slut i bilen; Västervik saknar dem, hämtas i Vimmerby.", False)],
             {"SPLICE_CLOSURE": 2, "FIBER_CABLE_M": 200, "SPLICE_SLEEVE": 96, "LIGHTING_KIT": 1}),
            ("Nodskåp utan ström i Gamleby", "equipment_failure", 57.8890, 16.4030,
             "Gamleby centrum", 38, "on_site", now - timedelta(hours=5), ["tc-erik"],
             [(now + timedelta(hours=2), now - timedelta(hours=4, minutes=30), "initial", "", True)],
             {"ONT": 2, "PATCH_CORD": 6}),
            ("Strömavbrott påverkar fibernod Loftahammar", "power", 57.9037, 16.6937,
             "Loftahammar", 64, "en_route", now - timedelta(hours=2, minutes=30), ["tc-lina"],
             [(now + timedelta(hours=3), now - timedelta(hours=2), "initial", "E.ON felanmält.", False)],
             {"PATCH_CORD": 2}),
            ("Kabelfel Totebo–Blackstad", "cable_fault", 57.6378, 16.1812,
             "Totebo", 12, "assigned", now - timedelta(minutes=50), ["tc-sara"], [], {}),
            ("Larm från nod Edsbruk", "unknown", 58.0300, 16.4700,
             "Edsbruk", 9, "reported", now - timedelta(minutes=20), [], [], {}),
        ]
        ids: dict[str, int] = {}
        revisions = 0
        for title, cause, lat, lon, area, customers, status, started, crew, etas, needs in outages:
            last_told = max((at for _, at, _, _, told in etas if told), default=None)
            untold = min((at for _, at, _, _, told in etas if not told), default=None)
            outage = Outage(title=title, cause=cause, lat=lat, lon=lon, area=area, customers_affected=customers,
                            status=status, started_at=started, customers_told_at=last_told,
                            untold_change_at=untold if untold is not None else (None if last_told else started))
            s.add(outage)
            s.flush()
            ids[title] = outage.id
            for device in crew:
                s.add(Assignment(outage_id=outage.id, technician_id=techs[device].id,
                                 assigned_at=started + timedelta(minutes=25), assigned_by="Maria (dagpass)"))
                techs[device].status = {"waiting_for_material": "restocking"}.get(status, status)
            for eta, at, reason, note, told in etas:
                s.add(EtaRevision(outage_id=outage.id, eta=eta, recorded_at=at, recorded_by="Maria (dagpass)",
                                  reason=reason, note=note, customers_told=told))
                revisions += 1
            for code, qty in needs.items():
                s.add(OutageMaterial(outage_id=outage.id, material_code=code, quantity=qty))
            for _, at, _, _, told in etas:
                if told:
                    s.add(CustomerNotice(outage_id=outage.id, channel="sms", lang="sv",
                                         text=f"Driftstörning {area}: vi arbetar med felet.", sent_at=at,
                                         sent_by="Maria (dagpass)"))

        from .demo_customers import add_demo_customers

        add_demo_customers(s, [(ids[o[0]], o[2], o[3], o[4], o[5]) for o in outages], now)

        # One restored outage from earlier this week, for ETA accuracy and the handover's history.
        done = Outage(title="Skadad drop-kabel Överum", cause="cable_fault", lat=57.9925, lon=16.3166,
                      area="Överum", customers_affected=3, status="restored",
                      started_at=now - timedelta(days=3, hours=4), restored_at=now - timedelta(days=3),
                      customers_told_at=now - timedelta(days=3))
        s.add(done)
        s.flush()
        s.add(EtaRevision(outage_id=done.id, eta=now - timedelta(days=3, hours=1), recorded_at=done.started_at,
                          recorded_by="Maria (dagpass)", reason="initial", note="", customers_told=True))
        revisions += 1

        ankarsrum = ids["Fiberkabel avgrävd vid Ankarsrum"]
        for n in range(1, 13):
            home = list(depot_ids.values())[n % len(depot_ids)]
            s.add(LoanerRouter(serial=f"LR-{n:04d}", model="Huawei B535 4G", depot_id=home))
        s.flush()
        lent = s.get(LoanerRouter, "LR-0003")
        lent_from, lent.depot_id = lent.depot_id, None  # out with the customer, not on a shelf
        s.add(Loan(router_serial="LR-0003", outage_id=ankarsrum, customer_ref="KUND-10432", from_depot_id=lent_from,
                   lent_at=now - timedelta(hours=20), due_at=_local(now + timedelta(days=4), 21, 0),
                   lent_by="Maria (dagpass)"))
        s.add(AuditEntry(at=now, who=uow.actor, action="demo", entity="database", entity_id="demo",
                         before=None, after=json.dumps({"scenario": "ankarsrum"})))
        uow.changed("all", "*")
        return DemoSummary(len(outages) + 1, len(TECHNICIANS), len(DEPOTS), revisions)


# South-east Sweden, where storms put the most lines down: Östergötland, Kalmar, Kronoberg, Blekinge.
STORM_BOX = (56.15, 58.75, 14.30, 16.95)
STORM_TOWNS = [
    ("Kalmar", 56.6634, 16.3568), ("Västervik", 57.7584, 16.6373), ("Vimmerby", 57.6657, 15.8553),
    ("Oskarshamn", 57.2646, 16.4484), ("Linköping", 58.4108, 15.6214), ("Norrköping", 58.5877, 16.1924),
    ("Växjö", 56.8777, 14.8091), ("Karlskrona", 56.1612, 15.5869), ("Hultsfred", 57.4886, 15.8443),
    ("Nybro", 56.7447, 15.9080), ("Emmaboda", 56.6300, 15.5367), ("Tingsryd", 56.5250, 14.9780),
    ("Eksjö", 57.6665, 14.9703), ("Vetlanda", 57.4276, 15.0780), ("Gamleby", 57.8933, 16.4060),
    ("Valdemarsvik", 58.2036, 16.6010), ("Åtvidaberg", 58.2019, 15.9975), ("Kisa", 57.9880, 15.6333),
    ("Mönsterås", 57.0416, 16.4433), ("Torsås", 56.4120, 16.0010), ("Ronneby", 56.2094, 15.2760),
    ("Lessebo", 56.7510, 15.2710), ("Uppvidinge", 57.0160, 15.2450), ("Högsby", 57.1660, 16.0270),
    ("Borgholm", 56.8790, 16.6560), ("Färjestaden", 56.6520, 16.4660), ("Tranås", 58.0370, 14.9780),
    ("Mjölby", 58.3250, 15.1310), ("Söderköping", 58.4800, 16.3230), ("Ankarsrum", 57.6977, 16.3292),
]
STORM_REGISTER_CAP = 60_000  # customers in the storm's register
STORM_CAUSES = ["weather", "weather", "weather", "power", "power", "cable_fault", "equipment_failure",
                "excavation_damage", "unknown"]
STORM_STATUSES = ["reported"] * 5 + ["assigned", "en_route", "on_site", "waiting_for_material"]
FIRST_NAMES = ["Anna", "Erik", "Sara", "Mikael", "Johan", "Lina", "Per", "Karin", "Lars", "Emma", "Ola",
               "Maja", "Nils", "Elin", "Jonas", "Ida", "Fredrik", "Sofia", "Anders", "Frida"]
LAST_NAMES = ["Lindqvist", "Johansson", "Nilsson", "Berg", "Karlsson", "Ek", "Holm", "Andersson", "Persson",
              "Svensson", "Gustafsson", "Larsson", "Olsson", "Eriksson", "Jonsson", "Petersson"]


def load_storm(db: Db, outages: int, seed: int = 1, at: datetime | None = None) -> DemoSummary:
    """A deterministic storm: N outages clustered round the towns, about N/15 technicians, 30 depots."""
    if outages < 1 or outages > 200_000:
        raise ValidationError.of(N_("--storm takes 1 to 200000 outages, not {outages}"), outages=outages)
    rng = random.Random(seed)
    n_techs = max(1, round(outages / 15))
    with db.unit() as uow:
        s, now = uow.session, _anchor(at, uow.now)
        _require_empty(s)
        _materials(s)
        codes = [c for c, _, _ in MATERIALS]
        depot_rows, stock_rows = [], []
        for i, (town, lat, lon) in enumerate(STORM_TOWNS, start=1):
            depot_rows.append({"id": i, "name": f"Depå {town}", "lat": lat, "lon": lon,
                               "address": f"Industrivägen {rng.randint(1, 40)}, {town}",
                               "always_open": i % 3 == 0,
                               "opening_hours": json.dumps(WEEKDAYS_6_18_SAT if i % 2 else WEEKDAYS_7_16),
                               "version": 1})
            for code in codes:
                if rng.random() < 0.8:
                    stock_rows.append({"depot_id": i, "material_code": code, "reserved": 0, "version": 1,
                                       "quantity": rng.choice([2, 5, 10, 20]) * (50 if code.endswith("_M") else 1)})
        s.execute(insert(Depot), depot_rows)
        s.execute(insert(DepotStock), stock_rows)

        tech_rows, van_rows, fix_rows = [], [], []
        for i in range(1, n_techs + 1):
            town, tlat, tlon = STORM_TOWNS[i % len(STORM_TOWNS)]
            lat, lon = tlat + rng.gauss(0, 0.12), tlon + rng.gauss(0, 0.18)
            fix_at = now - timedelta(minutes=rng.choice([1, 2, 3, 5, 8, 15, 40]))
            tech_rows.append({"id": i, "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({i})",
                              "phone": f"+46 70 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                              "vehicle": f"VAN {i:03d}", "home_depot_id": 1 + i % len(STORM_TOWNS),
                              "on_duty": True, "status": "available", "device_id": f"storm-{i:04d}",
                              "lat": lat, "lon": lon, "fix_at": fix_at, "version": 1})
            fix_rows.append({"technician_id": i, "fixed_at": fix_at, "received_at": fix_at, "lat": lat,
                             "lon": lon, "speed_kmh": 0.0, "heading": None, "accuracy_m": 10.0, "altitude": None,
                             "battery": None, "source": "demo"})
            for code in codes:
                if rng.random() < 0.6:
                    van_rows.append({"technician_id": i, "material_code": code, "reserved": 0, "version": 1,
                                     "quantity": rng.randint(0, 4) * (100 if code.endswith("_M") else 1)})
        outage_rows, eta_rows, assign_rows = [], [], []
        free_techs = list(range(1, n_techs + 1))
        rng.shuffle(free_techs)
        for i in range(1, outages + 1):
            town, tlat, tlon = rng.choice(STORM_TOWNS)
            r, a = abs(rng.gauss(0, 0.25)), rng.uniform(0, 2 * math.pi)
            lat = min(max(tlat + r * math.sin(a), STORM_BOX[0]), STORM_BOX[1])
            lon = min(max(tlon + 1.6 * r * math.cos(a), STORM_BOX[2]), STORM_BOX[3])
            started = now - timedelta(minutes=rng.randint(10, 36 * 60))
            status = rng.choice(STORM_STATUSES) if free_techs else "reported"
            outage_rows.append({"id": i, "title": f"Storm {town} #{i}", "cause": rng.choice(STORM_CAUSES),
                                "lat": lat, "lon": lon, "area": f"{town} omnejd",
                                "customers_affected": int(rng.lognormvariate(2.5, 1.2)) + 1, "status": status,
                                "started_at": started, "restored_at": None, "customers_told_at": None,
                                "untold_change_at": started, "version": 1})
            if rng.random() < 0.7:
                eta_rows.append({"outage_id": i, "eta": started + timedelta(hours=rng.randint(3, 48)),
                                 "recorded_at": started + timedelta(minutes=20), "recorded_by": "storm",
                                 "reason": "initial", "note": "", "customers_told": False})
            if status != "reported":
                tech = free_techs.pop()
                assign_rows.append({"outage_id": i, "technician_id": tech, "assigned_at": started,
                                    "assigned_by": "storm", "released_at": None})
                tech_rows[tech - 1]["status"] = "restocking" if status == "waiting_for_material" else status
        s.execute(insert(Technician), tech_rows)
        s.execute(insert(VanStock), van_rows)
        s.execute(insert(PositionFix), fix_rows)
        s.execute(insert(Outage), outage_rows)
        if eta_rows:
            s.execute(insert(EtaRevision), eta_rows)
        if assign_rows:
            s.execute(insert(Assignment), assign_rows)
        if db.dialect == "postgresql":
            # Explicit ids leave the sequences behind; move them past the rows we wrote.
            for table in ("depots", "technicians", "outages"):
                s.execute(_sync_sequence(table))
        from .demo_customers import add_demo_customers

        tied, total = [], 0
        for r in outage_rows:  # a register sized to the storm, capped so --storm 200000 stays quick
            total += r["customers_affected"]
            if total > STORM_REGISTER_CAP:
                break
            tied.append((r["id"], r["lat"], r["lon"], r["area"], r["customers_affected"]))
        add_demo_customers(s, tied, now, seed=seed)
        s.add(AuditEntry(at=now, who=uow.actor, action="demo", entity="database", entity_id="storm",
                         before=None, after=json.dumps({"outages": outages, "seed": seed})))
        uow.changed("all", "*")
        return DemoSummary(outages, n_techs, len(STORM_TOWNS), len(eta_rows))


def _sync_sequence(table: str):
    return text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
