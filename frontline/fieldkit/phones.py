"""Telephone numbers of the contact directory: checked and stored in E.164, shown grouped."""

from __future__ import annotations

import phonenumbers

# libphonenumber rejects the UK mobile drama range on purpose (it is never assigned); the demo
# and the tests must use fictional numbers, so that range is accepted as well.
FICTION_PREFIXES = ("+447700900",)


def normalise_phone(value: str) -> str | None:
    """The number in E.164 (+4420...), or None when `phonenumbers` finds it invalid."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # UK mobile numbers have ten digits after +44.
    fiction = e164.startswith(FICTION_PREFIXES) and len(e164) == 13
    if not (fiction or phonenumbers.is_valid_number(number)):
        return None
    return e164


def display_phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
