"""Sending processes for the lease tests: one that hangs mid-send (to be killed), and a
surviving sender in this process that records where it sent."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.core.messages import Channel, OutboundMessage
from bot.leases import LeaseOwner
from bot.outbox import OutboxSender

ROOT = Path(__file__).resolve().parents[2]


def hanging_sender(engine: Engine, script: str, now: datetime) -> subprocess.Popen[str]:
    """Start ``script`` (argv: database URL, ``now``), which leases messages and prints
    "sending" as it hangs sending the first; returns once it has."""
    url = engine.url.render_as_string(hide_password=False)
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, url, now.isoformat()], cwd=ROOT,
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert process.stdout is not None
    assert process.stdout.readline().startswith("sending")
    return process


def ended(process: subprocess.Popen[str]) -> None:
    process.wait(timeout=10)
    assert process.stdout is not None
    process.stdout.close()


def recording_sender(engine: Engine, sent: list[str], now: datetime) -> OutboxSender:
    """A sender in this process whose platform records each recipient it is sent to."""

    async def telegram(message: OutboundMessage) -> str:
        sent.append(message.recipient)
        return "1"

    return OutboxSender(sessionmaker(bind=engine, expire_on_commit=False),
                        {Channel.TELEGRAM: telegram}, clock=lambda: now, owner=LeaseOwner(engine))


async def send_within(sender: OutboxSender, seconds: float) -> int:
    """Send what is due, trying again for a few seconds (the database server notices the killed
    client's closed socket, and drops its lock, a moment after the kill)."""
    for _ in range(int(seconds / 0.1)):
        if sent := await sender.send_due():
            return sent
        await asyncio.sleep(0.1)
    return 0
