"""travel estimate --from LAT,LON --to LAT,LON: one trip by the routing provider the settings select.
travel calibrate [--accept] [--json]: the road factor fitted from driven trips."""
from __future__ import annotations

from console.domain.errors import ValidationError

from .output import open_db, print_json


def register(sub, common) -> None:
    p = sub.add_parser("travel", parents=[common], help="travel times as the planners see them")
    t_sub = p.add_subparsers(dest="travel_command", required=True, metavar="ACTION")
    e = t_sub.add_parser("estimate", parents=[common],
                         help="minutes and km of one trip (OSRM when osrm_url is set, else straight-line)")
    # Read as text and checked here, so bad input gets one clear line, not argparse's usage.
    e.add_argument("--from", dest="origin", required=True, metavar="LAT,LON")
    e.add_argument("--to", dest="destination", required=True, metavar="LAT,LON")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_travel_estimate)
    c = t_sub.add_parser("calibrate", parents=[common],
                         help="fit the road factor from completed restock runs (and the technicians' tracks)")
    c.add_argument("--accept", action="store_true",
                   help="write the fitted factor into the shared travel_circuity setting")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_travel_calibrate)


def parse_point(text: str, option: str) -> tuple[float, float]:
    from console.domain.geo import check_coordinates

    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) != 2 or not all(parts):
        raise ValidationError(f"{option} takes LAT,LON such as 57.70,16.33, got {text!r}")
    try:
        return check_coordinates(*parts)
    except ValidationError as err:
        raise ValidationError(f"{option} {text!r}: {err}") from None


def cmd_travel_estimate(args) -> int:
    from console.services import travel

    origin = parse_point(args.origin, "--from")
    destination = parse_point(args.destination, "--to")
    trip = travel.estimate_trip(open_db(args), origin, destination)
    if args.json:
        print_json(trip.as_json())
        return 0
    print(f"{trip.minutes:.0f} min, {trip.km:.1f} km ({trip.source})")
    if trip.note:
        print(trip.note)
    return 0


def cmd_travel_calibrate(args) -> int:
    from console.domain.travel_fit import CELL_LAT_DEG, CELL_LON_DEG
    from console.services import travel_calibration

    db = open_db(args)
    fit = travel_calibration.accept(db) if args.accept else travel_calibration.calibrate(db)
    if args.json:
        print_json({**fit.as_json(), "accepted": bool(args.accept)})
        return 0
    print(fit.answer)
    for cell in fit.cells:
        print(f"  {cell.cell[0]:g}-{cell.cell[0] + CELL_LAT_DEG:g} N, {cell.cell[1]:g}-{cell.cell[1] + CELL_LON_DEG:g} E: "
              f"{cell.factor:.2f} from {cell.trips} trips")
    if args.accept:
        print(f"travel_circuity set to {round(fit.fitted, 3):g}")
    return 0
