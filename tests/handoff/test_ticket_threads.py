"""The agent workspace shows a ticket's own messages only (the intake it was raised from and
what was said while it was open), with "[pesan dirahasiakan]" for messages the violence screen
flagged; another ticket of the same chat never shows them."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.fakes.telegram import FakeTelegram
from tests.support.channels import tg
from tests.support.handoff import conversation, on_shift, post, ticket_of
from tests.support.screen import FLAGGED, MASK, Screen


def _citizen(lines: list[dict]) -> list[str]:
    return [line["text"] for line in lines if line["author"] == "citizen"]


def test_a_non_ppa_agent_sees_only_the_tickets_messages_and_flagged_ones_masked(
        client: TestClient, telegram: FakeTelegram, chat: int, make_agent) -> None:  # type: ignore[no-untyped-def]
    client.app.state.workers.processor.engine = Screen()
    agent = make_agent()
    on_shift(client, agent)
    for text in ("halo", "mau bikin KIA", "12-03-2023", f"Putri {FLAGGED}"):
        assert tg(client, telegram.text_update(chat, text)) == 200
    found = conversation(client, "telegram", str(chat))
    assert found.state["answers"]["child_name"] == MASK  # withheld from the KIA intake
    assert tg(client, telegram.callback_update(chat, "menu:agent")) == 200
    conversation_id = found.id
    first = ticket_of(client, conversation_id)
    assert not first.ppa
    post(client, agent, f"/api/handoff/tickets/{first.id}/take")
    detail = client.get(f"/api/handoff/tickets/{first.id}", headers=agent.headers)
    assert detail.status_code == 200
    lines = detail.json()["transcript"]
    assert _citizen(lines) == ["mau bikin KIA", "12-03-2023", MASK, "menu:agent"]
    assert FLAGGED not in detail.text  # the transcript, nor the intake's answers
    assert [line["hidden"] for line in lines if line["author"] == "citizen"] == [
        False, False, True, False]
    post(client, agent, f"/api/handoff/tickets/{first.id}/reply",
         json={"text": "Baik, saya bantu urus KIA-nya."})
    post(client, agent, f"/api/handoff/tickets/{first.id}/hand-back")
    mine = client.get(f"/api/handoff/tickets/{first.id}", headers=agent.headers).json()
    assert [line["text"] for line in mine["transcript"] if line["author"] == "agent"] == [
        "Baik, saya bantu urus KIA-nya."]

    assert tg(client, telegram.text_update(chat, "halo lagi")) == 200
    assert tg(client, telegram.callback_update(chat, "menu:agent")) == 200
    second = ticket_of(client, conversation_id)
    assert second.id != first.id and second.agent_id == agent.id  # back to the same agent
    again = client.get(f"/api/handoff/tickets/{second.id}", headers=agent.headers).json()
    # the press reads as the button the bot's menu showed (the first one above had no menu)
    assert _citizen(again["transcript"]) == ["halo lagi", "[tombol] 👤 Bicara dengan petugas"]
    shown = json.dumps(again["transcript"])
    assert "Baik, saya bantu" not in shown and "12-03-2023" not in shown
    assert MASK not in shown and all(line["author"] != "agent" for line in again["transcript"])
