"""Frontline: anti-trafficking training and field support for frontline officers."""
