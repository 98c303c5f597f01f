"""The impact summary as a self-contained HTML page (layout only; counting is hjemmel.batch.impact)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from .i18n import IMPACT
from .renderer import environment
from .summary_page import error_type_label

BAR_WIDTH = 200
LABEL_WIDTH = 250
ROW = 24
GAINED = "#1d6b3a"
LOST = "#a0201c"


def paired_chart(items: list[tuple[str, int, int]], title: str, desc: str) -> Markup:
    """Two bars per key in inline SVG: cases gained (left of the value) and lost, with text labels."""
    if not items:
        return Markup("")
    top = max(max(g, lo) for _, g, lo in items) or 1
    width = LABEL_WIDTH + 2 * (BAR_WIDTH + 50)
    height = ROW * len(items) + 8
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, Arial, sans-serif" font-size="13">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
    ]
    for i, (key, gained, lost) in enumerate(items):
        y = 4 + i * ROW
        label = key if len(key) <= 34 else key[:33] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" fill="#1b1b1b">{escape(label)}</text>')
        for offset, count, colour, sign in ((0, gained, GAINED, "+"), (BAR_WIDTH + 50, lost, LOST, "−")):
            x = LABEL_WIDTH + offset
            w = round(count / top * BAR_WIDTH, 1) if count else 0
            if w:
                parts.append(f'<rect x="{x}" y="{y + 3}" width="{max(w, 2)}" height="{ROW - 8}" rx="2" fill="{colour}"/>')
            parts.append(f'<text x="{x + max(w, 0) + 6}" y="{y + 15}" fill="#1b1b1b">{sign}{count}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))


def render_impact(
    *,
    lang: str,
    start: dt.date | None,
    end: dt.date | None,
    overview: dict[str, int],
    errors: list[tuple[str, int]],
    failures: list[tuple[str, str | None, str]],
    actors: list[tuple[str, int, int]],
    laws: list[tuple[str, int, int]],
    sections: list[tuple[str, int, int]],
    changes: list[tuple[dt.date | None, str, str, str, str, int, int]],
    others: list[tuple[str, str, int, int]],
    question: str = "dates",
    reform: str | None = None,
) -> str:
    lang = lang if lang in IMPACT else "nb"
    t = IMPACT[lang]
    desc = t["chart_desc"].format(items="; ".join(f"{key}: +{g} −{lo}" for key, g, lo in actors))
    day = (lambda d: d.isoformat() if lang == "en" else d.strftime("%d.%m.%Y")) if start and end else None
    period = t["period_law" if question == "law" else "period"].format(start=day(start), end=day(end)) if day and start and end else ""
    if reform is not None:
        period = t["period_reform"].format(reform=reform)
    return (
        environment()
        .get_template("impact.html.j2")
        .render(
            t=t,
            lang=lang,
            period=period,
            overview=overview,
            errors=[(error_type_label(code, lang), count) for code, count in errors],
            failures=failures,
            actors=actors,
            laws=laws,
            sections=sections,
            changes=[
                (day(d) if day and d else (d.isoformat() if d else ""), t[kind], rule, title, section, g, lo)
                for d, kind, rule, title, section, g, lo in changes
            ],
            others=others,
            chart=paired_chart(actors, t["chart"], desc),
        )
    )
