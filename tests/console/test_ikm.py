"""The satisfaction survey: recording answers and the IKM index (PermenPANRB 14/2017)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.core.ikm import (
    CONDENSED,
    ELEMENTS,
    SurveyError,
    expand_condensed,
    grade,
    ikm,
    record_survey,
    results,
)
from backend.core.workflow.engine import Workflow
from tests.support.app import at
from tests.support.officers import open_kia

NOW = at("2026-11-24 10:00")


def scores(value: int) -> dict[str, int]:
    return dict.fromkeys(ELEMENTS, value)


def test_index_is_the_weighted_mean_times_25() -> None:
    assert len(ELEMENTS) == 9
    assert ikm([scores(4)]).index == 100.0
    assert ikm([scores(1)]).index == 25.0
    mixed = ikm([scores(4), scores(3)])
    assert mixed.index == 87.5 and mixed.grade == "B" and mixed.responses == 2
    uneven = {**scores(3), "waktu": 2, "perilaku": 4}
    assert ikm([uneven]).index == pytest.approx(75.0)
    assert ikm([uneven]).element_means["waktu"] == 2.0
    assert ikm([]).index is None


def test_grades_follow_the_conversion_table() -> None:
    from fractions import Fraction

    assert grade(Fraction(8831, 100))[0] == "A"
    assert grade(Fraction(8830, 100))[0] == "B"
    assert grade(Fraction(7661, 100))[0] == "B"
    assert grade(Fraction(7660, 100))[0] == "C"
    assert grade(Fraction(65))[0] == "C"
    assert grade(Fraction(6499, 100)) == ("D", "Tidak baik")


def test_condensed_answers_cover_all_nine_elements() -> None:
    covered = [e for _key, _question, elements in CONDENSED for e in elements]
    assert sorted(covered) == sorted(ELEMENTS) and len(CONDENSED) == 5
    answers = {key: 3 for key, _q, _e in CONDENSED} | {"petugas": 4}
    expanded = expand_condensed(answers)
    assert expanded["kompetensi"] == expanded["perilaku"] == 4 and expanded["sarana"] == 3
    with pytest.raises(SurveyError):
        expand_condensed({"syarat": 3})


def test_record_survey_validates_and_stores_once(engine: Engine, workflow: Workflow) -> None:
    number = open_kia(engine, workflow, NOW)
    with sessionmaker(bind=engine)() as session, session.begin():
        for bad in ({**scores(3), "biaya": 5}, {"persyaratan": 3}, {**scores(3), "waktu": True}):
            with pytest.raises(SurveyError):
                record_survey(session, case_number=number, scores=bad, comment=None, now=NOW)
        with pytest.raises(SurveyError):
            record_survey(session, case_number="HL-2026-999999", scores=scores(3),
                          comment=None, now=NOW)
        stored = record_survey(session, case_number=number, scores=scores(4),
                               comment="  Cepat sekali, terima kasih  ", now=NOW)
        assert stored.comment == "Cepat sekali, terima kasih" and stored.agency == "disdukcapil"
        with pytest.raises(SurveyError):
            record_survey(session, case_number=number, scores=scores(1), comment=None, now=NOW)
    with sessionmaker(bind=engine)() as session:
        overall, per_service = results(session, "disdukcapil")
        assert overall.index == 100.0 and per_service[0][0] == "kia-0-5"
        assert results(session, "dp3a")[0].responses == 0
