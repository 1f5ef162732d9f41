"""The shift-handover document: A4 portrait PDF, for reading on paper.

Page one is the overview (shift, key figures, map); the tables follow.  Every text that comes
from data goes through `_esc` before it reaches Paragraph markup, so a title such as
``<b>x</b> & <img src=x>`` prints as typed.  The file is written beside its target and moved
into place, so a reader never sees half a PDF.

The window prints through the same file: render to a temporary PDF, then hand its pages to
the printer (QPdfDocument); there is one layout, not two.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from console.domain import vocabulary
from console.domain.errors import ValidationError
from console.domain.restock import whole_minutes
from console.domain.vocabulary import N_
from console.domain.timeutil import to_local
from console.services.handover import HandoverData, HandoverOutage, LoanLine

from .fonts import condensed_font_files, font_files
from .handover_map import OSM_ATTRIBUTION, STATUS_COLORS, MapText, aspect, render_map_png

Progress = Callable[[float, str], None]

PAGE_W, PAGE_H = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
MAP_DPI = 200
# The charts are raster pictures at print resolution; past this many the table carries the rest.
CHART_DPI = 220
CHART_H = 78 * mm
MAX_ETA_CHARTS = 12
CELL_SIZE = 7.5
CELL_LEADING = 9.2
CELL_PAD_X = 3
CELL_PAD_Y = 2.5
# A board this big puts the short sections first and the long lists at the back.
LONG_BOARD = 60

INK = colors.HexColor("#0f172a")
MUTED = colors.HexColor("#64748b")
RULE = colors.HexColor("#cbd5e1")
HEAD_BG = colors.HexColor("#e2e8f0")
GROUP_BG = colors.HexColor("#f1f5f9")
ZEBRA = colors.HexColor("#f8fafc")
ALERT = colors.HexColor("#b91c1c")
ACCENT = colors.HexColor("#0f766e")

# The document's words by key, in English (the source language); texts(lang) gives them in
# a language from the one catalogue (console.domain.vocabulary).
_TEXTS: dict[str, str] = {
    "doc_title": N_("Shift handover"),
    "operator": N_("Operator"),
    "shift": N_("Shift"),
    "dispatcher": N_("Dispatcher"),
    "printed": N_("Printed"),
    "page": N_("Page {n} of {total}"),
    "footer": N_("{operator} · Shift handover {start} – {end}"),
    "footer2": N_("Printed {printed} by {dispatcher}"),
    "k_open": N_("open outages"),
    "k_customers": N_("customers without fiber"),
    "k_eta": N_("ETA changes this shift"),
    "k_runs": N_("material runs under way"),
    "k_loans": N_("loaner routers out"),
    "k_collect": N_("to collect"),
    "k_techs": N_("technicians on duty"),
    "map": N_("Map of the operating area"),
    "map_caption": N_("Open outages (colour = status, size = customers, number = outage #), "
                      "technicians and depots. As of {at}."),
    "runs_travel": N_("Travel times: {how}."),
    "map_credit": N_("Roads, water and place names from the offline region: {attribution}"),
    "notes": N_("Handover notes"),
    "no_notes": N_("No notes for this shift."),
    "open": N_("Open outages"),
    "no_open": N_("No open outages."),
    "eta_changes": N_("ETA changes during the shift"),
    "eta_changes_intro": N_("The full ETA history of outages whose restoration time changed during "
                            "the shift; grey lines were recorded before the shift."),
    "no_eta_changes": N_("No ETA changes during the shift."),
    "eta_charts": N_("The ETAs drawn"),
    "eta_charts_intro": N_("The promised restoration time against the moment each promise was made, for the "
                           "outages whose ETA moved during the shift: a step up is a slip, with its reason; "
                           "below the dashed diagonal a promise had passed."),
    "eta_chart_caption": N_("#{id} {title} · {revs} · {slip} since the first ETA · current ETA {eta}"),
    "charts_left_out": N_("{n} more outages whose ETA moved are in the table of ETA changes."),
    "accuracy": N_("ETA accuracy, last {days} days"),
    "accuracy_intro": N_("Outages restored in the period, by cause: how late (+) or early (−) the restoration "
                         "came against the first and the last promise. {n} restored, {none} without a promised "
                         "ETA."),
    "runs": N_("Material runs under way"),
    "no_runs": N_("No material runs under way."),
    "loans": N_("Loaner routers (4G)"),
    "collect": N_("To collect (the outage is over)"),
    "loans_out": N_("Out with customers"),
    "no_loans": N_("No loaner routers out."),
    "techs": N_("Technicians on duty"),
    "no_techs": N_("No technicians on duty."),
    "closed": N_("Closed during the shift"),
    "sign": N_("Handed over by"),
    "sign_to": N_("Taken over by"),
    "sign_time": N_("Time"),
    "c_id": N_("#"),
    "c_outage": N_("Outage"),
    "c_status": N_("Status"),
    "c_customers": N_("Cust."),
    "c_techs": N_("Technicians"),
    "c_eta": N_("ETA"),
    "c_revs": N_("Rev."),
    "c_untold": N_("Untold for"),
    "c_dark": N_("Dark"),
    "c_recorded": N_("Recorded"),
    "c_by": N_("By"),
    "c_new_eta": N_("New ETA"),
    "c_shift": N_("Change"),
    "c_reason": N_("Reason"),
    "c_note": N_("Note"),
    "c_told": N_("Told"),
    "c_tech": N_("Technician"),
    "c_source": N_("Fetching from"),
    "c_items": N_("Material"),
    "c_departed": N_("Left"),
    "c_arrival": N_("Arrives"),
    "c_extra": N_("Adds"),
    "c_router": N_("Router"),
    "c_customer": N_("Customer"),
    "c_lent": N_("Lent"),
    "c_due": N_("Due back"),
    "c_depot": N_("Home depot"),
    "c_job": N_("Job"),
    "c_position": N_("Position"),
    "c_short": N_("Lacks for the job"),
    "c_closed_at": N_("Closed"),
    "yes": N_("Yes"),
    "no": N_("No"),
    "unknown": N_("–"),
    "no_eta": N_("no ETA"),
    "overdue": N_("passed"),
    "first_eta": N_("first"),
    "none_assigned": N_("none"),
    "no_job": N_("no job"),
    "no_fix": N_("no position"),
    "ago": N_("{age} ago"),
    "revisions": N_("{n} revisions"),
    "revision": N_("1 revision"),
    "now": N_("now"),
    "left_out": N_("… {n} earlier revisions not shown"),
    "kind_depot": N_("depot"),
    "kind_technician": N_("van"),
    "legend": N_("Legend"),
    "legend_tech": N_("Technician"),
    "legend_depot": N_("Depot"),
    "legend_size": N_("Size: customers affected"),
    "legend_overdue": N_("ETA passed"),
    "p_collect": N_("Collecting data"),
    "p_map": N_("Drawing the map"),
    "p_tables": N_("Building the tables"),
    "p_charts": N_("Drawing the ETA charts"),
    "p_page": N_("Laying out page {n}"),
    "p_save": N_("Saving the PDF"),
    "p_done": N_("Done"),
    "weekdays": N_("Mon Tue Wed Thu Fri Sat Sun"),
}

# Material names as the crews say them; codes not listed fall back to the stored name.
_MATERIAL_TEXTS = {
    "SPLICE_CLOSURE": N_("Splice closure"), "FIBER_CABLE_M": N_("Fibre cable (96f)"),
    "SPLICE_SLEEVE": N_("Splice sleeve"), "PATCH_CORD": N_("Patch cord SC/APC"),
    "DROP_CABLE_M": N_("Drop cable"), "ONT": N_("ONT (customer unit)"),
    "LIGHTING_KIT": N_("Work lighting"), "ROUTER_4G": N_("4G loaner router"),
}
_UNIT_TEXTS = {"pcs": N_("pcs")}

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class HandoverPdf:
    path: str
    pages: int


def _esc(value: object) -> str:
    """Data text made safe for Paragraph markup: printed literally, never interpreted."""
    return escape(_CONTROL.sub("", "" if value is None else str(value)))


def _esc_lines(value: object) -> str:
    """Like _esc, keeping the writer's line breaks (notes)."""
    return "<br/>".join(_esc(line) for line in str(value or "").splitlines())


