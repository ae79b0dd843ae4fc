"""Commits written as git writes them, without a git process: GitRepo.commit's fast path.

A test repository takes a few commits, and `git add` and `git commit` cost some 25 ms of
processes each (a commit starts `git maintenance` too): 1,300 processes a run. Where a
repository is as GitRepo made it, GitRepo.commit writes the loose objects, ref, reflog and
index git would (the same commit ids: test_factory_git.py builds histories both ways); a hook,
a merge under way, an ignore file, a folder that is a symlink, a test's own git settings or GIT_
variables leave the commit to git.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import posixpath
import shutil
import stat
import struct
import subprocess
import tempfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any


_IDENTITY = "Test Editor <editor@example.org>"
_SAFE_ENV = {"GIT_SSL_CAINFO", "GIT_SSL_NO_VERIFY", "GIT_TERMINAL_PROMPT", "GIT_PAGER",
             "GIT_EDITOR", "GIT_ASKPASS"}
# settings outside a repository that change what `git add` and `git commit` write or run
_UNSAFE_SETTINGS = ("core.autocrlf", "core.eol", "core.safecrlf", "core.hookspath",
                    "core.attributesfile", "core.excludesfile", "core.filemode",
                    "core.symlinks", "core.ignorecase", "core.commentchar", "core.commentstring",
                    "core.checkstat", "core.trustctime", "core.logallrefupdates",
                    "core.splitindex", "core.untrackedcache", "core.fsmonitor",
                    "core.sparsecheckout", "commit.", "i18n.", "index.", "feature.", "filter.",
                    "user.useconfigonly", "author.", "committer.", "trailer.", "gpg.",
                    "extensions.", "include")
_HOME_CONFIGS = ("HOME", "XDG_CONFIG_HOME")
_template: dict[str, Any] = {}


def git_template() -> dict[str, Any]:
    """A repository as `git init -q -b main` and GitRepo's identity leave it, made once a
    process and copied for each GitRepo; and whether commits may be written without git here
    (not where the user's or the system's git settings change what git would write)."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="kremlinlist-git-template-"))
        atexit.register(shutil.rmtree, folder, True)
        subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True,
                       capture_output=True)
        name, email = _IDENTITY[:-1].split(" <")
        with open(folder / ".git" / "config", "a", encoding="utf-8") as config:
            config.write(f"[user]\n\tname = {name}\n\temail = {email}\n"
                         "[commit]\n\tgpgsign = false\n")
        outside = subprocess.run(["git", "config", "--list", "--includes", "--name-only"],
                                 cwd=folder.parent, capture_output=True, text=True)
        names = outside.stdout.lower().split() if outside.returncode in (0, 1) else [""]
        _template.update(git_dir=folder / ".git", config=(folder / ".git" / "config").read_bytes(),
                         writable=not any(n.startswith(_UNSAFE_SETTINGS) for n in names),
                         env={k: os.environ.get(k) for k in _HOME_CONFIGS})
    return _template


def _settings_as_at_start() -> bool:
    """No GIT_ variable, and no git settings file but those seen when the template was made."""
    template = git_template()
    if not template["writable"] or any(k.startswith("GIT_") and k not in _SAFE_ENV
                                       for k in os.environ):
        return False
    if all(os.environ.get(k) == v for k, v in template["env"].items()):
        return True
    home = Path(os.environ.get("HOME") or "/nonexistent")
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return not (home / ".gitconfig").exists() and not (xdg / "git" / "config").exists()


def _git_object(git_dir: Path, kind: str, body: bytes) -> bytes:
    """Store one loose object as git does (zlib, read-only) and return its binary id."""
    data = b"%s %d\0%s" % (kind.encode(), len(body), body)
    oid = hashlib.sha1(data).digest()
    path = git_dir / "objects" / oid[:1].hex() / oid[1:].hex()
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(zlib.compress(data))
        path.chmod(0o444)
    return oid


def _git_tree(git_dir: Path, entries: dict[bytes, tuple[tuple[int, ...], bytes]]) -> bytes:
    """The tree objects of index entries; the root tree's id."""
    top: dict = {}
    for path, (fields, oid) in entries.items():
        *folders, name = path.split(b"/")
        node = top
        for folder in folders:
            node = node.setdefault(folder, {})
            if not isinstance(node, dict):
                raise ValueError(f"{path!r}: a file and a folder of one name")
        if name in node:
            raise ValueError(f"{path!r}: a file and a folder of one name")
        node[name] = (fields[6], oid)

    def write(node: dict) -> bytes:  # git orders a folder's names as if each ended in "/"
        body = b""
        for name in sorted(node, key=lambda n: n + b"/" if isinstance(node[n], dict) else n):
            mode, oid = (0o40000, write(node[name])) if isinstance(node[name], dict) \
                else node[name]
            body += b"%o %s\0%s" % (mode, name, oid)
        return _git_object(git_dir, "tree", body)

    return write(top)


