"""Errors the channel adapters raise, free of any platform library type."""

from __future__ import annotations


class SendError(Exception):
    """An outbound message was not accepted by the platform.

    ``permanent`` errors will fail again on retry (blocked bot, bad request, outside
    WhatsApp's 24-hour window); the others are worth retrying, after ``retry_after``
    seconds when the platform said so. ``code`` is the platform's error code, as text
    (Telegram ``error_code`` such as ``"429"``, Twilio code such as ``"63016"``).
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent
        self.code = code

    def __repr__(self) -> str:
        return (
            f"SendError({str(self)!r}, retry_after={self.retry_after!r}, "
            f"permanent={self.permanent!r}, code={self.code!r})"
        )


class DownloadError(Exception):
    """A citizen's file could not be fetched from the platform.

    ``too_large`` files are refused before or while downloading; like other
    ``permanent`` failures they will not succeed on retry.
    """

    def __init__(self, message: str, *, too_large: bool = False, permanent: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large
        self.permanent = permanent or too_large

