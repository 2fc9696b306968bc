"""The national directory as open data: CSV and JSON of the same rows, with the same filters, as the directory
(kembar.public.selectors.directory_rows), under CC BY 4.0, and the data dictionary that describes each column.

The columns are named in English snake_case, the same in every language and every file; codes (region, country,
type, form, status) stay codes, and each has a `_label` column in the file's language (`?lang=en`, else
Indonesian). Dates are written as precisely as they are known (`2006-09-21`, `2019-10`, `2011`).

Licence: the JSON says it in its `metadata`; a CSV file has nowhere to say it without breaking the first row a
data user's tools read as the header, so its answer carries `Link: <…>; rel="license"` and
`Link: <data dictionary>; rel="describedby"`, and the data dictionary page (linked beside each download) says
it in words (docs/adr/0032, amendment).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kembar.core.spreadsheets import csv_text

from .selectors import PublicCooperation

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Column:
    name: str
    description: Promise
    value: Callable[[PublicCooperation, Callable[[PublicCooperation], str]], object]


def _date(spec) -> str:
    return str(spec) if spec else ""


COLUMNS = (
    Column("region_code", _("The region's code (Kemendagri), e.g. 32.73."), lambda c, u: c.region.code),
    Column("region_name", _("The region's name."), lambda c, u: c.region.name),
    Column(
        "province_code",
        _("The province's code (the region's own for a province)."),
        lambda c, u: c.region.province_code,
    ),
    Column("province_name", _("The province's name."), lambda c, u: c.region.province),
    Column("partner_name", _("The foreign partner's name."), lambda c, u: c.partner),
    Column(
        "partner_name_local",
        _("The partner's name in its own script, when known (e.g. 柳州市)."),
        lambda c, u: c.partner_local,
    ),
    Column("country_code", _("The partner's country, ISO 3166-1 alpha-2 code."), lambda c, u: c.country),
    Column("country_name", _("The partner's country, named in the file's language."), lambda c, u: c.country_name),
    Column("type", _("The kind of cooperation, as a code."), lambda c, u: c.type),
    Column("type_label", _("The kind of cooperation, in words."), lambda c, u: c.type_label),
    Column(
        "form",
        _("The form of cooperation, as a code (e.g. sister_city, sister_province)."),
        lambda c, u: c.form,
    ),
    Column("form_label", _("The form of cooperation, in words."), lambda c, u: c.form_label),
    Column(
        "fields",
        _("The fields of cooperation (CSV: separated by semicolons; JSON: a list)."),
        lambda c, u: list(c.fields),
    ),
    Column(
        "status",
        _("The status Kembar derives today from the recorded facts, as a code (e.g. active, dormant, ended)."),
        lambda c, u: c.status,
    ),
    Column("status_label", _("The status, in words."), lambda c, u: c.status_label),
    Column(
        "started",
        _("Since when: the first signing or activity, as precisely as known (YYYY-MM-DD, YYYY-MM or YYYY)."),
        lambda c, u: _date(c.started),
    ),
    Column(
        "latest_activity_date",
        _("The date of the latest public activity, as precisely as known."),
        lambda c, u: _date(c.latest.date) if c.latest else "",
    ),
    Column(
        "latest_activity_title",
        _("The title of the latest public activity."),
        lambda c, u: c.latest.title if c.latest else "",
    ),
    Column("url", _("The cooperation's public page."), lambda c, u: u(c)),
)


def records(rows: list[PublicCooperation], url: Callable[[PublicCooperation], str]) -> list[dict]:
    return [{col.name: col.value(c, url) for col in COLUMNS} for c in rows]


def as_csv(rows: list[PublicCooperation], url) -> str:
    """The rows as CSV (a header row, then one row per cooperation), every text cell neutralised against
    formula injection."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([col.name for col in COLUMNS])
    for record in records(rows, url):
        writer.writerow(
            [csv_text("; ".join(v) if isinstance(v, list) else "" if v is None else str(v)) for v in record.values()]
        )
    return out.getvalue()


def as_json(rows: list[PublicCooperation], url, *, language: str, source: str, dictionary: str, filters: dict) -> str:
    """The rows as a JSON document: `metadata` (title, licence, attribution, source, the filters, the columns)
    and `cooperations`."""
    document = {
        "metadata": {
            "title": str(_("Foreign cooperation of Indonesia's regions: the national directory")),
            "publisher": "Kembar",
            "licence": {"name": LICENCE, "url": LICENCE_URL},
            "attribution": str(_("Source: Kembar, the regions' published foreign cooperations.")),
            "source": source,
            "data_dictionary": dictionary,
            "language": language,
            "date": timezone.localdate().isoformat(),
            "filters": filters,
            "count": len(rows),
            "columns": [{"name": col.name, "description": str(col.description)} for col in COLUMNS],
        },
        "cooperations": records(rows, url),
    }
    return json.dumps(document, ensure_ascii=False, indent=1)
