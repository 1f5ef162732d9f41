"""Technician position feeds: the OsmAnd/Traccar HTTP receiver and the track-file importers.

Everything here turns outside input into validated `PositionFix` values or a `FeedError`;
storing the fixes is the services' job.
"""

# Here rather than in receiver.py, so `positions serve --help` can show it without importing http.server.
DEFAULT_BIND = ("127.0.0.1", 5055)
