"""ITA Tracker: plan, track, report and publish an agency's ITA measures."""

__version__ = "0.1.0"
