"""Reading and writing the Office files agencies already keep their measures in (no Django).

``read_office_file`` turns a Word memo (``.docx``), an Excel sheet (``.xlsx``) or a CSV file into
a :class:`~ita_tracker.officefiles.model.ReadResult`: the measures as read, each with what is
unsure about it and where it came from (table, row, column). ``build.build_plan`` then matches
the units against the agency's and produces a plan file (``ita_tracker.planfile``), which the
database side imports through the plan-file importer. ``sheets.write_xlsx``/``write_csv``
export a plan in the agencies' own table layout. See docs/office-files.md.
"""

from __future__ import annotations

from ita_tracker.lib.errors import LocatedProblem
from ita_tracker.officefiles.errors import OfficeFileError
from ita_tracker.officefiles.model import ReadResult
from ita_tracker.officefiles.reader import read_office_file

__all__ = ["LocatedProblem", "OfficeFileError", "ReadResult", "read_office_file"]
