"""A notice to N recipients (default 5,000) through the outbox, against local servers on loopback.

Run: QT_QPA_PLATFORM=offscreen python bench/bench_outbox.py [N]
Prints messages per second for e-mail (aiosmtpd) and SMS (a local 46elks-style HTTP API), and
the GUI thread's longest stall while the e-mail batch runs on the window's delivery thread
(a QTimer ticking every 10 ms; the figure is the longest gap between two ticks).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from console.services import Db, outages, outbox, settings  # noqa: E402
from console.startup import wire_gateways  # noqa: E402
from console.store.engine import dispose_all  # noqa: E402
from console.store.schema import Customer, OutageCustomer  # noqa: E402
from tests.delivery_servers import sms_server, smtp_server  # noqa: E402


def _register(db: Db, outage_id: int, n: int) -> None:
    with db.unit() as uow:
        for i in range(n):
            c = Customer(ref=f"B{i:05d}", name="", address="", lat=57.7, lon=16.3, phone=f"+4670{i:07d}",
                         email=f"b{i:05d}@example.se", lang="sv" if i % 3 else "en", node="N1",
                         imported_at=uow.now)
            uow.session.add(c)
            uow.session.flush()
            uow.session.add(OutageCustomer(outage_id=outage_id, customer_id=c.id))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5000)
    args = ap.parse_args()
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from console.ui.delivery_runner import DeliveryRunner

    wire_gateways()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp, smtp_server() as inbox, sms_server() as api:
        db = Db.open(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        view = outages.add_outage(db, "Storm", 57.7, 16.3, args.n, "weather", area="Norrhult")
        _register(db, view.id, args.n)
        settings.update_settings(db, smtp_host="127.0.0.1", smtp_port=inbox.port, smtp_from="drift@example.se",
                                 smtp_starttls=0, sms_api_url=api.api_url, sms_from="Fibernet", sms_user="u123")
        os.environ["DISPATCH_SMS_PASSWORD"] = "secret"

        t0 = time.perf_counter()
        outbox.queue_notice(db, view.id, "email")
        queue_s = time.perf_counter() - t0

        window = QWidget()
        window.show()
        clock, longest, ticker = QElapsedTimer(), [0], QTimer()
        clock.start()

        def tick() -> None:
            longest[0] = max(longest[0], clock.restart())

        ticker.setInterval(10)
        ticker.timeout.connect(tick)
        runner = DeliveryRunner(db)
        runner.finished.connect(app.quit)
        ticker.start()
        t0 = time.perf_counter()
        runner.start()
        app.exec()
        email_s = time.perf_counter() - t0
        ticker.stop()

        outbox.queue_notice(db, view.id, "sms")
        senders, _ = outbox.senders_for(db, ["sms"])
        t0 = time.perf_counter()
        outbox.deliver_due(db, senders)
        sms_s = time.perf_counter() - t0
        assert len(inbox.messages) == args.n and len(api.sms) == args.n
        print(f"recipients: {args.n}")
        print(f"queue one notice (one transaction): {queue_s:.2f} s")
        print(f"e-mail: {args.n / email_s:.0f} messages/s ({email_s:.1f} s)")
        print(f"sms:    {args.n / sms_s:.0f} messages/s ({sms_s:.1f} s)")
        print(f"GUI thread longest stall during the e-mail batch: {longest[0]} ms (timer at 10 ms)")
        dispose_all()


if __name__ == "__main__":
    main()
