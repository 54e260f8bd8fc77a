import click

from acme_core import get_logger
from acme_ledger import ledger

log = get_logger("invoicer")


@click.command()
@click.argument("items", nargs=-1)
def main(items: tuple[str, ...]) -> None:
    """Print an invoice for ITEMS given as name=cents."""
    lines = [(name, int(cents)) for name, cents in (item.split("=") for item in items)]
    click.echo(ledger(lines))


if __name__ == "__main__":
    main()
