"""The batch summary as a self-contained HTML page (layout only; counting is hjemmel.batch)."""

from __future__ import annotations

from hjemmel.languages import language
from markupsafe import Markup, escape

from .i18n import SUMMARY
from .renderer import environment

BAR_WIDTH = 380
LABEL_WIDTH = 400
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
        f'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, Arial, sans-serif" font-size="12">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
    ]
    for i, (key, count) in enumerate(items):
        y = 4 + i * ROW
        w = max(round(count / top * BAR_WIDTH, 1), 2)
        label = key if len(key) <= 56 else key[:55] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" fill="#1b1b1b">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{w}" height="{ROW - 8}" rx="2" fill="#0b4f8a"/>')
        parts.append(f'<text x="{LABEL_WIDTH + w + 6}" y="{y + 15}" fill="#1b1b1b">{count}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))


def error_type_label(code: str, lang: str) -> str:
    """An error record's type in words, with the code an analyst searches for: "Feil i saksfilen (case_file)"."""
    words = SUMMARY[language(lang)].get(f"type_{code}")
    return f"{words} ({code})" if words else code


def render_summary(
    *,
    lang: str,
    cases: int,
    assessed: int,
    failed: int,
    errors: list[tuple[str, int]],
    failures: list[tuple[str, str | None, str]],
    actors: list[tuple[str, str, int]],
    laws: list[tuple[str, str, int]],
    sections: list[tuple[str, int]],
    rules: list[tuple[str, str, int]],
    questions: list[tuple[str, str, int]],
    kinds: list[tuple[str, int]] | None = None,
    run: dict[str, str] | None = None,
) -> str:
    """The page; ``actors``, ``laws`` and ``rules`` are (name, id, count)."""
    lang = language(lang)
    t = SUMMARY[lang]
    desc = t["chart_desc"].format(items="; ".join(f"{name}: {count}" for name, _, count in rules))
    return (
        environment()
        .get_template("summary.html.j2")
        .render(
            t=t,
            lang=lang,
            cases=cases,
            assessed=assessed,
            failed=failed,
            errors=[(error_type_label(code, lang), count) for code, count in errors],
            kinds=kinds or [],
            failures=failures,
            run=run,
            actors=actors,
            laws=laws,
            sections=sections,
            rules=rules,
            questions=questions,
            chart=bar_chart([(name, count) for name, _, count in rules], t["chart"], desc),
        )
    )
