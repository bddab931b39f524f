"""Demand over time, in ACUs of work: from a constant, a weekly schedule or a recorded trace."""
