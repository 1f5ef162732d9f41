"""Words and widths a dispatcher reads: whole column titles in Swedish and English, refusals in the
window's language, a place-search failure in plain words, the material list's rows, numbers on the
map's outage markers."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView

from console.services import outages

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("private_qsettings")]

# Words of the services' English refusals; none may reach a Swedish window.
ENGLISH = {"customer", "reference", "empty", "outage", "is", "the", "already", "lent", "for",
           "nothing", "was", "changed", "place", "search", "could", "not", "reach", "its", "server", "error",
           "title", "needs", "an", "with"}


@pytest.fixture(params=["sv", "en"])
def language(request, qapp):
    from console.ui.app import install_translator

    before = QLocale()
    assert install_translator(qapp, request.param) == request.param
    yield request.param
    for translator in getattr(qapp, "_console_translators", []):
        qapp.removeTranslator(translator)
    qapp._console_translators = []
    QLocale.setDefault(before)


def _cut_titles(header: QHeaderView) -> list[str]:
    """Sections narrower than their title as the style sheet draws it (semi-bold, 6 px padding)."""
    model = header.model()
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)
    metrics = QFontMetrics(font)
    cut = []
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if text and metrics.horizontalAdvance(text) + 12 > header.sectionSize(column):
            cut.append(f"{text!r}: {metrics.horizontalAdvance(text) + 12} > {header.sectionSize(column)}")
    return cut


def _headers(widget):
    return [h for h in widget.findChildren(QHeaderView) if h.orientation() == Qt.Orientation.Horizontal
            and h.model() is not None and h.count()]


def test_no_column_title_is_cut_in_either_language(language, open_window, demo_database, qtbot):
    window = open_window(demo_database)
    window.side_tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.tech_model.rowCount() > 0, timeout=10_000)
    # A narrow window squeezes the columns first; the titles still fit.
    window.resize(1000, 800)
    qtbot.wait(100)
    cut = []
    for header in _headers(window):
        if header.isVisible():
            cut += _cut_titles(header)
    assert not cut, f"{language}: " + "; ".join(cut)
    # Dragged narrower by hand, a column springs back to its title.
    tech_header = window.tech_panel.table.horizontalHeader()
    tech_header.resizeSection(1, 10)
    assert not _cut_titles(tech_header)


def test_the_technician_status_column_shows_whole_statuses(swedish, open_window, demo_database, qtbot):
    from console.ui.technician_panel import COL_STATUS

    window = open_window(demo_database)
    table = window.tech_panel.table
    qtbot.waitUntil(lambda: window.tech_model.rowCount() > 0, timeout=10_000)
    metrics = table.fontMetrics()
    model = table.model()

    def widest():
        return max(metrics.horizontalAdvance(model.index(r, COL_STATUS).data() or "") for r in range(model.rowCount()))

    qtbot.waitUntil(lambda: table.columnWidth(COL_STATUS) >= widest() + 16, timeout=5_000)


def test_a_swedish_window_refuses_in_swedish(swedish, open_window, demo_database, qtbot):
    from console.services import loans

    db = demo_database
    window = open_window(db)
    panel = window.loans_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(loans.list_loans(db)), timeout=10_000)
    window.select_outage(next(o.id for o in outages.list_outages(db, open_only=True)))
    dialog = panel.open_lend()
    dialog.customer.setText("   ")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    text = dialog.error.text()
    words = {w.lower() for w in re.findall(r"[A-Za-zÅÄÖåäö]+", text)}
    assert not words & ENGLISH, text
    assert "kundnumret" in text.lower()
    # A router lent already: the refusal names it, in Swedish.
    lent = next(v for v in loans.list_loans(db) if v.is_out)
    dialog.set_serial(lent.serial)
    dialog.customer.setText("KUND-99999")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lent.serial in dialog.error.text(), timeout=10_000)
    words = {w.lower() for w in re.findall(r"[A-Za-zÅÄÖåäö]+", dialog.error.text())}
    assert not words & ENGLISH, dialog.error.text()
    dialog.close()


def test_place_search_failure_says_what_in_plain_swedish_and_is_not_cut(swedish, open_window, demo_database, qtbot):
    from console.gateways.nominatim import NominatimGeocoder
    from console.services import places
    from console.ui.dialogs import NewOutageDialog
    from tests.local_servers import NominatimLike, serving

    window = open_window(demo_database)
    with serving(NominatimLike, places=[]) as server:
        server.mode = "500"
        host, port = server.server_address
        previous = places.install(NominatimGeocoder(domain=f"{host}:{port}", scheme="http", timeout=2))
        try:
            dialog = NewOutageDialog(window)
            qtbot.addWidget(dialog)
            dialog.show()
            dialog.place.setText("Norrhult")
            dialog.search_place()
            qtbot.waitUntil(lambda: dialog.search_button.isEnabled(), timeout=10_000)
        finally:
            places.install(previous)
    label = dialog.search_state
    text = label.text()
    assert "koordinaterna" in text and "server" in text.lower()
    assert not re.search(r"[A-Z][a-z]+(Error|Exception|Unavailable|TimedOut)\b", text), text
    words = {w.lower() for w in re.findall(r"[A-Za-zÅÄÖåäö]+", text)}
    assert not words & (ENGLISH - {"server"}), text
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=5_000)


def test_the_restock_dialog_lists_at_least_five_materials_before_scrolling(open_window, demo_database, qtbot):
    from console.ui.restock_dialog import SHORTAGE_ROWS

    window = open_window(demo_database)
    cut = next(o.id for o in outages.list_outages(demo_database) if o.title.endswith("Ankarsrum"))
    assert window.select_outage(cut)
    window.commands.restock.trigger()
    dialog = window.commands.restock_dialog
    qtbot.waitUntil(lambda: dialog.shortage.topLevelItemCount() > 0, timeout=20_000)
    tree = dialog.shortage
    room = tree.viewport().height()
    assert room >= SHORTAGE_ROWS * tree.sizeHintForRow(0), (room, tree.sizeHintForRow(0))
    dialog.close()


def test_outage_numbers_on_the_map_while_few_are_in_view(open_window, demo_database, js, qtbot):
    window = open_window(demo_database)
    qtbot.waitUntil(lambda: js(window, "dispatchMap.drawn().numbers") is True, timeout=10_000)


def test_outage_numbers_give_way_to_each_other(open_window, demo_database, js, qtbot):
    # A second outage reported right beside the biggest one: both numbers would print on top of
    # each other, so only the bigger outage's number is drawn (the small one keeps its hover card).
    big = max(outages.list_outages(demo_database), key=lambda o: o.customers_affected)
    small = outages.add_outage(demo_database, "Larm bredvid", big.lat, big.lon + 0.0005, 3, area="Test")
    window = open_window(demo_database)
    qtbot.waitUntil(lambda: js(window, "dispatchMap.drawn().numbers") is True, timeout=10_000)
    numbered = js(window, "dispatchMap.drawn().numbered")
    assert big.id in numbered and small.id not in numbered
    others = [o.id for o in outages.list_outages(demo_database) if o.id not in (big.id, small.id)]
    assert set(others) & set(numbered), numbered
