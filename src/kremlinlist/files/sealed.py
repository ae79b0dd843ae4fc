"""Sealed blocks: private YAML encrypted with age (age-encryption.org/v1), ASCII-armored.

Any coalition member can open a block with the standard `age -d -i KEYFILE`; here pyrage (the
Rust age crate) does the same. Recipients are age X25519 keys (`age1...`) or SSH public keys
(`ssh-ed25519 ...`, `ssh-rsa ...`).

Which recipients a block was sealed for must be checkable without a key (CI has none), but an
X25519 stanza does not reveal its recipient. So a sealed block carries `sealed_for`, the
fingerprints of the keys it was sealed for (`fingerprint`: public keys only, never anything of the
plaintext), and `stanzas_match` checks that the age header agrees with them: as many X25519
stanzas as `age1` keys, and for SSH keys the key tags age writes in the clear.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pyrage

from kremlinlist.base.i18n import _

BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
END = "-----END AGE ENCRYPTED FILE-----"
VERSION_LINE = b"age-encryption.org/v1"
IDENTITY_ENV = "KREMLINLIST_IDENTITY"
_KEY_STANZAS = ("X25519", "ssh-ed25519", "ssh-rsa")


class SealError(Exception):
    """A key, an identity or a sealed block that cannot be used; `message` names no value."""

    def __init__(self, message: str, damaged: bool = False, mislabelled: bool = False):
        super().__init__(message)
        self.message = message
        self.damaged = damaged or mislabelled  # the block is wrong (not merely for other keys)
        self.mislabelled = mislabelled  # not sealed for the keys its `sealed_for` names


def key_kind(key: str) -> str | None:
    """`X25519`, `ssh-ed25519` or `ssh-rsa` for a public key as written in `recipients:`."""
    key = key.strip()
    if key.startswith("age1"):
        return "X25519"
    kind = key.split(" ", 1)[0]
    return kind if kind in ("ssh-ed25519", "ssh-rsa") else None


def _normal(key: str) -> str:
    """A key without its comment: an SSH key's comment may change, the key does not."""
    parts = key.split()
    return " ".join(parts[:2]) if parts and parts[0].startswith("ssh-") else key.strip()


def fingerprint(key: str) -> str:
    """A short, stable name of a public key for `sealed_for` (SHA-256 of the key, 16 hex digits)."""
    return hashlib.sha256(_normal(key).encode()).hexdigest()[:16]


def _ssh_tag(key: str) -> str:
    """The tag age writes in an SSH stanza: the first 4 bytes of SHA-256 of the key's wire form."""
    wire = base64.b64decode(key.split()[1])
    return base64.b64encode(hashlib.sha256(wire).digest()[:4]).decode().rstrip("=")


def recipient(key: str) -> Any:
    """The pyrage recipient of a public key; SealError when it is not one."""
    kind = key_kind(key)
    try:
        if kind == "X25519":
            return pyrage.x25519.Recipient.from_str(key.strip())
        if kind is not None:
            return pyrage.ssh.Recipient.from_str(_normal(key))
    except (pyrage.RecipientError, ValueError, binascii.Error):
        pass
    raise SealError(_("not a usable public key: write an age key (age1...) or an SSH public key "
                      "(ssh-ed25519 ... or ssh-rsa ...)"))


def seal(plaintext: bytes, keys: list[str]) -> tuple[str, list[str]]:
    """The armored age message of `plaintext` for every key, and the `sealed_for` list."""
    if not keys:
        raise SealError(_("no recipients: add `recipients:` to kremlinlist.yaml"))
    armored = pyrage.encrypt(plaintext, [recipient(k) for k in keys], armored=True)
    return armored.decode("ascii"), sorted({fingerprint(k) for k in keys})


@dataclass(frozen=True)
class Header:
    """The recipient stanzas of an age header: their types and, for SSH keys, their tags."""

    stanzas: tuple[tuple[str, ...], ...]

    def count(self, kind: str) -> int:
        return sum(1 for s in self.stanzas if s[0] == kind)


def read_header(armored: str) -> Header:
    """The header of an armored age message, checking its form; SealError when it is damaged."""
    lines = armored.strip().splitlines()
    if len(lines) < 3 or lines[0].strip() != BEGIN or lines[-1].strip() != END:
        raise SealError(_("a sealed block starts with `{begin}` and ends with `{end}`; "
                          "seal it again with `kremlinlist seal`").format(begin=BEGIN, end=END))
    try:
        binary = base64.b64decode("".join(s.strip() for s in lines[1:-1]), validate=True)
    except (binascii.Error, ValueError):
        raise SealError(_("the sealed block is damaged (not base64); restore it from git "
                          "history")) from None
    head, sep, _rest = binary.partition(b"\n---")
    rows = head.split(b"\n")
    if not sep or rows[0] != VERSION_LINE:
        raise SealError(_("the sealed block is not an age v1 message; restore it from git "
                          "history"))
    stanzas = []
    for row in rows[1:]:
        if row.startswith(b"-> "):
            args = row[3:].decode("ascii", "replace").split(" ")
            if args[0] in _KEY_STANZAS:
                stanzas.append(tuple(args[:2]) if args[0].startswith("ssh-") else (args[0],))
    if not stanzas:
        raise SealError(_("the sealed block has no recipient; seal it again"))
    return Header(tuple(stanzas))


