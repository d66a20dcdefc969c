"""The trained model served by the real Rasa from nlu/.venv (skipped where it is missing)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nlu.cli import app
from nlu.client import NluClient

FIRST_PARSE_MS = 10_000  # the first parse after start warms TensorFlow up


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ada kebakaran di pasar kalianda", "report_fire"),
        ("TOLONG ADA API DI WARUNG", "report_fire"),
        ("ada ular masuk rumah", "report_rescue"),
        ("anak sy dipukuli", "report_violence"),
        ("anak tetangga saya dipukuli bapaknya tiap hari", "report_violence"),
        ("tetangga sy kalau anaknya rewel dicubitin sampai biru", "report_violence"),
        ("ponakan sy umur 14 mau dikawinin sama juragan", "report_violence"),
        ("sekolah anak sy minta uang komite 500 rb padahal negeri", "complaint"),
        ("min mau bikin kia anak sy", "request_kia"),
        ("bukan bot dong, mau ngomong sama orang", "talk_to_agent"),
        ("menu", "menu"),
    ],
)
async def test_rasa_understands(rasa_url: str, text: str, intent: str) -> None:
    async with NluClient(rasa_url, timeout_ms=FIRST_PARSE_MS) as client:
        result = await client.parse(text)
    assert (result.intent, result.source) == (intent, "rasa")


async def test_rasa_entities_are_normalised_and_single(rasa_url: str) -> None:
    async with NluClient(rasa_url, timeout_ms=FIRST_PARSE_MS) as client:
        result = await client.parse("pbb 18.01.010.001.001-0001.0 thn 2025 brp")
    assert result.intent == "check_pbb"
    assert result.first("nop") == "180101000100100010"
    assert result.first("year") == "2025"
    assert len([e for e in result.entities if e.entity == "nop"]) == 1


def test_cli_parse_uses_the_running_server(rasa_url: str) -> None:
    line = json.dumps({"text": "cek status HL-2025-000123"})
    result = CliRunner().invoke(
        app, ["parse", "--url", rasa_url, "--timeout-ms", str(FIRST_PARSE_MS)], input=line + "\n"
    )
    parsed = json.loads(result.output)
    assert (parsed["intent"], parsed["source"]) == ("check_status", "rasa")
    assert {"entity": "case_number", "value": "HL-2025-000123"} in parsed["entities"]
