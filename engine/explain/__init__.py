"""Explaining an assessed case: findings, reasons, open questions, near misses and dates.

Entry points: ``explanation.explain`` (the assessment as plain data), ``rule_explanation`` for
``hjemmel explain``, ``ranking`` (one order of questions for report, interview and API).

Modules:

- ``context``: what the explanation of one assessed case works from: the case, its facts and what
  fired.
- ``deadlines``: dates that matter to the person: last days of findings, case events, law changes.
- ``explanation``: the whole explanation of one assessed case, as plain assessment data (the JSON
  contract).
- ``findings``: findings: which fired rules stand, and each finding with its reasons, last day and
  notes.
- ``near_misses``: near misses: rules in force that fail on a single condition, with that condition.
- ``questions``: open questions: the unknown facts whose answer could add a finding or set one
  aside.
- ``ranking``: how decisive an answer is: one score for the report's open questions, the interview
  and the API.
- ``rule_explanation``: ``hjemmel explain``: whether one rule applies to a case on a date, condition
  by condition.
- ``texts``: fixed sentences the engine writes into notes and explanations: bokmål, nynorsk,
  English.
- ``why``: why a rule does or does not apply: each of its conditions, the case's value, and whether
  it holds.
"""
