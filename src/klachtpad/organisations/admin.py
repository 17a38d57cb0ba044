from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from klachtpad.organisations.grants import GrantRefused, role_decide
from klachtpad.organisations.models import (
    CALENDAR_FIELDS,
    Category,
    Organisation,
    Procedure,
    RoleChange,
    RoleChangeChoices,
    SchemeVersion,
)


class ProcedureInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Procedure
    fields = ("key", "name_nl", "name_en", "regime")
    readonly_fields = ("key", "name_nl", "name_en", "regime")
    extra = 0
    can_delete = False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "created_at"]}),
        (
            "Werkdagenkalender",
            {"fields": list(CALENDAR_FIELDS)},
        ),
    ]


@admin.register(SchemeVersion)
class SchemeVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Scheme versions are records: shown, never edited (load a new file instead)."""

    list_display = ["organisation", "number", "source_name", "loaded_at"]
    list_filter = ["organisation"]
    readonly_fields = [
        "organisation",
        "number",
        "source_name",
        "content_hash",
        "loaded_at",
        "source_text",
    ]
    exclude = ["data", "calendar"]
    inlines = [ProcedureInline]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name_nl", "name_en", "code", "organisation", "active"]
    list_filter = ["organisation", "active"]
    readonly_fields = ["organisation", "code"]


@admin.register(RoleChange)
class RoleChangeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The ledger of roles, read-only; the platform administrator approves or refuses
    requests here when the organisation has no second admin."""

    list_display = ["at", "organisation", "user", "role", "change", "by_name", "reason"]
    list_filter = ["change", "organisation"]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def _decide(self, request: HttpRequest, queryset: QuerySet[RoleChange], approve: bool) -> None:
        user = request.user
        assert isinstance(user, User)  # noqa: S101  # the admin site signs people in
        for change in queryset.filter(change=RoleChangeChoices.REQUESTED):
            try:
                role_decide(change, by=user, approve=approve)
            except GrantRefused as refused:
                self.message_user(request, refused.text(), level=messages.ERROR)

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request: HttpRequest, queryset: QuerySet[RoleChange]) -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Refuse the selected requests"))
    def refuse(self, request: HttpRequest, queryset: QuerySet[RoleChange]) -> None:
        self._decide(request, queryset, approve=False)
