from tabulate import tabulate


def test_table_shows_each_row():
    assert "alice" in tabulate([["alice", 3], ["bob", 5]])
