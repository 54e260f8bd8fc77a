from inventory import report


def test_summary_counts_items_and_stock():
    assert report.summary({"bolts": 3, "nuts": 4}) == "2 items, 7 in stock"


def test_runs_with_the_pinned_libraries():
    assert report.versions()["aardvark"] == "1.3.0"
