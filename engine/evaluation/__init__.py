"""Deciding a case: the rule base compiled for durable-rules, one plan per validity epoch.

Entry points: ``plan.Plan`` (what is fixed within an epoch), ``backend`` (the only module that
talks to durable-rules).

Modules:

- ``backend``: the one module that talks to durable-rules (2.0.28).
- ``compiler``: compile rules into a durable-rules JSON ruleset (the only producer of that
  artefact).
- ``plan``: what is fixed for every case assessed within one validity epoch.
"""
