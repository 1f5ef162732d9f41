"""Sub-commands of `dispatch-console`, one module per area; cli.py wires them."""
from . import core, demo_cmd, eta_cmd

COMMAND_MODULES = [core, demo_cmd, eta_cmd]
