"""Argument types that hold command-line values to the domain's ranges (console.domain.limits).

argparse turns an ArgumentTypeError into the command's one error line, so an id of 2**63 or an
hour count of `nan` never reaches a service, let alone the database.
"""
from __future__ import annotations

import argparse
from typing import Callable


def _typed(check: Callable[[str], object], name: str) -> Callable[[str], object]:
    def convert(text: str):
        from console.domain.errors import ValidationError

        try:
            return check(text)
        except ValidationError as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    convert.__name__ = name  # argparse names the type in some messages
    return convert


def record_id(what: str = "id"):
    from console.domain.limits import check_id

    return _typed(lambda text: check_id(text, what), "id")


def whole(what: str, low: int, high: int):
    from console.domain.limits import check_whole

    return _typed(lambda text: check_whole(text, what, low, high), "whole number")


def number(what: str, low: float, high: float):
    from console.domain.limits import check_number

    return _typed(lambda text: check_number(text, what, low, high), "number")
