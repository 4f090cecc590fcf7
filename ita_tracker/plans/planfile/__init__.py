"""The plan file: one agency's measures plan for one fiscal year, as YAML or JSON.

``schema`` (pydantic, no Django) defines and validates it; ``reader`` turns text into a
:class:`~ita_tracker.plans.planfile.schema.PlanFile` with located errors; ``importer`` and
``exporter`` move it in and out of the database.
"""
