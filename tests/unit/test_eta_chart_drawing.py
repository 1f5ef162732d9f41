"""The drawn ETA chart as a dispatcher reads it: the staircase fills the width, "now" sits where
no step label is, and no two labels cover each other, in the pane's strip and the printed size."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from matplotlib.dates import date2num

from console.charts import draw
from console.charts.eta_model import Promise, eta_chart

START = datetime(2024, 9, 12, 12, 20, tzinfo=timezone.utc)  # Thursday 14:20 in Stockholm
H = timedelta(hours=1)
# The Ankarsrum story: a first estimate, a larger scope, then a restock run two days later.
LEDGER = [Promise(START + 40 * timedelta(minutes=1), START + 8 * H, "initial"),
          Promise(START + 5 * H, START + 28 * H, "scope"),
          Promise(START + 31 * H, START + 82 * H, "restock")]
NOW = START + 34 * H


def _drawn(lang: str, width_in: float, height_in: float):
    chart = eta_chart(1, "Fiberkabel avgrävd vid Ankarsrum", START, LEDGER, lang=lang, now=NOW)
    fig = draw._figure(width_in, height_in, 96)
    draw._draw_eta(fig, chart, 8.5, width_in, title=height_in >= draw.COMPACT_IN,
                   compact=height_in < draw.COMPACT_IN)
    fig.canvas.draw()
    return chart, fig, fig.axes[0]


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("size", [(8.8, 1.9), (6.6, 3.4)], ids=["pane", "print"])
def test_labels_do_not_cover_each_other_and_now_is_above_the_frame(lang, size):
    chart, fig, ax = _drawn(lang, *size)
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    labels = {t.get_text(): t.get_window_extent(renderer) for t in ax.texts if t.get_text()}
    words = chart.words()
    now_label = next(box for text, box in labels.items() if text.startswith(words["now"] + " "))
    assert now_label.y0 >= frame.y1 - 1  # above the plot, clear of the highest step's label
    steps = [box for text, box in labels.items() if "\u2192" in text]
    assert len(steps) == 3
    risers = [ax.transData.transform((date2num(s.promised_at), 0))[0] for s in chart.steps[1:]]
    for i, a in enumerate(steps):
        assert frame.x0 - 1 <= a.x0 and a.x1 <= frame.x1 + 1  # inside the chart's width
        for b in steps[i + 1:]:
            assert not a.overlaps(b)
        if i < len(risers):  # a label stops before the next step goes up, so the slip stays in sight
            assert a.x1 <= risers[i] or a.x0 >= risers[i]
    fig_box = fig.bbox
    assert fig_box.x0 <= now_label.x0 and now_label.x1 <= fig_box.x1 + 1 and now_label.y1 <= fig_box.y1 + 1


def test_the_promise_axis_ends_at_now_not_at_the_future_eta():
    chart, _fig, ax = _drawn("en", 8.8, 1.9)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x1 < date2num(chart.current.eta)          # the future ETA is on the vertical axis only
    assert x1 - date2num(NOW) < 0.1 * (x1 - x0)      # now is near the right edge
    assert y1 > date2num(chart.current.eta) > y0
    # The staircase uses the width: the first promise in the left tenth, the last past the middle.
    assert (date2num(chart.steps[0].promised_at) - x0) / (x1 - x0) < 0.1
    assert (date2num(chart.steps[-1].promised_at) - x0) / (x1 - x0) > 0.8


@pytest.mark.parametrize("size", [(8.8, 1.9), (6.6, 3.4)], ids=["pane", "print"])
def test_a_crowded_ledger_leaves_labels_out_rather_than_on_top_of_each_other(size):
    # Eight promises in a day and a half, two of them an hour apart.
    times = [(0.5, 6, "initial"), (4, 10, "scope"), (8, 20, "restock"), (9, 18, "assessment"),
             (15, 30, "darkness"), (26, 40, "restock"), (31, 60, "scope"), (33, 62, "assessment")]
    ledger = [Promise(START + at * H, START + eta * H, reason) for at, eta, reason in times]
    chart = eta_chart(1, "Ankarsrum", START, ledger, lang="sv", now=START + 36 * H)
    fig = draw._figure(size[0], size[1], 96)
    draw._draw_eta(fig, chart, 8.5, size[0], title=size[1] >= draw.COMPACT_IN, compact=size[1] < draw.COMPACT_IN)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.axes[0].texts if t.get_text()]
    for i, (text_a, a) in enumerate(boxes):
        for text_b, b in boxes[i + 1:]:
            assert not a.overlaps(b), (text_a, text_b)
    current = f"\u2192 {draw.when(chart.current.eta, 'sv')}"
    assert any(current in text for text, _box in boxes)  # the promise in force is always labelled
    assert sum(1 for text, _box in boxes if "+" in text or "\u2212" in text or "−" in text) >= 4
