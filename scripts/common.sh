# Shared by run.sh and test.sh: install missing Debian packages, configure and build.
# Sourced, not executed. Idempotent: does nothing costly when everything is in place.

MIRLO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIRLO_BUILD="${MIRLO_BUILD:-$MIRLO_ROOT/build}"

MIRLO_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-multimedia-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-qpa-plugins libqt6sql6-sqlite
  libtorch-dev libopenblas0-pthread
  libfftw3-dev libtag1-dev libavcodec-dev libavformat-dev libavutil-dev libswresample-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
)
# Only the tests and benchmarks need these.
MIRLO_TEST_PACKAGES=(xvfb xauth pulseaudio python3 python3-numpy ffmpeg sox)
MIRLO_TEST_PACKAGES+=(aubio-tools) # bench/bench_beats.sh compares against aubiotrack / aubioonset

mirlo_install_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "mirlo: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

mirlo_build() {
  local type="${1:-Release}"
  if [ ! -f "$MIRLO_BUILD/build.ninja" ]; then
    cmake -S "$MIRLO_ROOT" -B "$MIRLO_BUILD" -G Ninja -DCMAKE_BUILD_TYPE="$type" \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
  fi
  cmake --build "$MIRLO_BUILD" --parallel "$(nproc)"
}
