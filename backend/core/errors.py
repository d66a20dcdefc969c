"""Domain errors: a rule refused the request; views map ``status_code`` to HTTP."""


class DomainError(Exception):
    """The request conflicts with the current state (HTTP 409)."""

    status_code = 409


class AccessDenied(DomainError):
    """The officer may not see or do this (HTTP 403); the message says why."""

    status_code = 403


class NotFound(DomainError):
    """Nothing of that name is there for this request (HTTP 404)."""

    status_code = 404
