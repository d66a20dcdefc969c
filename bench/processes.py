"""Processes from /proc: stopping a process group, a process tree, and the CPU seconds it and
the whole machine used."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections import defaultdict
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def stop_process_group(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM the process's group, SIGKILL it after ``timeout`` seconds, and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children[parent].append(int(entry))
    return children


def process_tree(root: int) -> list[int]:
    """``root`` and all its live descendants."""
    children = children_map()
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        if Path(f"/proc/{pid}").exists():
            found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _cpu_of(pid: int) -> float:
    """utime + stime + cutime + cstime (reaped children included) in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(v) for v in fields[11:15]) / CLK_TCK


def cpu_seconds(root: int | None) -> float:
    """CPU seconds of a process tree so far (live processes + what they reaped)."""
    if root is None:
        return 0.0
    return sum(_cpu_of(pid) for pid in process_tree(root))


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / CLK_TCK, sum(values[:8]) / CLK_TCK
