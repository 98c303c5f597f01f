"""The impact summary as a self-contained HTML page (layout only; counting is hjemmel.batch.impact)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from .renderer import environment

BAR_WIDTH = 200
LABEL_WIDTH = 250
ROW = 24
GAINED = "#1d6b3a"
LOST = "#a0201c"

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Virkning av lovendringer på sakene",
        "period": "Fra {start} til {end}",
        "period_law": "De samme opplysningene under loven {start} og under loven {end}",
        "period_reform": "Gjeldende lov mot reformen «{reform}»",
        "added": "ny regel i reformen",
        "replaced": "endret av reformen",
        "repealed": "opphevet av reformen",
        "overview": "Oversikt",
        "cases": "Saker i alt",
        "changed": "Saker med endrede funn",
        "unchanged": "Saker uten endring",
        "gained": "Funn som kommer til",
        "lost": "Funn som faller bort",
        "failed": "Feilet",
        "once": "Vurdert bare én gang (uendret utfall bevist)",
        "chart": "Saker som får og mister funn, per aktør",
        "chart_desc": "Stolpediagram over hvor mange saker som får (grønt) og mister (rødt) funn hos hver aktør: {items}.",
        "cases_gained": "Saker som får funn",
        "cases_lost": "Saker som mister funn",
        "actors": "Per aktør",
        "actor": "Aktør",
        "laws": "Per lov",
        "law": "Lov",
        "sections": "Per lov og paragraf",
        "section": "Lov og paragraf",
        "changes": "Lovendringer mellom datoene",
        "changes_intro": "Regler som trer i kraft eller oppheves mellom datoene, og hvor mange saker hver av dem endrer.",
        "date": "Dato",
        "change": "Endring",
        "starts": "trer i kraft",
        "ends": "oppheves",
        "rule": "Regel",
        "others": "Endringer mens regelen gjaldt på begge datoene",
        "others_intro": "Disse funnene endret seg fordi sakens egne datoer flyttet seg (alder, måneder i midlertidig botilbud, "
        "dager til løslatelse) eller fordi en regel de bygger på endret seg.",
        "errors": "Hvorfor saker feilet",
        "error_type": "Feiltype",
        "source": "Kilde",
        "case_id": "Sak",
        "message": "Melding",
        "none": "Ingen.",
        "generated": "Laget med hjemmel",
    },
    "nn": {
        "title": "Verknad av lovendringar på sakene",
        "period": "Frå {start} til {end}",
        "period_law": "Dei same opplysningane under lova {start} og under lova {end}",
        "period_reform": "Gjeldande lov mot reforma «{reform}»",
        "added": "ny regel i reforma",
        "replaced": "endra av reforma",
        "repealed": "oppheva av reforma",
        "overview": "Oversyn",
        "cases": "Saker i alt",
        "changed": "Saker med endra funn",
        "unchanged": "Saker utan endring",
        "gained": "Funn som kjem til",
        "lost": "Funn som fell bort",
        "failed": "Feila",
        "once": "Vurdert berre éin gong (uendra utfall prova)",
        "chart": "Saker som får og mistar funn, per aktør",
        "chart_desc": "Stolpediagram over kor mange saker som får (grønt) og mistar (raudt) funn hos kvar aktør: {items}.",
        "cases_gained": "Saker som får funn",
        "cases_lost": "Saker som mistar funn",
        "actors": "Per aktør",
        "actor": "Aktør",
        "laws": "Per lov",
        "law": "Lov",
        "sections": "Per lov og paragraf",
        "section": "Lov og paragraf",
        "changes": "Lovendringar mellom datoane",
        "changes_intro": "Reglar som tek til å gjelde eller blir oppheva mellom datoane, og kor mange saker kvar av dei endrar.",
        "date": "Dato",
        "change": "Endring",
        "starts": "tek til å gjelde",
        "ends": "blir oppheva",
        "rule": "Regel",
        "others": "Endringar medan regelen galdt på begge datoane",
        "others_intro": "Desse funna endra seg fordi dei eigne datoane i saka flytta seg (alder, månader i mellombels butilbod, "
        "dagar til lauslating) eller fordi ein regel dei byggjer på, endra seg.",
        "errors": "Kvifor saker feila",
        "error_type": "Feiltype",
        "source": "Kjelde",
        "case_id": "Sak",
        "message": "Melding",
        "none": "Ingen.",
        "generated": "Laga med hjemmel",
    },
    "en": {
        "title": "Impact of law changes on the cases",
        "period": "From {start} to {end}",
        "period_law": "The same facts under the law of {start} and under the law of {end}",
        "period_reform": "The law in force against the reform “{reform}”",
        "added": "new rule in the reform",
        "replaced": "changed by the reform",
        "repealed": "repealed by the reform",
        "overview": "Overview",
        "cases": "Cases in total",
        "changed": "Cases with changed findings",
        "unchanged": "Cases without change",
        "gained": "Findings gained",
        "lost": "Findings lost",
        "failed": "Failed",
        "once": "Evaluated only once (same outcome proved)",
        "chart": "Cases gaining and losing findings, per actor",
        "chart_desc": "Bar chart of how many cases gain (green) and lose (red) findings of each actor: {items}.",
        "cases_gained": "Cases gaining",
        "cases_lost": "Cases losing",
        "actors": "Per actor",
        "actor": "Actor",
        "laws": "Per law",
        "law": "Law",
        "sections": "Per law and section",
        "section": "Law and section",
        "changes": "Law changes between the dates",
        "changes_intro": "Rules that come into force or are repealed between the dates, and how many cases each of them changes.",
        "date": "Date",
        "change": "Change",
        "starts": "comes into force",
        "ends": "is repealed",
        "rule": "Rule",
        "others": "Changes while the rule was in force on both dates",
        "others_intro": "These findings changed because the case's own dates moved (age, months in temporary "
        "accommodation, days to release) or because a rule they rest on changed.",
        "errors": "Why cases failed",
        "error_type": "Error type",
        "source": "Source",
        "case_id": "Case",
        "message": "Message",
        "none": "None.",
        "generated": "Made with hjemmel",
    },
}


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
    lang = lang if lang in TEXTS else "nb"
    t = TEXTS[lang]
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
            errors=errors,
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
