"""Which cases an officer may see in the console.

Other agencies' cases do not exist for them (404, the attempt logged). PPA cases follow the
handoff desk's rules (``handoff.ppa``): only PPA roles of dp3a see them, every read is logged
and every refusal recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import HTTPException, status
from sqlalchemy.orm import Session

from backend.config import Settings
from backend.models import Case, Officer
from backend.workflow.engine import Workflow
from backend.workflow.queries import case_by_number
from handoff.ppa import guard_case_read, is_ppa_case, is_ppa_officer, record_denial


@dataclass(frozen=True)
class Access:
    """What deciding visibility needs: the session, catalog, settings and the time."""

    session: Session
    workflow: Workflow
    settings: Settings
    now: datetime

    def sees_ppa(self, officer: Officer) -> bool:
        """The officer holds a PPA role: PPA-flagged messages and files are shown to them."""
        return is_ppa_officer(officer, self.workflow.catalog, self.settings.handoff)

    def is_ppa(self, case: Case) -> bool:
        return is_ppa_case(case, self.settings.handoff)

    def may_list(self, case: Case, officer: Officer) -> bool:
        """True when the case may appear in the officer's lists."""
        policy = self.settings.handoff
        return case.agency == officer.agency and (
            not is_ppa_case(case, policy)
            or is_ppa_officer(officer, self.workflow.catalog, policy))

    def case(self, number: str, officer: Officer, *, lock: bool = False) -> Case:
        """The case, if the officer may read it (404/403 otherwise); PPA reads are logged."""
        case = case_by_number(self.session, number, for_update=lock)
        if case is not None and case.agency != officer.agency:
            record_denial(self.session, officer=officer, case=case, reason="agency",
                          settings=self.settings.handoff, now=self.now)
        if case is None or case.agency != officer.agency:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "kasus tidak ditemukan")
        guard_case_read(self.session, case, officer, catalog=self.workflow.catalog,
                        settings=self.settings.handoff, now=self.now)
        return case
