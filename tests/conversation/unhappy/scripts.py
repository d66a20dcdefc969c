"""Steps the unhappy-path conversations share."""

from __future__ import annotations

from tests.support.talk import Talk

CHILD_NIK = "1801041203230007"  # synthetic: region 18.01.04, born 12-03-2023


def kia_to_summary(talk: Talk) -> None:
    """A KIA application up to its summary."""
    talk.say("mau bikin KIA", "12-03-2023", "Putri Ayu", "lewati", CHILD_NIK, "Sari Lestari",
             "081234567890")
    talk.press("choice:2")
    for seed in (4, 5, 6):
        talk.photo(seed)
    talk.press("documents:done")
    talk.say("lewati")
    assert talk.state().stage == "summary", talk.sent()[-3:]


def kia_case(talk: Talk) -> str:
    """A KIA case opened; its number."""
    kia_to_summary(talk)
    talk.press("confirm:yes")
    return talk.cases()[-1].number


def complaint_to_identity_question(talk: Talk) -> None:
    """A complaint up to its yes/no question (keep the identity secret?)."""
    talk.say("lapor pengaduan masyarakat")
    if talk.state().flow == "confirm_service":
        talk.press(f"start:{talk.state().candidate}")
    talk.say("Budi Santoso", "081234567890", "lewati", "Dinas Pasar", "pungli di pasar",
             "lewati", "lewati")
    assert "identitas" in talk.sent()[-1].lower()
