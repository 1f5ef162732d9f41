"""Pure dispatch rules: no Qt, no SQLAlchemy, no I/O."""
