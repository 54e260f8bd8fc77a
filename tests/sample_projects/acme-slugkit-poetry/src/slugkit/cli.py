"""The slugkit command."""

import click

from slugkit import slugify


@click.command()
@click.argument("titles", nargs=-1, required=True)
@click.option("--table", is_flag=True, help="Show titles and slugs as a table (needs the 'table' extra).")
def main(titles: tuple[str, ...], table: bool) -> None:
    """Print a URL slug for each TITLE."""
    rows = [(title, slugify(title)) for title in titles]
    if table:
        from tabulate import tabulate

        click.echo(tabulate(rows, headers=["title", "slug"]))
    else:
        for _, slug in rows:
            click.echo(slug)
