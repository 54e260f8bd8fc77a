from ledger_export import local_month, monthly_totals


def test_a_late_entry_counts_in_the_next_local_month() -> None:
    assert local_month("2026-01-31T23:30:00+00:00") == "2026-02"


def test_totals_add_up_per_month_and_account() -> None:
    entries = [
        ("2026-03-01T10:00:00+00:00", "sales", 100),
        ("2026-03-02T10:00:00+00:00", "sales", 50),
        ("2026-03-02T11:00:00+00:00", "rent", -70),
    ]
    assert monthly_totals(entries) == [("2026-03", "rent", -70), ("2026-03", "sales", 150)]
