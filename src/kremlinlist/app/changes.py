"""The change log as the command line prints it: `diff` the whole log, `release` its summary
line. The rendering is `publish.changelog_text`, re-exported so that cli needs only app."""

from __future__ import annotations

from kremlinlist.publish.changelog_text import render_log, summary

__all__ = ["render_log", "summary"]
