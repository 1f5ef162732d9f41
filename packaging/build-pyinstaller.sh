#!/usr/bin/env bash
# Builds the one-folder application into dist/dispatch-console and checks that it runs:
#   packaging/build-pyinstaller.sh
# Needs the quick-start virtual environment (.venv, made by `scripts/dev test`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
"$PY" -m pip install -q "pyinstaller>=6.10,<7"
"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/dispatch-console.spec
app=dist/dispatch-console/dispatch-console
"$app" --version
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export QTWEBENGINE_CHROMIUM_FLAGS="${QTWEBENGINE_CHROMIUM_FLAGS:---no-sandbox --disable-gpu}"
"$app" --demo --screenshot dist/pyinstaller-screenshot.png
echo "built: $app ($(du -sh dist/dispatch-console | cut -f1)); screenshot: dist/pyinstaller-screenshot.png"
