from django.urls import path

from preau.accounts import apis

app_name = "accounts"
urlpatterns = [
    path("csrf/", apis.CsrfApi.as_view(), name="csrf"),
    path("login/", apis.LoginApi.as_view(), name="login"),
    path("login/otp/", apis.LoginOtpApi.as_view(), name="login-otp"),
    path("login/passkey/begin/", apis.LoginPasskeyBeginApi.as_view(),
         name="login-passkey-begin"),
    path("login/passkey/complete/", apis.LoginPasskeyCompleteApi.as_view(),
         name="login-passkey-complete"),
    path("login/passwordless/begin/", apis.LoginPasswordlessBeginApi.as_view(),
         name="login-passwordless-begin"),
    path("login/passwordless/complete/", apis.LoginPasswordlessCompleteApi.as_view(),
         name="login-passwordless-complete"),
    path("logout/", apis.LogoutApi.as_view(), name="logout"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("me/sessions/", apis.MeSessionListApi.as_view(), name="me-session-list"),
    path("me/sessions/<id:session_id>/", apis.MeSessionDetailApi.as_view(),
         name="me-session-detail"),
    path("me/sessions/end-others/", apis.MeSessionsEndOthersApi.as_view(),
         name="me-sessions-end-others"),
    path("me/otp/", apis.MeOtpApi.as_view(), name="me-otp"),
    path("me/otp/confirm/", apis.MeOtpConfirmApi.as_view(), name="me-otp-confirm"),
    path("me/passkeys/", apis.MePasskeyListApi.as_view(), name="me-passkey-list"),
    path("me/passkeys/register/begin/", apis.MePasskeyRegisterBeginApi.as_view(),
         name="me-passkey-register-begin"),
    path("me/passkeys/register/complete/", apis.MePasskeyRegisterCompleteApi.as_view(),
         name="me-passkey-register-complete"),
    path("me/passkeys/<id:passkey_id>/", apis.MePasskeyDetailApi.as_view(),
         name="me-passkey-detail"),
    path("activate/", apis.ActivateApi.as_view(), name="activate"),
    path("password-reset/", apis.PasswordResetApi.as_view(), name="password-reset"),
    path("password-reset/confirm/", apis.PasswordResetConfirmApi.as_view(),
         name="password-reset-confirm"),
]
