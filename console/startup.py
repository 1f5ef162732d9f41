"""Wiring done once when a process starts: the outside services the services layer asks for.

Cheap on purpose (no numpy, requests or geopy): the gateways import those when first used.
"""
from __future__ import annotations


def wire_gateways() -> None:
    from console.gateways.nominatim import NominatimGeocoder
    from console.gateways.routing import provider_for
    from console.gateways.keyring_secrets import KeyringStore
    from console.gateways.notice_senders import make_sender
    from console.services import outbox, places, secrets, travel

    travel.install(provider_for)
    places.install(NominatimGeocoder())
    secrets.install(KeyringStore())
    outbox.install_senders(make_sender)
