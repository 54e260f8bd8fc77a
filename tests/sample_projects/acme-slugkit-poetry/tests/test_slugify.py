from click.testing import CliRunner

from slugkit import slugify
from slugkit.cli import main


def test_drops_accents_and_stop_words():
    assert slugify("The Art of Café Society") == "art-cafe-society"


def test_keeps_a_title_made_of_stop_words():
    assert slugify("The The") == "the"


def test_command_prints_one_slug_per_title():
    result = CliRunner().invoke(main, ["Hello, World!", "Ünïcode is fun"])
    assert result.output == "hello-world\nunicode-fun\n"


def test_table_needs_the_table_extra():
    result = CliRunner().invoke(main, ["--table", "Hello, World!"])
    assert result.output.splitlines()[0].split() == ["title", "slug"]
