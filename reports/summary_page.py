"""The batch summary as a self-contained HTML page (layout only; counting is hjemmel.batch)."""

from __future__ import annotations

from markupsafe import Markup, escape

from .i18n import SUMMARY, language
from .renderer import environment

BAR_WIDTH = 420
LABEL_WIDTH = 250
ROW = 24


def bar_chart(items: list[tuple[str, int]], title: str, desc: str) -> Markup:
    """A horizontal bar chart in inline SVG with a title, a description and text labels."""
    if not items:
        return Markup("")
    top = max(count for _, count in items) or 1
    width = LABEL_WIDTH + BAR_WIDTH + 60
    height = ROW * len(items) + 8
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, Arial, sans-serif" font-size="13">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
    ]
    for i, (key, count) in enumerate(items):
        y = 4 + i * ROW
        w = max(round(count / top * BAR_WIDTH, 1), 2)
        label = key if len(key) <= 34 else key[:33] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" fill="#1b1b1b">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{w}" height="{ROW - 8}" rx="2" fill="#0b4f8a"/>')
        parts.append(f'<text x="{LABEL_WIDTH + w + 6}" y="{y + 15}" fill="#1b1b1b">{count}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))


def render_summary(
    *,
    lang: str,
    cases: int,
    assessed: int,
    failed: int,
    errors: list[tuple[str, int]],
    failures: list[tuple[str, str | None, str]],
    actors: list[tuple[str, int]],
    laws: list[tuple[str, int]],
    sections: list[tuple[str, int]],
    rules: list[tuple[str, int]],
    questions: list[tuple[str, str, int]],
) -> str:
    lang = language(lang)
    t = SUMMARY[lang]
    desc = t["chart_desc"].format(items="; ".join(f"{key}: {count}" for key, count in rules))
    return (
        environment()
        .get_template("summary.html.j2")
        .render(
            t=t,
            lang=lang,
            cases=cases,
            assessed=assessed,
            failed=failed,
            errors=errors,
            failures=failures,
            actors=actors,
            laws=laws,
            sections=sections,
            rules=rules,
            questions=questions,
            chart=bar_chart(rules, t["chart"], desc),
        )
    )
