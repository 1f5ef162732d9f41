"""settings show | set."""
from __future__ import annotations

import argparse
import sys

from .output import open_db, print_json, print_table


class _Parser(argparse.ArgumentParser):
    """With keys_epilog, help ends with the setting keys. They come from the settings service,
    which imports SQLAlchemy, so they are looked up when help is shown, not when the parser is built."""

    def __init__(self, *args, keys_epilog: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._keys_epilog = keys_epilog

    def format_help(self) -> str:
        if self._keys_epilog and self.epilog is None:
            from console.services import settings

            self.epilog = "keys: " + ", ".join(settings.SETTING_KEYS)
        return super().format_help()


def register(sub, common) -> None:
    p = sub.add_parser("settings", parents=[common], help="operator-wide settings shared by every workstation")
    s_sub = p.add_subparsers(dest="settings_command", required=True, metavar="ACTION", parser_class=_Parser)
    show = s_sub.add_parser("show", parents=[common], help="every setting and its value")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_settings_show)
    st = s_sub.add_parser("set", parents=[common], help="change one setting", keys_epilog=True)
    st.add_argument("key", metavar="KEY")
    st.add_argument("value", metavar="VALUE")
    st.set_defaults(func=cmd_settings_set)
    sec = s_sub.add_parser("secret", parents=[common], help="store the SMTP or SMS password (read from stdin)")
    sec_sub = sec.add_subparsers(dest="secret_command", required=True, metavar="ACTION")
    ss = sec_sub.add_parser("set", parents=[common], help="store a password: typed at a prompt, or one line on stdin")
    ss.add_argument("name", choices=["smtp", "sms"])
    ss.set_defaults(func=cmd_settings_secret_set)


def cmd_settings_show(args) -> int:
    from console.services import settings

    db = open_db(args)
    current = settings.get_settings(db)
    for problem in settings.stored_problems(db):
        print(f"dispatch-console: warning: {problem}", file=sys.stderr)
    if args.json:
        print_json(current.as_json())
        return 0
    values = current.as_json()
    print_table(["KEY", "VALUE", "DEFAULT", "MEANING"],
                [(key, values[key], default, help) for key, help, default in settings.describe()])
    return 0


def cmd_settings_set(args) -> int:
    from console.services import settings

    updated = settings.update_settings(open_db(args), **{args.key: args.value})
    print(f"{args.key} = {getattr(updated, args.key)}")
    return 0


def cmd_settings_secret_set(args) -> int:
    import getpass

    from console.services import secrets

    # Never from argv: a password there ends up in the shell history and the process list.
    if sys.stdin.isatty():
        value = getpass.getpass(f"{args.name} password: ")
    else:
        value = sys.stdin.readline().rstrip("\r\n")
    where = secrets.set_secret(args.name, value)
    print(f"{args.name} password stored in {where}")
    return 0
