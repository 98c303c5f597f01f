"""Many cases at once: ``hjemmel batch``, ``impact`` and ``verify``, and what they write.

Entry points: ``run.run_batch`` (one output line per input, in input order), ``impact.compare``,
``verify.VerifyJob``; ``outputs.RunOutputs`` opens every output of a run.

Modules:

- ``distributed``: beyond one machine: the batch's per-case code as one plain function, for Dask,
  Spark or Ray.
- ``findings_table``: the findings table: one row per finding, for Excel, a database or pandas.
- ``impact``: impact: what moving from one date to another does to each case's findings.
- ``impact_summary``: the summary of an impact run as a self-contained HTML page or as CSV.
- ``outputs``: every output of a run in one place: checked, locked, opened, written, and failed the
  same way.
- ``overlap``: outputs never overlap inputs, each other or a run record: checked before anything is
  written.
- ``record``: the run record beside a results file: what ``--resume`` needs to recognise the run.
- ``report_files``: report files of a batch: one per assessed case, named after its id, never
  overwriting another.
- ``resume``: resuming a batch safely, and one writer per results file.
- ``run``: batch evaluation: every input case yields exactly one output line, in input order.
- ``seen``: the case ids a batch has used: each run refuses a second case with the same id.
- ``summary``: write a batch summary as a self-contained HTML page or as CSV (``kind,key,count``).
- ``verify``: ``hjemmel verify``: replay a results file against its inputs and name every line that
  differs.
- ``workers``: worker processes that never outlive the batch.
- ``writer``: writing each case's outputs, in this order: its report, its results line, its findings
  rows.
"""
