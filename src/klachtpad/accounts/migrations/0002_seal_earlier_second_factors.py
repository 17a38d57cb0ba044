"""Second factors set up before secrets were sealed: each authenticator's key is moved
into an ``Authenticator``, encrypted, and each unused recovery code into a keyed hash;
the clear copies are deleted. Nobody has to set up their app again."""

from binascii import unhexlify

from django.db import migrations


def seal_earlier(apps, schema_editor):  # type: ignore[no-untyped-def]
    from klachtpad.accounts.sealing import code_hashes, seal

    old_totp = apps.get_model("otp_totp", "TOTPDevice")
    old_static = apps.get_model("otp_static", "StaticDevice")
    authenticator = apps.get_model("accounts", "Authenticator")
    recovery_codes = apps.get_model("accounts", "RecoveryCodes")
    recovery_code = apps.get_model("accounts", "RecoveryCode")
    for device in old_totp.objects.all():
        authenticator.objects.create(
            user_id=device.user_id,
            name=device.name,
            confirmed=device.confirmed,
            sealed_key=seal(unhexlify(device.key.encode())),
            drift=device.drift,
            last_t=device.last_t,
        )
    for device in old_static.objects.all():
        codes = recovery_codes.objects.create(
            user_id=device.user_id, name=device.name, confirmed=device.confirmed
        )
        for token in device.token_set.all():
            recovery_code.objects.create(device=codes, code_hash=code_hashes(token.token)[0])
    old_static.objects.all().delete()  # its tokens go with it
    old_totp.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_second_factors"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(seal_earlier, migrations.RunPython.noop)]
