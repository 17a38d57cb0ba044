"""Security headers on every response: a strict Content-Security-Policy (no inline
script), a Permissions-Policy that turns off what Klachtpad never uses, and
``Cache-Control: no-store`` on every page that can show complaint data (the staff
workspace, sign-in, the complainant's status page), so no browser or proxy keeps it.

An attachment download sets a stricter policy of its own, which is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Inline style attributes stay allowed (charts); scripts never run inline.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "interest-cohort",
    )
)
# Pages that can show what a complaint file holds, in either language.
PRIVATE_PREFIXES = (
    "/staff/",
    "/en/staff/",
    "/account/",
    "/en/account/",
    "/volgen/",
    "/en/volgen/",
    "/admin/",
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(PRIVATE_PREFIXES):
            response.headers["Cache-Control"] = "no-store"
        return response
