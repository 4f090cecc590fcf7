"""``{% error_summary %}``: the errors of the page's forms at the top of the page, each a link
to its field, rendered on the server (issue 11). ``base.html`` calls it once for every page:
it finds the bound forms and formsets with errors in the template context, so no form
template has to remember it. ``static/js/forms.js`` only moves the focus to it (and builds one
for a part that htmx replaced)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class Problem:
    text: str
    anchor: str  # the field's id, "" for an error of the whole form


def _anchor(form: BaseForm, name: str) -> str:
    if name not in form.fields:
        return ""
    bound = form[name]
    if bound.is_hidden:
        return ""
    if bound.id_for_label:
        return str(bound.id_for_label)
    # Radio buttons and checkbox lists: the first choice (the group has no id of its own).
    subwidgets = bound.subwidgets
    return str(subwidgets[0].id_for_label or "") if subwidgets else str(bound.auto_id or "")


def _problems(form: BaseForm) -> list[Problem]:
    out = [Problem(str(e), "") for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        label = form.fields[name].label if name in form.fields else ""
        anchor = _anchor(form, name)
        for error in errors:
            out.append(Problem(f"{label}: {error}" if label else str(error), anchor))
    return out


def _forms_with_errors(values: list[Any]) -> list[BaseForm]:
    found: list[BaseForm] = []
    seen: set[int] = set()

    def add(form: BaseForm) -> None:
        if id(form) not in seen and form.is_bound and form.errors:
            seen.add(id(form))
            found.append(form)

    for value in values:
        if isinstance(value, BaseForm):
            add(value)
        elif isinstance(value, BaseFormSet) and value.is_bound:
            for form in value.forms:
                add(form)
    return found


def page_problems(context_values: list[Any]) -> list[Problem]:
    """Every error of the bound forms among ``context_values``, in the forms' field order."""
    problems: list[Problem] = []
    for value in context_values:
        if isinstance(value, BaseFormSet) and value.is_bound:
            problems += [Problem(str(e), "") for e in value.non_form_errors()]
    for form in _forms_with_errors(context_values):
        problems += _problems(form)
    return problems


@register.inclusion_tag("_error_summary.html", takes_context=True)
def error_summary(context: template.Context) -> dict[str, Any]:
    return {"problems": page_problems(list(context.flatten().values()))}
