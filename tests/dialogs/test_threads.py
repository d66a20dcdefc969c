"""The thread lifecycle of dialog turns (no database): which thread a turn's messages join,
when a thread ends, and the PPA flag of a turn."""

from __future__ import annotations

from dialogs.state import DialogState, StoredDocument
from dialogs.threads import WITHHELD, end_turn, start_turn

PPA = frozenset({"ppa-pengaduan"})


def turn(state: DialogState, change, *, opened_case: bool = False,  # type: ignore[no-untyped-def]
         keys: tuple[str, ...] = ()):
    """One turn: ``change`` plays the engine's part on the state."""
    start = start_turn(state)
    change(state)
    return end_turn(start, state, ppa_services=PPA, opened_case=opened_case,
                    sensitive_keys=keys)


def intake(service: str):  # type: ignore[no-untyped-def]
    def change(state: DialogState) -> None:
        state.flow, state.service = "intake", service
    return change


def nothing(state: DialogState) -> None:
    return None


def reset(state: DialogState) -> None:
    state.reset()


def test_idle_chatter_shares_a_thread_and_a_flow_from_idle_starts_its_own() -> None:
    state = DialogState()
    greeting = turn(state, nothing)
    again = turn(state, nothing)
    assert greeting.thread and again.thread == greeting.thread and not greeting.ppa
    kia = turn(state, intake("kia-0-5"))
    assert kia.thread != greeting.thread and state.thread == kia.thread
    assert turn(state, nothing).thread == kia.thread  # the intake goes on


def test_a_flow_started_by_the_first_message_keeps_that_messages_thread() -> None:
    state = DialogState()
    scope = turn(state, intake("kia-0-5"))
    assert state.thread == scope.thread


def test_a_case_opened_ends_the_thread_and_the_case_turn_belongs_to_it() -> None:
    state = DialogState()
    kia = turn(state, intake("kia-0-5"))

    def confirm(state: DialogState) -> None:
        state.flow, state.last_case = "kia_another", "HL-2026-000001"

    assert turn(state, confirm, opened_case=True).thread == kia.thread
    assert state.thread is None
    after = turn(state, nothing)  # "another child?" answered with something else
    assert after.thread != kia.thread


def test_leaving_a_service_for_another_starts_a_new_thread_and_stays_ppa() -> None:
    state = DialogState()
    kia = turn(state, intake("kia-0-5"))

    def violence(state: DialogState) -> None:  # the flagged message switches to the PPA report
        state.sensitive_turn = True
        state.reset()  # the flag survives a reset
        state.flow, state.service = "intake", "ppa-pengaduan"

    report = turn(state, violence)
    assert report.thread != kia.thread and report.ppa
    assert state.thread == report.thread and not state.sensitive_turn
    assert turn(state, nothing).ppa  # every turn of a PPA intake is PPA


def test_a_switch_of_service_without_reset_also_starts_a_new_thread() -> None:
    state = DialogState()
    kia = turn(state, intake("kia-0-5"))
    assert turn(state, intake("ppa-pengaduan")).thread != kia.thread


def test_a_navigation_flow_continues_into_the_intake_it_leads_to() -> None:
    state = DialogState()

    def confirm_service(state: DialogState) -> None:
        state.flow, state.candidate = "confirm_service", "akta-kelahiran"

    asked = turn(state, confirm_service)

    def yes(state: DialogState) -> None:
        state.reset()
        state.flow, state.service = "intake", "akta-kelahiran"

    assert turn(state, yes).thread == asked.thread


def test_a_flow_that_ends_ends_its_thread_and_cancelling_belongs_to_it() -> None:
    state = DialogState()
    kia = turn(state, intake("kia-0-5"))
    assert turn(state, reset).thread == kia.thread
    assert state.thread is None


def test_idle_chatter_handed_to_an_agent_is_the_tickets() -> None:
    state = DialogState()
    chatter = turn(state, nothing)

    def ask(state: DialogState) -> None:
        state.handoff_request = "citizen_asked"

    assert turn(state, ask).thread == chatter.thread
    assert state.thread is None


def test_a_flagged_turn_is_ppa_and_marks_the_files_it_brought() -> None:
    state = DialogState()
    turn(state, intake("kia-0-5"))

    def photo(state: DialogState) -> None:
        state.sensitive_turn = True
        state.documents.append(StoredDocument(code="akta", sha256="a" * 64, mime="image/png",
                                              size=10, storage_key="k1"))

    assert turn(state, photo, keys=("k1",)).ppa
    assert state.documents[0].ppa and not state.sensitive_turn
    plain = StoredDocument(code="kk", sha256="b" * 64, mime="image/png", size=10,
                           storage_key="k2")
    assert not turn(state, lambda s: s.documents.append(plain), keys=("k2",)).ppa
    assert not state.documents[1].ppa


def test_what_a_flagged_message_put_into_a_non_ppa_intake_is_withheld() -> None:
    state = DialogState()
    turn(state, intake("kia-0-5"))
    turn(state, lambda s: s.answers.update(child_birth_date="2023-03-12"))

    def flagged_name(state: DialogState) -> None:
        state.sensitive_turn = True
        state.answers["child_name"] = state.displays["child_name"] = "dipukuli ayahnya"

    turn(state, flagged_name)
    assert state.answers == {"child_birth_date": "2023-03-12", "child_name": WITHHELD}
    assert state.displays == {"child_name": WITHHELD}


def test_flagged_supply_notes_are_withheld_but_emergency_and_ppa_answers_kept() -> None:
    state = DialogState(flow="supply", supply_case="HL-2026-000001", thread="t-kasus",
                        supply_notes=["KTP ayah menyusul"])

    def note(state: DialogState) -> None:
        state.sensitive_turn = True
        state.supply_notes.append("saya dipukuli")

    turn(state, note)
    assert state.supply_notes == ["KTP ayah menyusul", WITHHELD]
    for flow, service in (("emergency", "damkar-kebakaran"), ("intake", "ppa-pengaduan")):
        kept = DialogState(flow=flow, service=service)

        def answer(state: DialogState) -> None:
            state.sensitive_turn = True
            state.answers["place"] = "rumah kami, suami memukul saya"

        assert turn(kept, answer).ppa
        assert kept.answers["place"] == "rumah kami, suami memukul saya"
