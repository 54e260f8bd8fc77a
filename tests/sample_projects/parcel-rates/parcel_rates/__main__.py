import sys

from tabulate import tabulate

from parcel_rates import ZONES, price


def main() -> None:
    rows = [(zone, price(zone, 1) / 100, price(zone, 5) / 100) for zone in ZONES]
    print(tabulate(rows, headers=["zone", "1 kg", "5 kg"], floatfmt=".2f"))
    print(f"(Python {sys.version.split()[0]} at {sys.executable})")


if __name__ == "__main__":
    main()
