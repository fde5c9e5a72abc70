from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.intelligence.extract import Kinds
from frontline.intelligence.linking import Record, clusters, link, name_keys


def test_identifiers_link_reports_as_a_star() -> None:
    records = [Record(r, Kinds.PHONE, "+447700900123") for r in (5, 1, 9, 3)]
    result = link(records)
    assert {(x.left, x.right) for x in result.links} == {(1, 3), (1, 5), (1, 9)}
    assert clusters(result.links) == [{1, 3, 5, 9}]


def test_names_link_across_scripts_and_chain_networks() -> None:
    records = [
        Record(1, Kinds.NAME, "Олександр Коваленко"),
        Record(2, Kinds.NAME, "Oleksandr Kovalenko"),
        Record(2, Kinds.PLATE, "AB12CDE"),
        Record(3, Kinds.PLATE, "AB12CDE"),
        Record(4, Kinds.NAME, "Olena Kravets"),
    ]
    result = link(records)
    name_links = [x for x in result.links if x.kind == Kinds.NAME]
    assert [(x.left, x.right) for x in name_links] == [(1, 2)]
    assert "same consonants" in name_links[0].reason
    assert clusters(result.links) == [{1, 2, 3}]


def test_a_missing_middle_name_still_meets_in_a_block() -> None:
    assert name_keys("Anna Maria Eriksson") & name_keys("Anna Eriksson")
    result = link(
        [Record(1, Kinds.NAME, "Anna Maria Eriksson"), Record(2, Kinds.NAME, "Anna Eriksson")]
    )
    assert [(x.left, x.right) for x in result.links] == [(1, 2)]


def test_blocks_too_common_to_mean_anything_are_skipped() -> None:
    records = [Record(i, Kinds.NAME, f"Ivan Petrov{'a' * (i % 2)} {i}") for i in range(30)]
    result = link(records, max_block=5)
    assert result.skipped_blocks >= 1


RECORDS = st.lists(
    st.builds(
        Record,
        st.integers(1, 40),
        st.sampled_from([Kinds.PHONE, Kinds.PLATE, Kinds.NAME]),
        st.sampled_from(
            ["+447700900001", "AB12CDE", "Ivan Petrov", "Іван Петров", "Olena Kravets"]
        ),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(RECORDS)
def test_reports_sharing_an_identifier_end_in_one_network(records: list[Record]) -> None:
    result = link(records)
    networks = clusters(result.links)
    home = {report: i for i, network in enumerate(networks) for report in network}
    for a in records:
        for b in records:
            if a.kind == b.kind != Kinds.NAME and a.value == b.value and a.report != b.report:
                assert home[a.report] == home[b.report]
    for item in result.links:
        assert item.left < item.right
    # Never more links than mentions: the star keeps it linear.
    assert len(result.links) <= len(records) + result.comparisons
