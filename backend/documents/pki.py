"""The regency's TEST certificate authority and one signer certificate per signing role.

``halo pki init`` writes, under ``documents.pki_dir``: ``ca.pem`` (public), ``ca.key`` (the CA's
key, mode 0600, encrypted with the passphrase when one is set) and ``signers/<agency>.<role>.p12``
(key + certificate + CA, mode 0600). Private keys never go to the database or the logs.
Production uses real certificates instead (e.g. BSrE PKCS#12 files named in
``documents.signers``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from backend.core.catalog.loader import Catalog
from backend.documents.registers import Registers

ORGANISATION = "Pemerintah Kabupaten Lampung Selatan (TEST)"
CA_NAME = "TEST CA Kabupaten Lampung Selatan - BUKAN UNTUK PRODUKSI"
TEST_MARK = "TEST"


@dataclass(frozen=True)
class SigningRole:
    """A role that signs a product: ``dpmptsp.kadis`` and its printed label."""

    key: str
    label: str


def signing_roles(registers: Registers, catalog: Catalog) -> list[SigningRole]:
    """Every (agency, signer role) pair the registers name, once."""
    roles: dict[str, SigningRole] = {}
    for product in registers.products.values():
        service = catalog.services[product.service]
        key = signer_key(service.agency, product.signer_role)
        roles[key] = SigningRole(key, service.roles[product.signer_role].label)
    return sorted(roles.values(), key=lambda role: role.key)


def signer_key(agency: str, role: str) -> str:
    return f"{agency}.{role}"


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _encryption(passphrase: str) -> serialization.KeySerializationEncryption:
    if passphrase:
        return serialization.BestAvailableEncryption(passphrase.encode())
    return serialization.NoEncryption()


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _certificate(subject: x509.Name, issuer: x509.Name, public_key: rsa.RSAPublicKey,
                 signing_key: rsa.RSAPrivateKey, *, ca: bool, years: int) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(public_key).serial_number(x509.random_serial_number())
               .not_valid_before(now - timedelta(days=1))
               .not_valid_after(now + timedelta(days=365 * years))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None),
                              critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key),
                              critical=False))
    usage = dict.fromkeys(("content_commitment", "key_encipherment", "data_encipherment",
                           "key_agreement", "encipher_only", "decipher_only"), False)
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=False, key_cert_sign=True, crl_sign=True, **usage), critical=True)
    else:
        usage["content_commitment"] = True
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=False, crl_sign=False, **usage), critical=True)
        builder = builder.add_extension(x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _load_or_create_ca(folder: Path, passphrase: str) -> tuple[x509.Certificate,
                                                               rsa.RSAPrivateKey]:
    cert_path, key_path = folder / "ca.pem", folder / "ca.key"
    if cert_path.exists() and key_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(),
                                                 passphrase.encode() or None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), key
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    cert = _certificate(_name(CA_NAME), _name(CA_NAME), key.public_key(), key, ca=True, years=10)
    _write_private(key_path, key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               _encryption(passphrase)))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def init_pki(folder: Path, roles: list[SigningRole], *, passphrase: str,
             force: bool = False) -> list[Path]:
    """Create the test CA (once) and a signer PKCS#12 per role; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_cert, ca_key = _load_or_create_ca(folder, passphrase)
    written = []
    for role in roles:
        path = signer_path(folder, role.key)
        if path.exists() and not force:
            continue
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = _certificate(_name(f"{role.label} ({role.key}) {TEST_MARK}"), ca_cert.subject,
                            key.public_key(), ca_key, ca=False, years=3)
        _write_private(path, pkcs12.serialize_key_and_certificates(
            role.key.encode(), key, cert, [ca_cert], _encryption(passphrase)))
        written.append(path)
    return written


def signer_path(folder: Path, key: str) -> Path:
    """Where the test PKI keeps a role's PKCS#12."""
    return folder / "signers" / f"{key}.p12"
