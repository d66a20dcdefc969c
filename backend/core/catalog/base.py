"""What every catalog model shares: strict parsing and the code format."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

CODE_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
Code = Annotated[str, Field(pattern=CODE_PATTERN, max_length=64)]


class Strict(BaseModel):
    """Base for catalog models: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)
