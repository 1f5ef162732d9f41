"""A notice to N recipients (default 5,000) through the outbox, against local servers on loopback.

Run: QT_QPA_PLATFORM=offscreen python bench/bench_outbox.py [N] [--bare] [--servers-in-process]
Prints messages per second for e-mail (aiosmtpd) and SMS (a local 46elks-style HTTP API), and
the GUI thread's longest stall while the e-mail batch runs on the window's delivery thread
(a QTimer ticking every 10 ms; the figure is the longest gap between two ticks). By default the
batch runs under the real window with the outage selected and its notice dialog open (live
deltas, board, detail pane, the dialog's counts), as a dispatcher watches it; `--bare` runs it
under an empty widget. A watchdog thread samples the GUI thread's stack whenever it has not
ticked for 60 ms and prints where the longest stalls were, after the same timer's longest gap over
10 s of an idle window (what the machine itself costs). The servers run in a child process, as
remote ones would: on threads here their Python work would take the GIL from the window too.
"""
from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import os
import sys
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from console.services import Db, outages, outbox, settings  # noqa: E402
from console.startup import wire_gateways  # noqa: E402
from console.store.engine import dispose_all  # noqa: E402
from console.store.schema import Customer, OutageCustomer  # noqa: E402
from tests.delivery_servers import sms_server, smtp_server  # noqa: E402

STALL_MS = 60
IDLE_S = 10.0


def _serve(conn) -> None:
    """The SMTP server and the SMS API in a process of their own, as real ones are: their Python work
    (aiosmtpd parsing every message) must not compete with the console for its GIL."""
    with smtp_server() as inbox, sms_server() as api:
        conn.send((inbox.port, api.api_url))
        conn.recv()
        conn.send((len(inbox.messages), len(api.sms)))


@contextmanager
def servers(in_process: bool):
    """(smtp port, sms api url, received() -> (mails, sms))."""
    if in_process:
        with smtp_server() as inbox, sms_server() as api:
            yield inbox.port, api.api_url, lambda: (len(inbox.messages), len(api.sms))
        return
    parent, child = mp.Pipe()
    proc = mp.get_context("spawn").Process(target=_serve, args=(child,), daemon=True)
    proc.start()
    port, url = parent.recv()

    def received():
        parent.send("count")
        return parent.recv()

    try:
        yield port, url, received
    finally:
        proc.terminate()
        proc.join(5)


def _register(db: Db, outage_id: int, n: int) -> None:
    with db.unit() as uow:
        for i in range(n):
            c = Customer(ref=f"B{i:05d}", name="", address="", lat=57.7, lon=16.3, phone=f"+4670{i:07d}",
                         email=f"b{i:05d}@example.se", lang="sv" if i % 3 else "en", node="N1",
                         imported_at=uow.now)
            uow.session.add(c)
            uow.session.flush()
            uow.session.add(OutageCustomer(outage_id=outage_id, customer_id=c.id))


class StallSampler(threading.Thread):
    """Where the GUI thread is while it does not tick: its innermost frames of our code, counted."""

    def __init__(self, gui_ident: int):
        super().__init__(daemon=True)
        self.gui_ident = gui_ident
        self.last_tick = time.perf_counter()
        self.sites: collections.Counter = collections.Counter()
        self.done = threading.Event()

    def tick(self) -> None:
        self.last_tick = time.perf_counter()

    def run(self) -> None:
        while not self.done.wait(0.01):
            if (time.perf_counter() - self.last_tick) * 1000 < STALL_MS:
                continue
            frame = sys._current_frames().get(self.gui_ident)
            if frame is None:
                continue
            stack = [f for f in traceback.extract_stack(frame) if "/console/" in f.filename
                     or "/bench/" in f.filename][-3:]
            self.sites[" < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack))
                       or "(in Qt)"] += 1


