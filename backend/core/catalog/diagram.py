"""Render a service's workflow as a Mermaid flowchart."""

from __future__ import annotations

import re

from backend.core.catalog.schema import ServiceDefinition
from backend.core.catalog.steps import OutcomeKind


def _quote(text: str, limit: int = 70) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace('"', "'")


def mermaid(service: ServiceDefinition) -> str:
    """A ``flowchart TD`` with one node per step, edges for every outcome."""
    lines = ["flowchart TD", f'    start(["{_quote(service.name.id)}"]) --> {service.steps[0].id}']
    for step in service.steps:
        role = service.roles[step.actor].label
        time = f" · {_quote(step.time, 30)}" if step.time else ""
        lines.append(f'    {step.id}["{step.number}. {_quote(role, 30)}{time}<br/>'
                     f'{_quote(step.description)}"]')
    lines.append('    done(["Selesai"])')
    lines.append('    rejected(["Ditolak"])')
    lines.append('    applicant[/"Dikembalikan ke pemohon"/]')
    for step in service.steps:
        for outcome in step.outcomes:
            label = f"|{_quote(outcome.label, 30)}|" if outcome.label else ""
            if outcome.kind is OutcomeKind.RETURN:
                lines.append(f"    {step.id} -.->{label} applicant -.-> {step.id}")
            elif outcome.kind is OutcomeKind.REJECT:
                lines.append(f"    {step.id} -->{label} rejected")
            elif outcome.kind is OutcomeKind.FINISH:
                lines.append(f"    {step.id} -->{label} done")
            else:
                target = outcome.step or service.next_step_id(step.id) or "done"
                lines.append(f"    {step.id} -->{label} {target}")
    return "\n".join(lines)
