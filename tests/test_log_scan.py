"""The end-of-run log scan (conftest.py) finds what it looks for."""

from __future__ import annotations

from tests.log_scan import personal_data_in


def test_names_and_addresses_are_found_route_patterns_are_not() -> None:
    lines = [
        '{"msg": "request", "route": "/learn/<slug:unit>/", "status": 200}',
        '{"msg": "sent to learner@example.org"}',
        '{"msg": "Welcome Lena Marek"}',
        '{"msg": "user MAREK"}',
    ]
    hits = personal_data_in(lines)
    assert [h.split(":")[0] for h in hits] == ["line 2", "line 3", "line 4"]
