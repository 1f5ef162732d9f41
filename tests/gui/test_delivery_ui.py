"""The delivery loop runs off the GUI thread: the window keeps ticking while a batch goes out."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from console.services import outages, outbox, settings
from console.ui.delivery_runner import DeliveryRunner
from tests.delivery_servers import smtp_server
from tests.integration.test_delivery import add_customers

pytestmark = pytest.mark.gui


def test_the_gui_thread_keeps_running_while_a_batch_is_delivered(db, qtbot):
    view = outages.add_outage(db, "Storm", 57.70, 16.30, 300, "weather", area="Norrhult")
    add_customers(db, view.id, [(f"K{i:03d}", "en", f"k{i:03d}@example.se", "", "N1") for i in range(300)])
    with smtp_server() as inbox:
        settings.update_settings(db, smtp_host="127.0.0.1", smtp_port=inbox.port, smtp_from="drift@example.se",
                                 smtp_starttls=0)
        outbox.queue_notice(db, view.id, "email")
        seen: list[int] = []
        ticker = QTimer()
        ticker.setInterval(10)
        ticker.timeout.connect(lambda: seen.append(len(inbox.messages)))
        runner = DeliveryRunner(db)
        progress = []
        runner.progress.connect(lambda p: progress.append(p.sent))
        ticker.start()
        with qtbot.waitSignal(runner.finished, timeout=120_000):
            runner.start()
        ticker.stop()
        assert len(inbox.messages) == 300
    # The GUI thread ticked while messages were still going out: the batch never held it.
    assert any(0 < n < 300 for n in seen)
    assert progress and progress[-1] == 300
    assert outbox.delivery_counts(db, view.id)["sent"] == 300
