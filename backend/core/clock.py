"""The time source. Tests replace it to move time without sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from backend.core.models.base import utcnow

Clock = Callable[[], datetime]
system_clock: Clock = utcnow
