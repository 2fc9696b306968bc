"""`kembar report annual`: writes the file with the same builder and keeps it in the region's reports."""

import pytest
from django.core.management import CommandError, call_command

from kembar.reports.models import GeneratedReport

from .conftest import read_xlsx


def test_the_command_writes_the_file_and_records_it(demo, tmp_path):
    out = tmp_path / "laporan.xlsx"
    call_command("report", "annual", "--region", "32.73", "--year", "2022", "--format", "xlsx", "--out", str(out))
    wb = read_xlsx(out.read_bytes())
    assert "Kerja Sama" in wb.sheetnames
    report = GeneratedReport.objects.get()
    assert report.generated_by is None and report.message == "CLI" and report.status == "done"
    assert report.size == out.stat().st_size


def test_the_command_writes_a_pdf(demo, tmp_path):
    out = tmp_path / "laporan.pdf"
    call_command("report", "annual", "--region", "32.73", "--year", "2022", "--format", "pdf", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "args",
    [
        ["--region", "99.99", "--year", "2022", "--format", "pdf"],
        ["--region", "32.73", "--year", "1800", "--format", "pdf"],
    ],
)
def test_bad_input_is_refused_and_records_nothing(bandung, tmp_path, args):
    with pytest.raises(CommandError):
        call_command("report", "annual", *args, "--out", str(tmp_path / "x.pdf"))
    assert not GeneratedReport.objects.exists()
    assert not (tmp_path / "x.pdf").exists()
