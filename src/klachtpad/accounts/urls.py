from django.urls import path

from klachtpad.accounts import passwords, views, welcome

app_name = "accounts"
urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("logout/", views.sign_out, name="logout"),
    path("welcome/", welcome.welcome, name="welcome"),
    path("welcome/password/", welcome.welcome_password, name="welcome_password"),
    path("welcome/<str:token>/", welcome.welcome_open, name="welcome_open"),
    path("password/", passwords.PasswordChange.as_view(), name="password_change"),
    path("password/changed/", passwords.PasswordChangeDone.as_view(), name="password_change_done"),
    path("password/forgotten/", passwords.PasswordReset.as_view(), name="password_reset"),
    path("password/sent/", passwords.PasswordResetDone.as_view(), name="password_reset_done"),
    path(
        "password/new/<uidb64>/<token>/",
        passwords.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/done/", passwords.PasswordResetComplete.as_view(), name="password_reset_complete"
    ),
]
