"""The suggested ETA shown in the ETA dialog, and what each reason code means.

The suggestion is advice: travel + repair time by cause (learned from restored outages) + the
restock detour + slower work in the dark, as a likely and a conservative time. The conservative
one is offered as the promise; the dispatcher may take either with one click, but only what they
record counts.
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLocale,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from console.domain.restock import whole_minutes
from console.services.daylight import EtaSuggestionView, suggest_eta_for

from .error_words import error_text
from .labels import (MUTED_FG, STALE_FG, cause_label, duration_text, eta_reason_label, local_time,
                     travel_source_label)

# A promise is given in round times: the suggestion is rounded up to the quarter hour.
ROUND_MINUTES = 15
# A suggestion further than this from the recorded ETA says why the two differ.
GAP_WORTH_A_WORD = timedelta(hours=1)

_REASON_HINTS = {
    "initial": QT_TRANSLATE_NOOP("EtaReason", "The first time promised for this outage."),
    "assessment": QT_TRANSLATE_NOOP("EtaReason", "The technician has seen the damage and judges anew."),
    "travel": QT_TRANSLATE_NOOP("EtaReason", "Getting to the site takes longer (or shorter) than thought."),
    "restock": QT_TRANSLATE_NOOP("EtaReason", "Material has to be fetched from a depot or another van."),
    "darkness": QT_TRANSLATE_NOOP("EtaReason", "Work goes on after dark, with lighting, more slowly."),
    "access": QT_TRANSLATE_NOOP("EtaReason", "The site is hard to reach: land owner, locked gate, road works."),
    "weather": QT_TRANSLATE_NOOP("EtaReason", "Storm, snow, ice or flooding slows the work."),
    "scope": QT_TRANSLATE_NOOP("EtaReason", "The damage is larger than first reported."),
    "other": QT_TRANSLATE_NOOP("EtaReason", "Anything else: say what in the note."),
}


def _in_sentence(word: str) -> str:
    """A label ("Restocking material") inside a sentence: lower-case first letter."""
    return word[:1].lower() + word[1:]


def reason_hint(code: str) -> str:
    text = _REASON_HINTS.get(code)
    return QCoreApplication.translate("EtaReason", text) if text else ""


def rounded_up(value: datetime, minutes: int = ROUND_MINUTES) -> datetime:
    step = minutes * 60
    seconds = math.ceil(value.timestamp() / step) * step
    return value + timedelta(seconds=seconds - value.timestamp())


class SuggestionPanel(QWidget):
    """Loads suggest_eta_for in a worker and offers two times: the conservative one (the
    default promise, `suggested`) and the likely one. Either button emits use_suggestion(datetime UTC).

    loaded(object): the EtaSuggestionView, or the exception when there is no suggestion.
    """

    use_suggestion = Signal(object)
    loaded = Signal(object)

    def __init__(self, window, outage_id: int, parent=None):
        super().__init__(parent)
        self.setObjectName("etaSuggestion")
        self.view: EtaSuggestionView | None = None
        self.suggested: datetime | None = None  # the conservative time, rounded: what to promise
        self.likely: datetime | None = None
        self.time = QLabel(self)
        self.time.setObjectName("suggestedEta")
        self.time.setTextFormat(Qt.TextFormat.PlainText)
        font = self.time.font()
        font.setWeight(QFont.Weight.DemiBold)
        self.time.setFont(font)
        self.use = QPushButton(self.tr("Promise this"), self)
        self.use.setObjectName("useSuggestion")
        self.use.setAutoDefault(False)
        self.use.setEnabled(False)
        self.use.clicked.connect(lambda: self.suggested and self.use_suggestion.emit(self.suggested))
        self.likely_time = QLabel(self)
        self.likely_time.setObjectName("likelyEta")
        self.likely_time.setTextFormat(Qt.TextFormat.PlainText)
        self.use_likely = QPushButton(self.tr("Use likely"), self)
        self.use_likely.setObjectName("useLikely")
        self.use_likely.setAutoDefault(False)
        self.use_likely.setEnabled(False)
        self.use_likely.clicked.connect(lambda: self.likely and self.use_suggestion.emit(self.likely))
        self.why = QLabel(self)
        self.why.setObjectName("suggestionWhy")
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        self.why.setWordWrap(True)
        self.parts = QLabel(self)
        self.parts.setObjectName("suggestionParts")
        self.parts.setTextFormat(Qt.TextFormat.PlainText)
        self.parts.setWordWrap(False)  # word-wrapped labels in a form row get squeezed; lines are short
        self.parts.setStyleSheet(f"color:{MUTED_FG.name()};")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.time)
        top.addWidget(self.use)
        top.addStretch(1)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        second.addWidget(self.likely_time)
        second.addWidget(self.use_likely)
        second.addStretch(1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addLayout(top)
        col.addLayout(second)
        col.addWidget(self.why)
        self.gap = QLabel(self)
        self.gap.setObjectName("suggestionGap")
        self.gap.setTextFormat(Qt.TextFormat.PlainText)
        self.gap.setWordWrap(True)
        self.gap.setStyleSheet(f"color:{STALE_FG.name()};")
        self.gap.hide()
        col.addWidget(self.gap)
        col.addWidget(self.parts)
        self.time.setText(self.tr("Working it out…"))
        self.likely_time.hide()
        self.use_likely.hide()
        self.why.hide()
        window.workers.submit(suggest_eta_for, window.db, outage_id, on_done=self.show_view,
                              on_error=self.show_failure)

    def show_view(self, view: EtaSuggestionView) -> None:
        if not isValid(self):  # the dialog was closed before the worker answered
            return
        self.view = view
        s, high = view.suggestion, view.conservative
        self.suggested = rounded_up(high.eta)
        self.likely = rounded_up(s.eta)
        self.time.setText(self.tr("Promise: {when}").format(when=local_time(self.suggested)))
        self.time.setToolTip(self.tr("Computed {when}, rounded up to the quarter hour").format(
            when=local_time(high.eta)))
        self.likely_time.setText(self.tr("Likely: {when}").format(when=local_time(self.likely)))
        self.likely_time.setToolTip(self.tr("Computed {when}, rounded up to the quarter hour").format(
            when=local_time(s.eta)))
        learned = view.range is not None and view.range.repair.cases > 0
        self.why.setText(self.tr("Promise the later time: about 4 repairs in 5 like this one were done by "
                                 "then, and customers forgive an early restoration far more readily than "
                                 "a late one.") if learned else
                         self.tr("Promise the later time: it leaves room for a repair that runs long, and "
                                 "customers forgive an early restoration far more readily than a late one."))
        for widget in (self.likely_time, self.use_likely, self.why):
            widget.show()
        # Getting there on one line, the work on the next: short lines, no wrapping.
        there = [self.tr("travel {t}").format(t=duration_text(round(s.travel_minutes)))]
        if s.restock_minutes > 0:
            # The restock's minutes as the restock dialog and the ETA history say them (one rounding).
            there.append(self.tr("restock {t} ({source})").format(t=duration_text(whole_minutes(s.restock_minutes)),
                                                                   source=view.restock_source or ""))
        work = [self.tr("repair {t}–{high}").format(t=duration_text(round(s.repair_minutes)),
                                                     high=duration_text(round(high.repair_minutes)))]
        if high.darkness_extra_minutes > 0:
            work.append(self.tr("darkness {t}").format(t=duration_text(round(high.darkness_extra_minutes))))
        lines = [" + ".join(there), "+ " + " + ".join(work), self.basis_text(view)]
        if view.technician_name is None:
            lines.append(self.tr("No technician with a known position: travel is left out."))
        elif not view.technician_assigned:
            lines.append(self.tr("Nobody is assigned: travel from the nearest on duty, {name}.").format(
                name=view.technician_name))
        else:
            lines.append(self.tr("Travel from {name}'s last position.").format(name=view.technician_name))
        if high.dark_work_hours > 0:
            lines.append(self.tr("{h} h of the work in the dark.").format(h=QLocale().toString(float(high.dark_work_hours), "f", 1)))
        if view.restock_missing:
            lines.append(self.tr("Material is short and no open source has it: not included."))
        if view.technician_name is not None:
            lines.append(self.tr("Drive times: {how}.").format(
                how=travel_source_label(view.travel_source, view.estimated)))
        self.parts.setText("\n".join(lines))
        self.parts.setMinimumHeight(self.parts.sizeHint().height())
        gap = self.gap_text(view, self.suggested)
        self.gap.setText(gap)
        self.gap.setVisible(bool(gap))
        self.use.setEnabled(True)
        self.use_likely.setEnabled(True)
        QTimer.singleShot(0, self._grow)
        self.loaded.emit(view)

    def gap_text(self, view: EtaSuggestionView, suggested: datetime) -> str:
        """Why the recorded ETA and this suggestion are more than an hour apart, in plain words:
        the suggestion counts travel, repair, material and darkness from now, while the recorded
        one carries what its revisions' reasons and notes say."""
        if view.current_eta is None or abs(view.current_eta - suggested) <= GAP_WORTH_A_WORD:
            return ""
        apart = duration_text(round(abs((view.current_eta - suggested).total_seconds()) / 60))
        when = local_time(view.current_eta)
        if view.current_eta > suggested:
            text = self.tr("The recorded ETA ({when}) is {apart} later than this suggestion.").format(
                when=when, apart=apart)
            reasons = [_in_sentence(eta_reason_label(r)) for r in view.moved_later_for]
            if reasons:
                text += " " + self.tr("It was moved later for: {reasons}.").format(reasons=", ".join(reasons))
            if view.current_reason:
                last = self.tr("The last revision ({reason}) says: “{note}”").format(
                    reason=_in_sentence(eta_reason_label(view.current_reason)), note=view.current_note.strip()) \
                    if view.current_note.strip() else ""
                if last:
                    text += " " + last
            text += " " + self.tr("The suggestion knows only travel, the usual repair time, material "
                                  "and darkness from now, not what those revisions found: keep the "
                                  "recorded ETA unless that is over.")
        else:
            text = self.tr("The recorded ETA ({when}) is {apart} earlier than this suggestion.").format(
                when=when, apart=apart)
            counted = [self.tr("travel {t}").format(t=duration_text(round(view.suggestion.travel_minutes)))]
            if view.suggestion.restock_minutes > 0:
                counted.append(self.tr("a restock run {t}").format(
                    t=duration_text(whole_minutes(view.suggestion.restock_minutes))))
            if view.conservative.darkness_extra_minutes > 0:
                counted.append(self.tr("slower work in the dark {t}").format(
                    t=duration_text(round(view.conservative.darkness_extra_minutes))))
            text += " " + self.tr("The suggestion counts {parts} and the repair time of outages like this "
                                  "one; the recorded ETA may not: it is likely to be missed.").format(
                parts=", ".join(counted))
        return text

    def basis_text(self, view: EtaSuggestionView) -> str:
        """What the repair time rests on, in the dispatcher's language."""
        repair = view.range.repair if view.range is not None else None
        cause = cause_label(view.suggestion.cause.value)
        if repair is None or not repair.cases:
            return self.tr("Repair time: the setting for {cause}; no restored outages of that kind yet.").format(
                cause=cause)
        return self.tr("Repair time from %n restored outage(s) of this kind ({cause}), median {median}.", "",
                       repair.cases).format(cause=cause,
                                            median=duration_text(round(repair.observed_median_minutes or 0)))

    def show_failure(self, err: BaseException) -> None:
        if not isValid(self):
            return
        self.time.setText(self.tr("No suggestion"))
        self.parts.setText(error_text(err))
        self.parts.setWordWrap(True)
        self.parts.setStyleSheet(f"color:{STALE_FG.name()};")
        QTimer.singleShot(0, self._grow)
        self.loaded.emit(err)

    def _grow(self) -> None:
        if not isValid(self):
            return
        # The dialog was laid out before the answer came: make room for the lines it brought.
        top = self.window()
        if top is not self and top.layout() is not None:
            top.layout().activate()
            wanted = max(top.heightForWidth(top.width()), top.sizeHint().height())
            if wanted > top.height():
                top.resize(top.width(), wanted)
