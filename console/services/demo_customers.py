"""Invented customers for the demo outages, tied to them by node.

Each outage gets one node of its own (`NOD-<id>`) feeding exactly as many premises as the outage's
customers_affected, scattered within a couple of kilometres, so the demo's figures stay what
they were and the Customers tab, the map layer and `customers list --outage` have something to show.
"""
from __future__ import annotations

import math
import random
from datetime import datetime

from sqlalchemy import insert, select

from console.store.schema import Customer, OutageCustomer, OutageNode

FIRST = ["Anna", "Erik", "Sara", "Mikael", "Johan", "Lina", "Per", "Karin", "Lars", "Emma", "Ola", "Ingrid",
         "Nils", "Maja", "Gustav", "Elsa", "Oskar", "Astrid", "Hugo", "Greta"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
        "Svensson", "Gustafsson", "Pettersson", "Lindqvist", "Berg", "Holm", "Ek", "Lund"]
STREETS = ["Storgatan", "Skolvägen", "Kyrkvägen", "Ängsvägen", "Björkvägen", "Sjövägen", "Bruksgatan",
           "Östra vägen", "Backavägen", "Ekvägen"]


def add_demo_customers(session, outages: list[tuple[int, float, float, str, int]], now: datetime,
                       seed: int = 14, first_ref: int = 10000) -> int:
    """outages: (id, lat, lon, area, customers). Writes customers, outage_nodes and outage_customers."""
    rng = random.Random(seed)
    rows, ties = [], []
    n = first_ref
    for outage_id, lat, lon, area, count in outages:
        node = f"NOD-{outage_id:04d}"
        place = (area.split(",")[0].split(" och ")[0].replace(" omnejd", "").strip() or "Orten")
        for _ in range(count):
            n += 1
            r, a = 2.0 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)  # within ~2 km
            ref = f"KUND-{n}"
            has_phone, has_email = rng.random() < 0.85, rng.random() < 0.55
            if not has_phone and not has_email:
                has_phone = True
            first, last = rng.choice(FIRST), rng.choice(LAST)
            rows.append({
                "ref": ref, "name": f"{first} {last}",
                "address": f"{rng.choice(STREETS)} {rng.randint(1, 60)}, {place}",
                "lat": lat + r / 111.0 * math.sin(a),
                "lon": lon + r / (111.0 * math.cos(math.radians(lat))) * math.cos(a),
                # Invented numbers; the demo never sends (delivery needs an SMS account set up).
                "phone": f"+4670174{n % 10000:04d}" if has_phone else "",
                "email": f"{first.lower()}.{last.lower()}{n}@example.se" if has_email else "",
                "lang": "en" if rng.random() < 0.08 else "sv", "node": node, "imported_at": now, "version": 1})
            ties.append((outage_id, ref))
        if count:
            session.execute(insert(OutageNode), [{"outage_id": outage_id, "node": node}])
    if not rows:
        return 0
    session.execute(insert(Customer.__table__), rows)
    ids = dict(session.execute(select(Customer.ref, Customer.id).where(Customer.ref.like("KUND-%"))).all())
    session.execute(insert(OutageCustomer.__table__), [{"outage_id": o, "customer_id": ids[ref]} for o, ref in ties])
    return len(rows)


__all__ = ["add_demo_customers"]
