"""Drawing the chart models as PNG or SVG with matplotlib (Agg), imported only here and only
when a chart is drawn.

matplotlib's figures are independent objects, but its font cache and text layout are shared by
the process and not made for two threads at once; the window draws in worker threads, so one
lock lets a single chart be laid out at a time (a chart takes tens of milliseconds).
Text from data (the outage's title) is drawn with mathtext off: a "$" in a title stays a "$".
"""
from __future__ import annotations

import io
import threading


from console.domain.timeutil import LOCAL_TZ

from .accuracy_model import AccuracyChart
from .eta_model import EtaChart, padded
from .words import span, tick, when

FORMATS = ("png", "svg")
_LOCK = threading.Lock()

INK = "#0f172a"
MUTED = "#64748b"
GRID = "#e2e8f0"
STEP = "#0f766e"
SLIP = "#b91c1c"
GAIN = "#15803d"
NOW = "#2563eb"
PASSED = "#fee2e2"
FIRST = "#94a3b8"
LAST = "#0f766e"


def _check_format(fmt: str) -> str:
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; expected png or svg")
    return fmt


def _figure(width_in: float, height_in: float, dpi: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _save(fig, fmt: str, dpi: float) -> bytes:
    out = io.BytesIO()
    # No timestamps in the file: the same chart gives the same bytes.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(out, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return out.getvalue()


def _style_axes(ax, font_pt: float) -> None:
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(colors=INK, labelsize=font_pt * 0.9, length=3)
    ax.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


# Tick spacings in hours, on the operator's clock: every tick falls on a whole local hour that a
# dispatcher says aloud (06:00, 12:00, midnight), never matplotlib's choice of 12 h when 6 h fit.
_TICK_HOURS = (1, 2, 3, 6, 12, 24, 48, 72, 168, 336)


def local_ticks(lo: float, hi: float, max_ticks: int) -> list[float]:
    """Tick positions (matplotlib date numbers) between lo and hi on whole local hours, at the
    finest spacing that gives at most `max_ticks`."""
    from datetime import datetime, timedelta

    from matplotlib.dates import date2num, num2date

    first = num2date(lo).astimezone(LOCAL_TZ)
    day = datetime(first.year, first.month, first.day)  # local midnight, naive: steps in wall-clock time
    ticks: list[float] = []
    for hours in _TICK_HOURS:
        ticks, k = [], 0
        while len(ticks) <= max_ticks:
            at = date2num((day + timedelta(hours=hours * k)).replace(tzinfo=LOCAL_TZ))
            k += 1
            if at > hi:
                break
            if at >= lo:
                ticks.append(at)
        if len(ticks) <= max_ticks:
            return ticks
    return ticks


def _time_axis(axis, lang: str, max_ticks: int) -> None:
    from matplotlib.dates import num2date
    from matplotlib.ticker import FixedLocator, FuncFormatter

    lo, hi = sorted(axis.get_view_interval())
    axis.set_major_locator(FixedLocator(local_ticks(lo, hi, max_ticks)))
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: tick(num2date(x), lang)))


# Below this height (inches) the chart is a strip, as in the window's detail pane: no title (the
# pane says which outage it is) and one-line step labels.
COMPACT_IN = 2.8


def eta_chart_image(chart: EtaChart, fmt: str = "png", width_in: float = 9.0, height_in: float = 4.6,
                    dpi: float = 150, font_pt: float = 9.0, title: bool | None = None) -> bytes:
    """The staircase of promised ETAs, as PNG or SVG bytes."""
    fmt = _check_format(fmt)
    compact = height_in < COMPACT_IN
    with _LOCK:
        fig = _figure(width_in, height_in, dpi)
        _draw_eta(fig, chart, font_pt, width_in, not compact if title is None else title, compact)
        return _save(fig, fmt, dpi)


