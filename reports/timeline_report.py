"""Render a timeline (``hjemmel timeline``) as text, Markdown, HTML or JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from hjemmel.languages import language

from .i18n import KINDS, LABELS, TIMELINE, format_date
from .renderer import environment
from .timeline_lanes import lanes_svg

FORMATS = ("text", "markdown", "html", "json")


def render_timeline(data: Mapping[str, Any], fmt: str = "text") -> str:
    """The timeline as a string in ``fmt``; the data is ``hjemmel.timeline.timeline``'s."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    lang = language(str(data.get("language", "nb")))
    t = TIMELINE[lang]

    def day(value: str | dt.date) -> str:
        return format_date(value, lang)

    changes = [{**c, "day": day(c["date"])} for c in data["changes"]]
    periods = [{**p, "range": t["range"].format(start=day(p["from"]), end=day(p["to"]))} for p in data["periods"]]
    items = "; ".join(f"{c['day']}: " + ", ".join([f"+ {f['title']}" for f in c["gained"]] + [f"− {f['title']}" for f in c["lost"]]) for c in changes)
    desc = t["svg_desc"].format(start=day(data["from"]), end=day(data["to"]), items=items or t["no_changes"])
    svg = lanes_svg(data, t["svg_title"], desc, day) if fmt == "html" else ""
    template = environment().get_template(f"timeline.{ {'text': 'txt', 'markdown': 'md', 'html': 'html'}[fmt] }.j2")
    return template.render(
        d=data, t=t, labels=LABELS[lang], kinds=KINDS[lang], lang=lang, changes=changes, periods=periods,
        start=day(data["from"]), end=day(data["to"]), svg=svg,
    )  # fmt: skip
