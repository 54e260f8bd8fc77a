from parcel_rates import price


def test_the_first_kilogram_has_its_own_price() -> None:
    assert price("domestic", 1) == 450


def test_each_further_kilogram_adds_the_same() -> None:
    assert price("europe", 3) - price("europe", 2) == 300
