"""Role-matrix rows of federated sign-in: the providers and the pending link are public
(the sign-in page); a school's links are its director's (and the operator's) to see and to
remove."""

from __future__ import annotations

from preau.federation.models import FederatedIdentity, LinkedHow
from tests.factories import UserFactory
from tests.matrix import Row
from tests.world import World

SCHOOLS = {"own": "A", "other_school": "B", "other_departement": "C"}
DIRECTORS = {"director": {"A"}, "director_other": {"B"}, "operator": {"A", "B", "C"}}


def with_identities(world: World) -> None:
    """One link per school: school A's guardian, school B's and school C's pupils."""
    if "identities" in world.extra:
        return
    users = {"A": world.user("guardian"),
             "B": UserFactory(username="pupil_b1", person=world.pupils["B1"]),
             "C": UserFactory(username="pupil_c1", person=world.pupils["C1"])}
    world.extra["identities"] = {
        key: FederatedIdentity.objects.create(
            user=user, protocol="saml", provider="educonnect", subject=f"subject-{key}",
            linked_how=LinkedHow.INVITATION_CODE)
        for key, user in users.items()}


ROWS: list[Row] = [
    Row("federation:providers", kind="public"),
    Row("federation:link", kind="public"),
    Row("federation:link", method="POST", kind="public",
        body={"code": "AAAA-BBBB-CCCC-DDDD"}),
    Row("federation:school-identities", kwarg="school_id",
        resolve=lambda w, key: w.schools[key], targets=SCHOOLS, seen=DIRECTORS,
        prepare=with_identities),
    Row("federation:identity-detail", method="DELETE", kwarg="identity_id",
        resolve=lambda w, key: w.extra["identities"][key], targets=SCHOOLS, seen=DIRECTORS,
        writers=DIRECTORS, ok_status=204, prepare=with_identities),
]

# The SAML service provider's browser endpoints (HTML pages and redirects, not JSON): no
# role gets a server error from them; tests/federation/test_saml.py checks what they do.
ROWS += [
    Row("saml:login", kind="public"),
    Row("saml:acs", method="POST", kind="public"),
    Row("saml:logout", kind="public"),
    Row("saml:ls", kind="public"),
    Row("saml:ls", method="POST", kind="public"),
    Row("saml:ls-post", kind="public"),
    Row("saml:ls-post", method="POST", kind="public"),
    Row("saml:metadata", kind="public"),
]
