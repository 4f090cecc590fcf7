#!/usr/bin/env bash
# Install what ITA Tracker needs on Debian/Ubuntu: system packages (LibreOffice, fonts, poppler,
# Chromium) and a Python virtualenv in .venv with the project installed. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv           # venv on Debian's own Python
  libreoffice-writer-nogui python3-uno   # DOCX -> PDF (one-shot and unoserver)
  libreoffice-calc-nogui # the browser test of the Excel import saves an XLSX with Calc
  fonts-tlwg-laksaman-ttf fonts-dejavu-core fontconfig   # Laksaman -> "Laksaman PSK"; ✓ fallback
  icu-devtools           # gendict/icuinfo: the Thai line-break dictionary LibreOffice uses
  poppler-utils          # pdftotext / pdffonts / pdftoppm for PDF checks
  chromium               # browser tests (Playwright drives Debian's Chromium)
  gettext                # compilemessages
  softhsm2               # a real PKCS#11 token for the signing tests
  zbar-tools             # zbarimg reads the QR code of the signature stamp in tests
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[dev]'
  touch "$stamp"
fi
# axe-core for the accessibility scan of the browser tests (tests/browser/axe.py), from npm.
AXE=build/npm/node_modules/axe-core/axe.min.js
if [ ! -f "$AXE" ]; then
  if ! command -v npm >/dev/null; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm
  fi
  npm install --silent --no-audit --no-fund --prefix build/npm axe-core@4.10
fi
# Translations are compiled here (the .mo files are build output, not committed).
(cd ita_tracker && ../.venv/bin/python ../manage.py compilemessages -v 0)
