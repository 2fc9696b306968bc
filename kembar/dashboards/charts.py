"""Small server-rendered SVG charts for the dashboards (conventions of kembar/evaluation/svg.py:
role="img" with <title> and <desc>, a <title> per mark, presentation attributes only). The pages show
the same numbers in a table beside each chart."""

from __future__ import annotations

from html import escape

from django.utils.translation import gettext as _

BAR, AXIS, INK, REGION, PARTNER, BOTH = "#1f5f8b", "#5b6770", "#1d2733", "#d98c2b", "#1f5f8b", "#7fa7c4"


def _open(uid: str, width: float, height: float, title: str, desc: str, css: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{uid}-t {uid}-d">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(desc)}</desc>',
    ]


def columns_svg(*, rows: list[tuple[str, int]], title: str, uid: str) -> str:
    """Vertical bars, one per (label, value) — activities per year."""
    # Drawn at about the size it is shown (dashboards.css caps it at 40rem): labels stay readable on a phone.
    width, height, pad, base = 480, 250, 8, 212
    peak = max((v for _label, v in rows), default=0) or 1
    step = (width - 2 * pad) / max(len(rows), 1)
    desc = "; ".join(f"{label}: {v}" for label, v in rows) or _("No data.")
    out = _open(uid, width, height, title, desc, "chart columns")
    out.append(f'<line x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}" stroke="{AXIS}"/>')
    for i, (label, v) in enumerate(rows):
        h = (base - 24) * v / peak
        x = pad + i * step + step * 0.15
        w = step * 0.7
        out.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{BAR}">'
            f"<title>{escape(f'{label}: {v}')}</title></rect>"
        )
        if v:
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{base - h - 4:.1f}" font-size="18" text-anchor="middle" '
                f'fill="{INK}">{v}</text>'
            )
        if len(rows) <= 8 or (len(rows) - 1 - i) % 3 == 0:  # every third year, ending at this one
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{base + 24}" font-size="18" text-anchor="middle" '
                f'fill="{AXIS}">{escape(str(label))}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def bars_svg(*, rows: list[tuple[str, int]], title: str, uid: str, label_width: int = 180) -> str:
    """Horizontal bars, one per (label, value), longest first as given — cooperations by province."""
    width, lane = 480, 24
    height = max(len(rows), 1) * lane + 8
    peak = max((v for _label, v in rows), default=0) or 1
    desc = "; ".join(f"{label}: {v}" for label, v in rows) or _("No data.")
    out = _open(uid, width, height, title, desc, "chart bars")
    span = width - label_width - 40
    for i, (label, v) in enumerate(rows):
        y = 4 + i * lane
        w = span * v / peak
        out.append(
            f'<text x="{label_width - 6}" y="{y + 16}" font-size="13" text-anchor="end" fill="{INK}">'
            f"{escape(str(label)[:24])}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{max(w, 1):.1f}" height="{lane - 8}" fill="{BAR}">'
            f"<title>{escape(f'{label}: {v}')}</title></rect>"
            f'<text x="{label_width + w + 4:.1f}" y="{y + 16}" font-size="13" fill="{INK}">{v}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def balance_svg(*, region: int, partner: int, both: int, unknown: int, title: str, uid: str) -> str:
    """One stacked bar: activities mainly benefiting the region, both sides, the partner (and unknown)."""
    width, height, top, bar = 480, 66, 6, 28
    parts = [
        (_("Mainly the region"), region, REGION),
        (_("Both"), both, BOTH),
        (_("Mainly the partner"), partner, PARTNER),
        (_("Not recorded"), unknown, "#d5dce4"),
    ]
    total = sum(v for _label, v, _c in parts)
    desc = "; ".join(f"{label}: {v}" for label, v, _c in parts)
    out = _open(uid, width, height, title, desc, "chart balance")
    x = 0.0
    for label, v, colour in parts:
        if not v:
            continue
        w = width * v / total
        out.append(
            f'<rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="{bar}" fill="{colour}">'
            f"<title>{escape(f'{label}: {v}')}</title></rect>"
        )
        x += w
    if not total:
        out.append(f'<rect x="0" y="{top}" width="{width}" height="{bar}" fill="#e6ebf0"/>')
    # The middle marks an even balance.
    mid = width / 2
    out.append(
        f'<line x1="{mid}" y1="{top - 4}" x2="{mid}" y2="{top + bar + 4}" stroke="{AXIS}" stroke-dasharray="3 2"/>'
    )
    # The words outside the f-strings: makemessages reads no call inside one.
    region_gains, partner_gains = escape(_("The region gains")), escape(_("The partner gains"))
    out.append(f'<text x="0" y="{top + bar + 24}" font-size="18" fill="{INK}">{region_gains}</text>')
    out.append(
        f'<text x="{width}" y="{top + bar + 24}" font-size="18" text-anchor="end" fill="{INK}">{partner_gains}</text>'
    )
    out.append("</svg>")
    return "".join(out)
