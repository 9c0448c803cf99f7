"""Role-matrix rows of the OpenID Connect sign-in (browser redirects, not JSON).

Both routes are public: anyone may start a sign-in, and the callback answers a refusal
page unless the browser's session holds the attempt its state names. With no provider
configured (the matrix's settings), every role gets the 404 page, never a server error."""

from tests.matrix import Row

ROWS = [
    Row("oidc:start", kind="public", kwarg="provider", resolve=lambda w, key: "inconnu"),
    Row("oidc:callback", kind="public", kwarg="provider", resolve=lambda w, key: "inconnu"),
]
