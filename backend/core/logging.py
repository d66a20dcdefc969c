"""Structured logging (structlog) that never writes PII: NIKs, NOPs, phones, texts, stories."""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping
from typing import Any

import structlog

SENSITIVE_KEYS = frozenset({
    "nik", "nop", "kk_number", "phone", "address", "alamat", "text", "body", "message", "story",
    "chronology", "kronologi", "name", "full_name", "display_name", "password", "token",
    "fields", "value", "location", "latitude", "longitude",
})
_LONG_DIGITS = re.compile(r"(?<!HL-)(?<!\d)\d[\d.\- ]{9,}\d")  # not case numbers
REDACTED = "[redacted]"


def redact_value(value: Any) -> Any:
    """Mask long digit runs (NIK, NOP, phone numbers) inside free text."""
    if isinstance(value, str):
        return _LONG_DIGITS.sub(REDACTED, value)
    return value


def redact_pii(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: drop sensitive keys' values, mask digit runs everywhere else."""
    for key in list(event):
        if key.lower() in SENSITIVE_KEYS:
            event[key] = REDACTED
        else:
            event[key] = redact_value(event[key])
    return event


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr, PII removed before anything is rendered."""
    logging.basicConfig(format="%(message)s", level=level.upper())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_pii,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A named structured logger."""
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
