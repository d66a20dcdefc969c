"""The console's own stylesheet and script (no third-party files)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import FileResponse

router = APIRouter()
FOLDER = Path(__file__).resolve().parents[1] / "static"
FILES = {"console.css": "text/css", "console.js": "text/javascript",
         "agent.js": "text/javascript", "board.css": "text/css", "board.js": "text/javascript"}


@router.get("/static/{name}")
def asset(name: str) -> FileResponse:
    """One of the console's static files."""
    if name not in FILES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "tidak ada")
    return FileResponse(FOLDER / name, media_type=FILES[name],
                        headers={"Cache-Control": "public, max-age=3600"})
