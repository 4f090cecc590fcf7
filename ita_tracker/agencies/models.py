"""Agencies (the tenants), their organisation units, signatories and members."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ita_tracker.lib.reserved_slugs import is_reserved


class AgencyType(models.TextChoices):
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("Subdistrict municipality")
    TOWN_MUNICIPALITY = "town_municipality", _("Town municipality")
    CITY_MUNICIPALITY = "city_municipality", _("City municipality")
    SAO = "sao", _("Subdistrict administrative organization")
    PAO = "pao", _("Provincial administrative organization")
    DEPARTMENT = "department", _("Department")
    HOSPITAL = "hospital", _("Hospital")
    SCHOOL = "school", _("School")
    POLICE = "police", _("Police station")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


class Numbering(models.TextChoices):
    REGISTER = "register", _("This system's outgoing register")
    TYPED = "typed", _("Typed in from the agency's own register (e-Saraban)")


slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
    _("Use lower-case Latin letters, digits and hyphens."),
)


def validate_unreserved_slug(value: str) -> None:
    """The public pages live at ``/<slug>/ita/``: a slug may not shadow the site's own routes."""
    if is_reserved(value):
        raise ValidationError(
            _("%(slug)s is reserved for the site's own addresses: choose another."),
            params={"slug": value},
            code="reserved",
        )


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(
        _("web address name"),
        max_length=50,
        unique=True,
        validators=[slug_validator, validate_unreserved_slug],
    )
    type = models.CharField(
        _("type"), max_length=40, choices=AgencyType.choices, default=AgencyType.OTHER
    )
    province = models.CharField(_("province"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    doc_prefix = models.CharField(
        _("outgoing document prefix"),
        max_length=60,
        blank=True,
        help_text=_("For example นศ ๕๓๓๐๑: the part of a memo number before the slash."),
    )
    website = models.URLField(_("website"), blank=True)
    head_position = models.CharField(
        _("position of the head of agency"),
        max_length=200,
        blank=True,
        help_text=_("For example นายกเทศมนตรีตำบลท่าแพ: whom memos are addressed to."),
    )
    thai_digits = models.BooleanField(_("Thai digits in documents"), default=True)
    numbering = models.CharField(
        _("document numbers"),
        max_length=20,
        choices=Numbering.choices,
        default=Numbering.REGISTER,
        help_text=_(
            "Where the numbers of issued documents (ที่ …/๑๖๕) come from: this system's "
            "register, running through each calendar year, or typed in by the coordinator."
        ),
    )
    emblem = models.ImageField(_("emblem"), upload_to="emblems/", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    @property
    def location(self) -> str:
        """``อำเภอเมืองนครศรีธรรมราช จังหวัดนครศรีธรรมราช`` when known."""
        parts = []
        if self.district:
            parts.append(f"อำเภอ{self.district}")
        if self.province:
            parts.append(f"จังหวัด{self.province}")
        return " ".join(parts)


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def in_tree_order(self) -> OrgUnitQuerySet:
        """Each division followed by its sections (the tree is two levels deep)."""
        return self.select_related("parent").order_by(
            Coalesce("parent__order", "order"),
            Coalesce("parent__name", "name"),
            models.F("parent").asc(nulls_first=True),
            "order",
            "name",
        )


class OrgUnit(models.Model):
    """A division (ส่วนราชการ: สำนักปลัด, กองคลัง …) or a section under it (งาน …)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="units", verbose_name=_("agency")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("Used in tables, e.g. สำนักปลัด for สำนักปลัดเทศบาล."),
    )
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = OrgUnitQuerySet.as_manager()

    agency_path = "agency"

    class Meta:
        ordering = ["agency", "order", "name"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        constraints = [
            # Two partial constraints instead of nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["agency", "name"],
                condition=models.Q(parent=None),
                name="orgunit_unique_top_name",
            ),
            models.UniqueConstraint(
                fields=["agency", "parent", "name"],
                condition=models.Q(parent__isnull=False),
                name="orgunit_unique_name",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def label(self) -> str:
        """``สำนักปลัด งานธุรการ``: the unit with its parent, as the seed memo writes it."""
        if self.parent_id is None:
            return self.display_name
        return f"{self.parent.display_name} {self.name}"  # type: ignore[union-attr]

    @property
    def path(self) -> str:
        """``สำนักปลัดเทศบาล/งานธุรการ``: the key plan files use."""
        if self.parent_id is None:
            return self.name
        return f"{self.parent.name}/{self.name}"  # type: ignore[union-attr]


class Signatory(models.Model):
    """A person who signs memos, with the position written under the name."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("agency")
    )
    name = models.CharField(
        _("name with title"), max_length=200, help_text=_("For example นางสาวกมลทิพย์ วัจนะพันธ์.")
    )
    position = models.CharField(_("position"), max_length=300)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatories",
        verbose_name=_("unit"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatories",
        verbose_name=_("user"),
    )
    active = models.BooleanField(_("holds the position now"), default=True)

    agency_path = "agency"

    class Meta:
        ordering = ["agency", "name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name", "position"], name="signatory_unique_holder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class Role(models.TextChoices):
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    COORDINATOR = "coordinator", _("ITA coordinator")
    UNIT_OFFICER = "unit_officer", _("Unit officer")
    APPROVER = "approver", _("Approver")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A user's role in one agency. A user may belong to several agencies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(
        OrgUnit,
        blank=True,
        related_name="members",
        verbose_name=_("units"),
        help_text=_("For unit officers: the units whose measures they update."),
    )
    signatory = models.ForeignKey(
        Signatory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("signs as"),
    )

    agency_path = "agency"

    class Meta:
        ordering = ["agency", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="membership_one_per_agency"),
        ]

    def __str__(self) -> str:
        # Named as people know the member (see agencies/people.py), not by login.
        if self.signatory_id is not None:
            name = self.signatory.name  # type: ignore[union-attr]
        else:
            name = self.user.get_full_name() or self.user.get_username()
        return f"{name} @ {self.agency} ({self.get_role_display()})"

    def unit_ids(self) -> set[int]:
        """Ids of this member's units and of every unit below them."""
        direct = {u.pk for u in self.units.all()}
        if not direct:
            return set()
        below = OrgUnit.objects.filter(parent_id__in=direct).values_list("pk", flat=True)
        return direct | set(below)


class LoginFailure(models.Model):
    """One failed login, kept for the throttling window (see ``agencies/throttle.py``).

    A table rather than a cache: every gunicorn worker sees the same counts, with no Redis.
    """

    username = models.CharField(_("user name"), max_length=150)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [
            models.Index(fields=["username", "ip_address", "at"]),
            models.Index(fields=["ip_address", "at"]),
            models.Index(fields=["at"]),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.ip_address}"
