"""After a rotation of KLACHTPAD_OTP_KEY: seal every authenticator key with the new key.
Recovery codes cannot be re-hashed (only their hashes are kept); they keep working while
the old key is listed, and people get new ones when they next set up their app."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from klachtpad.accounts.models import Authenticator
from klachtpad.accounts.sealing import reseal


class Command(BaseCommand):
    help = "Seal every authenticator key with the KLACHTPAD_OTP_KEY in use now."

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        with transaction.atomic():
            for device in Authenticator.objects.select_for_update().only("pk", "sealed_key"):
                Authenticator.objects.filter(pk=device.pk).update(
                    sealed_key=reseal(device.sealed_key)
                )
                done += 1
        self.stdout.write(f"{done} authenticator keys sealed with the current key.")
