"""`kremlinlist schema --install`: put the schemas where VS Code's YAML extension finds them.

Writing into the dataset's .vscode/ is a use case, not part of the model: model.jsonschema only
says what the schemas are.
"""

from __future__ import annotations

import json
from pathlib import Path

from kremlinlist.base.atomic import write_atomic
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.model.kinds import KINDS
from kremlinlist.model.jsonschema import GLOBS, VSCODE, modeline, render_schema, schema_file

__all__ = ["install", "modeline", "render_schema"]


def install(root: Path) -> list[str]:
    """Write the schemas to .vscode/ and map them in .vscode/settings.json, keeping every other
    setting. Returns the files written."""
    settings_path = root / VSCODE / "settings.json"
    settings: dict = {}
    if settings_path.is_symlink():
        raise KremlinlistError("vscode-settings",
                               f"{VSCODE}/settings.json is a symbolic link; not followed", usage=True)
    if settings_path.exists():
        try:
            settings = json.loads(settings_path.read_text(encoding="utf-8") or "{}")
        except (ValueError, UnicodeDecodeError):
            raise KremlinlistError("vscode-settings", f"{VSCODE}/settings.json is not plain JSON "
                                   "(comments or trailing commas?); add the schemas by hand or "
                                   "remove them first", usage=True) from None
        if not isinstance(settings, dict):
            raise KremlinlistError("vscode-settings", f"{VSCODE}/settings.json is not a JSON object",
                                   usage=True)
    schemas = settings.get("yaml.schemas", {})
    if not isinstance(schemas, dict):
        raise KremlinlistError("vscode-settings",
                               f'"yaml.schemas" in {VSCODE}/settings.json is not an object', usage=True)
    (root / VSCODE).mkdir(exist_ok=True)
    written = []
    for kind in KINDS:
        rel = schema_file(kind)
        write_atomic(root / rel, render_schema(kind).encode("utf-8"))
        written.append(rel)
        schemas[rel] = GLOBS[kind]
    settings["yaml.schemas"] = schemas
    write_atomic(settings_path, (json.dumps(settings, indent=2, ensure_ascii=False) + "\n")
                 .encode("utf-8"))
    return written + [f"{VSCODE}/settings.json"]
