from tabulate import tabulate

from ledger_export import ENTRIES, monthly_totals


def main() -> None:
    print(tabulate(monthly_totals(ENTRIES), headers=["month", "account", "total"]))


if __name__ == "__main__":
    main()