def _draw_eta(fig, chart: EtaChart, font_pt: float, width_in: float, title: bool, compact: bool) -> None:
    from matplotlib.dates import date2num

    w = chart.words()
    ax = fig.add_subplot(1, 1, 1)
    _style_axes(ax, font_pt)
    # Each axis spans only its own times: promises were made up to now, the ETAs reach into the days
    # ahead. One shared range (the diagonal at 45°) left the staircase in a narrow strip at the left.
    x0, x1 = (date2num(t) for t in padded(*chart.promise_range(), fraction=0.04))
    y0, y1 = (date2num(t) for t in padded(*chart.eta_range(), fraction=0.05))
    # Room above the highest step for its label (two lines in the printed chart).
    y1 += (y1 - y0) * (0.16 if compact else 0.2)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    if title:
        ax.set_title(w["eta_title"].format(id=chart.outage_id, title=chart.title), loc="left",
                     fontsize=font_pt * 1.2, color=INK, fontweight="bold", parse_math=False,
                     pad=font_pt * 1.6)
    ax.set_xlabel(w["promised_at"], fontsize=font_pt, color=MUTED)
    ax.set_ylabel(w["promised_eta"], fontsize=font_pt, color=MUTED)
    max_ticks = max(3, int(width_in / 1.25))
    _time_axis(ax.xaxis, chart.lang, max_ticks)
    _time_axis(ax.yaxis, chart.lang, 5 if compact else 7)

    # Below the diagonal a promise lies in the past of the moment it is read at: the ETA has passed.
    lo, hi = min(x0, y0), max(x1, y1)
    ax.fill_between([lo, hi], [lo, lo], [lo, hi], color=PASSED, linewidth=0, zorder=0)
    ax.plot([lo, hi], [lo, hi], color="#fca5a5", linewidth=0.9, linestyle=(0, (4, 3)), zorder=1)
    ax.annotate(w["diagonal"], xy=(1.0, 0.0), xycoords="axes fraction", xytext=(-4, 4), textcoords="offset points",
                ha="right", va="bottom", fontsize=font_pt * 0.75, color="#b45309", zorder=8,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": PASSED, "edgecolor": "none"})

    started = date2num(chart.started_at)
    ax.axvline(started, color=MUTED, linewidth=0.8, linestyle=":", zorder=1)
    ax.annotate(w["started"], xy=(started, 1.0), xycoords=("data", "axes fraction"), xytext=(-3, -3),
                textcoords="offset points", fontsize=font_pt * 0.8, color=MUTED, rotation=90, ha="right", va="top")

    now = date2num(chart.now)
    if chart.restored_at is None and x0 <= now <= x1:
        ax.axvline(now, color=NOW, linewidth=1.4, zorder=3)
        # Above the frame, where no step label can be: the line's top is where the highest ETA's label sits.
        near_right = (now - x0) / (x1 - x0) > 0.8
        ax.annotate(w["now"] + " " + when(chart.now, chart.lang), xy=(now, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(4 if near_right else 0, 2), textcoords="offset points",
                    ha="right" if near_right else "center", va="bottom", fontsize=font_pt * 0.85, color=NOW,
                    fontweight="bold", annotation_clip=False)
    if chart.restored_at is not None:
        restored = date2num(chart.restored_at)
        ax.axvline(restored, color=GAIN, linewidth=1.0, linestyle="--", zorder=3)
        ax.plot([restored], [restored], marker="*", markersize=font_pt * 1.6, color=GAIN, zorder=6,
                markeredgecolor="white", clip_on=False)
        ax.annotate(f"{w['restored']} {when(chart.restored_at, chart.lang)}", xy=(restored, 1.0),
                    xycoords=("data", "axes fraction"), xytext=(4, 2), textcoords="offset points", ha="right",
                    va="bottom", fontsize=font_pt * 0.85, color=GAIN, fontweight="bold", annotation_clip=False)

    if not chart.steps:
        ax.text(0.5, 0.5, w["no_eta"], transform=ax.transAxes, ha="center", va="center", fontsize=font_pt * 1.1,
                color=MUTED)
        fig.tight_layout(pad=0.6)
        return

    last = len(chart.steps) - 1
    for i, step in enumerate(chart.steps):
        a, b, y = date2num(step.promised_at), date2num(step.until), date2num(step.eta)
        current = i == last
        ax.plot([a, b], [y, y], color=STEP, linewidth=3.0 if current else 2.0, solid_capstyle="butt", zorder=4)
        if step.slip_minutes is not None:
            prev = date2num(chart.steps[i - 1].eta)
            color = SLIP if step.slip_minutes > 0 else GAIN
            ax.plot([a, a], [prev, y], color=color, linewidth=2.0, zorder=4)
        ax.plot([a], [y], marker="o", markersize=font_pt * 0.65, color=STEP, markeredgecolor="white", zorder=5)
    if chart.overdue:
        ax.plot([now], [date2num(chart.current.eta)], marker="X", markersize=font_pt, color=SLIP, zorder=6)
    # Laid out first, so the labels below are placed where they will be drawn.
    fig.tight_layout(pad=0.6)
    _label_steps(fig, ax, chart, font_pt, compact)


def _label_steps(fig, ax, chart: EtaChart, font_pt: float, compact: bool) -> None:
    """The reason and the new time beside each step, where it covers no other label and no riser.

    The current promise and the largest slips are placed first. Each label tries its full text,
    then shorter ones, in the free places around its step (above it, against the next riser,
    below it); a label with no free place is left out: the ETA history lists every step, and a
    chart whose words cover each other is read by nobody. The current promise is always labelled."""
    from matplotlib.dates import date2num
    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    taken = [t.get_window_extent(renderer).expanded(1.02, 1.1) for t in ax.texts if t.get_text()]
    steps = chart.steps
    last = len(steps) - 1
    xs = [date2num(s.promised_at) for s in steps]
    ys = [date2num(s.eta) for s in steps]
    for i in range(1, len(steps)):
        (px, p0), (_px, p1) = ax.transData.transform([(xs[i], ys[i - 1]), (xs[i], ys[i])])
        taken.append(Bbox([[px - 2, min(p0, p1)], [px + 2, max(p0, p1)]]))
    end_x = date2num(chart.end)
    order = [last] + sorted(range(last), key=lambda k: (steps[k].slip_minutes is None,
                                                          -abs(steps[k].slip_minutes or 0)))
    for i in order:
        step = steps[i]
        colour = INK if step.slip_minutes is None or step.slip_minutes <= 0 else SLIP
        head, eta_text = chart.step_label(step), f"\u2192 {when(step.eta, chart.lang)}"
        texts = [f"{head}  {eta_text}", f"{head}\n{eta_text}"]
        if not compact:
            texts.reverse()
        if i != last:
            texts.append(head)
            if step.slip_minutes is not None:
                texts.append(span(step.slip_minutes, chart.lang))
        stop = xs[i + 1] if i < last else end_x
        spots = [((xs[i], ys[i]), (6, 6), "left", "bottom"), ((stop, ys[i]), (-5, 6), "right", "bottom"),
                 ((xs[i], ys[i]), (-6, 6), "right", "bottom"), ((xs[i], ys[i]), (6, -5), "left", "top"),
                 ((stop, ys[i]), (-5, -5), "right", "top")]
        placed = None
        for text in texts:
            for xy, offset, ha, va in spots:
                label = ax.annotate(text, xy=xy, xytext=offset, textcoords="offset points", ha=ha, va=va,
                                    fontsize=font_pt * 0.85, color=colour, zorder=7, parse_math=False,
                                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none",
                                          "alpha": 0.85})
                box = label.get_window_extent(renderer)
                inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1)
                if inside and not any(box.overlaps(other) for other in taken):
                    placed = box
                    break
                label.remove()
            if placed is not None:
                break
        if placed is None and i == last:
            text, (xy, offset, ha, va) = texts[0], spots[1]
            label = ax.annotate(text, xy=xy, xytext=offset, textcoords="offset points", ha=ha, va=va,
                                fontsize=font_pt * 0.85, color=colour, zorder=7, parse_math=False,
                                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none",
                                      "alpha": 0.85})
            placed = label.get_window_extent(renderer)
        if placed is not None:
            taken.append(placed)


