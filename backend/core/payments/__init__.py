"""Payments where a service charges: tariff approval, e-billing codes, payment and its check."""
