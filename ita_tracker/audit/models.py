"""The append-only audit trail. Rows are written by services, in the same transaction as the
change they describe, through :func:`ita_tracker.audit.services.record`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        # The one change allowed: deleting a user sets ``actor`` to NULL (on_delete=SET_NULL);
        # the row keeps who acted in ``actor_label``, and the hash does not cover ``actor``.
        if kwargs.keys() <= {"actor", "actor_id"} and all(v is None for v in kwargs.values()):
            return super().update(**kwargs)
        raise TypeError("AuditEvent rows are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("AuditEvent rows are append-only")

    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEvent(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("agency"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept even when the user is deleted: the trail must still say who acted.
    actor_label = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # The hash chain (audit/chain.py): one chain per agency ("agency:<id>", or "site").
    chain = models.CharField(_("hash chain"), max_length=40, default="site")
    seq = models.PositiveBigIntegerField(_("place in the chain"), default=0)
    prev_hash = models.CharField(_("previous hash"), max_length=64, default="")
    row_hash = models.CharField(_("hash"), max_length=64, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # The base manager too refuses update() and delete(): no bypass through _base_manager.
        base_manager_name = "objects"
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("AuditEvent rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("AuditEvent rows are append-only")

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
