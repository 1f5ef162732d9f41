"""Outage status colours shared by the map page, the window's tables and the printed handover,
so a status reads the same on screen and on paper. dispatch_map.js carries the same table
(tests/unit/test_palette.py keeps the two in step)."""

STATUS_COLORS = {
    "reported": "#dc2626",
    "assigned": "#ea580c",
    "en_route": "#f59e0b",
    "on_site": "#2563eb",
    "waiting_for_material": "#7c3aed",
    "restored": "#16a34a",
    "cancelled": "#9ca3af",
}
UNKNOWN_COLOR = "#64748b"