def check_lang(lang: str | None) -> str:
    return vocabulary.check_lang(lang or "sv")


def texts(lang: str) -> dict[str, str]:
    return vocabulary.words(check_lang(lang), _TEXTS)


def format_when(value: datetime | None, lang: str = "sv") -> str:
    """Local time as the tables print it: 'fre 13/9 21:00'."""
    if value is None:
        return ""
    local = to_local(value)
    day = texts(lang)["weekdays"].split()[local.weekday()]
    return f"{day} {local.day}/{local.month} {local:%H:%M}"


def format_when_long(value: datetime | None, lang: str = "sv") -> str:
    """Local time with the full date, for the header: 'fre 2024-09-13 21:00'."""
    if value is None:
        return ""
    local = to_local(value)
    day = texts(lang)["weekdays"].split()[local.weekday()]
    return f"{day} {local:%Y-%m-%d %H:%M}"


def format_duration(minutes: float | None, lang: str = "sv") -> str:
    """'45 min', '3 h 20 min', '2 d 5 h'."""
    return "" if minutes is None else vocabulary.duration_words(minutes, check_lang(lang))


class _Fonts:
    """Registers the TrueType families once per process; Helvetica when no TTF is found."""

    _body: tuple[str, str, str] | None = None
    _table: tuple[str, str] | None = None

    @staticmethod
    def _register(files) -> tuple[str, str, str]:
        base = f"Handover{files.family}"
        names = {style: f"{base}-{style}" for style in ("regular", "bold", "italic", "bold_italic")}
        for style, name in names.items():
            pdfmetrics.registerFont(TTFont(name, getattr(files, style)))
        # Paragraph's <b> looks the family up by the regular face's name.
        pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"], bold=names["bold"],
                                      italic=names["italic"], boldItalic=names["bold_italic"])
        return names["regular"], names["bold"], names["italic"]

    @classmethod
    def names(cls) -> tuple[str, str, str]:
        if cls._body is None:
            files = font_files()
            cls._body = ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique") if files is None \
                else cls._register(files)
        return cls._body

    @classmethod
    def table_names(cls) -> tuple[str, str]:
        """The narrower face for table cells (more fits a column), else the body face."""
        if cls._table is None:
            condensed = condensed_font_files() if cls.names()[0] != "Helvetica" else None
            cls._table = cls._register(condensed)[:2] if condensed is not None else cls.names()[:2]
        return cls._table

    @classmethod
    def has_symbols(cls) -> bool:
        return cls.names()[0] != "Helvetica"


