"""SIPPT's payment proof is asked in the chat when the case reaches step 9, not at the intake."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.models import Case
from tests.bot.samples import tiny_pdf
from tests.support.app import Clock
from tests.support.cases import open_in_chat, step_on
from tests.support.devchat import Citizen


def test_the_bot_asks_for_the_payment_proof_at_step_9(app_client: TestClient,
                                                      clock: Clock) -> None:
    # About the proof being asked at step 9 only: the tariff (step 6) and e-billing (step 8)
    # that the app's workflow requires first are tested in tests/documents/test_delivery_chat.py.
    app_client.app.state.workflow.guards.clear()
    citizen = Citizen(app_client)
    number = open_in_chat(app_client, citizen, "sippt-pengujian", customer_name="Rina",
                   company="UMKM Kopi Lamsel")
    while step_on(app_client, number, clock).current_step_id != "s9":
        pass
    asked = citizen.text(citizen.replies())
    assert "Bukti pembayaran e-billing" in asked and number in asked
    citizen.send_file(tiny_pdf(), "bukti-bayar.pdf")
    citizen.say("selesai")
    with app_client.app.state.sessions() as session:
        case = session.scalar(select(Case).where(Case.number == number))
        assert case.current_step_id == "s10" and not case.missing_items
        assert [d.code for d in case.documents] == ["bukti_bayar"]  # the catalog's own code
