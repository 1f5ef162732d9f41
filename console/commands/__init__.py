"""Sub-commands of `dispatch-console`, one module per area; cli.py wires them."""
from . import core, demo_cmd, eta_cmd, loans_cmd, notices_cmd, positions_cmd, settings_cmd, status_cmd
from . import daylight_cmd, eta_advice_cmd, restock_cmd
from . import handover_cmd

COMMAND_MODULES = [core, demo_cmd, eta_cmd, notices_cmd, status_cmd, loans_cmd, settings_cmd, positions_cmd,
                   restock_cmd, daylight_cmd, eta_advice_cmd, handover_cmd]
