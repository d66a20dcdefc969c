"""Logs carry no PII: sensitive keys are dropped and digit runs (NIK, NOP, phones) masked."""

from __future__ import annotations

import json
import logging

import pytest

from backend.core.logging import configure_logging, get_logger


def test_pii_never_reaches_the_log(caplog: pytest.LogCaptureFixture,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    logger = get_logger("test")
    with caplog.at_level(logging.INFO):
        logger.info("intake_answer", nik="1801045203230007", text="anak saya dipukul ayahnya",
                    detail="NIK 1801045203230007 NOP 18.01.010.001.001-0001.0 hp 0812 3456 7890",
                    case="HL-2026-000001")
    rendered = caplog.text + capsys.readouterr().err
    assert "intake_answer" in rendered and "HL-2026-000001" in rendered
    for secret in ("1801045203230007", "dipukul", "18.01.010.001.001-0001.0", "0812 3456 7890"):
        assert secret not in rendered
    event = json.loads(caplog.records[-1].getMessage())
    assert event["nik"] == "[redacted]" and event["text"] == "[redacted]"
