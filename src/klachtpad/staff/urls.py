from django.urls import URLPattern, URLResolver, include, path

from klachtpad.staff import (
    administration,
    clients,
    committees,
    employee,
    learning,
    letters,
    notifications,
    periodic,
    platform,
    reports,
    views,
)

app_name = "staff"

complaint: list[URLPattern | URLResolver] = [
    path("", views.complaint_page, name="complaint"),
    path("print/", views.complaint_print, name="complaint_print"),
    path("do/<slug:action>/", views.complaint_action, name="complaint_action"),
    path("attachments/<int:attachment>/", views.attachment_download, name="attachment_download"),
    path("letters/<int:letter>/", letters.letter_download, name="letter_download"),
    path("letters/<int:letter>/posted/", letters.letter_posted_view, name="letter_posted"),
    path("feedback/", views.feedback_new, name="feedback_new"),
]
organisation: list[URLPattern | URLResolver] = [
    path("", views.start, name="start"),
    path("complaints/", views.worklist_page, name="worklist"),
    path("complaints/new/", views.intake, name="intake"),
    path(
        "complaints/<str:reference>/anonymised/",
        learning.complaint_anonymised,
        name="complaint_anonymised",
    ),
    path("complaints/<str:reference>/", include(complaint)),
    path("committees/", committees.committees_page, name="committees"),
    path(
        "committees/sessions/<int:session>/",
        committees.session_page,
        name="committee_session",
    ),
    path("reports/", reports.report_page, name="report"),
    path("reports/public/<slug:procedure>/", reports.report_public, name="report_public"),
    path("reports/periodic/", periodic.periodic_reports, name="periodic_reports"),
    path("reports/periodic/<int:report>/", periodic.periodic_report_page, name="periodic_report"),
    path(
        "reports/periodic/<int:report>/send/",
        periodic.periodic_report_send_view,
        name="periodic_report_send",
    ),
    path(
        "reports/periodic/<int:report>/discussed/",
        periodic.periodic_report_discussed,
        name="periodic_report_discussed",
    ),
    path("improvements/", learning.improvement_list, name="improvements"),
    path("improvements/new/", learning.improvement_new, name="improvement_new"),
    path("improvements/<int:improvement>/", learning.improvement_page, name="improvement"),
    path("shared/", views.shared_with_me, name="shared"),
    path("clients/", clients.client_list, name="clients"),
    path("clients/<str:number>/", clients.client_page, name="client"),
    path("clients/<str:number>/contacts/", clients.client_contact_add, name="client_contact"),
    path("clients/<str:number>/death/", clients.client_death, name="client_death"),
    path("about-me/", employee.my_parts, name="my_parts"),
    path("about-me/<str:reference>/", employee.my_part, name="my_part"),
    path("about-me/<str:reference>/side/", employee.my_part_statement, name="my_part_statement"),
    path("about-me/<str:reference>/sign/", employee.my_part_sign, name="my_part_sign"),
    path(
        "about-me/<str:reference>/letters/<int:letter>/",
        employee.my_part_letter,
        name="my_part_letter",
    ),
    path("admin/staff/", administration.admin_staff, name="admin_staff"),
    path("admin/staff/deputy/", administration.admin_deputy, name="admin_deputy"),
    path("admin/staff/invite/", administration.admin_invite, name="admin_invite"),
    path(
        "admin/staff/second-factor/",
        administration.admin_second_factor_reset,
        name="admin_second_factor_reset",
    ),
    path(
        "admin/staff/requests/<int:change>/",
        administration.admin_role_decide,
        name="admin_role_decide",
    ),
    path(
        "admin/staff/<int:membership>/revoke/",
        administration.admin_role_revoke,
        name="admin_role_revoke",
    ),
    path("admin/categories/", administration.admin_categories, name="admin_categories"),
    path("admin/anonymising/", administration.admin_redaction, name="admin_redaction"),
    path("admin/locations/", administration.admin_locations, name="admin_locations"),
    path("admin/calendar/", administration.admin_calendar, name="admin_calendar"),
    path("admin/scheme/", administration.admin_scheme, name="admin_scheme"),
    path("admin/terms/", administration.admin_terms, name="admin_terms"),
    path("admin/letters/", letters.admin_letters, name="admin_letters"),
    path(
        "admin/letters/<slug:kind>/<slug:language>/",
        letters.admin_letter_edit,
        name="admin_letter_edit",
    ),
    path("log/", administration.access_log, name="access_log"),
]
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", notifications.notification_settings, name="notification_settings"),
    path("platform/", platform.platform_page, name="platform"),
    path("platform/<int:build>/", platform.platform_build, name="platform_build"),
    path("<slug:organisation>/", include(organisation)),
]
