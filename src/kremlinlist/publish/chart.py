"""The geometry of the list's size by month, drawn as an inline SVG by the html template."""

from __future__ import annotations

import math
from typing import Any

from kremlinlist.publish.labels import number_label
from kremlinlist.publish.words import WORDS


def _nice_step(top: int) -> int:
    raw = max(top, 1) / 4
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for m in (1, 2, 5, 10):
        if m * mag >= raw:
            return max(1, int(m * mag))
    return int(10 * mag)


def chart(series: list[tuple[str, int]] | None, lang: str) -> dict[str, Any] | None:
    """Bar geometry of the list's size by month for an inline SVG; None without data."""
    if not series:
        return None
    width, height = 960, 240
    left, right, top, bottom = 64, 12, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max(int(v) for _, v in series)
    step = _nice_step(most)
    ymax = max(step, math.ceil(most / step) * step)
    n = len(series)
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.72)

    def y(v: int) -> float:
        return round(top + plot_h * (1 - v / ymax), 1)

    bars = [{"x": round(left + i * slot + (slot - bar_w) / 2, 1), "y": y(int(v)),
             "w": round(bar_w, 1), "h": round(top + plot_h - y(int(v)), 1),
             "month": str(month), "value": int(v), "label": number_label(int(v), lang)}
            for i, (month, v) in enumerate(series)]
    every = max(1, math.ceil(n / 8))
    xlabels = [{"x": round(left + i * slot + slot / 2, 1), "label": str(series[i][0]),
                "anchor": "middle"} for i in range(n) if (n - 1 - i) % every == 0]
    xlabels[-1].update(x=width - right, anchor="end")  # the newest month, never clipped
    yticks = [{"y": y(v), "label": number_label(v, lang)} for v in range(0, ymax + 1, step)]
    first, last = series[0], series[-1]
    summary = (f"{WORDS[lang]['chart']}: {first[0]} — {number_label(int(first[1]), lang)}, "
               f"{last[0]} — {number_label(int(last[1]), lang)}")
    return {"width": width, "height": height, "left": left, "right": width - right,
            "baseline": top + plot_h, "bars": bars, "xlabels": xlabels, "yticks": yticks,
            "last": bars[-1], "summary": summary}
