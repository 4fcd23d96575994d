"""A table row's cells, and the row labelled with its column names for a person to read."""

from __future__ import annotations

import pytest

from rag.text.tables import holds_a_value, labelled, row_cells


@pytest.mark.parametrize(("row", "cells"), [
    ("10 ans | 4", ["10 ans", "4"]),
    ("| Dump | 02:30 |", ["Dump", "02:30"]),
    ("| Dump |  | 14 days |", ["Dump", "", "14 days"]),
    ("Snapshot   04:00    8 weeks", ["Snapshot", "04:00", "8 weeks"]),
    ("高     2 小时\t数据库宕机", ["高", "2 小时", "数据库宕机"]),
])
def test_cells_of_each_way_a_reader_writes_a_row(row: str, cells: list[str]) -> None:
    assert row_cells(row) == cells


def test_a_rule_holds_no_value() -> None:
    assert not holds_a_value("|:----|-----:|")
    assert not holds_a_value("----------  -------")
    assert holds_a_value("| 0 | - |")


def test_values_follow_their_column_names() -> None:
    assert labelled("Ancienneté | Jours", "10 ans | 4") == "Ancienneté: 10 ans; Jours: 4"
    assert labelled("| Job | Time | Kept |", "| Dump |  | 14 days |") == "Job: Dump; Kept: 14 days"
    assert labelled("Job        Time     Kept", "Dump       02:30    14 days") \
        == "Job: Dump; Time: 02:30; Kept: 14 days"


def test_cells_that_do_not_line_up_are_not_paired() -> None:
    assert labelled("Job | Time | Kept", "Dump | 02:30") is None  # a merged cell
    assert labelled("Job        Time     Kept", "Dump                14 days") is None
    assert labelled("Notes", "anything at all") is None  # one column names nothing new
