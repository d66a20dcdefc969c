"""Fixtures for the NLU tests: a real Rasa server on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nlu import project

START_TIMEOUT_S = 180
MISSING = (
    "nlu/.venv or a trained model is missing: run nlu/setup.sh and `halo nlu train` "
    "(CI does both before the tests, so there this test runs)"
)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"rasa exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/status", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    pytest.fail(f"rasa did not answer within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def stopped_rasa_url() -> str:
    """A loopback URL where no Rasa listens."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def rasa_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a Rasa server running the latest model (skips when there is none)."""
    try:
        command = project.rasa_command(
            "run", "--enable-api", "--model", str(project.latest_model()),
            "--port", str(port := free_port()), "-i", "127.0.0.1",
        )
    except project.RasaMissing:
        pytest.skip(MISSING)
    log = tmp_path_factory.mktemp("rasa") / "rasa.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=project.NLU_DIR, env=project.rasa_env(), stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
