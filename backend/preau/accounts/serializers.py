from rest_framework import serializers

from preau.accounts.models import SignInMethod
from preau.accounts.selectors import device_from_user_agent
from preau.common.fields import SchoolDateField
from preau.schools.models import Level
from preau.shared.serializers import ClassroomRefOutput, SchoolRefOutput


class LoginInput(serializers.Serializer):
    username = serializers.CharField(max_length=150, trim_whitespace=True)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class CsrfOutput(serializers.Serializer):
    csrf_token = serializers.CharField()


class MePersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class MeChildOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pupil.id")
    first_name = serializers.CharField(source="pupil.first_name")
    last_name = serializers.CharField(source="pupil.last_name")
    birth_date = SchoolDateField(source="pupil.birth_date", allow_null=True)
    # A child who is not enrolled today has no level, classroom or school: null.
    level = serializers.ChoiceField(choices=Level.choices, source="enrolment.level",
                                    allow_null=True)
    classroom = ClassroomRefOutput(source="enrolment.classroom", allow_null=True)
    school = SchoolRefOutput(source="enrolment.classroom.school", allow_null=True)


class MeClassroomOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices))
    school = SchoolRefOutput()
    school_year = serializers.CharField(source="school_year.label")


class MeSchoolOutput(serializers.Serializer):
    id = serializers.IntegerField(source="school.id")
    uai = serializers.CharField(source="school.uai")
    name = serializers.CharField(source="school.name")
    commune_name = serializers.CharField(source="school.commune.name")
    role = serializers.ChoiceField(choices=["teacher", "director", "guardian", "pupil"])


class MeAuthorityScopeOutput(serializers.Serializer):
    role = serializers.ChoiceField(choices=["commune", "inspector", "dasen"])
    label = serializers.CharField()
    departement_id = serializers.IntegerField(
        allow_null=True, help_text="Le département d'un DASEN (sa page du calendrier scolaire)")


class MeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    language = serializers.ChoiceField(choices=["fr", "en"])
    roles = serializers.ListField(
        child=serializers.ChoiceField(
            choices=["pupil", "guardian", "teacher", "director", "commune", "inspector",
                     "dasen", "operator"]
        )
    )
    person = MePersonOutput(allow_null=True)
    children = MeChildOutput(many=True)
    classrooms = MeClassroomOutput(many=True)
    schools = MeSchoolOutput(many=True)
    authority_scopes = MeAuthorityScopeOutput(many=True)


class ActivateInput(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="Le code de la lettre d'invitation")
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=150, min_length=3,
        error_messages={"invalid": "Lettres, chiffres et . @ + - _ seulement, sans espace."})
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class InvitationLettersInput(serializers.Serializer):
    classroom = serializers.IntegerField(
        required=False, allow_null=True, min_value=1,
        help_text="Seulement les responsables de cette classe (sinon : toute l'école)")


class UserSessionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()
    ip_address = serializers.IPAddressField(allow_null=True)
    device = serializers.SerializerMethodField()
    user_agent = serializers.CharField()
    method = serializers.ChoiceField(choices=SignInMethod.choices,
                                     help_text="Comment la session a été ouverte")
    provider = serializers.CharField(
        help_text="Le fournisseur d'identité (SAML, OpenID Connect), sinon vide")
    current = serializers.SerializerMethodField()

    def get_device(self, user_session) -> str:
        return device_from_user_agent(user_session.user_agent)

    def get_current(self, user_session) -> bool:
        return user_session.session_key == self.context.get("current_session_key")


class UserSessionFilter(serializers.Serializer):
    """The session list takes no filter (a user has a handful of sessions)."""


class SessionsEndedOutput(serializers.Serializer):
    ended = serializers.IntegerField(help_text="Nombre de sessions fermées")


class PasswordResetInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmInput(serializers.Serializer):
    token = serializers.CharField(max_length=200)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class LoginSecondFactorOutput(serializers.Serializer):
    """The password was right; the login needs one more step."""

    otp_required = serializers.BooleanField(
        help_text="Envoyer le code de l'application à /login/otp/")
    otp_setup_required = serializers.BooleanField(
        help_text="Session ouverte seulement pour activer la double authentification")
    second_factors = serializers.ListField(
        child=serializers.ChoiceField(choices=["totp", "passkey"]), required=False,
        help_text="Avec otp_required : les seconds facteurs du compte : code (/login/otp/) ou clé d'accès "
                  "(/login/passkey/begin/ puis complete/)")


class OtpCodeInput(serializers.Serializer):
    code = serializers.RegexField(
        r"^\s*\d{6}\s*$", error_messages={"invalid": "Saisissez les 6 chiffres du code."})

    def validate_code(self, value: str) -> str:
        return value.strip()


class OtpStatusOutput(serializers.Serializer):
    available = serializers.BooleanField(help_text="Compte de personnel ou d'autorité")
    enabled = serializers.BooleanField(help_text="Une application confirmée")
    required = serializers.BooleanField(help_text="Obligatoire pour la fonction du compte")


class OtpSetupOutput(serializers.Serializer):
    otpauth_uri = serializers.CharField(help_text="À ouvrir ou scanner dans l'application")
    secret = serializers.CharField(help_text="Clé en base32, pour la saisie à la main")


class PasskeyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True,
                                             help_text="Dernière connexion avec cette clé")


class PasskeyFilter(serializers.Serializer):
    """The passkey list takes no filter (a login has a handful of passkeys)."""


class PasskeyRegisterBeginInput(serializers.Serializer):
    name = serializers.CharField(max_length=64, trim_whitespace=True,
                                 help_text="Le nom de la clé, pour la reconnaître")


class PublicKeyOptionsOutput(serializers.Serializer):
    """WebAuthn options in their JSON form (``PublicKeyCredentialCreationOptionsJSON`` or
    ``PublicKeyCredentialRequestOptionsJSON``), for ``PublicKeyCredential.parse…FromJSON``."""

    challenge = serializers.CharField()
    timeout = serializers.IntegerField(required=False)
    rpId = serializers.CharField(required=False)
    rp = serializers.DictField(required=False)
    user = serializers.DictField(required=False)
    pubKeyCredParams = serializers.ListField(child=serializers.DictField(),
                                             required=False)
    excludeCredentials = serializers.ListField(child=serializers.DictField(),
                                               required=False)
    allowCredentials = serializers.ListField(child=serializers.DictField(),
                                             required=False)
    authenticatorSelection = serializers.DictField(required=False)
    userVerification = serializers.CharField(required=False)
    attestation = serializers.CharField(required=False)
    extensions = serializers.DictField(required=False)


class PublicKeyCredentialInput(serializers.Serializer):
    credential = serializers.DictField(
        help_text="La réponse de l'authentificateur, en JSON (PublicKeyCredential.toJSON())")