def _read_index(path: Path) -> dict[bytes, tuple[tuple[int, ...], bytes]] | None:
    """A version 2 index's entries (path -> its ten stat fields, mode the seventh, and object
    id); {} where there is none; None where it holds what is not written here: a conflict, a
    flag, a submodule, an extension git requires."""
    if not path.exists():
        return {}
    data = path.read_bytes()
    if data[:4] != b"DIRC" or struct.unpack(">I", data[4:8])[0] != 2:
        return None
    entries, at = {}, 12
    for _ in range(struct.unpack(">I", data[8:12])[0]):
        *fields, oid, flags = struct.unpack(">10I20sH", data[at:at + 62])
        end = data.index(b"\0", at + 62)
        if flags & 0xF000 or fields[6] >> 12 not in (0o10, 0o12):  # a stage or a gitlink
            return None
        entries[data[at + 62:end]] = (tuple(fields), oid)
        at += (end - at + 8) // 8 * 8
    while at < len(data) - 20:  # extensions: a cache (upper case) is left out, as git may
        if not data[at:at + 1].isupper():
            return None
        at += 8 + struct.unpack(">I", data[at + 4:at + 8])[0]
    return entries


def _write_index(path: Path, entries: dict[bytes, tuple[tuple[int, ...], bytes]],
                 smudged: set[bytes]) -> None:
    """The index git writes, the `smudged` entries with size 0 (`_racily_clean`)."""
    body = struct.pack(">4sII", b"DIRC", 2, len(entries))
    for name in sorted(entries):
        fields, oid = entries[name]
        if name in smudged:
            fields = (*fields[:9], 0)
        entry = struct.pack(">10I20sH", *fields, oid, min(len(name), 0xFFF)) + name
        body += entry + b"\0" * (8 - len(entry) % 8)
    path.write_bytes(body + hashlib.sha1(body).digest())


def _racily_clean(entry: tuple[int, ...], found: tuple[int, ...], since: int) -> bool:
    """Whether git would write an entry whose file differs from it with size 0
    (`ce_smudge_racily_clean_entry`): its file changed no earlier than the second the index
    was written in, and git's stat (seconds, no device) cannot tell the file from the entry,
    so only a size that no file has makes git read the contents again."""
    return entry[2] >= since and all(entry[i] == found[i] for i in (0, 2, 5, 6, 7, 8, 9))


def _work_file(root: Path, rel: bytes) -> tuple[tuple[int, ...], bytes] | None:
    """A working file's stat fields and its blob as `git add` makes it; None if it is gone."""
    path = root / os.fsdecode(rel)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        mode, data = 0o120000, os.fsencode(os.readlink(path))
    elif stat.S_ISREG(st.st_mode):
        mode, data = (0o100755 if st.st_mode & 0o100 else 0o100644), path.read_bytes()
    else:
        return None
    fields = (st.st_ctime_ns // 10**9, st.st_ctime_ns % 10**9, st.st_mtime_ns // 10**9,
              st.st_mtime_ns % 10**9, st.st_dev & 0xFFFFFFFF, st.st_ino & 0xFFFFFFFF, mode,
              st.st_uid, st.st_gid, st.st_size & 0xFFFFFFFF)
    return fields, data


def _blob(git_dir: Path, data: bytes, write: bool) -> bytes:
    return _git_object(git_dir, "blob", data) if write else hashlib.sha1(
        b"blob %d\0%s" % (len(data), data)).digest()


