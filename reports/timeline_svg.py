"""The deadlines of an assessment as an inline SVG timeline (no scripts, no external assets).

One row per date: a marker on a shared time axis and a text label beside it. A finding's
last day is drawn as a bar from the assessment date, so "holds until" reads as a span; case
events are diamonds, law changes dashed lines. The picture has a ``<title>`` and a ``<desc>``
that lists every date in words, and the report repeats them in a table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 760
LEFT = 96  # date column
RIGHT = 16
TOP = 46  # axis and its labels
ROW = 30
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
COLOURS = {
    "last_day": "#0b4f8a",
    "starts": "#1d6b3a",
    "release": "#8a3b00",
    "eviction": "#a0201c",
    "discharge": "#8a3b00",
    "temporary_3_months": "#5b2a86",
    "law_change": "#4a4a4a",
}


@dataclass(frozen=True)
class Point:
    date: dt.date
    date_text: str
    kind: str
    label: str


def timeline_svg(day: dt.date, day_text: str, points: list[Point], title: str, today_label: str, desc: str) -> Markup:
    """An accessible SVG of ``points`` around the assessment date ``day``."""
    if not points:
        return Markup("")
    first = min([day, *(p.date for p in points)])
    last = max([day, *(p.date for p in points)])
    span = max((last - first).days, 1)
    x0, x1 = LEFT + 12, WIDTH - RIGHT - 12

    def x(date: dt.date) -> float:
        return round(x0 + (date - first).days / span * (x1 - x0), 1)

    height = TOP + ROW * len(points) + 12
    parts = [
        f'<svg class="timeline" role="img" aria-labelledby="tl-title tl-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" font-family="{FONT}" font-size="13">',
        f'<title id="tl-title">{escape(title)}</title>',
        f'<desc id="tl-desc">{escape(desc)}</desc>',
        f'<line x1="{x0}" y1="{TOP - 8}" x2="{x1}" y2="{TOP - 8}" stroke="#6b6b6b" stroke-width="1"/>',
    ]
    for year in range(first.year + 1, last.year + 1):
        tick = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{tick}" y1="{TOP - 12}" x2="{tick}" y2="{height - 8}" stroke="#d5dbe1" stroke-width="1"/>')
        parts.append(f'<text x="{tick}" y="{TOP - 16}" text-anchor="middle" fill="#4a4a4a" font-size="11">{year}</text>')
    now = x(day)
    parts.append(f'<line x1="{now}" y1="{TOP - 26}" x2="{now}" y2="{height - 8}" stroke="#1b1b1b" stroke-width="2"/>')
    anchor = "start" if now < (x0 + x1) / 2 else "end"
    shift = 4 if anchor == "start" else -4
    parts.append(
        f'<text x="{now + shift}" y="{TOP - 30}" text-anchor="{anchor}" fill="#1b1b1b" font-weight="600" font-size="12">'
        f"{escape(today_label)} {escape(day_text)}</text>"
    )
    for i, point in enumerate(points):
        y = TOP + ROW * i + ROW / 2
        colour = COLOURS.get(point.kind, "#0b4f8a")
        px = x(point.date)
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end" fill="#1b1b1b">{escape(point.date_text)}</text>')
        if point.kind == "last_day":
            start = min(now, px)
            parts.append(f'<rect x="{start}" y="{y - 5}" width="{max(abs(px - now), 2)}" height="10" rx="3" fill="{colour}" fill-opacity="0.25"/>')
            parts.append(f'<rect x="{px - 2}" y="{y - 9}" width="4" height="18" fill="{colour}"/>')
        elif point.kind == "law_change":
            parts.append(f'<line x1="{px}" y1="{y - 10}" x2="{px}" y2="{y + 10}" stroke="{colour}" stroke-width="3" stroke-dasharray="3 2"/>')
        else:
            parts.append(f'<path d="M{px} {y - 8} L{px + 8} {y} L{px} {y + 8} L{px - 8} {y} Z" fill="{colour}"/>')
        right = px < (x0 + x1) / 2
        lx, anchor = (px + 12, "start") if right else (px - 12, "end")
        label = _clip(point.label, int(((x1 - lx) if right else (lx - LEFT)) / 7))
        parts.append(f'<text x="{lx}" y="{y + 4}" text-anchor="{anchor}" fill="{colour}">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _clip(text: str, chars: int) -> str:
    """Shorten a label that would not fit (the full text is in the table and ``<desc>``)."""
    chars = max(chars, 12)
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"
