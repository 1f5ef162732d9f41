"""The status colours of the map page's script match the palette the tables and the printout use."""
import re
from pathlib import Path

import console.map
from console.map.palette import STATUS_COLORS


def test_map_script_uses_the_shared_palette():
    script = (Path(console.map.__file__).parent / "static" / "dispatch_map.js").read_text(encoding="utf-8")
    in_script = dict(re.findall(r"\['(\w+)', '[^']*', '(#[0-9a-f]{6})'\]", script))
    assert in_script == STATUS_COLORS