def _run_until(done, timeout_s: float = 60.0) -> None:
    """Run the event loop until done() holds (checked every 20 ms) or the time is up."""
    from PySide6.QtCore import QEventLoop, QTimer

    # A local loop, not app.exec(): QApplication.quit() would close the window as well.
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    check = QTimer()
    check.setInterval(20)
    check.timeout.connect(lambda: (done() or time.monotonic() > deadline) and loop.quit())
    check.start()
    loop.exec()
    check.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("--bare", action="store_true", help="an empty widget instead of the window")
    ap.add_argument("--servers-in-process", action="store_true",
                    help="run the SMTP and SMS servers on threads of this process (the old way)")
    args = ap.parse_args()
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from console.ui.map_view import register_schemes
    from console.ui.startup import tune_gil

    wire_gateways()
    register_schemes()
    app = QApplication([])
    tune_gil()  # as the console does before it shows the window
    with tempfile.TemporaryDirectory() as tmp, servers(args.servers_in_process) as (smtp_port, sms_url, received):
        db = Db.open(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        view = outages.add_outage(db, "Storm", 57.7, 16.3, args.n, "weather", area="Norrhult")
        _register(db, view.id, args.n)
        settings.update_settings(db, smtp_host="127.0.0.1", smtp_port=smtp_port, smtp_from="drift@example.se",
                                 smtp_starttls=0, sms_api_url=sms_url, sms_from="Fibernet", sms_user="u123")
        os.environ["DISPATCH_SMS_PASSWORD"] = "secret"

        t0 = time.perf_counter()
        outbox.queue_notice(db, view.id, "email")
        queue_s = time.perf_counter() - t0

        if args.bare:
            from console.ui.delivery_runner import DeliveryRunner

            window = QWidget()
            window.show()
            runner = DeliveryRunner(db)
        else:
            from console.ui.app import apply_style
            from console.ui.main_window import MainWindow
            from console.ui.notices_dialog import NoticeDialog, delivery_runner_of

            apply_style(app)
            window = MainWindow(db, "none", cache_dir=Path(tmp) / "cache", web_cache_dir=None)
            window.resize(1400, 900)
            window.show()
            window.start()
            _run_until(window.is_loaded)
            window.select_outage(view.id)
            dialog = NoticeDialog(window, window.outage_model.outage(view.id))
            dialog.show()
            # Settled: the detail pane shows the outage's customers and the dialog has its draft.
            _run_until(lambda: window.detail.customers.topLevelItemCount() == args.n
                       and dialog.record_button.isEnabled())
            runner = delivery_runner_of(window)
        clock, longest, ticker, stalls = QElapsedTimer(), [0], QTimer(), []
        sampler = StallSampler(threading.get_ident())
        clock.start()

        cpu = [time.thread_time()]

        def tick() -> None:
            gap = clock.restart()
            # How much of the gap the GUI thread spent on the CPU: working, as against waiting for
            # the GIL or for the operating system to run it at all.
            now_cpu = time.thread_time()
            busy, cpu[0] = round((now_cpu - cpu[0]) * 1000), now_cpu
            longest[0] = max(longest[0], gap)
            if gap >= STALL_MS:
                stalls.append((time.perf_counter() - t0, gap, busy))
            sampler.tick()

        ticker.setInterval(10)
        ticker.timeout.connect(tick)
        # The machine's own noise first: the same timer for IDLE_S with nothing running.
        t0 = time.perf_counter()
        ticker.start()
        idle_until = time.monotonic() + IDLE_S
        _run_until(lambda: time.monotonic() >= idle_until)
        idle_longest, idle_stalls = longest[0], len(stalls)
        longest[0], stalls[:] = 0, []
        ended = []
        runner.finished.connect(lambda: ended.append(True))
        clock.restart()
        t0 = time.perf_counter()
        sampler.start()
        runner.start()
        _run_until(lambda: bool(ended), timeout_s=3600)
        email_s = time.perf_counter() - t0
        ticker.stop()
        sampler.done.set()

        outbox.queue_notice(db, view.id, "sms")
        senders, _ = outbox.senders_for(db, ["sms"])
        t0 = time.perf_counter()
        outbox.deliver_due(db, senders)
        sms_s = time.perf_counter() - t0
        assert received() == (args.n, args.n)
        print(f"recipients: {args.n} ({'bare widget' if args.bare else 'the window, notice dialog open'}; "
              f"servers {'on threads of this process' if args.servers_in_process else 'in their own process'})")
        print(f"queue one notice (one transaction): {queue_s:.2f} s")
        print(f"e-mail: {args.n / email_s:.0f} messages/s ({email_s:.1f} s)")
        print(f"sms:    {args.n / sms_s:.0f} messages/s ({sms_s:.1f} s)")
        print(f"GUI thread longest stall during the e-mail batch: {longest[0]} ms (timer at 10 ms)")
        print(f"  idle window, nothing running, {IDLE_S:.0f} s: longest gap {idle_longest} ms, "
              f"{idle_stalls} gap(s) ≥{STALL_MS} ms (the machine's own noise)")
        print(f"  stalls ≥{STALL_MS} ms: {len(stalls)}; the longest (s into the batch: gap ms / GUI thread on the "
              "CPU ms): " + ", ".join(f"{t:.1f}: {gap}/{busy}"
                                      for t, gap, busy in sorted(stalls, key=lambda s: -s[1])[:8]))
        print(f"  GUI thread busiest stretch between two ticks: {max((b for _t, _g, b in stalls), default=0)} ms "
              f"on the CPU")
        for site, samples in sampler.sites.most_common(8):
            print(f"  stalled ≥{STALL_MS} ms, {samples * 10} ms sampled: {site}")
        if not args.bare:
            window.close()
        dispose_all()


if __name__ == "__main__":
    main()
