"""Sub-commands of `dispatch-console`, one module per area; cli.py wires them in this order."""
from . import (
    core,
    customers_cmd,
    daylight_cmd,
    demo_cmd,
    eta_advice_cmd,
    eta_cmd,
    handover_cmd,
    history_cmd,
    loans_cmd,
    map_cmd,
    notices_cmd,
    positions_cmd,
    region_cmd,
    restock_cmd,
    settings_cmd,
    status_cmd,
    travel_cmd,
)

COMMAND_MODULES = [core, demo_cmd, eta_cmd, eta_advice_cmd, restock_cmd, daylight_cmd, notices_cmd, status_cmd,
                   loans_cmd, handover_cmd, positions_cmd, map_cmd, settings_cmd, travel_cmd,
                   history_cmd, customers_cmd, region_cmd]
