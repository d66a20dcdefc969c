"""Domain errors as HTTP answers, the way ``HTTPException`` would give them."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from backend.core.errors import DomainError


async def domain_error(_request: Request, error: Exception) -> JSONResponse:
    """``{"detail": ...}`` with the error's status (403, 409...)."""
    status_code = error.status_code if isinstance(error, DomainError) else 500
    return JSONResponse({"detail": str(error)}, status_code=status_code)
