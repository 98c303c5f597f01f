"""A timeline of findings per actor as an inline SVG (no scripts, no external assets).

One lane per actor, one row per finding under it: a bar for every span of days on which
the finding holds, dashed lines on the dates the findings change. The picture has a
``<title>`` and a ``<desc>`` that says the same in words; the page repeats it in tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

WIDTH = 900
LABEL = 290  # the finding titles
RIGHT = 20
TOP = 44
ROW = 24
HEADER = 26
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
STRONG = "#0b4f8a"  # duties, rights, responsibilities
SOFT = "#5f86a8"  # powers and soft duties


def lanes_svg(data: Mapping[str, Any], title: str, desc: str, format_day: Any) -> Markup:
    """The SVG of a timeline (``hjemmel.timeline`` data); ``format_day`` writes a date."""
    start, end = dt.date.fromisoformat(data["from"]), dt.date.fromisoformat(data["to"])
    span = max((end - start).days + 1, 1)
    x0, x1 = LABEL + 8, WIDTH - RIGHT

    def x(day: dt.date) -> float:
        return round(x0 + (day - start).days / span * (x1 - x0), 1)

    actors = _rows(data["periods"])
    height = TOP + sum(HEADER + ROW * len(rows) for _, rows in actors) + 16
    parts = [
        f'<svg class="timeline" role="img" aria-labelledby="tl-title tl-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" font-family="{FONT}" font-size="13">',
        f'<title id="tl-title">{escape(title)}</title>',
        f'<desc id="tl-desc">{escape(desc)}</desc>',
        f'<line x1="{x0}" y1="{TOP - 10}" x2="{x1}" y2="{TOP - 10}" stroke="#6b6b6b"/>',
        f'<text x="{x0}" y="{TOP - 16}" fill="#1b1b1b" font-size="12">{escape(format_day(start))}</text>',
        f'<text x="{x1}" y="{TOP - 16}" text-anchor="end" fill="#1b1b1b" font-size="12">{escape(format_day(end))}</text>',
    ]
    for year in range(start.year + 1, end.year + 1):
        tick = x(dt.date(year, 1, 1))
        if x0 + 80 < tick < x1 - 80 and (end - start).days < 365 * 30:  # clear of the end dates
            parts.append(f'<line x1="{tick}" y1="{TOP - 14}" x2="{tick}" y2="{height - 8}" stroke="#e1e6eb"/>')
            parts.append(f'<text x="{tick}" y="{TOP - 16}" text-anchor="middle" fill="#6b6b6b" font-size="11">{year}</text>')
    for change in data["changes"]:
        cx = x(dt.date.fromisoformat(change["date"]))
        parts.append(f'<line x1="{cx}" y1="{TOP - 6}" x2="{cx}" y2="{height - 8}" stroke="#a0201c" stroke-width="1.5" stroke-dasharray="4 3"/>')
    y = TOP
    for actor, rows in actors:
        parts.append(f'<text x="4" y="{y + 17}" font-weight="700" fill="#1b1b1b">{escape(actor)}</text>')
        parts.append(f'<line x1="0" y1="{y + HEADER - 3}" x2="{x1}" y2="{y + HEADER - 3}" stroke="#c9d1d9"/>')
        y += HEADER
        for row in rows:
            parts.append(f'<text x="14" y="{y + 16}" fill="#1b1b1b"><title>{escape(row["label"])}</title>{escape(_clip(row["title"], 38))}</text>')
            colour = STRONG if row["kind"] in ("duty", "right", "responsibility") else SOFT
            for first, last in row["spans"]:
                left, right = x(first), x(last + dt.timedelta(days=1))
                parts.append(f'<rect x="{left}" y="{y + 5}" width="{max(right - left, 2)}" height="{ROW - 10}" rx="3" fill="{colour}"/>')
            y += ROW
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _rows(periods: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Actor → its findings, each with the spans of days it holds (in order of first appearance).

    An actor is one lane even when its name changed in the period (the latest name is shown).
    """
    actors: dict[str, dict[str, dict[str, Any]]] = {}
    names: dict[str, str] = {}
    for period in periods:
        first, last = dt.date.fromisoformat(period["from"]), dt.date.fromisoformat(period["to"])
        for f in period["findings"]:
            names[f["actor"]] = f["actor_name"]
            label = f"{f['title']} ({f['legal_basis']})"
            row = actors.setdefault(f["actor"], {}).setdefault(f["rule"], {"title": f["title"], "label": label, "kind": f["kind"], "spans": []})
            spans = row["spans"]
            if spans and spans[-1][1] + dt.timedelta(days=1) == first:
                spans[-1] = (spans[-1][0], last)
            else:
                spans.append((first, last))
    return [(names[actor], list(rows.values())) for actor, rows in actors.items()]


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"
