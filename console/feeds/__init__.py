"""Technician position feeds: the OsmAnd/Traccar HTTP receiver and the track-file importers.

Everything here turns outside input into validated `PositionFix` values or a `FeedError`;
storing the fixes is the services' job.
"""
