"""Render each hostile template of tests/documents/test_template_limits.py with the production
budgets, one fresh process each, and print how long the refusal took and the process's peak
memory (ru_maxrss). Targets (issue 10): refused within 10 s, peak under 500 MB.

    .venv/bin/python bench/hostile_templates.py

Prints numbers only; nothing asserts on them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from ita_tracker.docengine.exporters.docx import builtin_template, render_docx
from ita_tracker.docengine.errors import TemplateError
from ita_tracker.docengine.render import document_context
from ita_tracker.planfile.reader import read_plan_file
from tests.documents.helpers import edit_docx
plan = read_plan_file({repo!r} + "/examples/thaphae-2566.yaml")
template = edit_docx(builtin_template("progress_report"), "{{{{ memo.subject }}}}", sys.argv[1])
context = document_context(plan, 0)
start = time.perf_counter()
try:
    render_docx(template, context)
    outcome = "RENDERED"
except TemplateError as exc:
    outcome = exc.message_en[:60]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps([time.perf_counter() - start, peak, outcome]))
"""


def main() -> None:
    sys.path.insert(0, str(REPO))
    from tests.documents.hostile_templates import HOSTILE, SLOW

    print(f"load: {os.getloadavg()[0]:.2f}")
    print(f"{'payload':22} {'seconds':>8} {'peak MB':>8}  outcome")
    for name, payload in {**HOSTILE, **SLOW}.items():
        result = subprocess.run(
            [sys.executable, "-c", CHILD.format(repo=str(REPO)), payload],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        try:
            seconds, peak, outcome = json.loads(result.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            print(f"{name:22} crashed: {result.stderr.strip().splitlines()[-1:]}")
            continue
        print(f"{name:22} {seconds:8.2f} {peak:8d}  {outcome}")


if __name__ == "__main__":
    main()
