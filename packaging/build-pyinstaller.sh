#!/usr/bin/env bash
# Builds the one-folder application into dist/dispatch-console and checks that it runs:
#   packaging/build-pyinstaller.sh
# Python: $PY if set, else the quick-start virtual environment (.venv, made by `scripts/dev test`),
# else python3. That environment needs the project's dependencies; PyInstaller is installed into
# it when missing (the "packaging" extra of pyproject.toml pins it).
# Not part of the test run: a build takes minutes and the bundle is several hundred MB.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PY:-}" ]; then
  PY=.venv/bin/python
  [ -x "$PY" ] || PY=python3
fi
"$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install -q "pyinstaller>=6.10,<7"
started=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/dispatch-console.spec
built=$(date +%s)
app=dist/dispatch-console/dispatch-console
"$app" --version
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export QTWEBENGINE_CHROMIUM_FLAGS="${QTWEBENGINE_CHROMIUM_FLAGS:---no-sandbox --disable-gpu}"
# A throwaway settings/data home, so the check neither reads nor changes the builder's own.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
HOME="$scratch" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
  "$app" --demo --tiles none --screenshot dist/pyinstaller-screenshot.png
HOME="$scratch" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
  "$app" --demo --lang sv --tiles none --screenshot dist/pyinstaller-screenshot-sv.png
echo "built: $app in $((built - started)) s ($(du -sh dist/dispatch-console | cut -f1));" \
  "screenshots: dist/pyinstaller-screenshot.png dist/pyinstaller-screenshot-sv.png"
