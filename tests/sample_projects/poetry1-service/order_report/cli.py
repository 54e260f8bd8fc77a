import click
import structlog
from more_itertools import chunked
from tabulate import tabulate

log = structlog.get_logger()

ORDERS = [
    ("A-1001", "Tea, green", 3),
    ("A-1002", "Coffee beans", 1),
    ("A-1003", "Teapot", 2),
]


def render(orders, page_size):
    """One table per page of orders."""
    return [tabulate(page, headers=["Order", "Item", "Qty"]) for page in chunked(orders, page_size)]


@click.command()
@click.option("--page-size", default=20, show_default=True, help="Orders per table.")
@click.option("--verbose", is_flag=True, help="Log what was printed.")
def main(page_size, verbose):
    """Print today's orders."""
    for table in render(ORDERS, page_size):
        click.echo(table)
    if verbose:
        log.info("printed", orders=len(ORDERS))
