"""One person's preferences (the app's theme), kept in their own config folder, not the team's.

``workbench.toml`` beside the database is the team's; what one reviewer likes
to look at is theirs: ``$WORKBENCH_USER_CONFIG`` if set, else
``$XDG_CONFIG_HOME/workbench/preferences.json``, else
``~/.config/workbench/preferences.json``. Plain JSON, written whole through a
temporary file and a rename. A missing, unreadable or damaged file means no
preferences (never an error that stops the app); a failed write is reported
once by the caller and changes nothing else.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

FILE_NAME = "preferences.json"
SIZE_LIMIT = 64_000  # bytes: a handful of settings; anything bigger is not ours


def path() -> Path:
    named = os.environ.get("WORKBENCH_USER_CONFIG", "").strip()
    if named:
        return Path(named)
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(base) / "workbench" / FILE_NAME


def load() -> dict[str, Any]:
    """The preferences, or {} when there are none (or they cannot be read)."""
    where = path()
    try:
        if not where.is_file() or where.stat().st_size > SIZE_LIMIT:
            return {}
        data = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def get(key: str) -> Any:
    return load().get(key)


def put(key: str, value: Any) -> None:
    """Set one preference, keeping the others; OSError when the file cannot be written."""
    where = path()
    data = load()
    if data.get(key) == value:
        return
    data[key] = value
    where.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".preferences-", dir=where.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2, sort_keys=True)
        os.replace(temporary, where)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
