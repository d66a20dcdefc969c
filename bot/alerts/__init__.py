"""Urgent alerts: fire and rescue reports to the damkar piket (and life-threatening PPA reports
to the PPA on-call), acknowledged, escalated, and followed step by step."""
