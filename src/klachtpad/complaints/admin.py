"""Read-only view of complaint files for administrators. Every change goes through the
services (the staff pages), never through the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from klachtpad.complaints.models import (
    Client,
    Complaint,
    HistoryEntry,
    OutgoingMessage,
    Term,
)


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TermInline(ReadOnly, admin.TabularInline[Term, Complaint]):
    model = Term
    fields = ["step", "kind", "start_on", "end_on", "status", "met_on", "in_time"]
    extra = 0


class HistoryInline(ReadOnly, admin.TabularInline[HistoryEntry, Complaint]):
    model = HistoryEntry
    fields = ["sequence", "at", "actor_name", "action", "state", "step", "reason"]
    extra = 0


class MessageInline(ReadOnly, admin.TabularInline[OutgoingMessage, Complaint]):
    model = OutgoingMessage
    fields = ["recipient", "event", "document", "sharing", "sent_at"]
    extra = 0


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly, admin.ModelAdmin[Complaint]):
    list_display = [
        "reference",
        "organisation",
        "summary",
        "handling",
        "state",
        "step",
        "received_on",
    ]
    list_filter = ["organisation", "state", "handling"]
    search_fields = ["reference", "summary", "complainant_name"]
    inlines = [TermInline, HistoryInline, MessageInline]


@admin.register(Client)
class ClientAdmin(ReadOnly, admin.ModelAdmin[Client]):
    list_display = ["client_number", "name", "organisation"]
    list_filter = ["organisation"]
