"""daylight --lat Y --lon X [--date YYYY-MM-DD]: sun times at a site, in Europe/Stockholm."""
from __future__ import annotations

from datetime import date

from console.domain.errors import ValidationError
from console.domain.geo import check_coordinates

from .output import print_json, print_table

_POLAR = {"day": "midnight sun: the sun stays above the horizon all day",
          "night": "polar night: the sun stays below the horizon all day"}


def register(sub, common) -> None:
    p = sub.add_parser("daylight", parents=[common], help="dawn, sunrise, sunset and dusk at a site")
    # Read as text and checked by the domain, so bad input gets one clear line, not argparse's usage.
    p.add_argument("--lat", required=True, metavar="Y")
    p.add_argument("--lon", required=True, metavar="X")
    p.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="default: today in Europe/Stockholm")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_daylight)


def _date(text: str | None) -> date:
    if text is None:
        from console.services.daylight import today_local

        return today_local()
    from console.domain.limits import check_date

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"malformed date {text!r}; use YYYY-MM-DD such as 2024-09-06") from None
    return check_date(day, "--date")


def cmd_daylight(args) -> int:
    from console.services.daylight import daylight_for

    lat, lon = check_coordinates(args.lat, args.lon)
    day = _date(args.date)
    sun = daylight_for(lat, lon, day)
    if args.json:
        print_json(sun)
        return 0
    print(f"{lat:.4f}, {lon:.4f} on {day.isoformat()} (Europe/Stockholm)")
    if sun["polar"]:
        print(_POLAR[sun["polar"]])
    print_table(["EVENT", "TIME"],
                [(name, sun[name][11:16] if sun[name] else "-") for name in ("dawn", "sunrise", "sunset", "dusk")])
    return 0
