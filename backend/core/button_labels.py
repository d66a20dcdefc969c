"""What a citizen's button press read: the label of the latest prompt before it that offered
its payload (the outbox keeps each message's buttons in its payload), else a readable
Indonesian rendering of the payload's code."""

from __future__ import annotations

from typing import Any

WORDS = {
    "yes": "Ya", "no": "Tidak", "menu": "Menu utama",
    "confirm:yes": "Benar, kirim", "confirm:edit": "Ubah", "confirm:cancel": "Batal",
    "resume:yes": "Lanjutkan", "resume:no": "Tidak dilanjutkan",
    "csat:good": "Puas", "csat:bad": "Tidak puas", "documents:done": "Selesai kirim dokumen",
}
PREFIXES = {
    "menu:": "Menu {}", "svc:": "Layanan {}", "start:": "Mulai layanan {}",
    "agency:": "Instansi {}", "edit:": "Ubah {}", "survey:": "Nilai {}",
}


def readable(code: str) -> str:
    """A payload's code in words: "confirm:yes" -> "Benar, kirim", "choice:2" -> "Pilihan
    ke-3"."""
    if code in WORDS:
        return WORDS[code]
    head, colon, rest = code.partition(":")
    if head == "choice" and rest.isdigit():
        return f"Pilihan ke-{int(rest) + 1}"
    template = PREFIXES.get(head + colon)
    return template.format(rest.replace("_", " ")) if template else f"Tombol {code}"


def offered(payload: dict[str, Any]) -> dict[str, str]:
    """The buttons a sent message offered (its stored ``OutboundMessage``): label by payload."""
    return {str(b["payload"]): str(b["label"]) for b in payload.get("buttons") or []
            if isinstance(b, dict) and b.get("payload") and b.get("label")}


class Prompts:
    """The labels offered so far in a chat read in order; the latest offer of a code wins."""

    def __init__(self) -> None:
        self._labels: dict[str, str] = {}

    def saw(self, payload: dict[str, Any]) -> None:
        self._labels.update(offered(payload))

    def label(self, code: str) -> str:
        return self._labels.get(code) or readable(code)

