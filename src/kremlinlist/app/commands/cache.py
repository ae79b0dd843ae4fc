"""`kremlinlist cache path|clear`: the dataset's cache folder."""

from __future__ import annotations

from kremlinlist.app.commands.declaration import ROOT, Declared, Group
from kremlinlist.app.commands.outcome import Console, Outcome
from kremlinlist.app.dataset import dataset_root
from kremlinlist.base.i18n import N_, _

cache_commands = Declared()


@cache_commands.command(ROOT, name="path")
def cache_path(console: Console, root) -> Outcome:
    """Print the cache folder of the dataset (it may not exist yet).

    Example: kremlinlist cache path
    """
    from kremlinlist.app.cache import cache_folder

    return Outcome().show(str(cache_folder(dataset_root(root))))


@cache_commands.command(ROOT, name="clear")
def clear_cache(console: Console, root) -> Outcome:
    """Remove the cache folder of the dataset; refuse if it holds anything the tool does not write.

    Example: kremlinlist cache clear
    """
    from kremlinlist.app.cache import clear_cache as clearing

    removed = clearing(dataset_root(root))
    return Outcome().note(*(_("removed {folder}").format(folder=f) for f in removed),
                          *([] if removed else [_("no cache to remove")]))


CACHE = Group("cache", N_("The dataset's cache folder: inside the checkout's git folder, "
                          "owner-only, never holding a withheld person. Example: kremlinlist "
                          "cache clear"), tuple(cache_commands.commands))
