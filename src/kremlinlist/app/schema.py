"""`kremlinlist schema --install`: put the schemas where VS Code's YAML extension finds them.

Writing into the dataset's .vscode/ is a use case, not part of the model: model.jsonschema only
says what the schemas are.
"""

from __future__ import annotations

import json
from pathlib import Path

from kremlinlist.base.i18n import _
from kremlinlist.base.atomic import write_atomic
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.model.case import KINDS
from kremlinlist.model.jsonschema import GLOBS, VSCODE, modeline, render_schema, schema_file

__all__ = ["install", "modeline", "render_schema"]


def install(root: Path) -> list[str]:
    """Write the schemas to .vscode/ and map them in .vscode/settings.json, keeping every other
    setting. Returns the files written."""
    settings_path = root / VSCODE / "settings.json"
    settings: dict = {}
    if settings_path.is_symlink():
        raise KremlinlistError("vscode-settings",
                               _("{file} is a symbolic link; not followed").format(
                                   file=f"{VSCODE}/settings.json"), usage=True)
    if settings_path.exists():
        try:
            settings = json.loads(settings_path.read_text(encoding="utf-8") or "{}")
        except (ValueError, UnicodeDecodeError):
            raise KremlinlistError("vscode-settings", _("{file} is not plain JSON (comments or "
                                                        "trailing commas?); add the schemas by "
                                                        "hand or remove them first").format(
                                                            file=f"{VSCODE}/settings.json"),
                                   usage=True) from None
        if not isinstance(settings, dict):
            raise KremlinlistError("vscode-settings", _("{file} is not a JSON object").format(
                file=f"{VSCODE}/settings.json"), usage=True)
    schemas = settings.get("yaml.schemas", {})
    if not isinstance(schemas, dict):
        raise KremlinlistError("vscode-settings",
                               _('"yaml.schemas" in {file} is not an object').format(
                                   file=f"{VSCODE}/settings.json"), usage=True)
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
