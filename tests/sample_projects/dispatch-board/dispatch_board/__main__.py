from tabulate import tabulate

from dispatch_board import DELIVERIES


def main() -> None:
    print(tabulate(DELIVERIES, headers=["recipient", "city", "parcels"]))


if __name__ == "__main__":
    main()