def _plain(root: Path, git_dir: Path, message: str, when: str, rels: list[str]) -> str | None:
    """What `git commit` would take as the date (`<epoch> <+hhmm>`) where a commit of `rels`
    with `message` can be written here as git would write it; None where git must."""
    try:
        moment = datetime.fromisoformat(when)
    except ValueError:
        return None
    offset = moment.utcoffset()
    if offset is None or moment.microsecond or offset.seconds % 60 or not message \
            or message != message.strip() or any(c in message for c in "\n\r\0") \
            or not _settings_as_at_start():
        return None
    if not git_dir.is_dir() or (git_dir / "config").read_bytes() != git_template()["config"]:
        return None
    hooks = git_dir / "hooks"
    if hooks.is_dir() and not all(n.endswith(".sample") for n in os.listdir(hooks)):
        return None
    if any((git_dir / n).exists() for n in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD",
                                           "packed-refs", "index.lock", "info/attributes")):
        return None
    if _ignores(git_dir):
        return None
    for rel in rels:
        parts = rel.split("/")
        if posixpath.normpath(rel) != rel or rel.startswith("/") or ".." in parts \
                or ".git" in parts or ".gitattributes" in parts or ".gitmodules" in parts:
            return None
        folders = [root.joinpath(*parts[:i]) for i in range(len(parts))]
        # git refuses a path beyond a symlink; it may ignore one a .gitignore of its folders names
        if any(f.is_symlink() for f in folders[1:]) or any(
                (f / n).exists() for f in folders for n in (".gitattributes", ".gitignore")):
            return None
    minutes = offset.days * 1440 + offset.seconds // 60
    sign = "-" if minutes < 0 else "+"
    return f"{int(moment.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _ignores(git_dir: Path) -> bool:
    """Whether an ignore file outside the working tree may apply (`git add` refuses an ignored
    path): a pattern in info/exclude, or the user's ignore file."""
    exclude = git_dir / "info" / "exclude"
    if exclude.exists() and any(line.strip() and not line.startswith(b"#")
                                for line in exclude.read_bytes().splitlines()):
        return True
    home = Path(os.environ.get("HOME") or "/nonexistent")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return (config / "git" / "ignore").exists()


def write_commit(root: Path, message: str, when: str, added: list[str],
                 removed: list[str]) -> str | None:
    """`git rm -q -- removed`, `git add -- added` and `git commit -q --allow-empty -m message`
    at `when` (ISO 8601 with an offset, author and committer), written here as git writes
    them; the new commit's id, or None where git must do it (no file changed yet)."""
    git_dir = root / ".git"
    added, removed = list(map(os.fspath, added)), list(map(os.fspath, removed))
    stamp = _plain(root, git_dir, message, when, added + removed)
    head = (git_dir / "HEAD").read_text(encoding="ascii") if stamp else ""
    if not head.startswith("ref: refs/heads/") or head.count("\n") != 1:
        return None
    ref_name = head[5:].strip()
    ref = git_dir / ref_name
    parent = ref.read_text(encoding="ascii").strip() if ref.exists() else None
    index = git_dir / "index"
    entries = _read_index(index)
    if entries is None or any(os.fsencode(r) not in entries for r in removed) \
            or any(not (root / r).is_file() or (root / r).is_symlink() for r in added):
        return None
    since = os.stat(index).st_mtime_ns // 10**9 if entries else 0
    for rel in map(os.fsencode, removed):  # git rm refuses a file changed since it was added
        found = _work_file(root, rel)
        if found and (found[0][6] != entries[rel][0][6]
                      or _blob(git_dir, found[1], False) != entries[rel][1]):
            return None
    for rel in map(os.fsencode, removed):
        del entries[rel]
    for rel in map(os.fsencode, added):
        fields, data = _work_file(root, rel)
        entries[rel] = fields, _blob(git_dir, data, True)
    fresh = set(map(os.fsencode, added))
    smudged = set()
    for rel, (fields, oid) in list(entries.items()):  # git commit refreshes the whole index
        found = None if rel in fresh else _work_file(root, rel)
        if not found or (found[0] == fields and fields[2] < since):
            continue
        if found[0][6] == fields[6] and _blob(git_dir, found[1], False) == oid:
            entries[rel] = found[0], oid
        elif _racily_clean(fields, found[0], since):
            smudged.add(rel)
    try:
        tree = _git_tree(git_dir, entries)
    except ValueError:
        return None
    for rel in removed:
        (root / rel).unlink(missing_ok=True)
        for folder in (root / rel).parents:  # and the folders it leaves empty, as git rm does
            if folder == root or any(folder.iterdir()):
                break
            folder.rmdir()
    body = (f"tree {tree.hex()}\n" + (f"parent {parent}\n" if parent else "")
            + f"author {_IDENTITY} {stamp}\ncommitter {_IDENTITY} {stamp}\n\n{message}\n")
    commit = _git_object(git_dir, "commit", body.encode("utf-8")).hex()
    _write_index(index, entries, smudged)
    ref.write_text(commit + "\n", encoding="ascii")
    said = f"commit{'' if parent else ' (initial)'}: {message}"
    for log in (git_dir / "logs" / "HEAD", git_dir / "logs" / ref_name):
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{parent or '0' * 40} {commit} {_IDENTITY} {stamp}\t{said}\n")
    return commit
