"""The one place that runs git: every `git` process of the package.

- `client`: `GitClient` answers questions about one repository's commits and trees (for
  snapshots, months and reviews), from the object database, never from a checkout;
- `blobs`: the files' contents by id, for a client;
- `reader`: the gits a client keeps running, `git cat-file --batch` (blobs, trees, commits) and
  `git diff-tree --stdin` (pairs of trees), each question a round trip on a pipe, not a process;
- `trees`: tree entries, revisions and commit times, read from `git cat-file`'s objects;
- `tree_diffs`: what git says of a folder's changes between two commits, asked once a client
  (a month walk's counts and its unread entries read the same diffs);
- `whole`: the refusals of a tree no checkout could hold (a path twice, a dataset folder that
  is a link, a file or a submodule);
- `checkout`: the questions put to git in the checkout itself (the files a pull request
  touches, for `validate --changed-since`; a file as committed; the untracked ones, and all
  that git would commit);
- `command`: how each of them starts git (the environment, paths from the top, git's reason).

git is run directly, not through a library: no import (GitPython's cost 40 ms and two `git
version` runs at each start), and a client's questions cost a few processes in all.
"""

from kremlinlist.history.git.blobs import BlobStore
from kremlinlist.history.git.checkout import (changed_since, committable, converted, file_at,
                                              indexed, unstaged, untracked)
from kremlinlist.history.git.client import FileChange, GitClient, commits_before

__all__ = ["BlobStore", "FileChange", "GitClient", "changed_since", "commits_before",
           "committable", "converted", "file_at", "indexed", "unstaged",
           "untracked"]
