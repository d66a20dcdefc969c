"""A sender killed in the middle of a send (``kill -9``) delays nobody: its leases are freed
as soon as another sender looks, not after the 60-second lease; a living sender's leases are
left alone."""

from __future__ import annotations

import asyncio
import os
import signal
import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.core.messages import Channel, OutboundMessage
from backend.core.models import OutboxMessage, OutboxStatus
from backend.core.outbox import enqueue
from tests.support.sending import ended, hanging_sender, recording_sender, send_within

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
# A sending process whose platform never answers: it leases, says so, and hangs mid-send.
HANGING_SENDER = textwrap.dedent("""
    import asyncio, sys
    from datetime import datetime
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker
    from backend.core.messages import Channel
    from bot.leases import LeaseOwner
    from bot.outbox import OutboxSender

    engine = create_engine(sys.argv[1])
    now = datetime.fromisoformat(sys.argv[2])

    async def platform(message):
        print("sending", message.recipient, flush=True)
        await asyncio.sleep(3600)

    sender = OutboxSender(sessionmaker(bind=engine), {Channel.TELEGRAM: platform},
                          clock=lambda: now, owner=LeaseOwner(engine))
    asyncio.run(sender.send_due())
""")


def queue(sessions: sessionmaker, recipient: str) -> None:
    with sessions() as session, session.begin():
        enqueue(session, OutboundMessage(channel=Channel.TELEGRAM, recipient=recipient,
                                         text="Permohonan Anda kami terima."),
                dedupe_key=f"leases:{recipient}", kind="reply", now=NOW)


def status_of(sessions: sessionmaker, recipient: str) -> tuple[OutboxStatus, int | None]:
    with sessions() as session:
        row = session.execute(select(OutboxMessage.status, OutboxMessage.leased_by)
                              .where(OutboxMessage.dedupe_key == f"leases:{recipient}")).one()
    return row.status, row.leased_by


def test_a_killed_senders_message_goes_out_at_once(engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    queue(sessions, "leases-killed")
    process = hanging_sender(engine, HANGING_SENDER, NOW)
    assert status_of(sessions, "leases-killed")[1] is not None  # leased by the hanging process
    os.kill(process.pid, signal.SIGKILL)
    ended(process)
    sent: list[str] = []
    survivor = recording_sender(engine, sent, NOW + timedelta(seconds=1))
    try:
        assert asyncio.run(send_within(survivor, seconds=3.0)) == 1  # not after the 60 s lease
    finally:
        assert survivor.owner is not None
        survivor.owner.close()
    assert sent == ["leases-killed"]
    assert status_of(sessions, "leases-killed") == (OutboxStatus.SENT, None)


def test_a_living_senders_lease_is_left_alone(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one sending process: a starting sender frees every old lease")
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    queue(sessions, "leases-alive")
    process = hanging_sender(engine, HANGING_SENDER, NOW)
    sent: list[str] = []
    other = recording_sender(engine, sent, NOW + timedelta(seconds=5))
    try:
        assert asyncio.run(other.send_due()) == 0  # still being sent by its living owner
        assert sent == [] and status_of(sessions, "leases-alive")[0] == OutboxStatus.PENDING
    finally:
        process.kill()
        ended(process)
        assert other.owner is not None
        other.owner.close()