class _Styles:
    def __init__(self) -> None:
        regular, bold, italic = _Fonts.names()
        self.regular, self.bold, self.italic = regular, bold, italic
        self.table_regular, self.table_bold = _Fonts.table_names()
        self.title = ParagraphStyle("title", fontName=bold, fontSize=20, leading=24, textColor=INK)
        self.subtitle = ParagraphStyle("subtitle", fontName=regular, fontSize=11, leading=14, textColor=MUTED)
        self.h2 = ParagraphStyle("h2", fontName=bold, fontSize=12.5, leading=16, textColor=INK, spaceBefore=9,
                                 spaceAfter=4)
        self.body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12, textColor=INK)
        self.small = ParagraphStyle("small", fontName=regular, fontSize=7.5, leading=9.5, textColor=MUTED)
        self.cell = ParagraphStyle("cell", fontName=self.table_regular, fontSize=CELL_SIZE, leading=CELL_LEADING,
                                   textColor=INK)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.cell_muted = ParagraphStyle("cell_muted", parent=self.cell, textColor=MUTED)
        self.head = ParagraphStyle("head", fontName=self.table_bold, fontSize=CELL_SIZE, leading=CELL_LEADING,
                                   textColor=INK)
        self.head_right = ParagraphStyle("head_right", parent=self.head, alignment=TA_RIGHT)
        self.group = ParagraphStyle("group", fontName=self.table_bold, fontSize=8, leading=10, textColor=INK)
        self.kpi_num = ParagraphStyle("kpi_num", fontName=bold, fontSize=16, leading=19, textColor=INK)
        self.kpi_label = ParagraphStyle("kpi_label", fontName=regular, fontSize=7.5, leading=9, textColor=MUTED)
        self.label = ParagraphStyle("label", fontName=bold, fontSize=9, leading=12, textColor=MUTED)


