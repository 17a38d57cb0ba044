from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from klachtpad import health
from klachtpad.public import follow
from klachtpad.public import views as public
from klachtpad.public.middleware import dialect_patterns
from klachtpad.staff.terms import terms_calculator


class AdminSite(OTPAdminSite):  # type: ignore[misc]  # django-otp has no types
    """The platform admin: a verified second factor, signed in through the staff sign-in."""

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        return redirect_to_login(request.get_full_path())


admin.site.__class__ = AdminSite

urlpatterns = [
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("admin/terms/", admin.site.admin_view(terms_calculator), name="terms_calculator"),
    path("admin/", admin.site.urls),
]
urlpatterns += dialect_patterns(
    path("account/", include("klachtpad.accounts.urls")),
    path("staff/", include("klachtpad.staff.urls")),
    path("", public.organisation_index, name="organisation_index"),
    path("volgen/", follow.status_page, name="status_page"),
    path("volgen/brief/<int:letter>/", follow.status_letter, name="status_letter"),
    path("volgen/actie/<slug:action>/", follow.status_action, name="status_action"),
    path("volgen/nieuwe-link/", follow.status_link_again, name="status_link_again"),
    path("volgen/<str:token>/", follow.status_open, name="status_open"),
    path("<slug:slug>/", public.procedure_page, name="procedure_page"),
    path("<slug:slug>/klacht/", public.complaint_start, name="complaint_start"),
    path("<slug:slug>/klacht/nieuwe-link/", public.link_request, name="link_request"),
    path(
        "<slug:slug>/klacht/ontvangen/<str:key>/",
        public.complaint_received,
        name="complaint_received",
    ),
    path("<slug:slug>/klacht/<slug:procedure>/", public.complaint_form, name="complaint_form"),
    path(
        "<slug:slug>/klacht/<slug:procedure>/formulier.pdf",
        public.complaint_form_print,
        name="complaint_form_print",
    ),
)
