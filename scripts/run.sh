#!/usr/bin/env bash
# Installs what is missing, builds Mirlo (Release) and starts it with FILE(s),
# or with the bundled demo track when no file is given.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mirlo_install_packages "${MIRLO_PACKAGES[@]}"
mirlo_build Release

if [ $# -eq 0 ]; then
  set -- --demo
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "mirlo: no display found (DISPLAY/WAYLAND_DISPLAY unset); try: xvfb-run -a scripts/run.sh" >&2
fi
exec "$MIRLO_BUILD/app/mirlo" "$@"
