import sys

from tabulate import tabulate

from stock_report import STOCK


def main() -> None:
    print(tabulate(STOCK, headers=["item", "size", "count"]))
    print(f"(Python {sys.version.split()[0]} at {sys.executable})")


if __name__ == "__main__":
    main()
