"""Payments at the web edge: the bank's billing API adapter and the console's payment section."""
