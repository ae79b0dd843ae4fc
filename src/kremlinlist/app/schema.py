"""`kremlinlist schema --install`: put the schemas where VS Code's YAML extension finds them.

Writing into the dataset's .vscode/ is a use case, not part of the model: model.jsonschema only
says what the schemas are. VS Code's settings.json is JSON with comments (JSONC): a file with
comments is edited as text, so every comment and setting the person wrote is kept as written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kremlinlist.base.i18n import _
from kremlinlist.base.atomic import write_atomic
from kremlinlist.base.errors import KremlinlistError
from kremlinlist.history import git
from kremlinlist.model.case import KINDS
from kremlinlist.model.jsonschema import GLOBS, VSCODE, modeline, render_schema, schema_file

__all__ = ["Installed", "install", "modeline", "render_schema", "jsonc_to_json"]

# a string, a comment, or anything else: strings first, so `//` inside a URL is not a comment
_JSONC_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\n]*|/\*.*?\*/|[^"/]+|/', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


@dataclass
class Installed:
    """The files written, and what the person should do next (commit them)."""

    files: list[str]
    notes: list[str] = field(default_factory=list)


def jsonc_to_json(text: str) -> str:
    """JSONC as plain JSON: comments blanked (offsets kept) and trailing commas dropped."""
    out = []
    for token in _JSONC_TOKEN.findall(text):
        if token.startswith(("//", "/*")):
            out.append(re.sub(r"[^\n]", " ", token))
        else:
            out.append(token)
    plain = "".join(out)
    # a trailing comma outside strings only: strings hold no unescaped `"`, so split on them
    parts = re.split(r'("(?:[^"\\]|\\.)*")', plain)
    return "".join(p if i % 2 else _TRAILING_COMMA.sub(r" \1", p) for i, p in enumerate(parts))


def _settings_error(message: str) -> KremlinlistError:
    return KremlinlistError("vscode-settings", message, usage=True)


def _read_settings(path: Path) -> tuple[str, dict]:
    """settings.json's text and its settings (JSONC is accepted)."""
    if path.is_symlink():
        raise _settings_error(_("{file} is a symbolic link; not followed").format(
            file=f"{VSCODE}/settings.json"))
    if not path.exists():
        return "", {}
    try:
        text = path.read_text(encoding="utf-8-sig")
        settings = json.loads(jsonc_to_json(text) or "{}")
    except (ValueError, UnicodeDecodeError):
        raise _settings_error(_("{file} is not valid JSON (with comments): fix it, or add the "
                                "schemas by hand").format(file=f"{VSCODE}/settings.json")) from None
    if not isinstance(settings, dict):
        raise _settings_error(_("{file} is not a JSON object").format(
            file=f"{VSCODE}/settings.json"))
    return text, settings


def _insert_mappings(text: str, settings: dict, wanted: dict[str, str]) -> str:
    """`text` with `wanted` added to "yaml.schemas", editing only where they go, so comments,
    order and layout stay as the person wrote them."""
    schemas = settings.get("yaml.schemas")
    missing = {k: v for k, v in wanted.items() if not isinstance(schemas, dict) or k not in schemas}
    if isinstance(schemas, dict):
        clash = [k for k in wanted if k in schemas and schemas[k] != wanted[k]]
        if clash:
            raise _settings_error(_('"yaml.schemas" in {file} maps {schema} to other files; '
                                    "remove that line and run it again").format(
                file=f"{VSCODE}/settings.json", schema=clash[0]))
    if not missing:
        return text
    entries = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in missing.items())
    plain = jsonc_to_json(text)
    if schemas is None:
        start = plain.index("{") + 1
        rest = plain[start:].strip()
        block = '\n  "yaml.schemas": {\n' + entries + "\n  }" + ("," if rest != "}" else "\n")
        return text[:start] + block + text[start:]
    key = re.search(r'"yaml\.schemas"\s*:\s*\{', plain)
    if key is None:
        raise _settings_error(_('"yaml.schemas" in {file} is not an object').format(
            file=f"{VSCODE}/settings.json"))
    start = key.end()
    empty = not schemas
    return text[:start] + "\n" + entries + ("\n  " if empty else ",") + text[start:]


def install(root: Path) -> Installed:
    """Write the schemas to .vscode/ and map them in .vscode/settings.json, keeping every other
    setting and comment; say which of the files git does not track yet."""
    settings_path = root / VSCODE / "settings.json"
    text, settings = _read_settings(settings_path)
    schemas = settings.get("yaml.schemas", {})
    if not isinstance(schemas, dict):
        raise _settings_error(_('"yaml.schemas" in {file} is not an object').format(
            file=f"{VSCODE}/settings.json"))
    wanted = {schema_file(kind): GLOBS[kind] for kind in KINDS}
    (root / VSCODE).mkdir(exist_ok=True)
    written = []
    for kind in KINDS:
        rel = schema_file(kind)
        write_atomic(root / rel, render_schema(kind).encode("utf-8"))
        written.append(rel)
    if text.strip() and jsonc_to_json(text) != text:
        new_text = _insert_mappings(text, settings, wanted)
    else:
        settings["yaml.schemas"] = {**schemas, **wanted}
        new_text = json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
    if new_text != text:
        write_atomic(settings_path, new_text.encode("utf-8"))
    written.append(f"{VSCODE}/settings.json")
    return Installed(written, _commit_notes(root, written))


def _commit_notes(root: Path, written: list[str]) -> list[str]:
    """What to do so the rest of the team gets the checks: commit what git does not track."""
    untracked = git.untracked(root, written)
    if not untracked:
        return []
    return [_("{folder}/ is not in git yet: commit it so everyone editing the dataset gets these "
              "checks (git add {folder} && git commit -m \"VS Code: kremlinlist schemas\"), or add "
              "it to .gitignore to keep it to yourself").format(folder=VSCODE)]
