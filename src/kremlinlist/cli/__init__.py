from kremlinlist.cli.commands import app, main

__all__ = ["app", "main"]
