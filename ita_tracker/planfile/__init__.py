"""The plan file: one agency's measures plan for one fiscal year, as YAML or JSON.

``schema`` (pydantic, no Django) defines and validates it; ``reader`` turns text into a
:class:`~ita_tracker.planfile.schema.PlanFile` with located errors. Both are below every
Django app, so the documents engine, the importers and the web app can all use them; moving
plan files in and out of the database is ``ita_tracker.plans.planfile`` (importer, exporter).
"""
