"""The advocacy actions as a table for a spreadsheet (`kremlinlist actions --format csv`), from
the views the redaction rule made: a withheld action has no id or title here either."""

from __future__ import annotations

import csv
import io

from kremlinlist.publish.escape import csv_cell

CSV_FIELDS = ("date", "until", "type", "id", "title_en", "title_uk", "by", "to", "for",
              "for_withheld", "signatures", "outcome")


def actions_csv(rows: list[dict]) -> str:
    """One row per action; lists joined with `; `; no cell a spreadsheet runs as a formula."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for r in rows:
        title = r.get("title") or {}
        sig = r.get("signatures") or {}
        w.writerow([csv_cell(v) for v in (
            r["date"], r.get("until"), r["type"], r["id"], title.get("en"), title.get("uk"),
            "; ".join([*r["by"]["organizations"], *r["by"]["others"]]), r.get("to"),
            "; ".join(p["id"] for p in r["for"]), r.get("for_withheld", 0),
            "; ".join(f"{k}: {v}" for k, v in sig.items()), r.get("outcome"))])
    return out.getvalue()
