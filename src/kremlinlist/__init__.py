"""kremlinlist: the joint list of Ukrainians deprived of liberty for political reasons by Russia."""

__version__ = "0.1.0"
