from django.contrib import admin

from klachtpad.organisations.models import Category, Organisation, Procedure, SchemeVersion


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
            {
                "fields": [
                    "calendar_country",
                    "calendar_subdivision",
                    "working_weekdays",
                    "excluded_holidays",
                    "observed_holidays",
                    "closed_days",
                    "open_days",
                ]
            },
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
