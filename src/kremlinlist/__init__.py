"""kremlinlist: the joint list of Ukrainians deprived of liberty for political reasons by Russia."""

from kremlinlist import _version


def __getattr__(name: str) -> str:
    # `__version__` is looked up on first use (kremlinlist._version): importlib.metadata is slow.
    if name == "__version__":
        return _version.__version__
    raise AttributeError(f"module 'kremlinlist' has no attribute {name!r}")
