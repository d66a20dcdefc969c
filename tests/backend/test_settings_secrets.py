"""The demo's signing key is long enough for HS256 (no key-length warning); production still
refuses it, like every placeholder and the embedded payment gateway."""

from __future__ import annotations

import warnings

import pytest
from pydantic import ValidationError

from backend.core.config import PLACEHOLDER_SECRETS, Settings
from backend.core.security import issue_token, read_token


def test_the_demo_key_signs_tokens_without_a_key_length_warning() -> None:
    demo = Settings(environment="demo")
    assert demo.auth.secret_key in PLACEHOLDER_SECRETS
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        token = issue_token(officer_id=7, secret=demo.auth.secret_key, minutes=5)
        assert read_token(token, secret=demo.auth.secret_key) == 7


@pytest.mark.parametrize("key", sorted(PLACEHOLDER_SECRETS) + ["x" * 31])
def test_production_refuses_placeholders_and_short_keys(key: str) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(environment="production", auth={"secret_key": key})


BANK = {"gateway": "http", "base_url": "https://billing.bank.example"}


def test_production_accepts_a_real_key() -> None:
    key = "k7Qp2vX9mR4tW8zL1nB6cF3hJ5dS0gYa"
    assert Settings(environment="production", auth={"secret_key": key},
                    payments=BANK).auth.secret_key == key


def test_production_refuses_the_embedded_payment_gateway() -> None:
    """Its e-billing codes are known to no bank: a citizen would pay into nothing."""
    key = "k7Qp2vX9mR4tW8zL1nB6cF3hJ5dS0gYa"
    with pytest.raises(ValidationError, match="PAYMENTS__GATEWAY"):
        Settings(environment="production", auth={"secret_key": key})
