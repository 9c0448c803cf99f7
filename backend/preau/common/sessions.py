"""Session keys that the kernel reads as well as the app that writes them."""

# A password checked for an account with a confirmed device: the session holds the account
# (and when the password was checked, ``preau.accounts.services``), and no login, until the
# code is given. The error handler reads it to answer "second factor awaited".
PENDING_USER_KEY = "preau_otp_pending_user"
