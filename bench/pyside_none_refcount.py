"""Checks the installed PySide6 for the reference leak on None that pinned us to 6.11.3.

Run: QT_QPA_PLATFORM=offscreen python bench/pyside_none_refcount.py
Prints None's reference count before and after 1,000 processEvents() calls and 200 nested event
loops; with a leaking PySide6 on Python 3.11 the count falls by one per call (and Python aborts
with 'none_dealloc' when it reaches zero).
"""
from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer


def main() -> None:
    app = QCoreApplication(sys.argv)
    start = sys.getrefcount(None)
    for _ in range(1000):
        app.processEvents()
    after_process = sys.getrefcount(None)
    for _ in range(200):
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()
    after_loops = sys.getrefcount(None)
    print(f"PySide6 {PySide6.__version__}, Python {sys.version.split()[0]}")
    print(f"None refcount: start {start}, after 1000 processEvents {after_process}, after 200 loops {after_loops}")
    lost = start - after_loops
    print("leaks a reference to None per event-loop turn" if lost > 100 else "no leak")


if __name__ == "__main__":
    main()
