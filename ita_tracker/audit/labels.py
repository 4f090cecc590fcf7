"""What each recorded action is called on screen."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "plan.imported": _("Plan imported from a file"),
    "plan.replaced": _("Plan replaced by an import"),
    "plan.created": _("Plan created"),
    "plan.cloned": _("Plan started from last year's measures"),
    "plan.updated": _("Plan details changed"),
    "plan.submitted": _("Plan submitted for approval"),
    "plan.approved": _("Plan approved"),
    "plan.returned": _("Plan returned to draft"),
    "measure.created": _("Measure added"),
    "measure.updated": _("Measure changed"),
    "measure.moved": _("Measure moved"),
    "measure.deleted": _("Measure deleted"),
    "round.opened": _("Round opened"),
    "round.submitted": _("Round report submitted"),
    "round.reopened": _("Round reopened"),
    "round.approved": _("Round report approved"),
    "round.reminded": _("Reminders e-mailed to unit officers"),
    "progress.updated": _("Progress reported"),
    "evidence.added": _("Evidence file added"),
    "evidence.removed": _("Evidence file removed"),
    "evidence.made_public": _("Evidence file made public"),
    "evidence.made_internal": _("Evidence file made internal"),
    "links.checked": _("Evidence links checked"),
    "result.created": _("ITA result entered"),
    "result.updated": _("ITA result changed"),
    "user.created": _("Account created"),
    "member.added": _("Member added"),
    "member.updated": _("Member changed"),
    "member.removed": _("Member removed"),
    "member.password_set": _("Password set by the administrator"),
    "unit.created": _("Unit added"),
    "unit.updated": _("Unit changed"),
    "unit.deleted": _("Unit deleted"),
    "signatory.created": _("Signatory added"),
    "signatory.updated": _("Signatory changed"),
    "signatory.deleted": _("Signatory deleted"),
    "agency.updated": _("Agency settings changed"),
    "signing_certificate.uploaded": _("Signing certificate uploaded"),
    "signing_certificate.deactivated": _("Signing certificate no longer used"),
    "agency.slug_changed": _("Agency web address name changed"),
    "catalogue.loaded": _("ITA catalogue loaded"),
    "chain.updated": _("Approval chain changed"),
    "memo.updated": _("Memo text changed"),
    "document.submitted": _("Document submitted for approval"),
    "document.step_approved": _("Approved at one step of the chain"),
    "document.approved": _("Document approved by the whole chain"),
    "document.returned": _("Document returned to the coordinator"),
    "document.withdrawn": _("Document taken back by the coordinator"),
    "document.recorded": _("Approval recorded from an imported plan file"),
    "register.number_given": _("Register number given"),
    "register.continued": _("Register continued from a number already used"),
    "document.issued": _("Document issued"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
