from click.testing import CliRunner

from invoicer.__main__ import main


def test_invoice_has_a_total():
    result = CliRunner().invoke(main, ["hosting=1250", "support=4000"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].split() == ["total", "52.50"]
