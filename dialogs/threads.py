"""Which thread a dialog turn's messages belong to, and whether they are PPA-sensitive.

Idle chatter (greetings, menus, misunderstood messages) shares one thread until something
starts: a flow started from idle begins a thread of its own, kept while the flow runs. A thread
ends when its flow ends, when the turn opened a case from it (the case keeps it; what follows,
like "another child?", starts a new one, unless a PPA report goes on asking after its case
opened with the first message), or when idle chatter is handed to an agent (the
ticket keeps it). A turn that leaves a service's flow for another flow (a reset, or a switch to
another service) begins a new thread, so a PPA report written in the middle of a KIA chat never
lands in the KIA case's thread.

What a flagged message (``state.sensitive_turn``) put into a non-PPA intake's answers or
supply notes is replaced by ``WITHHELD``: a case field would carry it to that agency's officers.
Emergency reports keep theirs (the crew needs the place).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from backend.core.threads import Scope, new_thread
from dialogs.state import EMERGENCY_FLOWS, DialogState, Flow

WITHHELD = "[pesan dirahasiakan]"


@dataclass(frozen=True)
class TurnStart:
    """What the turn began with."""

    thread: str
    fresh: bool  # started by this turn
    flow: Flow | None
    service: str | None
    answers: dict[str, str] = field(default_factory=dict)
    notes: int = 0  # supply notes before the turn


def start_turn(state: DialogState) -> TurnStart:
    """Give the state a thread if it has none (a reset during the turn clears it)."""
    fresh = state.thread is None
    if state.thread is None:
        state.thread = new_thread()
    return TurnStart(thread=state.thread, fresh=fresh, flow=state.flow, service=state.service,
                     answers=dict(state.answers), notes=len(state.supply_notes))


def _begins(start: TurnStart, state: DialogState) -> bool:
    """A flow runs after the turn that did not run before it: started from idle, or after
    leaving a service's flow (a reset clears the thread) or switching to another service."""
    if state.flow is None:
        return False
    if start.flow is None:
        return True
    left = state.thread is None or state.service != start.service
    return start.service is not None and left


def _kept(start: TurnStart, state: DialogState, *, opened_case: bool) -> bool:
    """The thread goes on into the next turn."""
    if opened_case:  # the case keeps it; a report still asking after opening goes on in it
        return state.report_case is not None and state.flow is not None
    if state.flow is not None:
        return True
    return start.flow is None and state.handoff_request is None  # idle chatter goes on


def end_turn(start: TurnStart, state: DialogState, *, ppa_services: Collection[str],
             opened_case: bool = False, sensitive_keys: Collection[str] = ()) -> Scope:
    """The scope of the turn's messages; updates the state's thread and clears the turn's
    sensitivity flag. ``sensitive_keys``: the storage keys of the turn's files (kept documents
    are marked PPA when the turn is)."""
    thread = start.thread
    if _begins(start, state) and not start.fresh:
        thread = new_thread()
    ppa = (state.sensitive_turn or start.service in ppa_services
           or state.service in ppa_services)
    if state.sensitive_turn and state.service not in ppa_services \
            and state.flow not in EMERGENCY_FLOWS:
        withhold(start, state)
    state.sensitive_turn = False
    state.thread = thread if _kept(start, state, opened_case=opened_case) else None
    if ppa and sensitive_keys:
        mark_documents(state, set(sensitive_keys))
    return Scope(thread=thread, ppa=ppa)


def withhold(start: TurnStart, state: DialogState) -> None:
    """Answers and supply notes the flagged turn set are replaced by ``WITHHELD``."""
    for name, value in state.answers.items():
        if start.answers.get(name) != value:
            state.answers[name] = WITHHELD
            if name in state.displays:
                state.displays[name] = WITHHELD
    added = len(state.supply_notes) - start.notes
    if added > 0:
        state.supply_notes[start.notes:] = [WITHHELD] * added


def mark_documents(state: DialogState, keys: set[str]) -> None:
    """Documents collected from a PPA-sensitive message are PPA-only on the case."""
    for document in (*state.documents, *state.supply_documents):
        if document.storage_key in keys:
            document.ppa = True