def accuracy_chart_image(chart: AccuracyChart, fmt: str = "png", width_in: float = 9.0,
                         height_in: float | None = None, dpi: float = 150, font_pt: float = 9.0) -> bytes:
    """Per cause, the spread of restoration minus promise (first and last), as PNG or SVG bytes."""
    fmt = _check_format(fmt)
    if height_in is None:
        height_in = 1.3 + 0.75 * max(1, len(chart.rows))
    with _LOCK:
        fig = _figure(width_in, height_in, dpi)
        _draw_accuracy(fig, chart, font_pt)
        return _save(fig, fmt, dpi)


def _draw_accuracy(fig, chart: AccuracyChart, font_pt: float) -> None:
    w = chart.words()
    ax = fig.add_subplot(1, 1, 1)
    _style_axes(ax, font_pt)
    ax.grid(True, axis="x", color=GRID, linewidth=0.6)
    ax.grid(False, axis="y")
    ax.set_title(w["acc_title"], loc="left", fontsize=font_pt * 1.15, color=INK, fontweight="bold",
                 pad=font_pt * 1.9)
    ax.annotate(chart.period(), xy=(0.0, 1.0), xycoords="axes fraction", xytext=(0, 5), textcoords="offset points",
                fontsize=font_pt * 0.85, color=MUTED, va="bottom", ha="left")
    if not chart.rows:
        ax.set_yticks([])
        ax.set_xticks([])
        ax.text(0.5, 0.5, w["acc_none"], transform=ax.transAxes, ha="center", va="center", color=MUTED,
                fontsize=font_pt)
        fig.tight_layout(pad=0.6)
        return
    ax.set_xlabel(w["acc_late_h"] if chart.in_hours else w["acc_late_min"], fontsize=font_pt, color=MUTED)
    ticks, labels = [], []
    for row_no, row in enumerate(reversed(chart.rows)):
        base = row_no * 1.0
        for offset, values, colour in ((0.18, row.first, FIRST), (-0.18, row.last, LAST)):
            y = base + offset
            data = [chart.scaled(v) for v in values]
            ax.boxplot([data], positions=[y], orientation="horizontal", widths=0.26, showfliers=False, patch_artist=True,
                       boxprops={"facecolor": colour, "alpha": 0.25, "edgecolor": colour},
                       medianprops={"color": colour, "linewidth": 2}, whiskerprops={"color": colour},
                       capprops={"color": colour}, manage_ticks=False)
            # One dot per outage, spread a little in height so equal values stay countable.
            spread = [y + ((k % 5) - 2) * 0.03 for k in range(len(data))]
            ax.scatter(data, spread, s=font_pt * 2.2, color=colour, edgecolors="white", linewidths=0.5, zorder=3)
        ticks.append(base)
        labels.append(f"{row.label}\n{w['acc_count'].format(n=row.count)}")
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=font_pt * 0.9)
    ax.set_ylim(-0.6, len(chart.rows) - 0.4)
    ax.axvline(0, color=INK, linewidth=1.0)
    ax.margins(x=0.08)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=FIRST, alpha=0.6, label=w["acc_first"]),
                       Patch(color=LAST, alpha=0.6, label=w["acc_last"])],
              loc="lower right", fontsize=font_pt * 0.8, frameon=False, ncol=2,
              bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout(pad=0.6)
