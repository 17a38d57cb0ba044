"""Each person's notifications: what came in, and per kind at once or in a daily digest."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klachtpad.notifications.mail import notification_text
from klachtpad.notifications.models import (
    DeliveryModeChoices,
    NotificationKindChoices,
    StaffNotification,
)
from klachtpad.notifications.outbox import preferred_mode
from klachtpad.notifications.services import preferences_save
from klachtpad.staff.access import staff_only, verified


class PreferencesForm(forms.Form):
    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind in NotificationKindChoices:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=DeliveryModeChoices.choices,
                widget=forms.RadioSelect,
                initial=preferred_mode(user, kind).value,  # type: ignore[arg-type]
            )


@staff_only
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = verified(request)
    assert user is not None  # noqa: S101 - staff_only let the request through
    form = PreferencesForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        preferences_save(
            user,
            {
                NotificationKindChoices(kind): DeliveryModeChoices(mode)
                for kind, mode in form.cleaned_data.items()
            },
        )
        messages.success(request, _("Saved."))
        return redirect("staff:notification_settings")
    recent = [
        (notification, notification_text(notification))
        for notification in StaffNotification.objects.filter(user=user).select_related(
            "organisation", "complaint"
        )[:50]
    ]
    return render(
        request,
        "staff/notifications.html",
        {"form": form, "recent": recent, "email": user.email},
        status=422 if form.errors else 200,
    )
