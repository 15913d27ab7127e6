"""Staff tokens: signed, expiring, for this audience and issuer only."""
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from bot.settings import Settings
from bot.staff_token import InvalidStaffToken, issue, main, verify


def test_a_fresh_token_verifies_with_the_staff_name(settings):
    assert verify(issue("A Teacher", settings), settings)["sub"] == "A Teacher"


def test_an_expired_token_is_refused(settings):
    old = datetime.now(timezone.utc) - timedelta(hours=settings.staff_token_ttl_hours + 1)
    with pytest.raises(InvalidStaffToken):
        verify(issue("A Teacher", settings, now=old), settings)


def test_a_token_signed_with_another_key_is_refused(settings):
    other = settings.model_copy(update={"staff_token_secret": "o" * 40})
    with pytest.raises(InvalidStaffToken):
        verify(issue("A Teacher", other), settings)


def test_a_token_for_another_audience_is_refused(settings):
    other = settings.model_copy(update={"staff_token_audience": "review"})
    with pytest.raises(InvalidStaffToken):
        verify(issue("A Teacher", other), settings)


def test_an_unsigned_token_is_refused(settings):
    claims = jwt.decode(issue("A Teacher", settings), options={"verify_signature": False})
    unsigned = jwt.encode(claims, key=None, algorithm="none")
    with pytest.raises(InvalidStaffToken):
        verify(unsigned, settings)


def test_production_refuses_the_development_secret():
    with pytest.raises(ValueError, match="STAFF_TOKEN_SECRET"):
        Settings(environment="production")


def test_the_command_prints_the_token_as_its_last_line(capsys, monkeypatch):
    monkeypatch.setenv("STAFF_TOKEN_SECRET", "s" * 40)
    from bot.settings import get_settings

    get_settings.cache_clear()
    try:
        assert main(["A Teacher"]) == 0
        token = capsys.readouterr().out.strip().splitlines()[-1]
        assert verify(token, get_settings())["sub"] == "A Teacher"
    finally:
        get_settings.cache_clear()


def rsa_pair():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def claims_for(settings):
    return jwt.decode(issue("A Teacher", settings), options={"verify_signature": False})


def test_an_rs256_token_from_the_intranet_verifies_with_the_public_key(settings):
    private, public = rsa_pair()
    rs = settings.model_copy(update={"staff_token_public_key": public})
    assert verify(jwt.encode(claims_for(settings), private, algorithm="RS256"), rs)["sub"] == "A Teacher"


def test_with_a_public_key_an_hs256_token_signed_with_that_key_is_refused(settings):
    _, public = rsa_pair()
    rs = settings.model_copy(update={"staff_token_public_key": public})
    with pytest.raises(InvalidStaffToken):
        verify(issue("A Teacher", rs), rs)  # HS256 with the secret: not accepted once RS256 is configured
    import hmac, hashlib, base64, json as _json  # algorithm confusion: HS256 keyed with the public key

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header, body = b64(_json.dumps({"alg": "HS256", "typ": "JWT"}).encode()), b64(_json.dumps(claims_for(settings)).encode())
    signature = b64(hmac.new(public.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest())
    with pytest.raises(InvalidStaffToken):
        verify(f"{header}.{body}.{signature}", rs)
