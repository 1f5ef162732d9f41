"""settings show | set."""
from __future__ import annotations

from console.services import settings

from .output import open_db, print_json, print_table


def register(sub, common) -> None:
    p = sub.add_parser("settings", parents=[common], help="operator-wide settings shared by every workstation")
    s_sub = p.add_subparsers(dest="settings_command", required=True, metavar="ACTION")
    show = s_sub.add_parser("show", parents=[common], help="every setting and its value")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_settings_show)
    st = s_sub.add_parser("set", parents=[common], help="change one setting",
                          epilog="keys: " + ", ".join(settings.SETTING_KEYS))
    st.add_argument("key", metavar="KEY")
    st.add_argument("value", metavar="VALUE")
    st.set_defaults(func=cmd_settings_set)


def cmd_settings_show(args) -> int:
    current = settings.get_settings(open_db(args))
    if args.json:
        print_json(current.as_json())
        return 0
    values = current.as_json()
    print_table(["KEY", "VALUE", "DEFAULT", "MEANING"],
                [(key, values[key], default, help) for key, help, default in settings.describe()])
    return 0


def cmd_settings_set(args) -> int:
    updated = settings.update_settings(open_db(args), **{args.key: args.value})
    print(f"{args.key} = {getattr(updated, args.key)}")
    return 0
