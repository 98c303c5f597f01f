"""The rule base: rule files loaded and checked, the condition language and its logic, the law's text.

Entry points: ``loading.load_rules``, ``base.RuleBase``, ``lint.lint``; ``official`` and
``quotes`` tie each rule to the statute's words.

Modules:

- ``base``: the rule base: laws, actors and rules, with what is in force on a date.
- ``bits``: three-valued truth as bit operations: every test of a plan read once per case.
- ``checks``: checks made on every load of the rule base (``hjemmel rules lint`` prints them all).
- ``codegen``: conditions as flat generated Python: the three-valued truth of a condition in one
  function.
- ``conditions``: the condition language of rule files.
- ``coverage``: coverage of the source document: every actor and law it names, and the rules for
  each.
- ``drift``: drift between the rule base's quotes and a newer copy of the official text.
- ``lint``: deep checks of the rule base (``hjemmel rules lint`` and the test suite).
- ``loading``: loading and checking the rule base (``rules/*.yaml``).
- ``logic``: three-valued semantics of the condition language (Kleene logic: true, false, unknown).
- ``model``: the rule-base model: laws, actors and rules, as written in ``rules/*.yaml``.
- ``municipalities``: municipality names by number and day (``rules/municipalities.yaml``, from
  SSB's KLASS 131).
- ``needs``: the smallest set of unknown facts that could still make a condition true.
- ``official``: the official text of an instrument, as Lovdata's open data set gives it (NLOD 2.0).
- ``quotes``: the statute's words beside each rule, checked against the official text.
- ``relevance``: which rules a case really engages: a fact specific to a rule, not a generic one.
- ``satisfiability``: finding a case that satisfies a condition (used by ``rules lint`` and by the
  tests).
"""
