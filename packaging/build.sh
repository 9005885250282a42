#!/bin/sh
# Build the one-folder application into dist/chantier/ (Linux).
#   PYTHON=/path/to/venv/bin/python packaging/build.sh
# The virtualenv needs the application and PyInstaller: pip install -e '.[packaging]'
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=/tmp/venv/bin/python

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean \
    --distpath dist --workpath build/pyinstaller packaging/chantier.spec
cp packaging/chantier_app.desktop dist/chantier/
ln -sf Chantier dist/chantier/chantier-cli  # same program; the name Windows users also have
echo "Built dist/chantier/ in $(( $(date +%s) - start )) s, $(du -sh dist/chantier | cut -f1)."
# The built programs on an encrypted demo: check, wrong password, recovery key, the window
# offscreen and on a virtual screen with the log-in typed (xvfb-run, xauth, xdotool; about
# 2 minutes). CHECK_BUILD=0 leaves it out.
if [ "${CHECK_BUILD:-1}" != 0 ]; then
    "$PYTHON" packaging/check_build.py dist/chantier
fi
