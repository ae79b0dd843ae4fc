"""Rule one, checked: a fact about a real person comes only from a public source cited in that
file. Every quote the shipped dataset cites must be found, word for word, in the documents the
project grew from (../shared/seeds/), so a quote cannot be paraphrased into a new fact."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from factory import shared

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ("cases", "organizations", "actions", "coalitions")
GAP = re.compile(r"\s*(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*")  # an elision inside a quote


def _plain(text: str) -> str:
    """Text as compared: Unicode-normalized, straight quotes and apostrophes, one space, lowercase
    (seeds were pasted from web pages, where quotes and line breaks vary)."""
    text = unicodedata.normalize("NFKC", text)
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("«", '"'),
                            ("»", '"')):
        text = text.replace(curly, straight)
    return re.sub(r"\s+", " ", text).strip().lower()


def _quotes() -> list[tuple[str, str, str]]:
    """(file, source id, quote) for every quoted source of the shipped dataset."""
    files = sorted(p for folder in FOLDERS for p in (REPO / folder).glob("*.yaml"))
    files.append(REPO / "criteria.yaml")
    out = []
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        sources = data.get("sources") or {}
        for sid, source in sources.items() if isinstance(sources, dict) else ():
            quote = source.get("quote") if isinstance(source, dict) else None
            for one in quote if isinstance(quote, list) else [quote] if quote else []:
                out.append((path.relative_to(REPO).as_posix(), sid, one))
    return out


def test_the_shipped_dataset_quotes_its_sources():
    assert len(_quotes()) >= 50  # the check below is not vacuous


@pytest.mark.parametrize("rel,sid,quote", _quotes(), ids=lambda v: v if "/" in str(v) else None)
def test_every_quote_is_found_word_for_word_in_a_seed(rel, sid, quote):
    seeds = _plain(" ".join(p.read_text(encoding="utf-8")
                            for p in sorted(shared("seeds").glob("*.txt"))))
    missing = [part for part in GAP.split(quote) if part.strip() and _plain(part) not in seeds]
    assert not missing, f"{rel} source {sid}: not in any seed: {missing[0][:120]!r}"
