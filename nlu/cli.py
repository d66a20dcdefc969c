"""``halo nlu``: train, serve and evaluate the Rasa NLU, and parse messages through it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import httpx
import typer

from nlu import heldout as heldout_set
from nlu import project, report
from nlu.client import SyncNluClient

app = typer.Typer(help="The Rasa NLU (runs from nlu/.venv; set it up with nlu/setup.sh).")


@dataclass(frozen=True)
class NluDefaults:
    """The settings ``halo`` passes in (``ctx.obj``): where the Rasa server answers."""

    url: str
    timeout_ms: int


def _run(*args: str) -> None:
    """Run rasa in nlu/ in the foreground; its exit status becomes ours."""
    try:
        command = project.rasa_command(*args)
    except project.RasaMissing as missing:
        typer.echo(str(missing), err=True)
        raise typer.Exit(1) from None
    code = subprocess.call(command, cwd=project.NLU_DIR, env=project.rasa_env())  # noqa: S603
    if code:
        raise typer.Exit(code)


@app.command()
def train() -> None:
    """Train the NLU model (rasa train nlu) into nlu/models."""
    started = time.monotonic()
    _run("train", "nlu", "--config", "config.yml", "--nlu", "data", "--out", "models")
    typer.echo(f"trained in {time.monotonic() - started:.0f} s")


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="HTTP port")] = 5005,
    interface: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
) -> None:
    """Serve the latest model over HTTP (rasa run --enable-api); this process becomes Rasa."""
    try:
        model = project.latest_model()
        command = project.rasa_command(
            "run", "--enable-api", "--model", str(model), "--port", str(port), "-i", interface
        )
    except project.RasaMissing as missing:
        typer.echo(str(missing), err=True)
        raise typer.Exit(1) from None
    os.chdir(project.NLU_DIR)
    os.execve(command[0], command, project.rasa_env())  # noqa: S606


@app.command()
def evaluate(
    folds: Annotated[int, typer.Option(help="cross-validation folds")] = 5,
) -> None:
    """Cross-validate (rasa test nlu) and write the reports under nlu/results."""
    started = time.monotonic()
    _run(
        "test", "nlu", "--nlu", "data", "--config", "config.yml",
        "--cross-validation", "--folds", str(folds), "--out", "results",
    )
    summary = report.summarise(project.RESULTS, folds=folds, seconds=time.monotonic() - started)
    report.write(summary, project.RESULTS)
    typer.echo(report.render(summary))


@app.command()
def heldout(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None, typer.Argument(help="labelled files (default: nlu/heldout/*.yml)")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Rasa server (default: settings nlu.url)")] = None,
    serve: Annotated[bool, typer.Option(help="start Rasa (latest model) for the run")] = False,
    local: Annotated[bool, typer.Option(help="the fallback and the screen only, no Rasa")] = False,
    timeout_ms: Annotated[int, typer.Option(help="per parse; generous, to score the model")] = 5000,
) -> None:
    """report_violence recall and precision on never-trained messages: Rasa alone, the client
    (with the fallback's safety net), the fallback alone and the screen."""
    paths = files or sorted(heldout_set.HELDOUT_DIR.glob("*.yml"))
    sets = {path.stem: heldout_set.load(path) for path in paths}
    with ExitStack() as stack:
        if local:
            server = None
        elif serve:
            try:
                server = stack.enter_context(heldout_set.serving(_free_port()))
            except (project.RasaMissing, RuntimeError) as missing:
                typer.echo(str(missing), err=True)
                raise typer.Exit(1) from None
        else:
            defaults = ctx.obj if isinstance(ctx.obj, NluDefaults) else None
            server = url or (defaults.url if defaults else None)
            if server is None:
                typer.echo("--url is required outside `halo nlu`", err=True)
                raise typer.Exit(2)
        try:
            results = {
                name: heldout_set.run(messages, server, timeout_ms)
                for name, messages in sets.items()
            }
        except httpx.HTTPError as error:
            typer.echo(f"rasa at {server} did not answer ({type(error).__name__}): start it "
                       "(halo nlu serve), or pass --serve or --local", err=True)
            raise typer.Exit(1) from None
    for name, scores in results.items():
        typer.echo(heldout_set.render(name, sets[name], scores))
    mode = "--local" if local else "--serve" if serve else f"--url {server}"
    heldout_set.write(project.RESULTS / "heldout.json", results, f"halo nlu heldout {mode}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@app.command()
def parse(
    ctx: typer.Context,
    url: Annotated[str | None, typer.Option(help="Rasa server (default: settings nlu.url)")] = None,
    timeout_ms: Annotated[int | None, typer.Option(help="default: settings nlu.timeout_ms")] = None,
) -> None:
    """Read JSON lines {"text": ...} on stdin, write one parse result per line."""
    settings = ctx.obj
    if not isinstance(settings, NluDefaults) and not (url and timeout_ms):
        typer.echo("--url and --timeout-ms are required outside `halo nlu`", err=True)
        raise typer.Exit(2)
    url = url or settings.url
    timeout_ms = timeout_ms or settings.timeout_ms
    with SyncNluClient(url, timeout_ms) as client:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                text = json.loads(line)["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                typer.echo(json.dumps({"error": 'expected a JSON object {"text": "..."}'}))
                continue
            typer.echo(json.dumps(client.parse(text).to_line(), ensure_ascii=False))


if __name__ == "__main__":
    app()
