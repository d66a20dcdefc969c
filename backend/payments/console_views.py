"""The payment section of the console's case page, and its actions (each role-checked).

Tariff step: the tariff role approves the amount (whole rupiah). Billing step: the billing role
issues the e-billing code (the citizen gets it in the chat). Check step: the verify role
confirms the payment (the gateway says paid, or the citizen's proof was looked at). With the
embedded gateway outside production, those roles may also mark a bill paid (demo).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from backend.console.access import Access
from backend.console.deps import Guard, Poster
from backend.console.feature_pages import FeaturePages
from backend.console.render import secure
from backend.console.sessions import SignedIn
from backend.core.models import Case, CaseStatus, Officer
from backend.core.payments import service
from backend.core.payments.gateway import PaymentUnavailable
from backend.core.payments.plans import PaymentDesk, PaymentPlan

router = APIRouter(prefix="/console", include_in_schema=False)
PAGES = FeaturePages(Path(__file__).resolve().parent / "templates")
DONE = {"tarif": "Tarif disetujui.", "ebilling": "E-billing diterbitkan dan dikirim ke pemohon.",
        "lunas": "Tagihan ditandai lunas (demo).", "verifikasi": "Pembayaran diverifikasi."}


def _desk(request: Request) -> PaymentDesk:
    desk: PaymentDesk = request.app.state.payments
    return desk


def panel(request: Request, access: Access, user: SignedIn, case: Case) -> Markup | None:
    """The case's bill and the action its current step offers this officer."""
    desk = _desk(request)
    plan = desk.plans.get(case.service_code)
    if plan is None:
        return None
    bill = service.bill_of(access.session, case)
    roles = user.officer.role_names
    step = case.current_step_id if case.status == CaseStatus.OPEN else None
    return PAGES.section(
        "payment_panel.html", case=case, csrf=user.csrf, plan=plan, bill=bill,
        rupiah=service.rupiah, done=DONE.get(request.query_params.get("bayar", "")),
        approve=step == plan.tariff_step and plan.tariff_role in roles,
        billing=step == plan.billing_step and plan.billing_role in roles and bill is not None
        and not bill.billing_code,
        verify=step == plan.verify_step and plan.verify_role in roles and bill is not None
        and bill.verified_at is None,
        demo=desk.demo_payments and bill is not None and bill.billing_code is not None
        and bill.paid_at is None and bool({plan.billing_role, plan.verify_role} & roles))


def _plan(desk: PaymentDesk, case: Case, officer: Officer, role: str) -> PaymentPlan:
    plan = desk.plans.get(case.service_code)
    if plan is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "layanan ini tidak berbayar")
    if getattr(plan, role) not in officer.role_names:
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            f"hanya peran {getattr(plan, role)} yang boleh melakukan ini")
    return plan


def _back(number: str, done: str) -> Response:
    return secure(RedirectResponse(f"/console/kasus/{number}?bayar={done}#pembayaran",
                                   status.HTTP_303_SEE_OTHER))


def _refused(request: Request, user: SignedIn, number: str, error: Exception) -> Response:
    return PAGES.page(request, "payment_refused.html", user=user, number=number,
                      reason=str(error), status_code=status.HTTP_409_CONFLICT)


@router.post("/kasus/{number}/bayar/tarif")
def approve_tariff(number: str, request: Request, guard: Guard, user: Poster,
                   amount: Annotated[int, Form(ge=1, le=service.MAX_AMOUNT)]) -> Response:
    """Approve the case's tariff in whole rupiah."""
    case = guard.case(number, user.officer, lock=True)
    plan = _plan(_desk(request), case, user.officer, "tariff_role")
    try:
        service.approve_tariff(guard.session, case, plan, amount=amount, officer=user.officer,
                               now=guard.now)
    except service.PaymentError as error:
        return _refused(request, user, number, error)
    return _back(case.number, "tarif")


@router.post("/kasus/{number}/bayar/ebilling")
def issue_billing(number: str, request: Request, guard: Guard, user: Poster) -> Response:
    """Ask the gateway for the e-billing code; the citizen is told in the chat."""
    desk = _desk(request)
    case = guard.case(number, user.officer, lock=True)
    plan = _plan(desk, case, user.officer, "billing_role")
    try:
        service.issue_billing(guard.session, case, plan, desk.gateway, officer=user.officer,
                              now=guard.now, valid_hours=desk.valid_hours)
    except (service.PaymentError, PaymentUnavailable) as error:
        return _refused(request, user, number, error)
    request.app.state.workers.wake_outbox()
    return _back(case.number, "ebilling")


@router.post("/kasus/{number}/bayar/lunas-demo")
def mark_paid(number: str, request: Request, guard: Guard, user: Poster) -> Response:
    """The embedded gateway's stand-in for the bank's payment (never in production)."""
    desk = _desk(request)
    case = guard.case(number, user.officer, lock=True)
    _plan(desk, case, user.officer, "billing_role")  # the role check
    bill = service.bill_of(guard.session, case, lock=True)
    if not desk.demo_payments or bill is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "tidak ada tagihan demo untuk kasus ini")
    try:
        service.mark_paid(bill, now=guard.now)
    except service.PaymentError as error:
        return _refused(request, user, number, error)
    return _back(case.number, "lunas")


@router.post("/kasus/{number}/bayar/verifikasi")
def verify(number: str, request: Request, guard: Guard, user: Poster) -> Response:
    """Confirm the payment (gateway paid, or the citizen's proof checked)."""
    desk = _desk(request)
    case = guard.case(number, user.officer, lock=True)
    plan = _plan(desk, case, user.officer, "verify_role")
    try:
        service.verify_payment(guard.session, case, plan, desk.gateway, officer=user.officer,
                               now=guard.now)
    except (service.PaymentError, PaymentUnavailable) as error:
        return _refused(request, user, number, error)
    return _back(case.number, "verifikasi")
