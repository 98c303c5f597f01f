"""Coverage of the source document: every actor and law it names, and the rules for each.

The source document is the government page "Ansvar og oppgaver i det boligsosiale arbeidet"
(``seed/`` in the shared material). ``SOURCE_DOCUMENT`` below is the machine-readable list of
what it names. Each item is either *covered* (some encoded rule has one of its actor or law
ids, and every section the document names has a rule) or *left out* on purpose, with the
reason. Provisions we chose not to encode are rules with ``encoded: false`` and a
``reason_not_encoded``; they are listed per item so that the gaps are visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hjemmel.rulebase.base import RuleBase
from hjemmel.rulebase.model import Rule

ItemKind = Literal["actor", "law"]


@dataclass(frozen=True)
class SourceItem:
    """One actor or law named in the source document."""

    kind: ItemKind
    name: str  # as the source document names it
    ids: tuple[str, ...] = ()  # actor or law ids in rules/actors.yaml or rules/laws.yaml
    sections: tuple[str, ...] = ()  # sections the source document names explicitly
    left_out: str | None = None  # why nothing is encoded for it (then ``ids`` may be empty)


_MINISTRY = "A ministry: sets policy and budgets; it has no duty towards an individual case."
_DIRECTORATE = "A directorate: guidance and administration for its sector; no duty towards an individual case."

SOURCE_DOCUMENT: tuple[SourceItem, ...] = (
    # --- actors ---------------------------------------------------------------------------
    SourceItem("actor", "Kommunene (hovedansvaret for vanskeligstilte)", ("kommunen",)),
    SourceItem("actor", "NAV-kontoret (kommunen i arbeids- og velferdsforvaltningen)", ("nav-kontoret",)),
    SourceItem("actor", "Statsforvalteren (klageinstans; forsøket i Nordland, Vestland og Rogaland)", ("statsforvalteren",)),
    SourceItem("actor", "Husbanken", ("husbanken",)),
    SourceItem("actor", "Husleietvistutvalget", ("husleietvistutvalget",)),
    SourceItem("actor", "NAV Hjelpemiddelsentralene", ("nav-hjelpemiddelsentral",)),
    SourceItem("actor", "Barnevernet / Bufetat (ettervern)", ("barnevernstjenesten", "bufetat")),
    SourceItem("actor", "Integrerings- og mangfoldsdirektoratet (IMDi)", ("imdi",)),
    SourceItem("actor", "Spesialisthelsetjenesten / de regionale helseforetakene", ("spesialisthelsetjenesten",)),
    SourceItem("actor", "Kriminalomsorgen (Kriminalomsorgsdirektoratet)", ("kriminalomsorgen",)),
    SourceItem("actor", "Namsmannen (Politidirektoratet)", ("namsmannen",)),
    SourceItem("actor", "Kommunal- og distriktsdepartementet (KDD)", left_out=_MINISTRY),
    SourceItem("actor", "Arbeids- og inkluderingsdepartementet (AID)", left_out=_MINISTRY),
    SourceItem("actor", "Barne- og familiedepartementet (BFD)", left_out=_MINISTRY),
    SourceItem("actor", "Kunnskapsdepartementet (KD)", left_out=_MINISTRY + " Integration moved to AID in 2021/2022."),
    SourceItem("actor", "Kultur- og likestillingsdepartementet (KUD)", left_out=_MINISTRY),
    SourceItem("actor", "Helse- og omsorgsdepartementet (HOD)", left_out=_MINISTRY),
    SourceItem("actor", "Justis- og beredskapsdepartementet (JD)", left_out=_MINISTRY),
    SourceItem("actor", "Arbeids- og velferdsdirektoratet (AVDir)", left_out=_DIRECTORATE + " Issues circular R35 on the Social Services Act."),
    SourceItem("actor", "Barne-, ungdoms- og familiedirektoratet (Bufdir)", left_out=_DIRECTORATE + " Bufetat (which it runs) is covered."),
    SourceItem("actor", "Helsedirektoratet", left_out=_DIRECTORATE),
    SourceItem("actor", "Frivillige og ideelle organisasjoner", left_out="Partners without statutory duties."),
    # --- laws and instruments -------------------------------------------------------------
    SourceItem("law", "Lov om kommunenes ansvar på det boligsosiale feltet («boligsosial lov»)", ("boligsosialloven",), ("5", "6")),
    SourceItem("law", "Lov om folkehelsearbeid", ("folkehelseloven",), ("5", "7")),
    SourceItem(
        "law",
        "Lov om sosiale tjenester i arbeids- og velferdsforvaltningen",
        ("sosialtjenesteloven",),
        ("15", "17", "18", "27", "28", "29"),
    ),
    SourceItem("law", "Lov om planlegging og byggesaksbehandling", ("plan-og-bygningsloven",)),
    SourceItem("law", "Lov om kommunale helse- og omsorgstjenester", ("helse-og-omsorgstjenesteloven",), ("3-1", "3-7")),
    SourceItem("law", "Lov om spesialisthelsetjenesten m.m.", ("spesialisthelsetjenesteloven",)),
    SourceItem("law", "Husleieloven (tvister for Husleietvistutvalget)", ("husleieloven", "forskrift-husleietvistutvalget")),
    SourceItem("law", "Tvangsfullbyrdelse (utkastelse, krav på fravikelse)", ("tvangsfullbyrdelsesloven",)),
    SourceItem("law", "Straffegjennomføring (kriminalomsorgens samarbeidsplikt)", ("straffegjennomforingsloven",), ("4",)),
    SourceItem("law", "Barnevernet: ettervern", ("barnevernloven-1992", "barnevernsloven")),
    SourceItem("law", "Bostøtte (Husbanken)", ("bustottelova",)),
    SourceItem("law", "Startlån (Husbanken)", ("forskrift-lan-husbanken", "forskrift-startlan-2014")),
    SourceItem("law", "Tilskudd til etablering og tilpasning", ("bustottelova", "husbankloven")),
    SourceItem("law", "Husbankens veiledning av kommunene (husbankloven)", ("husbankloven",)),
    SourceItem("law", "Hjelpemidler og tilpasning ved varig nedsatt funksjonsevne", ("folketrygdloven",)),
    SourceItem(
        "law",
        "Lån til utleieboliger (Husbanken)",
        left_out="Loans to municipalities and private landlords (forskrift om lån fra Husbanken ch. 3): not triggered by an individual case.",
    ),
    SourceItem(
        "law",
        "Tilskudd til boligsosialt arbeid (AVDir) og boligsosiale tiltak",
        left_out="Grants to municipalities and organisations for projects: not triggered by an individual case.",
    ),
)


@dataclass(frozen=True)
class ItemCoverage:
    item: SourceItem
    rules: tuple[Rule, ...]  # encoded rules that cover the item
    omitted: tuple[Rule, ...]  # provisions deliberately not encoded (encoded: false)
    unknown_ids: tuple[str, ...]  # ids not defined in actors.yaml / laws.yaml
    missing_sections: tuple[str, ...]  # sections the source names but no rule encodes

    @property
    def problems(self) -> tuple[str, ...]:
        out = [f"unknown {self.item.kind} id '{i}'" for i in self.unknown_ids]
        if self.item.left_out is None:
            if not self.rules:
                out.append("neither covered by a rule nor left out with a reason")
            out.extend(f"§ {s} is named in the source but has no encoded rule" for s in self.missing_sections)
        return tuple(out)


def _matches(rule: Rule, item: SourceItem) -> bool:
    if item.kind == "actor":
        return rule.actor in item.ids or rule.appeal_to in item.ids
    return rule.law in item.ids


def coverage(base: RuleBase, items: tuple[SourceItem, ...] = SOURCE_DOCUMENT) -> list[ItemCoverage]:
    """How each named actor and law is covered by ``base``."""
    out: list[ItemCoverage] = []
    for item in items:
        known = base.actors if item.kind == "actor" else base.laws
        matching = [r for r in base.rules if _matches(r, item)]
        encoded = tuple(r for r in matching if r.encoded)
        sections = {r.section for r in encoded if item.kind == "law"}
        out.append(
            ItemCoverage(
                item=item,
                rules=encoded,
                omitted=tuple(r for r in matching if not r.encoded),
                unknown_ids=tuple(i for i in item.ids if i not in known),
                missing_sections=tuple(s for s in item.sections if s not in sections),
            )
        )
    return out


def problems(report: list[ItemCoverage]) -> list[str]:
    """Every coverage problem as ``name: message``; empty when the source is fully accounted for."""
    return [f"{c.item.name}: {p}" for c in report for p in c.problems]
