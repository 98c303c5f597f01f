"""Case files: the contract's model, reading them with located errors, and the facts the rules see.

Entry points: ``model.Case``, ``inputs.load_case`` and the streams of a batch, ``facts.case_facts``,
``projection.project``; a fact is declared once in ``facts.yaml`` (``declarations``).

Modules:

- ``canonical``: the canonical form of a case as read, and its digest (the ``input`` of an
  assessment's receipt).
- ``codegen``: the case sections, written as Python from the fact declarations in ``facts.yaml``.
- ``consistency``: checks that need the assessment date: facts that contradict each other or the
  date.
- ``csvrows``: CSV case files: one case per row, one outcome per row, always.
- ``declarations``: a fact is declared once, in ``facts.yaml``; the case model and the contract
  table are written from it.
- ``documents``: reading YAML/JSON documents while keeping the line of every value.
- ``facts``: case facts as the rule engine sees them: flat dotted paths, computed facts, questions.
- ``fields``: the kinds of value a case field can hold, and the checks each kind makes.
- ``inputs``: case inputs: one case file (``load_case``), or streams of many for a batch: files,
  folders, globs, JSON Lines, CSV.
- ``loading``: loading case files (YAML, JSON, JSON Lines) into validated ``Case`` models.
- ``model``: the case-file model (contract version 1, see docs/contract.md).
- ``national_id``: Norwegian national ids (fødselsnummer, D-nummer): validation and masking.
- ``projection``: the case moves in time: the facts on another day than the one the case was
  written.
- ``reading``: reading input files within limits: only regular files, never more bytes than allowed.
- ``schema``: the case format for editors: a JSON Schema and a commented template.
- ``sections``: the sections of a case file: one field per fact declared in ``facts.yaml``.
"""
