"""An OpenID Connect provider of its own (django-oauth-toolkit, OIDC on), for the tests of
Préau's OpenID Connect sign-in and for the demo (``make demo-oidc``).

A separate Django project: its settings (``settings.py``), its URLs (a login form and
``oauth2_provider.urls`` under ``/o/``), its own SQLite database, RSA key and list of
people in a state folder; started by ``python -m tests.federation.oidc_provider``
(``__main__.py``), in a process of its own (``server.py`` for the tests).
"""
