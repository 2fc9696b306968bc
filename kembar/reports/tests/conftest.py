import glob
import io
import subprocess

import pytest

from kembar.cooperations.casefile import import_files


@pytest.fixture
def demo(bandung, bogor):
    """The demo case files (Bandung with Liuzhou, Suwon, Seoul…; Bogor with Nanning), plus one
    document of 2022 known to the day (the demo's 2022 facts are known only to the month)."""
    from kembar.cooperations.models import Cooperation
    from kembar.cooperations.services import document_create
    from kembar.core.dates import DateSpec

    import_files(sorted(glob.glob("kembar/demo/cases/*.yaml")))
    liuzhou = Cooperation.objects.get(region=bandung, ref="bandung-liuzhou")
    document_create(
        cooperation=liuzhou, by=None, kind="report", title="Laporan tahunan 2022", date=DateSpec.parse("2022-05-11")
    )
    return bandung


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=content, capture_output=True, check=True).stdout.decode()


def squash(text: str) -> str:
    """Text without any whitespace: a title wrapped over lines of a table cell still matches."""
    return "".join(text.split())


def read_xlsx(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))
