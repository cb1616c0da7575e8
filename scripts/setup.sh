#!/usr/bin/env bash
# Installs what a fresh machine lacks: the system browser, CJK and colour emoji fonts (for the
# platform driver, its screenshots and the playground's rich menu image), Xvfb (for PORTAL_HEADED=true), PostgreSQL's
# server (for the tests on PostgreSQL) and Tesseract's Traditional Chinese model (for reading
# photos of POS screens offline), then the npm packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

have_browser() {
  [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ] && return 0
  command -v chromium >/dev/null 2>&1 && return 0
  command -v chromium-browser >/dev/null 2>&1 && return 0
  compgen -G "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/chromium*" >/dev/null 2>&1 && return 0
  return 1
}

have_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh-tw 2>/dev/null | head -n 1)" ]
}

# Emoji (✅ in the bot's messages, the playground page): without this font Chromium draws them as empty boxes.
have_emoji_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 'Noto Color Emoji' 2>/dev/null | head -n 1)" ]
}

# The photo reader (src/ocr) reads 未使用/已使用 labels with this model; nothing is downloaded at run time.
have_chi_tra() {
  [ -n "${TESSDATA_PREFIX:-}" ] && { [ -f "${TESSDATA_PREFIX}/chi_tra.traineddata" ] || [ -f "${TESSDATA_PREFIX}/tessdata/chi_tra.traineddata" ]; } && return 0
  compgen -G '/usr/share/tesseract-ocr/*/tessdata/chi_tra.traineddata' >/dev/null 2>&1
}

missing_packages=()
have_browser || missing_packages+=(chromium)
have_cjk_font || missing_packages+=(fonts-wqy-zenhei)
have_emoji_font || missing_packages+=(fonts-noto-color-emoji)
# PostgreSQL's server binaries: for the test suites' throwaway cluster (scripts/pg-test-cluster.sh);
# a deployment on PostgreSQL uses its own server.
command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null 2>&1 || missing_packages+=(postgresql)
# Xvfb: the virtual display for PORTAL_HEADED=true (headed Chromium passes bot checks more often).
command -v Xvfb >/dev/null 2>&1 || missing_packages+=(xvfb)
have_chi_tra || missing_packages+=(tesseract-ocr-chi-tra)

if [ "${#missing_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing_packages[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null
  else
    log "missing ${missing_packages[*]}: install them (e.g. sudo apt-get install -y ${missing_packages[*]}) or set CHROMIUM_PATH (and TESSDATA_PREFIX for chi_tra.traineddata)"
  fi
fi

if [ -f package-lock.json ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
log "done"
