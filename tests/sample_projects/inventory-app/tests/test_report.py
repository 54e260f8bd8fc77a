from inventory import report


def test_summary_counts_items_and_stock():
    assert report.summary({"bolts": 3, "nuts": 4}) == "2 items, 7 in stock"


def test_table_pages_the_stock():
    pages = report.table({"bolts": 3, "nuts": 4, "washers": 9}, per_page=2)
    assert len(pages) == 2 and "bolts" in pages[0]


def test_runs_with_the_pinned_libraries():
    assert report.libraries()["tabulate"] == "0.9.0"
