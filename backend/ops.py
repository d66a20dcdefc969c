"""Operations endpoints: liveness, readiness (database, Redis, fire alerts) and Prometheus
metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from backend.core.incidents import IncidentDesk
from backend.core.messages import Channel
from backend.core.metrics import exposition
from backend.core.policies import DAMKAR_UNIT

router = APIRouter(tags=["ops"])
FIRE_ALERTS = "fire_alerts"


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive (it answers)."""
    return {"status": "ok"}


def _fire_alerts(request: Request) -> str:
    """Whether a fire or rescue report can reach the damkar piket now, and why not."""
    desk: IncidentDesk = request.app.state.incidents
    with request.app.state.sessions() as session:
        if desk.routes(session, DAMKAR_UNIT, request.app.state.clock()):
            return "ok"
    missing = ["no piket Telegram group" if Channel.TELEGRAM in desk.reachable
               else "Telegram not configured",
               "no phone on the damkar roster" if Channel.SMS in desk.reachable
               else "SMS/voice (Twilio) not configured",
               "no damkar board open in the console"]
    return "not ready: the piket cannot be reached (" + ", ".join(missing) + ")"


def _checks(request: Request) -> dict[str, str]:
    checks: dict[str, str] = {}
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
        checks[FIRE_ALERTS] = _fire_alerts(request)
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        checks["database"] = f"unavailable: {type(error).__name__}"
    redis_url = request.app.state.settings.redis_url
    if redis_url:
        import redis

        try:
            redis.Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1).ping()
            checks["redis"] = "ok"
        except redis.RedisError as error:
            checks["redis"] = f"unavailable: {type(error).__name__}"
    return checks


@router.get("/readyz", responses={503: {"description": "a dependency is unavailable"}})
async def readyz(request: Request) -> Any:
    """Ready for traffic: the database (and Redis, when configured) answers; 503 otherwise,
    naming what failed (the webhook spool keeps WhatsApp messages meanwhile). ``fire_alerts``
    says whether fire reports can reach the damkar piket (a Telegram group, a phone, a watched
    console board): when not, the status is "degraded" with a 200, as taking the node out of
    the proxy would not help and would stop citizens reporting at all."""
    checks = await run_in_threadpool(_checks, request)
    serving = all(value == "ok" for name, value in checks.items() if name != FIRE_ALERTS)
    ready = serving and checks.get(FIRE_ALERTS) == "ok"
    label = "ready" if ready else "degraded" if serving else "not ready"
    return JSONResponse({"status": label, "checks": checks},
                        status_code=status.HTTP_200_OK if serving
                        else status.HTTP_503_SERVICE_UNAVAILABLE)


@router.get("/metrics", response_class=Response)
async def metrics(request: Request) -> Response:
    """Prometheus text exposition, summed over the worker processes."""
    body, content_type = await run_in_threadpool(exposition, request.app.state.sessions)
    return Response(content=body, media_type=content_type)
