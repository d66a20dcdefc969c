"""Beginning a service: KIA by the child's age, fire and rescue as an emergency, a PPA report
discreetly, every other service by its generic intake."""

from __future__ import annotations

import re

from backend.core.catalog.schema import ServiceDefinition, Urgency
from backend.core.messages import InboundMessage
from dialogs import discreet, emergency, flows, intake
from dialogs.ports import DialogContext, Reply
from dialogs.state import DialogState

STORY_MIN_WORDS = 5  # "mau lapor pdam" asks; "air pdam di rumah saya mati" already tells
MAX_STORY = 1000  # characters kept of it
# "saya mau lapor", "ingin mengadukan soal": the asking, which tells nothing of the story.
_ASKING = re.compile(
    r"^(?:(?:saya|sy|aku|kami)\s+)?(?:(?:mau|ingin|pengen|akan|mohon|minta|hendak)\s+)?"
    r"(?:lapor|melapor|laporkan|melaporkan|adu|mengadu|adukan|mengadukan|komplain|protes)\w*"
    r"(?:\s+(?:tentang|soal|masalah|terkait|ada))?\b", re.IGNORECASE)


def start_service(state: DialogState, code: str, context: DialogContext, *,
                  first_text: str | None = None,
                  first_message: InboundMessage | None = None) -> list[Reply]:
    """Begin a service; ``first_text`` is the message that asked for it (a report's first
    words, ``first_message`` with its files)."""
    if code in (flows.KIA_UNDER_FIVE, flows.KIA_FIVE_TO_17):
        return flows.kia_start(state)
    service = context.catalog.get(code)
    if service.urgency is Urgency.PIKET_24H:
        return emergency.start(state, service, first_text, _story(service, first_text))
    if code == discreet.SERVICE:
        return discreet.start(state, service, first_text, context, first_message)
    return intake.start(state, service, _story(service, first_text))


def _story(service: ServiceDefinition, first_text: str | None) -> dict[str, tuple[str, str]]:
    """The service's story field filled with the words that asked for it, when they tell one
    ("air PDAM di rumah saya mati sudah 3 hari", not "saya mau lapor pungli di kantor desa"):
    not asked again, shown in the summary."""
    story = " ".join((first_text or "").split())[:MAX_STORY]
    field = next((f for f in service.fields if f.story), None)
    if field is None or len(_ASKING.sub("", story).split()) < STORY_MIN_WORDS:
        return {}
    return {field.name: (story, story)}
