"""The satisfaction index (IKM, PermenPANRB 14/2017): nine elements scored 1-4, index 25-100.

The bot asks the condensed questions (a few taps); each answer scores the elements it covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models import CaseEvent, SurveyResponse
from backend.core.workflow.queries import case_by_number

ELEMENTS: dict[str, str] = {
    "persyaratan": "Persyaratan",
    "prosedur": "Sistem, mekanisme, dan prosedur",
    "waktu": "Waktu penyelesaian",
    "biaya": "Biaya/tarif",
    "produk": "Produk spesifikasi jenis pelayanan",
    "kompetensi": "Kompetensi pelaksana",
    "perilaku": "Perilaku pelaksana",
    "pengaduan": "Penanganan pengaduan, saran dan masukan",
    "sarana": "Sarana dan prasarana",
}
WEIGHT = Fraction(1, len(ELEMENTS))  # equal weights: 1/9 each
CONDENSED: list[tuple[str, str, tuple[str, ...]]] = [
    ("syarat", "Persyaratan dan alur layanannya mudah?", ("persyaratan", "prosedur")),
    ("waktu", "Waktu dan biayanya sesuai ketentuan?", ("waktu", "biaya")),
    ("hasil", "Hasil layanannya sesuai yang dijanjikan?", ("produk",)),
    ("petugas", "Petugasnya cakap dan ramah?", ("kompetensi", "perilaku")),
    ("sarana", "Pengaduan dan sarana layanannya memadai?", ("pengaduan", "sarana")),
]
SCALE = {1: "Tidak baik", 2: "Kurang baik", 3: "Baik", 4: "Sangat baik"}
GRADES = [(Fraction(8831, 100), "A", "Sangat baik"), (Fraction(7661, 100), "B", "Baik"),
          (Fraction(65), "C", "Kurang baik"), (Fraction(25), "D", "Tidak baik")]


class SurveyError(ValueError):
    """The survey cannot be recorded (unknown case, bad scores, already answered)."""


@dataclass(frozen=True)
class IkmResult:
    responses: int
    element_means: dict[str, float]
    index: float | None
    grade: str | None
    grade_label: str | None


def expand_condensed(answers: Mapping[str, int]) -> dict[str, int]:
    """The nine element scores from the answers to the condensed questions."""
    scores: dict[str, int] = {}
    for key, _question, elements in CONDENSED:
        if key not in answers:
            raise SurveyError(f"jawaban {key!r} belum ada")
        scores.update(dict.fromkeys(elements, answers[key]))
    return scores


def _validated(scores: Mapping[str, int]) -> dict[str, int]:
    if set(scores) != set(ELEMENTS):
        raise SurveyError(f"scores must cover exactly the elements {sorted(ELEMENTS)}")
    if any(not isinstance(v, int) or isinstance(v, bool) or v not in SCALE
           for v in scores.values()):
        raise SurveyError("every score must be an integer from 1 to 4")
    return {name: scores[name] for name in ELEMENTS}


def record_survey(session: Session, *, case_number: str, scores: dict[str, int],
                  comment: str | None, now: datetime) -> SurveyResponse:
    """Store one citizen's answers for a case (once per case) and log it on the case."""
    case = case_by_number(session, case_number)
    if case is None:
        raise SurveyError(f"no case {case_number}")
    if session.scalar(select(SurveyResponse.id).where(SurveyResponse.case_id == case.id)):
        raise SurveyError(f"case {case.number} already has a survey")
    text = comment.strip()[:2000] if comment and comment.strip() else None
    response = SurveyResponse(case_id=case.id, service_code=case.service_code,
                              agency=case.agency, scores=_validated(scores), comment=text,
                              created_at=now)
    session.add(response)
    case.events.append(CaseEvent(at=now, actor_kind="citizen", actor_name="Pemohon",
                                 action="surveyed", from_state=case.status,
                                 to_state=case.status))
    session.flush()
    return response


def grade(index: Fraction) -> tuple[str, str]:
    """The quality grade (A-D) of a converted index (25-100)."""
    for floor, letter, label in GRADES:
        if index >= floor:
            return letter, label
    return GRADES[-1][1], GRADES[-1][2]


def ikm(responses: Iterable[Mapping[str, int]]) -> IkmResult:
    """Element means (NRR), the index (sum of NRR x 1/9, times 25) and its grade."""
    rows = list(responses)
    if not rows:
        return IkmResult(0, {}, None, None, None)
    means = {e: Fraction(sum(r[e] for r in rows), len(rows)) for e in ELEMENTS}
    index = sum((m * WEIGHT for m in means.values()), Fraction(0)) * 25
    letter, label = grade(index)
    return IkmResult(len(rows), {e: round(float(m), 2) for e, m in means.items()},
                     round(float(index), 2), letter, label)


def results(session: Session, agency: str | None) -> tuple[IkmResult, list[tuple[str, IkmResult]]]:
    """The index over every response in scope, and per service code."""
    statement = select(SurveyResponse.service_code, SurveyResponse.scores)
    if agency:
        statement = statement.where(SurveyResponse.agency == agency)
    per_service: dict[str, list[dict[str, int]]] = {}
    for service, scores in session.execute(statement):
        per_service.setdefault(service, []).append(scores)
    everything = [s for rows in per_service.values() for s in rows]
    return ikm(everything), [(code, ikm(rows)) for code, rows in sorted(per_service.items())]
