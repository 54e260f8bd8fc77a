from click.testing import CliRunner

from order_report.cli import main, render


def test_render_pages():
    assert len(render([("A", "x", 1)] * 5, page_size=2)) == 3


def test_main_prints_orders():
    result = CliRunner().invoke(main, ["--page-size", "2"])
    assert result.exit_code == 0
    assert "Coffee beans" in result.output
