"""Moving plan files in and out of the database: ``importer`` and ``exporter``.

The format itself (schema and reader, no Django) is :mod:`ita_tracker.planfile`.
"""
