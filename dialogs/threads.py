"""Which thread a dialog turn's messages belong to, and whether they are PPA-sensitive.

A thread starts with the first message from idle and lasts while a flow runs. It ends when the
flow ends (a reset, a finished flow) or when the turn opened a case from it (the case keeps the
thread; what follows, like "another child?", starts a new one). A turn that leaves its flow and
starts another (a reset, or a switch to another service) begins a new thread, so a PPA report
written in the middle of a KIA chat never lands in the KIA case's thread.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from backend.threads import Scope, new_thread
from dialogs.state import DialogState


@dataclass(frozen=True)
class TurnStart:
    """What the turn began with."""

    thread: str
    fresh: bool  # started by this turn (the chat was idle)
    service: str | None


def start_turn(state: DialogState) -> TurnStart:
    """Give the state a thread if it has none (a reset during the turn clears it)."""
    fresh = state.thread is None
    if state.thread is None:
        state.thread = new_thread()
    return TurnStart(thread=state.thread, fresh=fresh, service=state.service)


def _switched(start: TurnStart, state: DialogState) -> bool:
    """The turn left its flow (reset) or moved to another service, and a flow now runs."""
    if state.flow is None:
        return False
    reset = state.thread is None
    other_service = (start.service is not None and state.service is not None
                     and state.service != start.service)
    return reset or other_service


def end_turn(start: TurnStart, state: DialogState, *, ppa_services: Collection[str],
             opened_case: bool = False, sensitive_keys: Collection[str] = ()) -> Scope:
    """The scope of the turn's messages; updates the state's thread and clears the turn's
    sensitivity flag. ``sensitive_keys``: the storage keys of the turn's files (kept documents
    are marked PPA when the turn is)."""
    thread = start.thread
    if _switched(start, state) and not start.fresh:
        thread = new_thread()
    ppa = (state.sensitive_turn or start.service in ppa_services
           or state.service in ppa_services)
    state.sensitive_turn = False
    state.thread = thread if state.flow is not None and not opened_case else None
    if ppa and sensitive_keys:
        mark_documents(state, set(sensitive_keys))
    return Scope(thread=thread, ppa=ppa)


def mark_documents(state: DialogState, keys: set[str]) -> None:
    """Documents collected from a PPA-sensitive message are PPA-only on the case."""
    for document in (*state.documents, *state.supply_documents):
        if document.storage_key in keys:
            document.ppa = True
