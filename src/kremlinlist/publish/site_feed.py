"""The archive's Atom feed: one entry per finished month, made from that month's change log.

Built with ElementTree, which escapes every value; an entry says only what the month's change log
says (a `ChangeLog` holds only what `redaction.view_of` lets out).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from kremlinlist.model import redaction
from kremlinlist.publish.changelog import ChangeLog
from kremlinlist.publish.site_words import SITE_WORDS
from kremlinlist.publish.words import WORDS

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:kremlinlist:{lang}:changes"


def _updated(last_day: date) -> str:
    """An entry's time: the last second of its month (UTC), so a rebuild gives the same feed."""
    return f"{last_day.isoformat()}T23:59:59Z"


def _summary(log: ChangeLog, lang: str) -> str:
    w = SITE_WORDS[lang]
    parts = [w["count_line"].format(before=log.before, after=log.after)]
    if log.hidden is not None:
        parts.append(w["hidden_line"].format(n=redaction.hidden_total(log.hidden, lang)))
    counts = [f"{w['cat_' + c]}: {len(log.entries[c])}"
              for c in ("added", "released", "died", "delisted") if log.entries[c]]
    return ", ".join(parts) + (". " + "; ".join(counts) if counts else "") + "."


def render_feed(logs: list[tuple[ChangeLog, date]], lang: str) -> bytes:
    """The feed of `logs` (each with its month's last day), newest first."""
    return render_feed_items([feed_item(log, last_day) for log, last_day in logs], lang)


@dataclass(frozen=True)
class FeedItem:
    """What the feed says of one month: kept in place of its change log, so a site holds one
    month's log at a time."""

    month: str | None
    last_day: date
    summaries: dict[str, str]  # lang -> the entry's summary


def feed_item(log: ChangeLog, last_day: date) -> FeedItem:
    return FeedItem(log.month, last_day, {lang: _summary(log, lang) for lang in SITE_WORDS})


def render_feed_items(items: list[FeedItem], lang: str) -> bytes:
    """The feed of `items`, newest first. Links are relative to the feed (`changes/feed.atom`),
    so the site works wherever it is hosted."""
    ET.register_namespace("", ATOM)
    w = SITE_WORDS[lang]
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID.format(lang=lang)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{WORDS[lang]['title']}: {w['archive_title']}"
    newest = max((item.last_day for item in items), default=date(1970, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _updated(newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = WORDS[lang]["subtitle"]
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": "feed.atom"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": "./"})
    for item in sorted(items, key=lambda item: item.last_day, reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{FEED_ID.format(lang=lang)}:{item.month}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = w["changes_title"].format(
            month=item.month)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _updated(item.last_day)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": f"{item.month}/"})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summaries[lang]
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8",
                                                                       xml_declaration=False) + b"\n"
