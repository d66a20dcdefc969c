"""Workflow errors, each with the HTTP status the API turns it into."""


class WorkflowError(Exception):
    """The action cannot happen in the case's current state (HTTP 409)."""

    status_code = 409


class Forbidden(WorkflowError):
    """The actor may not do this (HTTP 403); the message says why."""

    status_code = 403


class InvalidAction(WorkflowError):
    """The request is malformed for this step (HTTP 422): unknown outcome, missing reason..."""

    status_code = 422
