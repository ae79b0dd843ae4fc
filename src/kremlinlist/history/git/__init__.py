"""The one place that runs git: every `git` process of the package.

- `client`: `GitClient` answers questions about one repository's commits and trees (for
  snapshots, months and reviews), from the object database, never from a checkout;
- `blobs`: the files' contents by id, for a client;
- `tree_diffs`: what git says of a folder's changes between two commits, asked once a client
  (a month walk's counts and its unread entries read the same diffs);
- `checkout`: the questions put to git in the checkout itself (the files a pull request
  touches, for `validate --changed-since`; a file as committed; the untracked ones, and all
  that git would commit);
- `command`: how each of them starts git (the environment, paths from the top, git's reason).

git is run directly, not through a library: a command's questions then cost one process each
and no import (GitPython's cost 40 ms and two `git version` runs at each start).
"""

from kremlinlist.history.git.blobs import BlobStore
from kremlinlist.history.git.checkout import (changed_since, committable, file_at, indexed,
                                              unstaged, untracked)
from kremlinlist.history.git.client import FileChange, GitClient, commits_before

__all__ = ["BlobStore", "FileChange", "GitClient", "changed_since", "commits_before",
           "committable", "file_at", "indexed", "unstaged",
           "untracked"]
