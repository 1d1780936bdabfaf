"""The build's own small JSON records (fingerprints, verdicts, memos), read safely."""

from __future__ import annotations

import json
from pathlib import Path


def read_json(path: Path) -> dict:
    """A record that is missing or unreadable (a killed write) records nothing."""
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}
