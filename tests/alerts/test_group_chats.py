"""The piket's group chats that alerts and their edits go to: the roster's, else the configured
ones, read without the roster's members (every fire report's message edits its alert)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from backend.core.roster import MemberIn, RosterIn, group_chats, load_roster, on_duty

NOW = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Jakarta")
CONFIGURED = ["-100555"]


def roster(group_chat_ids: list[int | str]) -> RosterIn:
    return RosterIn(unit="damkar", teams=["A", "B"], anchor=date(2026, 11, 1),
                    group_chat_ids=group_chat_ids,
                    members=[MemberIn(name="Sinta Maharani", rank="komandan", team="A"),
                             MemberIn(name="Yoga Pratama", rank="kasie", phone="+6281200000001")])


@pytest.mark.parametrize(("loaded", "expected"), [
    (None, CONFIGURED),
    ([-100777, "-100888"], ["-100777", "-100888"]),
    ([], CONFIGURED),
])
def test_the_rosters_chats_else_the_configured_ones_as_on_duty_gives_them(
        session: Session, loaded: list[int | str] | None, expected: list[str]) -> None:
    if loaded is not None:
        load_roster(session, roster(loaded))
    assert group_chats(session, "damkar", CONFIGURED) == expected
    assert on_duty(session, "damkar", NOW, ZONE, CONFIGURED).group_chat_ids == expected
    session.rollback()


def test_the_members_are_not_read(session: Session, engine: Engine) -> None:
    load_roster(session, roster([-100777]))
    session.commit()
    session.expunge_all()
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert group_chats(session, "damkar", CONFIGURED) == ["-100777"]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert statements and not [s for s in statements if "duty_members" in s]
