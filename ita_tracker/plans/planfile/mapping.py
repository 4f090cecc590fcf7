"""Which plan-file field is which database field, shared by the importer and the exporter."""

from __future__ import annotations

# schema.Agency field -> agencies.Agency field (same names; ``type`` is an enum in the file).
AGENCY_FIELDS = (
    "name",
    "short_name",
    "type",
    "province",
    "district",
    "address",
    "phone",
    "doc_prefix",
    "website",
    "head_position",
    "thai_digits",
)

# schema.Memo field -> plans.Memo field.
MEMO_FIELDS = {
    "department": "department",
    "number": "number",
    "date": "date",
    "subject": "subject",
    "to": "salutation",
    "facts": "facts",
    "considerations": "considerations",
}
