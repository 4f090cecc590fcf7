"""The public site shows released snapshots only; its models arrive with the disclosure issue."""
