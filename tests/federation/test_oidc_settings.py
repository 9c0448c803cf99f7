"""Where the OpenID Connect providers come from: none by default, a JSON file in
production, the provider of ``make demo-oidc`` in the local demo once it has run."""

import json

from tests.test_settings import run_settings

PROBE = ("import json, django; from django.conf import settings; django.setup(); "
         "print(json.dumps(settings.PREAU_OIDC_PROVIDERS))")
PRODUCTION = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "preau.example.fr"}


def providers(module: str, env: dict) -> dict:
    result = run_settings(module, env, PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_no_provider_is_offered_by_default(tmp_path):
    assert providers("config.settings.local", {"PREAU_VAR_DIR": str(tmp_path)}) == {}
    assert providers("config.settings.production",
                     {"PREAU_VAR_DIR": str(tmp_path), **PRODUCTION}) == {}


def test_production_reads_the_providers_from_the_file_it_is_given(tmp_path):
    entry = {"label": "Compte académique", "audience": "staff",
             "issuer": "https://idp.example.org", "client_id": "preau", "client_secret": "s"}
    path = tmp_path / "oidc.json"
    path.write_text(json.dumps({"academie": entry}), encoding="utf-8")
    assert providers("config.settings.production", {
        "PREAU_VAR_DIR": str(tmp_path), "PREAU_OIDC_PROVIDERS_FILE": str(path),
        **PRODUCTION}) == {"academie": entry}


def test_the_demo_offers_the_provider_of_make_demo_oidc_once_it_has_run(tmp_path):
    state = tmp_path / "oidc-provider"
    state.mkdir()
    (state / "client.json").write_text(json.dumps({
        "issuer": "http://127.0.0.1:8001/o", "client_id": "preau-demo",
        "client_secret": "preau-demo-oidc"}), encoding="utf-8")
    demo = providers("config.settings.local", {"PREAU_VAR_DIR": str(tmp_path)})["demo"]
    assert demo["issuer"] == "http://127.0.0.1:8001/o"
    assert demo["client_id"] == "preau-demo"
    assert demo["sign_in_path"] == "/api/v1/federation/oidc/demo/start/"
    assert demo["claims"] == {"children_ine": "eleves_ine"}
