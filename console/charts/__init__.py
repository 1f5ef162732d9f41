"""Charts of the ETA ledger: pure models of what a chart shows, and their drawing.

The models (`eta_model`, `accuracy_model`) are plain data built from read models and the one
clock; `draw` turns them into PNG or SVG with matplotlib, which it imports only when a chart is
drawn, so listing outages or asking for --help never pays for it.  Nothing here knows Qt, the
store or the services: callers hand in what they read.
"""
