"""PAdES signatures (pyHanko): sign a rendered PDF as a role, validate against trusted roots."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from backend.documents.pki import TEST_MARK, signer_path
from backend.documents.settings import DocumentSettings

FIELD_NAME = "TTE"


class SigningUnavailable(Exception):
    """No usable certificate for a role (message in Indonesian, shown to officers)."""


@dataclass(frozen=True)
class SignatureCheck:
    """The outcome of validating a PDF's signature."""

    valid: bool
    intact: bool
    trusted: bool
    signer: str | None
    timestamped: bool = False


def load_signer(settings: DocumentSettings, root: Path, key: str, *,
                allow_test: bool = True) -> signers.SimpleSigner:
    """The role's signer: ``documents.signers[key]`` (e.g. a BSrE PKCS#12) or the test PKI."""
    configured = settings.signers.get(key)
    path = _absolute(root, configured) if configured else signer_path(
        _absolute(root, settings.pki_dir), key)
    if not path.exists():
        raise SigningUnavailable(f"Sertifikat penanda tangan untuk {key} belum tersedia.")
    signer = signers.SimpleSigner.load_pkcs12(
        str(path), passphrase=settings.signer_passphrase.encode() or None)
    if signer is None:
        raise SigningUnavailable(f"Sertifikat {key} tidak dapat dibuka (periksa passphrase).")
    if not allow_test and TEST_MARK in signer.signing_cert.subject.human_friendly:
        raise SigningUnavailable("Sertifikat uji (TEST) tidak boleh dipakai di produksi.")
    return signer


def timestamper(settings: DocumentSettings) -> TimeStamper | None:
    """The RFC 3161 time-stamping authority of ``documents.tsa_url`` (PAdES B-T), if any."""
    if not settings.tsa_url:
        return None
    return HTTPTimeStamper(settings.tsa_url, https=settings.tsa_url.startswith("https"),
                           timeout=10)


def sign_pdf(pdf: bytes, signer: signers.SimpleSigner, *, reason: str, location: str,
             stamper: TimeStamper | None = None) -> bytes:
    """A PAdES signature over the whole document: B-B, or B-T with a time-stamp."""
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=reason, location=location)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    output = signers.PdfSigner(meta, signer=signer, timestamper=stamper).sign_pdf(
        writer, output=BytesIO())
    return output.getvalue()


def trust_roots(settings: DocumentSettings, root: Path) -> list[asn1_x509.Certificate]:
    """The test CA (when present) and every certificate in ``documents.trust_roots``."""
    paths = [_absolute(root, p) for p in settings.trust_roots]
    test_ca = _absolute(root, settings.pki_dir) / "ca.pem"
    if test_ca.exists():
        paths.append(test_ca)
    return [load_cert_from_pemder(str(path)) for path in paths]


def check_signature(pdf: bytes, roots: list[asn1_x509.Certificate]) -> SignatureCheck:
    """Validate the (single) signature: untouched since signing and chained to a trusted root."""
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
        if not embedded:
            return SignatureCheck(False, False, False, None)
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(embedded[0], context)
    except Exception:  # a damaged file is simply not a valid signed document
        return SignatureCheck(False, False, False, None)
    return SignatureCheck(valid=bool(status.bottom_line), intact=status.intact,
                          trusted=status.trusted,
                          signer=status.signing_cert.subject.human_friendly,
                          timestamped=status.timestamp_validity is not None)


def _absolute(root: Path, path: str) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else root / candidate
