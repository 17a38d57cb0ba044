"""The platform admin shows no authenticator secrets and no recovery codes.

django-otp's own admin pages show a device's key and the recovery codes themselves;
whoever reads them can pass anyone's second factor. Klachtpad's own devices
(``accounts.models``) have no admin pages at all. A person who lost their device is
helped by setting it up again (an organisation admin's reset), not by reading the old one.
"""

from __future__ import annotations

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
