#!/usr/bin/env bash
# Installs what is missing, builds Mirlo and runs every test with CTest.
# Works without a display or sound server: GUI tests use QT_QPA_PLATFORM=offscreen
# and playback tests get a private PulseAudio daemon with a null sink.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mirlo_install_packages "${MIRLO_PACKAGES[@]}" "${MIRLO_TEST_PACKAGES[@]}"
mirlo_build Release

started_pulse=0
cleanup() {
  if [ "$started_pulse" = 1 ]; then pulseaudio --kill >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if ! pactl info >/dev/null 2>&1; then
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
  if pulseaudio -D --exit-idle-time=-1 -n \
      --load="module-null-sink sink_name=null" --load=module-native-protocol-unix >/dev/null 2>&1; then
    started_pulse=1
    for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  else
    echo "mirlo: could not start PulseAudio; playback tests will skip" >&2
  fi
fi

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
cd "$MIRLO_BUILD"
ctest --output-on-failure --parallel "$(nproc)" "$@"
