"""Qt only: the window, table models, dialogs, the map view and its bridge."""
