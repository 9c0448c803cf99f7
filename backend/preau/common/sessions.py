"""Session keys that the kernel reads as well as the app that writes them."""

# A password checked for an account with a confirmed device: the session holds the account
# (and when the password was checked, ``preau.accounts.services``), and no login, until the
# code is given. The error handler reads it to answer "second factor awaited".
PENDING_USER_KEY = "preau_otp_pending_user"

# How the session was opened (``method`` or ``method:provider``, accounts.models.SignInMethod):
# written by the login service, read by the audit journal's sign-in event.
SIGN_IN_METHOD_KEY = "preau_sign_in_method"
