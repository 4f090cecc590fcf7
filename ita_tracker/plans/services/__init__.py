"""Writes to plans, measures, rounds and progress. Every function is atomic, takes a keyword-only
``acting_user`` and writes its audit row in the same transaction."""
