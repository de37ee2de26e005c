#!/usr/bin/env bash
# Wall-time benchmark of `mirlo-cli spectrogram` against plain ffmpeg decoding
# and against sox's spectrogram, on a 5-minute 44.1 kHz stereo Ogg Vorbis file
# made once from the real music in shared/data/beats (cached).
#
#   bench/bench_spectrogram.sh [MIRLO_CLI] [RUNS]
#
# MIRLO_CLI defaults to build/app/mirlo-cli; RUNS (default 9) runs per tool,
# in rotation; the table shows the best and the median, the ratios use the
# best times (least disturbed by other processes). Exit 0 unless a tool fails.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cli="${1:-$root/build/app/mirlo-cli}"
runs="${2:-9}"
data="${MIRLO_SHARED_DATA:-$root/../shared/data}"
cache="${MIRLO_BENCH_CACHE:-/tmp/mirlo-bench}"
input="$cache/music_5min_44k_stereo.ogg"

die() { echo "bench_spectrogram: $*" >&2; exit 1; }
for tool in ffmpeg sox awk; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
[ -x "$cli" ] || die "mirlo-cli not found at $cli (build it or pass its path)"
mkdir -p "$cache" || die "cannot create $cache"

if [ ! -s "$input" ]; then
    shopt -s nullglob
    songs=("$data"/beats/*.ogg)
    [ "${#songs[@]}" -gt 0 ] || die "no beats/*.ogg under $data"
    # The 60 s excerpts twice over, decoded and re-encoded as one clean stream.
    args=() n=0
    for pass in 1 2; do
        for s in "${songs[@]}"; do args+=(-i "$s"); n=$((n + 1)); done
    done
    labels=""
    for ((i = 0; i < n; i++)); do labels+="[$i:a]"; done
    codec=(-c:a libvorbis -q:a 5)
    ffmpeg -hide_banner -encoders 2>/dev/null | grep -q libvorbis || codec=(-c:a vorbis -strict -2)
    echo "making $input (once) ..."
    ffmpeg -nostdin -hide_banner -loglevel error "${args[@]}" \
        -filter_complex "${labels}concat=n=$n:v=0:a=1[out]" -map "[out]" \
        -t 300 -ar 44100 -ac 2 "${codec[@]}" -y "$input.tmp.ogg" || die "ffmpeg could not make the input"
    mv "$input.tmp.ogg" "$input"
fi

# The same music as WAV: decoding Vorbis dominates on the Ogg, so the
# ratios are printed for input that costs nothing to decode too.
wav="$cache/music_5min_44k_stereo.wav"
if [ ! -s "$wav" ]; then
    ffmpeg -nostdin -hide_banner -loglevel error -i "$input" -c:a pcm_s16le -y "$wav.tmp.wav" \
        && mv "$wav.tmp.wav" "$wav" || die "ffmpeg could not make the WAV copy"
fi

# Microseconds of one run of "$@" (output discarded); fails if the command fails.
time_us() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>"$cache/last_stderr" || { cat "$cache/last_stderr" >&2; return 1; }
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
}

# best / median in seconds of a list of microsecond times.
stats() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.3f %.3f\n", v[1] / 1e6, m / 1e6 }'
}

# Measures the three tools on one input file and prints the table and ratios.
measure() {
    local file="$1" desc="$2"
    ffmpeg_cmd=(ffmpeg -nostdin -hide_banner -loglevel error -i "$file" -ac 1 -f f32le -y /dev/null)
    mirlo_cmd=("$cli" spectrogram "$file" --out "$cache/spectrogram.npy")
    sox_cmd=(sox "$file" -n spectrogram -o "$cache/sox_spectrogram.png")

    # One warm-up each (page cache, dynamic loader), then the tools in rotation so
    # that load from other processes affects all three alike.
    "${ffmpeg_cmd[@]}" >/dev/null 2>&1 || die "ffmpeg failed: ${ffmpeg_cmd[*]}"
    "${mirlo_cmd[@]}" >/dev/null 2>&1 || die "mirlo-cli failed: ${mirlo_cmd[*]}"
    "${sox_cmd[@]}" >/dev/null 2>&1 || die "sox failed: ${sox_cmd[*]}"
    ff=() mi=() sx=()
    for ((r = 0; r < runs; r++)); do
        t=$(time_us "${ffmpeg_cmd[@]}") || die "ffmpeg failed"; ff+=("$t")
        t=$(time_us "${mirlo_cmd[@]}") || die "mirlo-cli failed"; mi+=("$t")
        t=$(time_us "${sox_cmd[@]}") || die "sox failed"; sx+=("$t")
    done
    read -r ff_best ff_med < <(stats "${ff[@]}")
    read -r mi_best mi_med < <(stats "${mi[@]}")
    read -r sx_best sx_med < <(stats "${sx[@]}")
    [ -s "$cache/spectrogram.npy" ] || die "mirlo-cli wrote no .npy"

    echo
    echo "input: $file ($desc), $runs runs each, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
    printf '%-58s %8s %8s\n' "command" "best s" "median s"
    printf '%-58s %8s %8s\n' "ffmpeg -i FILE -ac 1 -f f32le -y /dev/null" "$ff_best" "$ff_med"
    printf '%-58s %8s %8s\n' "mirlo-cli spectrogram FILE --out x.npy" "$mi_best" "$mi_med"
    printf '%-58s %8s %8s\n' "sox FILE -n spectrogram -o x.png" "$sx_best" "$sx_med"
    echo
    awk -v m="$mi_best" -v f="$ff_best" -v s="$sx_best" 'BEGIN {
        printf "mirlo/ffmpeg = %.2f (target <= 1.3)\n", m / f
        printf "sox/mirlo = %.2f (target >= 3)\n", s / m }'
}

measure "$input" "5 min, 44.1 kHz stereo Ogg Vorbis"
measure "$wav" "the same music as 16-bit WAV"
exit 0