class _NumberedCanvas(rl_canvas.Canvas):
    """Holds every page until the end so the footer can say 'page X of Y'."""

    def __init__(self, *args, footer: Callable[[rl_canvas.Canvas, int, int], None], **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()


class _PagedTable(Flowable):
    """Rows laid out page by page, each page a small Table with the header on top.

    reportlab's own splitting copies and re-checks every style command of the rest of a table
    at each page break, which for a storm's 5000 rows costs the square of the length.  Row
    heights are measured once, up front, so cutting here is a sum; a group heading (a spanned
    row) is never left alone at the foot of a page.
    """

    def __init__(self, builder: "_Builder", rows, heights, widths, every, by_row, span_rows, zebra: bool,
                 first: int):
        super().__init__()
        self.b, self.rows, self.heights, self.widths = builder, rows, heights, widths
        self.every, self.by_row, self.span_rows, self.zebra, self.first = every, by_row, span_rows, zebra, first
        self._table: Table | None = None

    def _build(self, lo: int, hi: int) -> Table:
        cmds = list(self.every)
        for r in range(lo, hi):
            for name, (c0, _), (c1, _), *args in self.by_row.get(r, ()):
                cmds.append((name, (c0, r - lo + 1), (c1, r - lo + 1), *args))
        return self.b._one_table([self.rows[0]] + self.rows[lo:hi], self.widths,
                                 [self.heights[0]] + self.heights[lo:hi], cmds, self.zebra,
                                 odd_start=(lo - 1) % 2 == 1)

    def wrap(self, avail_w, avail_h):
        self.width = sum(self.widths)
        self.height = self.heights[0] + sum(self.heights[self.first:])
        return self.width, self.height

    def split(self, avail_w, avail_h):
        room = avail_h - self.heights[0]
        end, used = self.first, 0.0
        while end < len(self.rows) and used + self.heights[end] <= room:
            used += self.heights[end]
            end += 1
        while end - 1 > self.first and end < len(self.rows) and (end - 1) in self.span_rows:
            end -= 1  # keep a group heading with its first line
        if end == self.first:
            if avail_h < self.b.frame_h - 1:
                return []  # nothing fits here: start on the next page
            end = self.first + 1  # one row taller than a page: let it run over rather than loop
        head = self._build(self.first, end)
        if end >= len(self.rows):
            return [head]
        rest = _PagedTable(self.b, self.rows, self.heights, self.widths, self.every, self.by_row, self.span_rows,
                           self.zebra, end)
        return [head, rest]

    def draw(self):
        table = self._build(self.first, len(self.rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


class _Builder:
    def __init__(self, data: HandoverData, lang: str, progress: Progress | None):
        self.data, self.lang, self.progress_fn = data, lang, progress
        self.s = texts(lang)
        self.st = _Styles()
        self.bullet = "● " if _Fonts.has_symbols() else ""
        self.frame_h = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM

    # ---- small helpers -------------------------------------------------------------
    def progress(self, fraction: float, message: str) -> None:
        if self.progress_fn is not None:
            self.progress_fn(max(0.0, min(1.0, fraction)), message)

    def p(self, markup: str, style=None) -> Paragraph:
        return Paragraph(markup, style or self.st.cell)

    def head(self, labels: Sequence[str], right: Sequence[int] = ()) -> list[Paragraph]:
        return [self.p(_esc(label), self.st.head_right if i in right else self.st.head)
                for i, label in enumerate(labels)]

    def when(self, value: datetime | None) -> str:
        return format_when(value, self.lang)

    def status(self, status: str) -> str:
        word = _esc(vocabulary.outage_status_word(status, self.lang))
        color = STATUS_COLORS.get(status, "#64748b")
        return f'<font color="{color}">{self.bullet}</font>{word}' if self.bullet else word

    def material(self, code: str, name: str, unit: str, qty: float) -> str:
        label = vocabulary.word(self.lang, _MATERIAL_TEXTS[code]) if code in _MATERIAL_TEXTS else name or code
        unit_word = vocabulary.word(self.lang, _UNIT_TEXTS[unit]) if unit in _UNIT_TEXTS else unit
        amount = f"{qty:g}"
        return _esc(f"{amount} {unit_word} {label}".strip())

    def widths(self, widths_mm: Sequence[float]) -> list[float]:
        """Column widths in points, scaled to fill the text width exactly."""
        scale = CONTENT_W / (sum(widths_mm) * mm)
        return [w * mm * scale for w in widths_mm]

    def cell(self, text: str, width: float, style: ParagraphStyle | None = None):
        """Plain text when it fits on one line, else a wrapping Paragraph.

        Plain strings are not parsed as markup (no escaping needed) and cost a fraction of a
        Paragraph: at storm scale that is most of the render time.
        """
        text = _CONTROL.sub("", text or "")
        if "\n" not in text and stringWidth(text, self.st.table_regular, CELL_SIZE) <= width - 2 * CELL_PAD_X:
            return text
        return Paragraph(_esc(text), style or self.st.cell)

    def table(self, rows: list[list], widths: Sequence[float], extra: Sequence[tuple] = (),
              zebra: bool = True) -> list[Flowable]:
        """A table whose header repeats on every page it runs onto.

        `extra` holds commands for all body rows ((c, 1), (c, -1)) or for one row ((c, r), (c, r)).
        """
        span_rows = {cmd[1][1] for cmd in extra if cmd[0] == "SPAN"}
        heights = []
        for r, row in enumerate(rows):
            h = 0.0
            for c, value in enumerate(row):
                if r in span_rows and c > 0:
                    continue
                w = (sum(widths) if r in span_rows else widths[c]) - 2 * CELL_PAD_X
                if isinstance(value, Flowable):
                    h = max(h, value.wrap(w, PAGE_H)[1])
                else:
                    h = max(h, CELL_LEADING * (str(value).count("\n") + 1))
            heights.append(h + 2 * CELL_PAD_Y)
        every = [cmd for cmd in extra if cmd[1][1] != cmd[2][1] or cmd[1][1] < 0]
        by_row: dict[int, list[tuple]] = {}
        for cmd in extra:
            if cmd[1][1] == cmd[2][1] and cmd[1][1] >= 0:
                by_row.setdefault(cmd[1][1], []).append(cmd)
        return [_PagedTable(self, rows, heights, widths, every, by_row, span_rows, zebra, 1)]

    def _one_table(self, rows, widths, heights, extra, zebra: bool, odd_start: bool = False) -> Table:
        t = Table(rows, colWidths=list(widths), rowHeights=heights, repeatRows=1, hAlign="LEFT")
        style = [
            ("FONTNAME", (0, 0), (-1, -1), self.st.table_regular),
            ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
            ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ]
        if zebra:
            stripes = [ZEBRA, colors.white] if odd_start else [colors.white, ZEBRA]
            style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), stripes))
        style.extend(extra)
        t.setStyle(TableStyle(style))
        return t

    def section(self, title: str, count: int | None = None) -> list:
        label = _esc(title) + (f' <font color="#64748b">({count})</font>' if count is not None else "")
        return [CondPageBreak(30 * mm), Paragraph(label, self.st.h2)]

    def empty(self, text: str) -> Paragraph:
        return Paragraph(_esc(text), self.st.small)

    # ---- page one ------------------------------------------------------------------
    def header(self) -> list:
        d, s = self.data, self.s
        title = Paragraph(f"{_esc(s['doc_title'])} · {_esc(d.operator)}", self.st.title)
        facts = [
            (s["shift"], f"{format_when_long(d.shift_start, self.lang)} – "
                         f"{format_when_long(d.shift_end, self.lang)}"),
            (s["dispatcher"], d.dispatcher),
            (s["printed"], format_when_long(d.printed_at, self.lang)),
        ]
        fact_rows = [[Paragraph(_esc(k), self.st.label), Paragraph(_esc(v), self.st.body)] for k, v in facts]
        fact_table = Table(fact_rows, colWidths=[28 * mm, CONTENT_W - 28 * mm], hAlign="LEFT")
        fact_table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        collect = len(d.loans_to_collect)
        figures = [
            (len(d.outages), s["k_open"]),
            (d.customers_affected, s["k_customers"]),
            (d.eta_changes_in_shift, s["k_eta"]),
            (len(d.runs), s["k_runs"]),
            (len(d.loans_out) + collect,
             s["k_loans"] + (f" ({collect} {s['k_collect']})" if collect else "")),
            (len(d.technicians), s["k_techs"]),
        ]
        cells = [[Paragraph(f"{n:,}".replace(",", "\u202f"), self.st.kpi_num) for n, _ in figures],
                 [Paragraph(_esc(label), self.st.kpi_label) for _, label in figures]]
        kpi = Table(cells, colWidths=[CONTENT_W / len(figures)] * len(figures), hAlign="LEFT")
        kpi.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("LINEBEFORE", (1, 0), (-1, -1), 0.6, RULE),
            ("BACKGROUND", (0, 0), (-1, -1), ZEBRA),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, 0), 5),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ]))
        return [title, Spacer(1, 3 * mm), fact_table, Spacer(1, 4 * mm), kpi, Spacer(1, 2 * mm)]

    def map_block(self, available_h: float) -> list:
        d, s = self.data, self.s
        words = s["map_caption"].format(at=format_when_long(d.shift_end, self.lang))
        if d.map.basemap:
            # The ODbL asks for the credit wherever the data is shown; printed as text, not only in the picture.
            words += " " + s["map_credit"].format(attribution=OSM_ATTRIBUTION)
        heading = Paragraph(_esc(s["map"]), self.st.h2)
        caption = Paragraph(_esc(words), self.st.small)
        # The picture takes what the heading and the caption (one line or two) leave of the page, so
        # the caption never falls onto a page of its own.
        room = available_h - 1.5 * mm - 2 * mm - sum(
            f.wrap(CONTENT_W, self.frame_h)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in (heading, caption))
        ratio = aspect(d.map)
        height = max(95 * mm, min(room, CONTENT_W / max(ratio, 0.01)))
        width = CONTENT_W
        px_w = int(width / 72 * MAP_DPI)
        px_h = int(height / 72 * MAP_DPI)
        text = MapText(
            legend=s["legend"], statuses=vocabulary.outage_status_words(self.lang), technician=s["legend_tech"],
            depot=s["legend_depot"], size_hint=s["legend_size"], overdue=s["legend_overdue"],
            decimal="," if self.lang == "sv" else ".",
        )
        png = render_map_png(d.map, px_w, px_h, text, dpi=MAP_DPI)
        image = Image(io.BytesIO(png), width=width, height=height)
        return [heading, image, Spacer(1, 1.5 * mm), caption]

    # ---- sections ------------------------------------------------------------------
    def notes(self) -> list:
        d, s = self.data, self.s
        out = self.section(s["notes"], len(d.notes))
        if not d.notes:
            return out + [self.empty(s["no_notes"])]
        for note in d.notes:
            meta = f"{_esc(format_when_long(note.written_at, self.lang))} · {_esc(note.written_by)}"
            block = Table([[Paragraph(meta, self.st.small)], [Paragraph(_esc_lines(note.text), self.st.body)]],
                          colWidths=[CONTENT_W], hAlign="LEFT")
            block.setStyle(TableStyle([("LINEBEFORE", (0, 0), (0, -1), 2, ACCENT),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 6),
                                       ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                       ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
            out += [block, Spacer(1, 2 * mm)]
        return out

    def outage_cell(self, o: HandoverOutage) -> Paragraph:
        cause = vocabulary.cause_word(o.cause, self.lang)
        area = f"{o.area} · {cause}" if o.area else cause
        return self.p(f"<b>{_esc(o.title)}</b><br/><font size=6.8 color=\"#64748b\">{_esc(area)}</font>")

    def open_outages(self) -> list:
        d, s = self.data, self.s
        out = self.section(s["open"], len(d.outages))
        if not d.outages:
            return out + [self.empty(s["no_open"])]
        w = self.widths([7, 45, 26, 13, 24, 24, 8, 18, 13])
        rows = [self.head([s["c_id"], s["c_outage"], s["c_status"], s["c_customers"], s["c_techs"], s["c_eta"],
                           s["c_revs"], s["c_untold"], s["c_dark"]], right=(3, 6, 7))]
        extra = [("ALIGN", (3, 1), (3, -1), "RIGHT"), ("ALIGN", (6, 1), (7, -1), "RIGHT"),
                 ("LEFTPADDING", (2, 1), (2, -1), CELL_PAD_X + 2)]
        dark_words = {True: s["yes"], False: s["no"], None: s["unknown"]}
        for i, o in enumerate(d.outages):
            r = i + 1
            if i % 500 == 0:
                self.progress(0.2 + 0.05 * i / len(d.outages), s["p_tables"])
            # The status colour runs down the left edge of the status cell, as on the window's map.
            extra.append(("LINEBEFORE", (2, r), (2, r), 2.5, colors.HexColor(STATUS_COLORS.get(o.status, "#64748b"))))
            crew = ", ".join(o.technician_names)
            if not crew:
                crew = s["none_assigned"]
                extra.append(("TEXTCOLOR", (4, r), (4, r), MUTED))
            if o.current_eta is None:
                eta = s["no_eta"]
                extra.append(("TEXTCOLOR", (5, r), (5, r), MUTED))
            elif o.eta_overdue:
                eta = f"{self.when(o.current_eta)}\n{s['overdue']}"
                extra += [("TEXTCOLOR", (5, r), (5, r), ALERT), ("FONTNAME", (5, r), (5, r), self.st.table_bold)]
            else:
                eta = self.when(o.current_eta)
            untold = o.minutes_since_customers_told
            if o.info_gap:
                extra += [("TEXTCOLOR", (7, r), (7, r), ALERT), ("FONTNAME", (7, r), (7, r), self.st.table_bold)]
            rows.append([
                str(o.id),
                self.outage_cell(o),
                self.cell(vocabulary.outage_status_word(o.status, self.lang), w[2] - 2),
                f"{o.customers_affected:,}".replace(",", "\u202f"),
                self.cell(crew, w[4]),
                eta if "\n" in eta else self.cell(eta, w[5]),
                str(o.eta_revisions),
                format_duration(untold, self.lang),
                dark_words[o.dark],
            ])
        return out + self.table(rows, w, extra=extra)

    def eta_changes(self) -> list:
        d, s = self.data, self.s
        changed = [o for o in d.outages if o.changes_in_shift]
        changed.sort(key=lambda o: (-len(o.changes_in_shift), -o.customers_affected, o.id))
        out = self.section(s["eta_changes"], d.eta_changes_in_shift)
        if not changed:
            return out + [self.empty(s["no_eta_changes"])]
        out.append(Paragraph(_esc(s["eta_changes_intro"]), self.st.small))
        out.append(Spacer(1, 1.5 * mm))
        w = self.widths([24, 24, 26, 16, 26, 50, 14])
        rows = [self.head([s["c_recorded"], s["c_by"], s["c_new_eta"], s["c_shift"], s["c_reason"], s["c_note"],
                           s["c_told"]])]
        extra = []
        for n, o in enumerate(changed):
            if n % 200 == 0:
                self.progress(0.25 + 0.05 * n / len(changed), s["p_tables"])
            r = len(rows)
            revs = s["revision"] if o.eta_revisions == 1 else s["revisions"].format(n=o.eta_revisions)
            now_eta = self.when(o.current_eta) if o.current_eta else s["no_eta"]
            rows.append([self.p(f"#{o.id} {_esc(o.title)}  <font color=\"#334155\">· {_esc(s['now'])}: "
                                f"{_esc(now_eta)} · {_esc(revs)}</font>", self.st.group), "", "", "", "", "", ""])
            extra += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), GROUP_BG),
                      ("LINEABOVE", (0, r), (-1, r), 0.6, MUTED)]
            if o.earlier_revisions_left_out:
                rows.append([s["left_out"].format(n=o.earlier_revisions_left_out), "", "", "", "", "", ""])
                extra += [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
                          ("TEXTCOLOR", (0, len(rows) - 1), (-1, len(rows) - 1), MUTED)]
            for c in o.eta_history:
                r = len(rows)
                para = self.st.cell if c.in_shift else self.st.cell_muted
                if not c.in_shift:
                    extra.append(("TEXTCOLOR", (0, r), (-1, r), MUTED))
                else:
                    extra.append(("FONTNAME", (2, r), (2, r), self.st.table_bold))
                if c.slip_minutes is None:
                    slip = s["first_eta"]
                else:
                    slip = ("+" if c.slip_minutes > 0 else "") + format_duration(c.slip_minutes, self.lang)
                    if c.slip_minutes > 0 and c.in_shift:
                        extra.append(("TEXTCOLOR", (3, r), (3, r), ALERT))
                rows.append([
                    self.cell(self.when(c.recorded_at), w[0], para),
                    self.cell(c.recorded_by, w[1], para),
                    self.cell(self.when(c.eta), w[2] - 4, para),
                    self.cell(slip, w[3], para),
                    self.cell(vocabulary.eta_reason_word(c.reason, self.lang), w[4], para),
                    self.cell(c.note, w[5], para),
                    s["yes"] if c.customers_told else s["no"],
                ])
        return out + self.table(rows, w, extra=extra, zebra=False)

    def moved_outages(self) -> list[HandoverOutage]:
        """Outages whose ETA moved in the shift, those that moved most first."""
        moved = [o for o in self.data.outages if o.eta_moved_in_shift]
        moved.sort(key=lambda o: (-len(o.changes_in_shift), -o.customers_affected, o.id))
        return moved

    def eta_charts(self) -> list:
        from console.charts.draw import eta_chart_image
        from console.charts.eta_model import Promise, eta_chart

        d, s = self.data, self.s
        moved = self.moved_outages()
        if not moved:
            return []
        out = self.section(s["eta_charts"], len(moved))
        out += [Paragraph(_esc(s["eta_charts_intro"]), self.st.small), Spacer(1, 2 * mm)]
        width_in, height_in = CONTENT_W / 72, CHART_H / 72
        for n, o in enumerate(moved[:MAX_ETA_CHARTS]):
            self.progress(0.3 + 0.05 * n / min(len(moved), MAX_ETA_CHARTS), s["p_charts"])
            chart = eta_chart(o.id, o.title, o.started_at,
                              [Promise(c.recorded_at, c.eta, c.reason, c.note) for c in o.eta_ledger],
                              lang=self.lang, now=d.shift_end)
            png = eta_chart_image(chart, "png", width_in, height_in, dpi=CHART_DPI, font_pt=8)
            revs = s["revision"] if o.eta_revisions == 1 else s["revisions"].format(n=o.eta_revisions)
            slip = chart.total_slip_minutes
            caption = s["eta_chart_caption"].format(
                id=o.id, title=o.title, revs=revs, eta=self.when(o.current_eta) if o.current_eta else s["no_eta"],
                slip=("+" if slip > 0 else "") + format_duration(slip, self.lang))
            out.append(KeepTogether([Image(io.BytesIO(png), width=CONTENT_W, height=CHART_H),
                                     Paragraph(_esc(caption), self.st.small), Spacer(1, 4 * mm)]))
        if len(moved) > MAX_ETA_CHARTS:
            out.append(self.empty(s["charts_left_out"].format(n=len(moved) - MAX_ETA_CHARTS)))
        return out

    def accuracy(self) -> list:
        from console.charts.accuracy_model import accuracy_chart
        from console.charts.draw import accuracy_chart_image
        from console.services.handover import ACCURACY_DAYS

        report, s = self.data.accuracy, self.s
        if report is None:
            return []
        self.progress(0.36, s["p_charts"])
        chart = accuracy_chart(report.errors, report.since, report.until, lang=self.lang)
        height = min(120 * mm, (24 + 15 * max(1, len(chart.rows))) * mm)
        png = accuracy_chart_image(chart, "png", CONTENT_W / 72, height / 72, dpi=CHART_DPI, font_pt=8)
        intro = s["accuracy_intro"].format(n=report.restored, none=report.without_promise)
        return self.section(s["accuracy"].format(days=ACCURACY_DAYS)) + [
            KeepTogether([Paragraph(_esc(intro), self.st.small), Spacer(1, 1.5 * mm),
                          Image(io.BytesIO(png), width=CONTENT_W, height=height)])]

    def runs(self) -> list:
        d, s = self.data, self.s
        out = self.section(s["runs"], len(d.runs))
        if not d.runs:
            return out + [self.empty(s["no_runs"])]
        how = vocabulary.travel_source_word(d.travel_source, False, self.lang)
        travel = Paragraph(_esc(s["runs_travel"].format(how=how)), self.st.small)
        w = self.widths([38, 24, 26, 32, 22, 22, 16])
        rows = [self.head([s["c_outage"], s["c_tech"], s["c_source"], s["c_items"], s["c_departed"],
                           s["c_arrival"], s["c_extra"]], right=(6,))]
        extra = [("ALIGN", (6, 1), (6, -1), "RIGHT")]
        for r in d.runs:
            kind = s.get(f"kind_{r.source_kind}", r.source_kind)
            items = "<br/>".join(self.material(i.material, i.name, i.unit, i.quantity) for i in r.items) or "–"
            arrival = self.when(r.expected_arrival)
            if r.overdue:
                arrival = f"{arrival}\n{s['overdue']}"
                extra += [("TEXTCOLOR", (5, len(rows)), (5, len(rows)), ALERT),
                          ("FONTNAME", (5, len(rows)), (5, len(rows)), self.st.table_bold)]
            rows.append([
                self.p(f"#{r.outage_id} {_esc(r.outage_title)}"),
                self.cell(r.technician_name, w[1]),
                self.p(f"{_esc(r.source_name)} <font color=\"#64748b\">({_esc(kind)})</font>"),
                self.p(items),
                self.cell(self.when(r.started_at), w[4]),
                arrival if r.overdue else self.cell(arrival, w[5]),
                self.cell("+" + format_duration(whole_minutes(r.minutes_extra), self.lang), w[6], self.st.cell_right),
            ])
        return out + self.table(rows, w, extra=extra) + [Spacer(1, 1 * mm), travel]

    def loan_table(self, loans: Sequence[LoanLine]) -> list:
        s = self.s
        w = self.widths([28, 24, 50, 24, 25, 29])
        rows = [self.head([s["c_router"], s["c_customer"], s["c_outage"], s["c_lent"], s["c_due"], s["c_depot"]])]
        extra = []
        for ln in loans:
            if ln.overdue:
                extra += [("TEXTCOLOR", (4, len(rows)), (4, len(rows)), ALERT),
                          ("FONTNAME", (4, len(rows)), (4, len(rows)), self.st.table_bold)]
            state = vocabulary.outage_status_word(ln.outage_status, self.lang)
            rows.append([
                self.p(f"<b>{_esc(ln.serial)}</b><br/><font size=6.8 color=\"#64748b\">{_esc(ln.model)}</font>"),
                self.cell(ln.customer_ref, w[1]),
                self.p(f"#{ln.outage_id} {_esc(ln.outage_title)}<br/><font size=6.8 color=\"#64748b\">"
                       f"{_esc(state)}</font>"),
                self.cell(self.when(ln.lent_at), w[3]),
                # Plain text (not a Paragraph) so the overdue colour above applies; it fits the column.
                self.when(ln.due_at) if ln.due_at else "–",
                self.cell(ln.depot_name or "–", w[5]),
            ])
        return self.table(rows, w, extra=extra)

    def loans(self) -> list:
        d, s = self.data, self.s
        out = self.section(s["loans"], len(d.loans_out) + len(d.loans_to_collect))
        if not d.loans_out and not d.loans_to_collect:
            return out + [self.empty(s["no_loans"])]
        if d.loans_to_collect:
            out += [Paragraph(f"<b>{_esc(s['collect'])}</b> ({len(d.loans_to_collect)})", self.st.body),
                    Spacer(1, 1 * mm), *self.loan_table(d.loans_to_collect), Spacer(1, 3 * mm)]
        if d.loans_out:
            out += [Paragraph(f"<b>{_esc(s['loans_out'])}</b> ({len(d.loans_out)})", self.st.body),
                    Spacer(1, 1 * mm), *self.loan_table(d.loans_out)]
        return out

    def technicians(self) -> list:
        d, s = self.data, self.s
        out = self.section(s["techs"], len(d.technicians))
        if not d.technicians:
            return out + [self.empty(s["no_techs"])]
        rows = [self.head([s["c_tech"], s["c_status"], s["c_job"], s["c_position"], s["c_short"]])]
        for t in d.technicians:
            contact = " · ".join(x for x in (t.vehicle, t.phone) if x)
            if t.outage_id is None:
                job = f'<font color="#64748b">{_esc(s["no_job"])}</font>'
            else:
                job = f"#{t.outage_id} {_esc(t.outage_title or '')}"
            if t.position_age_minutes is None:
                pos = f'<font color="#64748b">{_esc(s["no_fix"])}</font>'
            else:
                pos = _esc(s["ago"].format(age=format_duration(t.position_age_minutes, self.lang)))
                if t.position_stale:
                    pos = f'<font color="#b91c1c"><b>{pos}</b></font>'
            if t.shortages:
                short = "<br/>".join(f'<font color="#b91c1c">{self.material(x.material, x.name, x.unit, x.missing)}'
                                     "</font>" for x in t.shortages)
            else:
                short = "–" if t.outage_id is not None else ""
            rows.append([
                self.p(f"<b>{_esc(t.name)}</b><br/><font size=6.8 color=\"#64748b\">{_esc(contact)}</font>"),
                self.p(_esc(vocabulary.technician_status_word(t.status, self.lang))),
                self.p(job),
                self.p(pos),
                self.p(short),
            ])
        return out + self.table(rows, self.widths([44, 23, 51, 22, 40]))

    def closed(self) -> list:
        d, s = self.data, self.s
        if not d.closed_in_shift:
            return []
        out = self.section(s["closed"], len(d.closed_in_shift))
        rows = [self.head([s["c_id"], s["c_outage"], s["c_status"], s["c_customers"], s["c_closed_at"]], right=(3,))]
        for c in d.closed_in_shift:
            rows.append([str(c.id), self.p(_esc(c.title)), self.p(self.status(c.status)),
                         f"{c.customers_affected:,}".replace(",", "\u202f"), self.p(_esc(self.when(c.closed_at)))])
        return out + self.table(rows, self.widths([9, 95, 30, 16, 30]), extra=[("ALIGN", (3, 1), (3, -1), "RIGHT")])

    def signatures(self) -> list:
        s = self.s
        labels = [s["sign"], "", s["sign_to"], "", s["sign_time"]]
        row = [Paragraph(_esc(x), self.st.small) for x in labels]
        fractions = [0.38, 0.05, 0.38, 0.05, 0.14]
        t = Table([[""] * 5, row], colWidths=[CONTENT_W * f for f in fractions], rowHeights=[12 * mm, None],
                  hAlign="LEFT")
        t.setStyle(TableStyle([("LINEBELOW", (0, 0), (0, 0), 0.6, INK), ("LINEBELOW", (2, 0), (2, 0), 0.6, INK),
                               ("LINEBELOW", (4, 0), (4, 0), 0.6, INK), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [Spacer(1, 8 * mm), KeepTogether([t])]

    # ---- the whole document ----------------------------------------------------------
    def story(self, frame_h: float) -> list:
        self.frame_h = frame_h
        story = self.header()
        # What is left of page one goes to the map.
        used = sum(f.wrap(CONTENT_W, frame_h)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)
        self.progress(0.05, self.s["p_map"])
        story += self.map_block(frame_h - used)
        story.append(PageBreak())
        self.progress(0.2, self.s["p_tables"])
        if len(self.data.outages) > LONG_BOARD:
            parts = [self.notes, self.runs, self.loans, self.technicians, self.closed, self.eta_changes,
                     self.eta_charts, self.accuracy, self.open_outages]
        else:
            parts = [self.notes, self.open_outages, self.eta_changes, self.eta_charts, self.runs, self.loans,
                     self.technicians, self.closed, self.accuracy]
        for part in parts:
            story += part()
        story += self.signatures()
        return story

    def estimated_pages(self) -> int:
        d = self.data
        rows = len(d.outages) + 2 * d.eta_changes_in_shift + len(d.technicians) + len(d.runs) \
            + len(d.loans_out) + len(d.loans_to_collect)
        return 2 + rows // 40

    def footer(self, canv: rl_canvas.Canvas, number: int, total: int) -> None:
        d, s = self.data, self.s
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        y = MARGIN_BOTTOM - 6 * mm
        canv.line(MARGIN_X, y + 3.5 * mm, PAGE_W - MARGIN_X, y + 3.5 * mm)
        canv.setFillColor(MUTED)
        canv.setFont(self.st.regular, 7.5)
        # Plain canvas strings: no markup is interpreted here, so data needs no escaping.
        canv.drawString(MARGIN_X, y, s["footer"].format(
            operator=d.operator, start=format_when_long(d.shift_start, self.lang),
            end=format_when_long(d.shift_end, self.lang)))
        canv.drawString(MARGIN_X, y - 3.5 * mm, s["footer2"].format(
            printed=format_when_long(d.printed_at, self.lang), dispatcher=_CONTROL.sub("", d.dispatcher)))
        canv.setFont(self.st.bold, 8.5)
        canv.setFillColor(INK)
        canv.drawRightString(PAGE_W - MARGIN_X, y, s["page"].format(n=number, total=total))
        canv.restoreState()


def render_handover(data: HandoverData, out_path: str | os.PathLike, lang: str = "sv",
                    progress: Progress | None = None) -> HandoverPdf:
    """Write the handover PDF to `out_path` (atomically); `progress(fraction, message)` as it goes."""
    lang = check_lang(lang)
    target = os.path.abspath(os.fspath(out_path))
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise ValidationError(f"cannot write {target}: the folder {folder} does not exist")
    builder = _Builder(data, lang, progress)
    builder.progress(0.0, builder.s["p_collect"])

    fd, tmp = tempfile.mkstemp(prefix=".handover-", suffix=".pdf.part", dir=folder)
    os.close(fd)
    try:
        doc = BaseDocTemplate(
            tmp, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=f"{builder.s['doc_title']} {data.operator}",
            author=_CONTROL.sub("", data.dispatcher), subject=builder.s["doc_title"], creator="dispatch-console",
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        estimate = builder.estimated_pages()
        pages = {"n": 0}

        def on_page(canv, _doc):
            pages["n"] += 1
            builder.progress(0.3 + 0.65 * min(1.0, pages["n"] / estimate),
                             builder.s["p_page"].format(n=pages["n"]))

        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
        story = builder.story(doc.height)
        doc.build(story, canvasmaker=partial(_NumberedCanvas, footer=builder.footer))
        builder.progress(0.97, builder.s["p_save"])
        # mkstemp makes the file private; a printout is as readable as any file the user saves.
        os.chmod(tmp, os.stat(target).st_mode & 0o777 if os.path.exists(target) else 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    builder.progress(1.0, builder.s["p_done"])
    return HandoverPdf(target, pages["n"])
