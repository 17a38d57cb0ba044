from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path

from klachtpad.organisations.views import terms_calculator
from klachtpad.public import views as public

urlpatterns = [
    path("admin/terms/", admin.site.admin_view(terms_calculator), name="terms_calculator"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", public.organisation_index, name="organisation_index"),
    path("<slug:slug>/", public.procedure_page, name="procedure_page"),
    prefix_default_language=False,
)
