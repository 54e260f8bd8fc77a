import sys

import click

from fastcount import count_words


@click.command()
def main() -> None:
    """Print the number of words read from standard input."""
    click.echo(count_words(sys.stdin.read()))