def stanzas_match(header: Header, keys: list[str]) -> bool:
    """The header has a stanza for each key (by kind; SSH keys also by tag) and no other."""
    x25519 = sum(1 for k in keys if key_kind(k) == "X25519")
    ssh = sorted((key_kind(k) or "", _ssh_tag(k)) for k in keys if key_kind(k) != "X25519")
    found = sorted(s for s in header.stanzas if s[0] != "X25519")
    return header.count("X25519") == x25519 and found == ssh


def sealed_for_keys(sealed_for: Iterable[str], keys: list[str]) -> bool:
    """`sealed_for` names exactly the keys of `recipients:`."""
    return sorted(set(sealed_for)) == sorted({fingerprint(k) for k in keys})


def unseal(armored: str, identities: list[Any], sealed_for: Iterable[str] = ()) -> bytes:
    """The plaintext of a sealed block; SealError when no identity opens it. Given `sealed_for`,
    the block must also be sealed as it says, as far as a key can tell (an X25519 stanza does
    not name its recipient): a key of ours that opens it must be among `sealed_for`, and one
    `sealed_for` names must open it; else the error is marked `mislabelled` (and `damaged`: the
    block, not the key, is wrong)."""
    if not identities:
        raise SealError(_("no identity to open sealed blocks: give --identity FILE or set "
                          "{env}").format(env=IDENTITY_ENV))
    named, damaged = set(sealed_for), False
    try:
        data = armored.encode("ascii")
        for identity in identities:  # one at a time: which key opened it is what is checked
            try:
                plain = pyrage.decrypt(data, [identity])
            except pyrage.DecryptError as exc:  # "no matching keys": no stanza for this key
                damaged = damaged or "no matching keys" not in str(exc).lower()
                continue
            mine = _public_keys([identity])
            if named and mine and fingerprint(mine[0]) not in named:
                raise SealError(_(
                    "the sealed block opens with your key, but its `sealed_for` does not name "
                    "that key: it was sealed for other keys than it says (relabelled by hand); "
                    "seal a trusted copy again with `kremlinlist seal --identity FILE`"),
                    mislabelled=True)
            return plain
    except (UnicodeEncodeError, ValueError):
        raise SealError(_("the sealed block is damaged; restore it from git history"),
                        damaged=True) from None
    if not named & {fingerprint(k) for k in _public_keys(identities)}:
        raise SealError(_("none of your identities opens this sealed block: it was sealed for "
                          "other keys"))
    if damaged:
        raise SealError(_("the sealed block does not open with a key it was sealed for: it "
                          "is damaged; restore it from git history"), damaged=True)
    raise SealError(_("the sealed block does not open with your key, although its `sealed_for` "
                      "names it: it may have been sealed for someone else and relabelled by "
                      "hand; take a trusted copy from git history and seal it again with "
                      "`kremlinlist seal --identity FILE`"),
                    mislabelled=True)


def _public_keys(identities: list[Any]) -> list[str]:
    """The age public keys of the X25519 identities (an SSH identity does not tell its own)."""
    out = []
    for identity in identities:
        to_public = getattr(identity, "to_public", None)
        if to_public is not None:
            out.append(str(to_public()))
    return out


def load_identities(path: Path) -> list[Any]:
    """The identities in a key file: an age identity file (`AGE-SECRET-KEY-1...` lines, as
    `age-keygen` writes it) or an unencrypted OpenSSH private key."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise SealError(_("the identity file cannot be read; check the path given with "
                          "--identity or {env}").format(env=IDENTITY_ENV)) from None
    if b"PRIVATE KEY-----" in data:
        try:
            return [pyrage.ssh.Identity.from_buffer(data)]
        except (pyrage.IdentityError, ValueError):
            raise SealError(_("the SSH key cannot be used: it must be an ed25519 or RSA key "
                              "without a passphrase")) from None
    found = []
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                found.append(pyrage.x25519.Identity.from_str(line))
            except (pyrage.IdentityError, ValueError):
                raise SealError(_("the identity file holds a damaged age key")) from None
    if not found:
        raise SealError(_("the identity file holds no key: it should hold an AGE-SECRET-KEY-1... "
                          "line or an OpenSSH private key"))
    return found


def identity_path(given: Path | None) -> Path | None:
    """The identity file asked for: the one given, else the KREMLINLIST_IDENTITY variable, else none."""
    if given is not None:
        return given
    env = os.environ.get(IDENTITY_ENV)
    return Path(env) if env else None
