"""Agency slugs that can never be taken, because the public site lives at ``/<slug>/ita/``.

The public pages share the first segment of the URL space with the back office and the
framework's own routes; an agency whose slug were ``admin`` or ``static`` would have public
pages nobody can reach (the earlier route wins). Every first path segment the project serves
is listed here (``tests/disclosure/test_reserved_slugs.py`` walks the URL configuration and
fails when a new one is missing), plus names kept for later or for the web server.
No Django imports: the plan-file schema checks slugs too.
"""

from __future__ import annotations

RESERVED_SLUGS = frozenset(
    {
        # routes of this project and of Django
        "a",
        "accounts",
        "admin",
        "i18n",
        "ita",
        "site",
        "static",
        "verify",
        # served by the web server or kept for later
        "api",
        "assets",
        "data",
        "embed",
        "feeds",
        "help",
        "media",
        "public",
        "www",
    }
)


def is_reserved(slug: str) -> bool:
    return slug.lower() in RESERVED_SLUGS
