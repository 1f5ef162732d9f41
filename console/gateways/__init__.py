"""Every service outside the console's own process, behind the interfaces the services declare.

The services say what they need (``console.services.travel.TravelProvider``,
``console.services.places.Geocoder``) and never import this package; ``console.startup``
wires these adapters in when a process starts, and tests wire the same adapters pointed at
real local HTTP servers. An adapter may use the domain rules, never the store or the services.

- ``geodesic``: travel times from the straight line made road-like (the domain rule in
  ``console.domain.travel``); needs nothing outside, so it is the default and the fallback.
- ``osrm``: road travel times from an OSRM server (``/route`` for one trip, ``/table`` for
  many), used when the shared setting ``osrm_url`` names one; falls back to ``geodesic``.
- ``routing``: picks the provider for the current settings.
- ``nominatim``: place search for the new-outage dialog.

The e-mail and SMS senders for customer notices belong here too, one module each
(``mail.py``, ``sms.py``), implementing a sender protocol that the notices service declares.
"""
