from stock_report import STOCK


def test_every_item_has_a_count() -> None:
    assert all(count > 0 for _, _, count in STOCK)
