#!/usr/bin/env bash
# Installs Debian's chromium and CJK fonts when missing (browser tests and PDF reports need them), and faketime
# (scripts/test.sh runs the e2e tier again with the machine's clock shifted).
# `npx playwright install` cannot work here: it downloads a browser from outside the package registries.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)  # report tests read PDFs back
command -v faketime >/dev/null 2>&1 || need+=(faketime)
[ ${#need[@]} -eq 0 ] && exit 0
echo "[ensure-chromium] installing: ${need[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
