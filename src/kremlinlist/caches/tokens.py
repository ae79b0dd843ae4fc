"""The tokens a clean withheld person's file is known by in the clean cache, and the secret they
are keyed with: an HMAC of the file's id, its blob id and the organizations' ids, so that the
cache holds nothing of the person, and a copy of it without the checkout confirms no guess."""

from __future__ import annotations

import functools
import hmac
import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kremlinlist.caches.clean import file_id, framed, is_public, read_checked
from kremlinlist.caches.folder import git_folder

SECRET_FILE = "kremlinlist-token-secret"  # in the git folder, beside the cache folder
SECRET_KIND = "token secret"


def token_secret(root: Path, make: bool = True) -> bytes | None:
    """The checkout's random secret that withheld tokens and the clean cache's voucher are keyed
    with, made on first use (unless not `make`: a command that writes nothing); kept in its git
    folder but outside the cache folder, so a cache copied or restored without the checkout
    confirms nothing. None outside git or where it cannot be written: no token then."""
    found = git_folder(Path(root).resolve())
    if found is None:
        return None
    path = found[0] / SECRET_FILE
    secret = read_checked(path, SECRET_KIND, "")
    if secret is not None and len(secret) == 32:
        return secret
    if not make:
        return None
    secret = os.urandom(32)
    data = framed(SECRET_KIND, "", secret)
    temp = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
            f.write(data)
        try:
            os.link(temp, path)  # whole or not at all, and the first of two runs at once wins
        except FileExistsError:
            kept = read_checked(path, SECRET_KIND, "")
            if kept is not None and len(kept) == 32:
                return kept
            os.replace(temp, path)  # a damaged one
        except OSError:  # no hard links here: the last writer wins, which costs a re-check
            os.replace(temp, path)
    except OSError:
        return None
    finally:
        with suppress(OSError):
            os.unlink(temp)
    return secret


@dataclass(frozen=True)
class TokenKey:
    """What a withheld token is made with: the checkout's secret, and the ids of the dataset's
    organizations (a token keeps no `by`, so it holds only while they are the same)."""

    secret: bytes
    orgs: frozenset[str]

    def token(self, rel: str, blob: str) -> str:
        """What the cache keeps of a clean withheld person's file: an HMAC of its id (the file's
        name, so a renamed copy is not taken for it), its blob id and the organizations. Without
        the secret it cannot be made, and so confirms no guess of the file's bytes."""
        message = f"{file_id(rel)}\0{blob}{self._orgs}"
        # hmac.new's hexdigest, in one call to C (a warm run makes a thousand)
        return hmac.digest(self.secret, message.encode("utf-8", "surrogateescape"),
                           "sha256").hex()

    @functools.cached_property
    def _orgs(self) -> str:
        """The organizations' part of every token, joined once (a warm run makes a thousand)."""
        return "".join("\0" + org for org in sorted(self.orgs))

    @staticmethod
    def summary(rel: str) -> dict:
        """What the checks across files read of a file known by its token: its id (its name's;
        the token was made with it), and no former ids or organizations (it is made only for
        a file with no former ids, whose organizations all exist)."""
        return {"id": file_id(rel), "former_ids": [], "by": []}

    def may_keep(self, summary: Any) -> bool:
        """Whether a token can stand for a clean file's summary: a withheld person with no former
        id (those are compared with other files' ids on every run, and may be a name) whose `by`
        names only known organizations (the check across files a token skips)."""
        return (isinstance(summary, dict) and not is_public(summary)
                and not summary.get("former_ids") and self.orgs.issuperset(summary.get("by", ())))
