"""The supervisor of ``halo serve --workers N`` starts again a child that dies, and on SIGTERM
stops every child before it exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]
SCRIPT = f"""
from backend.app.supervisor import Child, Supervisor
Supervisor([Child("a", {SLEEPER!r}), Child("b", {SLEEPER!r})]).run()
"""


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return sorted(found)


def wait_until(condition, timeout: float = 15):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    return None


def test_a_killed_child_is_replaced_and_sigterm_stops_them_all() -> None:
    supervisor = subprocess.Popen([sys.executable, "-c", SCRIPT])
    try:
        first = wait_until(lambda: (found := children(supervisor.pid)) and len(found) == 2
                           and found)
        assert first, "two children started"
        os.kill(first[0], signal.SIGKILL)
        replaced = wait_until(lambda: (now := children(supervisor.pid)) and len(now) == 2
                              and first[0] not in now and now)
        assert replaced and first[1] in replaced
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=30) == 0
        assert wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in replaced),
                          timeout=5)
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
